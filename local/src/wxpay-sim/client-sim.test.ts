/**
 * The product's payments client against the simulator, end to end over loopback: the client cannot tell the
 * simulator from WeChat Pay except by its base URL (signatures both ways, encrypted notifications).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { WxpayClient } from '@shop/functions/shared/domain/payments/client';
import { createWxpaySimulator } from './sim';

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const API_V3_KEY = 'fedcba9876543210FEDCBA9876543210';
const PLATFORM_SERIAL = 'PUB_KEY_ID_0100000001';
const received: { headers: Record<string, string | string[] | undefined>; raw: string }[] = [];
let receiver: Server;
let receiverUrl = '';
let sim: ReturnType<typeof createWxpaySimulator>;
let simUrl = '';
let client: WxpayClient;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
  sim = createWxpaySimulator({
    merchants: [{ mchid: '1900000001', appid: 'wx8888888888888888', serialNo: 'MERCHANTSERIAL01', publicKey: merchant.publicKey, apiV3Key: API_V3_KEY }],
    platform: { serial: PLATFORM_SERIAL, privateKey: platform.privateKey },
    notify: { timeScale: 1000 },
  });
  simUrl = await sim.listen(0, '127.0.0.1');
  client = new WxpayClient({
    appid: 'wx8888888888888888',
    mchid: '1900000001',
    serialNo: 'MERCHANTSERIAL01',
    privateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    apiV3Key: API_V3_KEY,
    platformKeys: { [PLATFORM_SERIAL]: platform.publicKey.export({ type: 'spki', format: 'pem' }) as string },
    baseUrl: simUrl,
    notifyUrl: receiverUrl,
  });
});
afterAll(async () => {
  await sim.close();
  await new Promise((r) => receiver.close(r));
});

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
};

test('prepay, pay, the notification, query, a partial refund and its notification', async () => {
  const no = `T${Date.now()}`;
  const a = await client.jsapi({ outTradeNo: no, description: '微商城订单', total: 6470, openid: 'o-shopper' });
  const b = await client.jsapi({ outTradeNo: no, description: '微商城订单', total: 6470, openid: 'o-shopper' });
  expect(b.prepayId).toBe(a.prepayId);
  expect(await client.query(no)).toMatchObject({ trade_state: 'NOTPAY', amount: { total: 6470 } });

  const pay = await fetch(`${simUrl}/_sim/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ out_trade_no: no, outcome: 'success' }) });
  expect(pay.ok).toBe(true);
  await until(() => received.length >= 1);
  const n = client.parseNotification(received[0].headers, received[0].raw);
  expect(n).toMatchObject({ event_type: 'TRANSACTION.SUCCESS', resource: { out_trade_no: no, trade_state: 'SUCCESS', mchid: '1900000001', appid: 'wx8888888888888888', amount: { total: 6470 } } });
  expect(await client.query(no)).toMatchObject({ trade_state: 'SUCCESS' });

  const refund = await client.refund({ outTradeNo: no, outRefundNo: `${no}-R1`, refund: 1000, total: 6470, reason: '退货' });
  expect(refund).toMatchObject({ out_refund_no: `${no}-R1`, status: 'PROCESSING' });
  const over = await client.refund({ outTradeNo: no, outRefundNo: `${no}-R2`, refund: 6000, total: 6470 }).catch((e) => e);
  expect(over).toMatchObject({ code: 'WECHAT_ERROR', wechatCode: 'NOT_ENOUGH' });
  await fetch(`${simUrl}/_sim/refunds/${no}-R1/settle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'SUCCESS' }) });
  await until(() => received.length >= 2);
  expect(client.parseNotification(received[1].headers, received[1].raw)).toMatchObject({ event_type: 'REFUND.SUCCESS', resource: { out_refund_no: `${no}-R1`, refund_status: 'SUCCESS' } });
  expect(await client.queryRefund(`${no}-R1`)).toMatchObject({ status: 'SUCCESS' });
});

test('close: an unpaid order closes at WeChat Pay (the signed 204 is accepted)', async () => {
  const no = `C${Date.now()}`;
  await client.jsapi({ outTradeNo: no, description: '微商城订单', total: 100, openid: 'o-shopper' });
  await client.close(no);
  expect(await client.query(no)).toMatchObject({ trade_state: 'CLOSED' });
});
