import { createVerify, generateKeyPairSync } from 'node:crypto';
import {
  authorization,
  decryptResource,
  encryptResource,
  parseAuthorization,
  payParams,
  signWechatpay,
  verifyRequest,
  verifyWechatpay,
  WxSignatureError,
} from './wxcrypto';

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchant = pair();
const platform = pair();
const forger = pair();
const NOW = 1_764_000_000;
const API_V3_KEY = 'a'.repeat(16) + 'B'.repeat(16);
const creds = { mchid: '1900000001', serialNo: 'MERCHANTSERIAL01', privateKey: merchant.privateKey };
const merchants = new Map([['MERCHANTSERIAL01', { mchid: '1900000001', publicKey: merchant.publicKey }]]);
const platforms = new Map([['PUB_KEY_ID_0114', platform.publicKey]]);
const reasonOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof WxSignatureError) return e.reason;
    throw e;
  }
  return null;
};

describe('merchant request signatures (the simulator verifies them)', () => {
  const body = JSON.stringify({ appid: 'wx1', mchid: '1900000001', out_trade_no: '20261125000000123456', amount: { total: 100 } });
  const req = { method: 'POST', pathWithQuery: '/v3/pay/transactions/jsapi', body };
  it('round-trips and carries the v3 schema with every field', () => {
    const header = authorization(creds, req, NOW, 'NONCE1');
    expect(header).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="NONCE1",signature="[A-Za-z0-9+/=]+",timestamp="1764000000",serial_no="MERCHANTSERIAL01"$/);
    expect(verifyRequest({ ...req, authorization: header }, merchants, NOW + 10)).toMatchObject({ mchid: '1900000001', nonce_str: 'NONCE1' });
    // the signed message is exactly METHOD\npath\ntimestamp\nnonce\nbody\n
    const sig = parseAuthorization(header).signature;
    expect(createVerify('RSA-SHA256').update(`POST\n/v3/pay/transactions/jsapi\n${NOW}\nNONCE1\n${body}\n`).verify(merchant.publicKey, sig, 'base64')).toBe(true);
  });
  it.each([
    ['a changed body', { body: body.replace('100', '1') }, NOW, 'BAD_SIGNATURE'],
    ['another path', { pathWithQuery: '/v3/pay/transactions/native' }, NOW, 'BAD_SIGNATURE'],
    ['a GET signed as POST', { method: 'GET' }, NOW, 'BAD_SIGNATURE'],
    ['a stale timestamp (301 s)', {}, NOW + 301, 'STALE_TIMESTAMP'],
    ['a timestamp from the future (301 s)', {}, NOW - 301, 'STALE_TIMESTAMP'],
  ] as const)('%s is refused', (_n, change, now, reason) => {
    const header = authorization(creds, req, NOW, 'NONCE2');
    expect(reasonOf(() => verifyRequest({ ...req, ...change, authorization: header }, merchants, now))).toBe(reason);
  });
  it('an unknown serial, another merchant, a forged key or another schema is refused', () => {
    expect(reasonOf(() => verifyRequest({ ...req, authorization: authorization({ ...creds, serialNo: 'OTHER' }, req, NOW) }, merchants, NOW))).toBe('UNKNOWN_SERIAL');
    expect(reasonOf(() => verifyRequest({ ...req, authorization: authorization({ ...creds, mchid: '1900000002' }, req, NOW) }, merchants, NOW))).toBe('UNKNOWN_SERIAL');
    expect(reasonOf(() => verifyRequest({ ...req, authorization: authorization({ ...creds, privateKey: forger.privateKey }, req, NOW) }, merchants, NOW))).toBe('BAD_SIGNATURE');
    expect(reasonOf(() => verifyRequest({ ...req, authorization: 'Bearer abc' }, merchants, NOW))).toBe('MALFORMED');
    expect(reasonOf(() => verifyRequest({ ...req, authorization: undefined }, merchants, NOW))).toBe('MALFORMED');
  });
});

describe('WeChat response and notification signatures (we verify them)', () => {
  const body = '{"prepay_id":"wx201410272009395522657a690389285100"}';
  const signer = { serial: 'PUB_KEY_ID_0114', privateKey: platform.privateKey };
  it('verifies the raw body within the window, by serial (public-key mode ids too)', () => {
    const h = signWechatpay(body, signer, NOW);
    expect(() => verifyWechatpay(h, body, platforms, NOW + 299)).not.toThrow();
    expect(() => verifyWechatpay({ 'Wechatpay-Timestamp': h['wechatpay-timestamp'], 'Wechatpay-Nonce': h['wechatpay-nonce'], 'Wechatpay-Signature': h['wechatpay-signature'], 'Wechatpay-Serial': h['wechatpay-serial'] }, body, platforms, NOW)).not.toThrow();
  });
  it.each([
    ['a forged response (another key)', () => signWechatpay(body, { ...signer, privateKey: forger.privateKey }, NOW), body, NOW, 'BAD_SIGNATURE'],
    ['a tampered body', () => signWechatpay(body, signer, NOW), body.replace('wx2014', 'wx2015'), NOW, 'BAD_SIGNATURE'],
    ['the same body re-serialised', () => signWechatpay(body, signer, NOW), JSON.stringify(JSON.parse(body), null, 1), NOW, 'BAD_SIGNATURE'],
    ['a replay 6 minutes later', () => signWechatpay(body, signer, NOW), body, NOW + 360, 'STALE_TIMESTAMP'],
    ['an unknown serial', () => signWechatpay(body, { ...signer, serial: 'PUB_KEY_ID_9999' }, NOW), body, NOW, 'UNKNOWN_SERIAL'],
    ['no signature headers', () => ({}) as ReturnType<typeof signWechatpay>, body, NOW, 'MALFORMED'],
  ] as const)('%s is refused', (_n, make, received, now, reason) => {
    expect(reasonOf(() => verifyWechatpay({ ...make() }, received, platforms, now))).toBe(reason);
  });
});

