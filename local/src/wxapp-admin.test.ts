/**
 * The owner's side of WeChat's server APIs (issue 15), through the gateway over the real local database: the
 * AppID / AppSecret settings (the secret is never answered), the connection test against the WeChat simulator, the
 * shipping-information uploads with their errcodes and a retry, and the paid orders never uploaded.
 */
import { sendShippingInfo, wxShippingUploader } from '@shop/functions/shared/domain/fulfilment/wxShipping';
import { saveWxAppSettings, wxAppCredentials } from '@shop/functions/shared/domain/wxapi/settings';
import { wxApiClientFor } from '@shop/functions/shared/domain/wxapi/setup';
import { APPID, startPayBed, type PayBed } from './paytest';
import { createWxapiSimulator, type WxapiSimulator } from './wxapi-sim/sim';
import { paymentsFromWxpaySim } from './wxapi-sim/demo';

process.env.SILENCE = 'true';
const SECRET = 'Ab0123456789abcdef0123456789cdEF';
let bed: PayBed;
let wx: WxapiSimulator;
let alice: string;

beforeAll(async () => {
  bed = await startPayBed();
  wx = createWxapiSimulator({ apps: { [APPID]: SECRET }, payment: paymentsFromWxpaySim(bed.sim) });
  // the address is the local stack's to set (the simulator), not the owner's: saved as `npm start` saves it
  await saveWxAppSettings(bed.gw.db, { appid: APPID, secret: SECRET, baseUrl: await wx.listen() }, new Date());
  alice = await bed.gw.shopperToken('wxapp-alice');
}, 180_000);
afterAll(async () => {
  await wx?.close();
  await bed?.close();
}, 180_000);

