/** The payments client against a minimal fake of WeChat's side on loopback (the full simulator is tested apart). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { PaymentsError, WxpayClient } from './client';
import { encryptResource, signWechatpay, verifyRequest, WxSignatureError } from './wxcrypto';

const pem = (k: ReturnType<typeof generateKeyPairSync>['privateKey'], type: 'pkcs8' | 'spki') => k.export({ type, format: 'pem' }) as string;
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const API_V3_KEY = '0123456789abcdef0123456789ABCDEF';
const SERIAL = 'PUB_KEY_ID_0100000001';

/** How the fake answers the next request: status, body, and who signs it when. */
let answer: { status: number; body: unknown; signer?: typeof platform.privateKey; skew?: number } = { status: 200, body: {} };
const seen: { method: string; path: string; body: string; auth: string | undefined }[] = [];
let server: Server;
let base = '';
const nowSec = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, path: req.url!, body, auth: req.headers.authorization });
      const raw = answer.status === 204 ? '' : JSON.stringify(answer.body);
      const h = signWechatpay(raw, { serial: SERIAL, privateKey: answer.signer ?? platform.privateKey }, nowSec() + (answer.skew ?? 0));
      res.writeHead(answer.status, { 'content-type': 'application/json', ...h });
      res.end(raw);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const client = () =>
  new WxpayClient({
    appid: 'wx8888888888888888',
    mchid: '1900000001',
    serialNo: 'MERCHANTSERIAL01',
    privateKey: pem(merchant.privateKey, 'pkcs8'),
    apiV3Key: API_V3_KEY,
    platformKeys: { [SERIAL]: pem(platform.publicKey as never, 'spki') },
    baseUrl: base,
    notifyUrl: 'https://shop.example/api/pay/notify',
  });
const codeOf = async (p: Promise<unknown>) => p.then(() => null, (e) => (e instanceof PaymentsError ? e.code : String(e)));

test('jsapi: a signed request to the base URL; the answer is checked; pay parameters signed with the merchant key', async () => {
  answer = { status: 200, body: { prepay_id: 'wx26112512345678901234567890123400' } };
  const r = await client().jsapi({ outTradeNo: '20261125000000123456', description: '微商城订单', total: 6470, openid: 'o-1' });
  expect(r.prepayId).toBe('wx26112512345678901234567890123400');
  const req = seen[seen.length - 1];
  expect(req.path).toBe('/v3/pay/transactions/jsapi');
  const merchants = new Map([['MERCHANTSERIAL01', { mchid: '1900000001', publicKey: merchant.publicKey }]]);
  expect(() => verifyRequest({ method: 'POST', pathWithQuery: req.path, body: req.body, authorization: req.auth }, merchants, nowSec())).not.toThrow();
  expect(JSON.parse(req.body)).toMatchObject({ appid: 'wx8888888888888888', mchid: '1900000001', amount: { total: 6470, currency: 'CNY' }, payer: { openid: 'o-1' }, notify_url: 'https://shop.example/api/pay/notify' });
  const msg = `wx8888888888888888\n${r.params.timeStamp}\n${r.params.nonceStr}\nprepay_id=wx26112512345678901234567890123400\n`;
  expect(createVerify('RSA-SHA256').update(msg).verify(merchant.publicKey, r.params.paySign, 'base64')).toBe(true);
});

test('a forged answer (another key) or a stale one is refused, so a fake "SUCCESS" cannot mark an order paid', async () => {
  answer = { status: 200, body: { trade_state: 'SUCCESS', out_trade_no: 'X' }, signer: forger.privateKey };
  expect(await codeOf(client().query('X'))).toBe('RESPONSE_FORGED');
  answer = { status: 200, body: { trade_state: 'SUCCESS', out_trade_no: 'X' }, skew: -600 };
  expect(await codeOf(client().query('X'))).toBe('RESPONSE_FORGED');
  answer = { status: 200, body: { trade_state: 'NOTPAY', out_trade_no: 'X' } };
  expect(await client().query('X')).toMatchObject({ trade_state: 'NOTPAY' });
  expect(seen[seen.length - 1]).toMatchObject({ method: 'GET', path: '/v3/pay/transactions/out-trade-no/X?mchid=1900000001' });
});

test("WeChat's errors come back with their code; close answers 204", async () => {
  answer = { status: 400, body: { code: 'NOT_ENOUGH', message: '订单可退金额不足' } };
  const e = await client().refund({ outTradeNo: 'X', outRefundNo: 'R1', refund: 100, total: 100 }).catch((x) => x);
  expect(e).toMatchObject({ code: 'WECHAT_ERROR', status: 400, wechatCode: 'NOT_ENOUGH' });
  answer = { status: 204, body: null };
  await expect(client().close('X')).resolves.toBeUndefined();
  expect(seen[seen.length - 1]).toMatchObject({ method: 'POST', path: '/v3/pay/transactions/out-trade-no/X/close' });
});

describe('notifications', () => {
  const plaintext = { out_trade_no: '20261125000000123456', transaction_id: '4200000000000000001', trade_state: 'SUCCESS', amount: { total: 6470 } };
  const envelope = (resource = encryptResource(JSON.stringify(plaintext), API_V3_KEY, 'transaction')) =>
    JSON.stringify({ id: 'EV-1', create_time: '2026-11-25T20:00:00+08:00', event_type: 'TRANSACTION.SUCCESS', resource_type: 'encrypt-resource', resource });
  it('verified and decrypted', () => {
    const raw = envelope();
    const n = client().parseNotification(signWechatpay(raw, { serial: SERIAL, privateKey: platform.privateKey }, nowSec()), raw);
    expect(n).toMatchObject({ id: 'EV-1', event_type: 'TRANSACTION.SUCCESS', resource: plaintext });
  });
  it.each([
    ['forged signature', () => { const raw = envelope(); return [signWechatpay(raw, { serial: SERIAL, privateKey: forger.privateKey }, nowSec()), raw] as const; }, 'BAD_SIGNATURE'],
    ['a replay 10 minutes old', () => { const raw = envelope(); return [signWechatpay(raw, { serial: SERIAL, privateKey: platform.privateKey }, nowSec() - 600), raw] as const; }, 'STALE_TIMESTAMP'],
    ['a tampered amount inside a re-signed envelope (ciphertext edited)', () => {
      const r = encryptResource(JSON.stringify(plaintext), API_V3_KEY, 'transaction');
      const b = Buffer.from(r.ciphertext, 'base64');
      b[10] ^= 0x01;
      const raw = envelope({ ...r, ciphertext: b.toString('base64') });
      return [signWechatpay(raw, { serial: SERIAL, privateKey: platform.privateKey }, nowSec()), raw] as const;
    }, 'BAD_CIPHERTEXT'],
  ])('%s is refused', (_n, make, reason) => {
    const [h, raw] = make();
    let got: string | null = null;
    try {
      client().parseNotification(h, raw);
    } catch (e) {
      got = e instanceof WxSignatureError ? e.reason : String(e);
    }
    expect(got).toBe(reason);
  });
});