describe('AEAD_AES_256_GCM notification resources', () => {
  const plaintext = JSON.stringify({ out_trade_no: '20261125000000123456', trade_state: 'SUCCESS', amount: { total: 100 } });
  it('round-trips', () => {
    const r = encryptResource(plaintext, API_V3_KEY, 'transaction');
    expect(r).toMatchObject({ algorithm: 'AEAD_AES_256_GCM', associated_data: 'transaction', original_type: 'transaction' });
    expect(r.nonce).toHaveLength(12);
    expect(decryptResource(r, API_V3_KEY)).toBe(plaintext);
  });
  it.each([
    ['a flipped ciphertext byte', (r: ReturnType<typeof encryptResource>) => {
      const b = Buffer.from(r.ciphertext, 'base64');
      b[3] ^= 1;
      return { ...r, ciphertext: b.toString('base64') };
    }],
    ['a flipped tag byte', (r: ReturnType<typeof encryptResource>) => {
      const b = Buffer.from(r.ciphertext, 'base64');
      b[b.length - 1] ^= 1;
      return { ...r, ciphertext: b.toString('base64') };
    }],
    ['other associated data', (r: ReturnType<typeof encryptResource>) => ({ ...r, associated_data: 'refund' })],
    ['another nonce', (r: ReturnType<typeof encryptResource>) => ({ ...r, nonce: 'ABCDEFGHIJKL' })],
    ['a truncated ciphertext', (r: ReturnType<typeof encryptResource>) => ({ ...r, ciphertext: Buffer.from(r.ciphertext, 'base64').subarray(0, 10).toString('base64') })],
  ])('%s is refused (the tag is checked)', (_n, tamper) => {
    const r = tamper(encryptResource(plaintext, API_V3_KEY, 'transaction'));
    expect(reasonOf(() => decryptResource(r, API_V3_KEY))).toBe('BAD_CIPHERTEXT');
  });
  it('another APIv3 key is refused', () => {
    expect(reasonOf(() => decryptResource(encryptResource(plaintext, API_V3_KEY, 'transaction'), 'c'.repeat(32)))).toBe('BAD_CIPHERTEXT');
  });
});

describe('JSAPI pay parameters', () => {
  it('signs appId, timeStamp, nonceStr and the package (not signType)', () => {
    const p = payParams('wx8888888888888888', 'wx201410272009395522657a690389285100', merchant.privateKey, NOW, 'N1');
    expect(p).toMatchObject({ timeStamp: String(NOW), nonceStr: 'N1', package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA' });
    const message = `wx8888888888888888\n${NOW}\nN1\nprepay_id=wx201410272009395522657a690389285100\n`;
    expect(createVerify('RSA-SHA256').update(message).verify(merchant.publicKey, p.paySign, 'base64')).toBe(true);
  });
});

describe('interoperability with wechatpay-node-v3 (the card library), and its defect we design around', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const WxPay = require('wechatpay-node-v3');
  const pem = (k: typeof merchant.privateKey, type: 'pkcs8' | 'spki') => Buffer.from(k.export({ type, format: 'pem' }) as string);
  const lib = new WxPay({
    appid: 'wx8888888888888888',
    mchid: '1900000001',
    publicKey: pem(merchant.publicKey as never, 'spki'),
    privateKey: pem(merchant.privateKey as never, 'pkcs8'),
    serial_no: 'MERCHANTSERIAL01',
    key: API_V3_KEY,
  });
  it("the library's Authorization header passes our (the simulator's) verification", () => {
    const body = { appid: 'wx8888888888888888', mchid: '1900000001', out_trade_no: 'T1', amount: { total: 1 } };
    const sig = lib.getSignature('POST', 'NONCE9', String(NOW), '/v3/pay/transactions/jsapi', body);
    const header = lib.getAuthorization('NONCE9', String(NOW), sig);
    expect(verifyRequest({ method: 'POST', pathWithQuery: '/v3/pay/transactions/jsapi', body: JSON.stringify(body), authorization: header }, merchants, NOW)).toMatchObject({ mchid: '1900000001' });
  });
  it('the library decrypts our resources, but also a tampered one: decryptResource refuses that', () => {
    const r = encryptResource('{"trade_state":"SUCCESS","amount":{"total":100}}', API_V3_KEY, 'transaction');
    expect(lib.decipher_gcm(r.ciphertext, r.associated_data, r.nonce, API_V3_KEY)).toEqual({ trade_state: 'SUCCESS', amount: { total: 100 } });
    const wrongAad = { ...r, associated_data: 'forged' };
    let libResult: unknown;
    try {
      libResult = lib.decipher_gcm(wrongAad.ciphertext, wrongAad.associated_data, wrongAad.nonce, API_V3_KEY);
    } catch {
      libResult = 'refused';
    }
    expect(libResult).not.toBe('refused'); // the defect: no tag check
    expect(reasonOf(() => decryptResource(wrongAad, API_V3_KEY))).toBe('BAD_CIPHERTEXT');
  });
});
