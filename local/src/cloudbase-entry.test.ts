/**
 * The production entry point (cloudfunctions/shared/runtime/cloudbase.ts) with the real @cloudbase/node-sdk
 * pointed at the local CloudBase fake: the same dispatch as the gateway, the shopper identified by the platform's
 * WX_OPENID (never the event body), merchants through the HTTP access service with a Bearer session.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { createCloudbaseDatabase } from '@shop/functions/shared/db/cloudbase';
import { makeEntry, type CloudbaseRuntime } from '@shop/functions/shared/runtime/cloudbase';
import { dropInstanceCaches } from '@shop/functions/shared/runtime/instanceCache';
import { COLLECTIONS } from '@shop/functions/shared/domain/schema';
import { createAdmin } from '@shop/functions/shared/domain/auth/service';
import { FUNCTIONS } from '@shop/functions/registry';
import { PaymentSettingsInput } from '@shop/types';
import { savePaymentSettings } from '@shop/functions/shared/domain/payments/settings';
import { encryptResource, signWechatpay } from '@shop/functions/shared/domain/payments/wxcrypto';
import { makeNotifyEntry } from '@shop/functions/wxpayNotify/index';
import { FAKE_CREDENTIALS, startCloudbaseStack, type CloudbaseStack } from './db/testkit';
import { createLocalStorage } from './storage';

process.env.SILENCE = 'true';
let stack: CloudbaseStack;
let runtime: CloudbaseRuntime;
const entry = (fn: string) => makeEntry(FUNCTIONS[fn], () => runtime);
const http = (fn: string, body: unknown, token?: string) =>
  entry(fn)({
    httpMethod: 'POST',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }) as Promise<{ statusCode: number; body: string }>;

beforeAll(async () => {
  stack = await startCloudbaseStack();
  for (const [name, indexes] of Object.entries(COLLECTIONS)) await stack.admin.ensureCollection(name, indexes);
  const app = tcb.init({ env: 'local-fake', ...FAKE_CREDENTIALS, serviceUrl: stack.fake.serviceUrl, timeout: 30_000 });
  runtime = { app, db: createCloudbaseDatabase(app.database()), storage: createLocalStorage(mkdtempSync(join(tmpdir(), 'cb-assets-'))) };
  await createAdmin(runtime.db, { username: 'boss', displayName: '店主', password: 'boss-pass-1', role: 'owner' }, new Date());
}, 180_000);
afterAll(() => stack?.admin.close(), 180_000);

/** What the platform hands a function invoked by wx.cloud.callFunction (the newer runtime's context). */
const wxContext = (openid: string) => ({ request_id: 'r1', environment: JSON.stringify({ WX_OPENID: openid, WX_APPID: 'wx-app' }) });

test('a mini-program call is the shopper the platform names; an OPENID in the body is ignored', async () => {
  expect(await entry('auth')({ action: 'whoami', data: {} }, wxContext('o-platform-shopper'))).toEqual({ ok: true, data: { kind: 'shopper', openid: 'o-platform-shopper' } });
  // the older runtime: environment variables listed by WX_CONTEXT_KEYS
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID';
  process.env.WX_OPENID = 'o-env-shopper';
  expect(await entry('auth')({ action: 'whoami', data: {} })).toEqual({ ok: true, data: { kind: 'shopper', openid: 'o-env-shopper' } });
  delete process.env.WX_CONTEXT_KEYS;
  delete process.env.WX_OPENID;
  expect(await entry('auth')({ action: 'whoami', data: {}, openid: 'forged', userInfo: { openId: 'forged' } })).toEqual({ ok: true, data: { kind: 'anonymous' } });
});

test('a WeChat shopper is created by member.hello; a blacklisted one is refused on every call', async () => {
  const hello = await entry('member')({ action: 'hello', data: {} }, wxContext('o-new-shopper'));
  expect(hello).toMatchObject({ ok: true, data: { openid: 'o-new-shopper', isNew: true } });
  expect(await entry('cart')({ action: 'count', data: {} }, wxContext('o-new-shopper'))).toEqual({ ok: true, data: { count: 0 } });
  await runtime.db.collection('shoppers').doc('o-new-shopper').update({ blocked: true });
  // blocked from another instance: this one learns it when its list of blocked shoppers expires (at most 2 s)
  dropInstanceCaches(runtime.db);
  expect(await entry('cart')({ action: 'count', data: {} }, wxContext('o-new-shopper'))).toMatchObject({ ok: false, error: { code: 'ACCOUNT_DISABLED' } });
});