const admin = (action: string, data: unknown = {}, token = bed.owner) => bed.gw.ok('wxappAdmin', action, data, token);
const post = (path: string, body: unknown) => fetch(`${bed.simUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const secretsDoc = async () => (await bed.gw.db.collection('secrets').doc('wxapp').get()).data[0];
const DAY = 86_400_000;

async function paidOrder() {
  const sku = await bed.product(1200);
  const o = await bed.order(alice, [{ skuId: sku, quantity: 1 }]);
  await bed.gw.ok('order', 'pay', { id: o._id }, alice);
  await post('/_sim/pay', { out_trade_no: o._id, outcome: 'success' });
  await bed.until(async () => (await bed.getOrder(o._id)).status === 'paid', 'paid');
  return bed.getOrder(o._id);
}
const send = async () => sendShippingInfo(bed.gw.db, new Date(), wxShippingUploader((await wxApiClientFor(bed.gw.db, { env: { WXAPI_TRANSPORT: 'https' } }))!));

describe('settings', () => {
  it('saves the AppID and AppSecret and never answers the secret; an empty secret keeps the stored one', async () => {
    const saved = await admin('saveSettings', { appid: APPID, secret: SECRET });
    expect(saved).toMatchObject({ configured: true, appid: APPID, secretSet: true });
    expect(JSON.stringify(saved)).not.toContain(SECRET);
    const again = await admin('saveSettings', { appid: APPID, secret: '' });
    expect(JSON.stringify([again, await admin('settings')])).not.toContain(SECRET);
    expect(again.secretSet).toBe(true);
    expect((await wxAppCredentials(bed.gw.db))?.secret).toBe(SECRET);
    // the simulator's address stays as the local stack saved it
    expect(again.baseUrl).toBe(wx.url);
  });

  it.each([
    [{ appid: 'wx123', secret: SECRET }, 'appid'],
    [{ appid: 'WX0123456789ABCDEF', secret: SECRET }, 'appid'],
    [{ appid: APPID, secret: 'short' }, 'secret'],
    [{ appid: APPID, secret: SECRET, baseUrl: 'http://evil.example' }, ''],
  ])('refuses %p with a 4xx naming %p, and writes nothing', async (input, path) => {
    const before = await secretsDoc();
    const r = await bed.gw.call('wxappAdmin', 'saveSettings', input, bed.owner);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path }] });
    expect(await secretsDoc()).toEqual(before);
  });

  it('testConnection fetches a token (never answered) or reports WeChat’s errcode', async () => {
    const ok = await admin('testConnection');
    expect(ok).toMatchObject({ ok: true, errcode: null });
    expect(JSON.stringify(ok)).not.toContain('SIM_');
    await admin('saveSettings', { appid: APPID, secret: 'x'.repeat(32) });
    expect(await admin('testConnection')).toMatchObject({ ok: false, errcode: 40125, errmsg: 'invalid appsecret' });
    await admin('saveSettings', { appid: APPID, secret: SECRET });
    expect((await admin('testConnection')).ok).toBe(true);
  });
});

describe('shipping uploads', () => {
  it('a permanently refused upload is listed with its errcode; the owner’s retry gets it accepted once the fault is gone', async () => {
    const order = await paidOrder();
    await bed.gw.ok('orderAdmin', 'ship', { id: order._id, company: '中通快递', trackingNo: 'ZT9001' }, bed.owner);
    wx.addFaults({ api: [{ api: 'upload_shipping_info', kind: 'invalid_data', times: 5 }] });
    await send();
    const failed = await admin('shippingUploads', { status: 'failed' });
    expect(failed.items.find((u: any) => u.orderId === order._id)).toMatchObject({ status: 'failed', attempts: 1, errcode: 47001, errmsg: 'data format error', logisticsType: 1, sentAt: null });
    // still failed: the timer does not retry it by itself
    await send();
    expect((await admin('shippingUploads', { orderId: order._id })).items[0].status).toBe('failed');
    await fetch(`${wx.url}/_sim/faults`, { method: 'DELETE' });
    expect(await admin('retryShippingUpload', { orderId: order._id })).toEqual({ retried: 1 });
    expect(await admin('retryShippingUpload', { orderId: order._id })).toEqual({ retried: 0 });
    await send();
    const [u] = (await admin('shippingUploads', { orderId: order._id })).items;
    expect(u).toMatchObject({ status: 'sent', errcode: null });
    expect([...wx.state.shipping.values()].some((s) => (s.last.order_key as any).out_trade_no === order.payment.outTradeNo && s.status === 'shipped')).toBe(true);
  }, 180_000);

  it('notUploaded lists a paid order older than N days with no accepted upload, until it is uploaded', async () => {
    const order = await paidOrder();
    let owner = bed.owner;
    const entry = async (days?: number) => ((await admin('notUploaded', days ? { days } : {}, owner)).items as any[]).find((o) => o.orderId === order._id);
    const start = bed.gw.clock.now;
    try {
      expect(await entry()).toBeUndefined(); // paid just now
      // four days later (a new session: the owner's token would have expired)
      bed.gw.clock.now = new Date(Date.parse(order.paidAt) + 4 * DAY);
      owner = await bed.gw.merchantToken('owner');
      expect(await entry()).toMatchObject({ status: 'paid', method: 'express', payable: order.amounts.payable, paidAt: order.paidAt, upload: null });
      expect(await entry(5)).toBeUndefined();
      // shipped, the upload waits: still not told to WeChat
      await bed.gw.ok('orderAdmin', 'ship', { id: order._id, company: '圆通速递', trackingNo: 'YT9001' }, owner);
      expect(await entry()).toMatchObject({ status: 'shipped', upload: { status: 'pending' } });
      await send();
      expect(await entry()).toBeUndefined();
    } finally {
      bed.gw.clock.now = start;
    }
  }, 180_000);
});

it.each([
  ['operator', () => bed.gw.merchantToken('operator')],
  ['clerk', () => bed.gw.merchantToken('clerk')],
  ['shopper', () => Promise.resolve(alice)],
  ['nobody', () => Promise.resolve(undefined)],
])('%s is refused every action', async (_who, token) => {
  const t = await token();
  const before = await secretsDoc();
  for (const [action, data] of [
    ['settings', {}],
    ['saveSettings', { appid: APPID, secret: 'y'.repeat(32) }],
    ['testConnection', {}],
    ['shippingUploads', {}],
    ['retryShippingUpload', { orderId: 'o1' }],
    ['notUploaded', {}],
  ] as const) {
    const r = await bed.gw.call('wxappAdmin', action, data, t);
    expect([r.status, r.body.error?.code]).toEqual(t ? [403, 'FORBIDDEN'] : [401, 'UNAUTHENTICATED']);
  }
  expect(await secretsDoc()).toEqual(before);
});