test('the local test-shopper login is refused on CloudBase', async () => {
  expect(await entry('auth')({ action: 'shopperLogin', data: { code: 'shopper-1' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

test('a merchant logs in and manages products over HTTP access; shoppers then see them through callFunction', async () => {
  const login = await http('auth', { action: 'merchantLogin', data: { username: 'boss', password: 'boss-pass-1' } });
  expect(login.statusCode).toBe(200);
  const { token } = JSON.parse(login.body).data;
  expect((await http('productAdmin', { action: 'list', data: {} })).statusCode).toBe(401);
  const created = await http(
    'productAdmin',
    { action: 'create', data: { name: '云端商品', code: 'CB1', onShelf: true, skus: [{ specValues: [], price: 1999, stock: 3 }] } },
    token,
  );
  expect(created.statusCode).toBe(200);
  const id = JSON.parse(created.body).data._id;
  const shopper = wxContext('o-platform-shopper');
  expect(await entry('catalog')({ action: 'detail', data: { id } }, shopper)).toMatchObject({ ok: true, data: { name: '云端商品', priceMin: 1999, skus: [{ stock: 3 }] } });
  expect(await entry('productAdmin')({ action: 'list', data: {} }, shopper)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

test('bad HTTP bodies answer the error envelope with a status', async () => {
  const r = await http('catalog', '{not json');
  expect(r.statusCode).toBe(400);
  expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  const u = await http('catalog', { action: 'nope' });
  expect(u.statusCode).toBe(404);
  // JSON that is not a call object, text no store can hold, an object as the action name: 400, never a throw
  for (const body of ['null', '7', '"list"', '[]', '{"action":"list","data":{"keyword":"a\\u0000b"}}', '{"action":"list","data":{"keyword":"a\\ud800b"}}', '{"action":{"toString":"x"}}']) {
    const r2 = await http('catalog', body);
    expect([body, r2.statusCode, JSON.parse(r2.body).error?.code]).toEqual([body, 400, 'VALIDATION_FAILED']);
  }
  // the same from the mini-program (callFunction): the envelope, not a throw
  expect(await entry('catalog')({ action: 'list', data: { keyword: 'a\u0000b' } }, wxContext('o-fuzz'))).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  expect(await entry('catalog')(null, wxContext('o-fuzz'))).toMatchObject({ ok: false });
  expect(await entry('catalog')('list', wxContext('o-fuzz'))).toMatchObject({ ok: false });
});

test('wxpayNotify over HTTP access: a signed notification (also base64-encoded) pays the order once; a forged one is refused', async () => {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const apiV3Key = 'CloudbaseAPIv3Key0123456789abcde';
  await savePaymentSettings(
    runtime.db,
    PaymentSettingsInput.parse({
      mchid: '1900000109',
      appid: 'wx0123456789abcdef',
      serialNo: 'ABCDEF0123456789',
      privateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      apiV3Key,
      platformKeys: [{ serial: 'PUB_KEY_ID_0119000001090000', publicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }) }],
    }),
    new Date(),
  );
  const orderId = '20261125100000000001';
  const t = new Date().toISOString();
  await runtime.db.collection('orders').doc(orderId).set({
    openid: 'o-cb', status: 'unpaid', lines: [], amounts: { payable: 990 }, history: [], latePayments: [], closeAt: t, createdAt: t,
    delivery: { method: 'express', address: null, store: null },
  });
  await runtime.db.collection('payments').doc(orderId).set({ orderId, openid: 'o-cb', amount: 990, prepayId: 'wx1', createdAt: t, reuseUntil: t, state: 'open', transactionId: null, paidAt: null, checkedAt: null });
  const plain = JSON.stringify({ appid: 'wx0123456789abcdef', mchid: '1900000109', out_trade_no: orderId, transaction_id: '4200000000000000000000000099', trade_state: 'SUCCESS', amount: { total: 990, payer_total: 990 } });
  const body = JSON.stringify({ id: 'EV', create_time: t, resource_type: 'encrypt-resource', event_type: 'TRANSACTION.SUCCESS', summary: '支付成功', resource: encryptResource(plain, apiV3Key, 'transaction') });
  const ts = Math.floor(Date.now() / 1000);
  const notify = makeNotifyEntry(() => runtime);
  const forged = await notify({ httpMethod: 'POST', headers: signWechatpay(body, { serial: 'PUB_KEY_ID_0119000001090000', privateKey: merchant.privateKey }, ts), body });
  expect(forged.statusCode).toBe(401);
  const headers = signWechatpay(body, { serial: 'PUB_KEY_ID_0119000001090000', privateKey: platform.privateKey }, ts);
  expect((await notify({ httpMethod: 'POST', headers, body: Buffer.from(body).toString('base64'), isBase64Encoded: true })).statusCode).toBe(204);
  expect((await notify({ httpMethod: 'POST', headers, body })).statusCode).toBe(204);
  const o = (await runtime.db.collection('orders').doc(orderId).get()).data[0] as any;
  expect(o).toMatchObject({ status: 'paid', payment: { transactionId: '4200000000000000000000000099', amount: 990 } });
  expect(o.history).toHaveLength(1);
  expect((await notify({ httpMethod: 'GET' })).statusCode).toBe(405);
});
