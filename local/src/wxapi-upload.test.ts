/**
 * Shipping information reaches WeChat (issue 15): a shopper's paid express order, shipped in the admin, is uploaded
 * by the jobs' outbox through the server-API client: over the production path (the real @cloudbase/node-sdk's
 * callWxOpenApi → the local CloudBase fake → the WeChat server-API simulator) and over HTTPS with an access token;
 * with retries and backoff, "already uploaded" counted as done, and a permanent error kept with WeChat's errcode.
 */
import tcb from '@cloudbase/node-sdk';
import { retryShippingUpload, sendShippingInfo, wxShippingUploader } from '@shop/functions/shared/domain/fulfilment/wxShipping';
import { cloudTransport, createWxApiClient } from '@shop/functions/shared/domain/wxapi/client';
import { saveWxAppSettings } from '@shop/functions/shared/domain/wxapi/settings';
import { wxApiClientFor } from '@shop/functions/shared/domain/wxapi/setup';
import { APPID, startPayBed, type PayBed } from './paytest';
import { FAKE_CREDENTIALS, startCloudbaseStack, type CloudbaseStack } from './db/testkit';
import { createWxapiSimulator, type WxapiSimulator } from './wxapi-sim/sim';
import { paymentsFromWxpaySim } from './wxapi-sim/demo';

process.env.SILENCE = 'true';
let bed: PayBed;
let wx: WxapiSimulator;
let cb: CloudbaseStack;
let alice: string;

beforeAll(async () => {
  bed = await startPayBed();
  wx = createWxapiSimulator({ apps: { [APPID]: 'app-secret' }, payment: paymentsFromWxpaySim(bed.sim) });
  const wxUrl = await wx.listen();
  cb = await startCloudbaseStack({ wxApiUrl: wxUrl });
  await saveWxAppSettings(bed.gw.db, { appid: APPID, secret: 'app-secret', baseUrl: wxUrl }, new Date());
  alice = await bed.gw.shopperToken('wxapi-alice');
}, 180_000);
afterAll(async () => {
  await wx?.close();
  await cb?.admin.close();
  await bed?.close();
}, 180_000);

const post = (path: string, body: unknown) => fetch(`${bed.simUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
async function paidOrder(quantity = 1) {
  const sku = await bed.product(1500);
  const o = await bed.order(alice, [{ skuId: sku, quantity }]);
  await bed.gw.ok('order', 'pay', { id: o._id }, alice);
  await post('/_sim/pay', { out_trade_no: o._id, outcome: 'success' });
  await bed.until(async () => (await bed.getOrder(o._id)).status === 'paid', 'paid');
  return { order: await bed.getOrder(o._id), sku };
}
const uploads = (id: string) => bed.gw.ok('orderAdmin', 'shippingUploads', { id }, bed.owner) as Promise<any[]>;
const at = (ms: number) => new Date(Date.now() + ms);

it('real SDK → CloudBase fake → simulator: a paid express order shipped ends as an accepted upload', async () => {
  const { order } = await paidOrder();
  await bed.gw.ok('orderAdmin', 'ship', { id: order._id, company: '顺丰速运', trackingNo: 'SF1234567890' }, bed.owner);
  const app = tcb.init({ env: 'local-fake', ...FAKE_CREDENTIALS, serviceUrl: cb.fake.serviceUrl, timeout: 10_000 });
  const uploader = wxShippingUploader(createWxApiClient(cloudTransport(app)));
  const r = await sendShippingInfo(bed.gw.db, new Date(), uploader);
  expect(r.sent).toBeGreaterThanOrEqual(1);
  expect((await uploads(order._id))[0]).toMatchObject({ status: 'sent', uploader: 'wx-cloud' });
  expect(cb.fake.requests.some((q) => q.action === 'wx.api')).toBe(true);
  const rec = wx.state.shipping.get(`tx:${order.payment.transactionId}`) ?? [...wx.state.shipping.values()].find((s) => (s.last.order_key as any).out_trade_no === order.payment.outTradeNo);
  expect(rec).toMatchObject({ status: 'shipped', uploads: [{ via: 'cloud', answer: { errcode: 0 } }] });
  expect(rec!.last).toMatchObject({ logistics_type: 1, delivery_mode: 1, shipping_list: [{ express_company: 'SF', tracking_no: 'SF1234567890', contact: { receiver_contact: '138****0000' } }] });
}, 180_000);

it('HTTPS with a token: split parcels after a busy answer and an expired token; the same upload again counts as done', async () => {
  const { order, sku } = await paidOrder(2);
  const client = (await wxApiClientFor(bed.gw.db, { env: { WXAPI_TRANSPORT: 'https' } }))!;
  const uploader = wxShippingUploader(client);
  await bed.gw.ok('orderAdmin', 'ship', { id: order._id, company: '圆通速递', trackingNo: 'YT0001', lines: [{ skuId: sku, quantity: 1 }] }, bed.owner);
  wx.addFaults({ api: [{ api: 'upload_shipping_info', kind: 'busy' }] });
  await sendShippingInfo(bed.gw.db, new Date(), uploader);
  const [first] = await uploads(order._id);
  expect(first).toMatchObject({ status: 'pending', attempts: 1, errcode: -1 });
  expect(Date.parse(first.nextAttemptAt)).toBeGreaterThan(Date.now() + 30_000);
  await sendShippingInfo(bed.gw.db, new Date(), uploader); // not due yet
  expect((await uploads(order._id))[0].attempts).toBe(1);
  wx.addFaults({ api: [{ api: 'upload_shipping_info', kind: 'expired_token' }] });
  await sendShippingInfo(bed.gw.db, at(61_000), uploader); // due: the token is refreshed and the call retried once
  expect((await uploads(order._id))[0]).toMatchObject({ status: 'sent', uploader: 'wx-https', alreadyUploaded: false });
  bed.gw.clock.now = new Date(Date.now() + 1000); // the second parcel leaves later
  await bed.gw.ok('orderAdmin', 'ship', { id: order._id, company: '圆通速递', trackingNo: 'YT0002', lines: [{ skuId: sku, quantity: 1 }] }, bed.owner);
  await sendShippingInfo(bed.gw.db, at(62_000), uploader);
  const both = await uploads(order._id);
  expect(both.map((u) => u.status)).toEqual(['sent', 'sent']);
  const rec = [...wx.state.shipping.values()].find((s) => (s.last.order_key as any).out_trade_no === order.payment.outTradeNo)!;
  expect(rec.status).toBe('shipped');
  expect(rec.last).toMatchObject({ delivery_mode: 2, is_all_delivered: true, shipping_list: [{ tracking_no: 'YT0001' }, { tracking_no: 'YT0002' }] });
  // the answer of the last upload was lost: the outbox sends it again, WeChat says it is already shipped
  await bed.gw.db.collection('wx_shipping_uploads').doc(both[1]._id).update({ status: 'pending' });
  await sendShippingInfo(bed.gw.db, at(63_000), uploader);
  expect((await uploads(order._id))[1]).toMatchObject({ status: 'sent', alreadyUploaded: true });
}, 180_000);

it('a permanent error is kept as failed with errcode and errmsg, not retried until the owner retries it', async () => {
  const { order } = await paidOrder();
  await bed.gw.ok('orderAdmin', 'ship', { id: order._id, company: '中通快递', trackingNo: 'ZT0001' }, bed.owner);
  const [u] = await uploads(order._id);
  const client = (await wxApiClientFor(bed.gw.db, { env: { WXAPI_TRANSPORT: 'https' } }))!;
  // a payment WeChat does not know
  await bed.gw.db.collection('wx_shipping_uploads').doc(u._id).update({ 'payload.order_key.out_trade_no': 'UNKNOWN1' });
  await sendShippingInfo(bed.gw.db, at(0), wxShippingUploader(client));
  expect((await uploads(order._id))[0]).toMatchObject({ status: 'failed', errcode: 10060001, errmsg: '支付单不存在', nextAttemptAt: null });
  // the owner corrects and retries it: it waits again and goes out
  await bed.gw.db.collection('wx_shipping_uploads').doc(u._id).update({ 'payload.order_key.out_trade_no': order.payment.outTradeNo });
  expect(await retryShippingUpload(bed.gw.db, u._id, new Date())).toBe(true);
  expect(await retryShippingUpload(bed.gw.db, u._id, new Date())).toBe(false);
  await sendShippingInfo(bed.gw.db, at(0), wxShippingUploader(client));
  expect((await uploads(order._id))[0]).toMatchObject({ status: 'sent', errcode: null });
}, 180_000);

it('修改物流: a corrected tracking number is recorded and uploaded again (WeChat allows one change; a second is refused there)', async () => {
  const { order } = await paidOrder();
  await bed.gw.ok('orderAdmin', 'ship', { id: order._id, company: '顺丰速运', trackingNo: 'SF5550001' }, bed.owner);
  const uploader = wxShippingUploader((await wxApiClientFor(bed.gw.db, { env: { WXAPI_TRANSPORT: 'https' } }))!);
  await sendShippingInfo(bed.gw.db, at(1000), uploader);
  const later = () => (bed.gw.clock.now = new Date(bed.gw.clock.now.getTime() + 60_000)); // WeChat wants each upload_time later than the last
  later();
  const fixed = await bed.gw.ok('orderAdmin', 'correctTracking', { id: order._id, no: 1, company: '中通快递', trackingNo: 'ZT5550002', reason: '单号填错' }, bed.owner);
  expect(fixed.shipments[0]).toMatchObject({ no: 1, company: '中通快递', trackingNo: 'ZT5550002' });
  expect(fixed.history.at(-1)).toMatchObject({ event: 'trackingCorrected', detail: { no: 1, from: '顺丰速运 SF5550001', company: '中通快递', trackingNo: 'ZT5550002', reason: '单号填错' } });
  await sendShippingInfo(bed.gw.db, at(2000), uploader);
  const rec = [...wx.state.shipping.values()].find((s) => (s.last.order_key as any).out_trade_no === order.payment.outTradeNo)!;
  expect(rec).toMatchObject({ status: 'shipped', reshipUsed: true, last: { shipping_list: [{ express_company: 'ZTO', tracking_no: 'ZT5550002' }] } });
  expect((await uploads(order._id)).map((u) => u.status)).toEqual(['sent', 'sent']);

  // unchanged, unknown parcel, bad input: refused, nothing written
  const same = await bed.gw.call('orderAdmin', 'correctTracking', { id: order._id, no: 1, company: '中通快递', trackingNo: 'ZT5550002', reason: 'x' }, bed.owner);
  expect(same.body.error.code).toBe('INVALID_STATE');
  expect((await bed.gw.call('orderAdmin', 'correctTracking', { id: order._id, no: 2, company: '中通快递', trackingNo: 'ZT5550003', reason: 'x' }, bed.owner)).body.error.code).toBe('NOT_FOUND');
  const bad = await bed.gw.call('orderAdmin', 'correctTracking', { id: order._id, no: 1, company: '中通快递', trackingNo: '1', reason: 'x' }, bed.owner);
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body.error)).toContain('trackingNo');
  expect((await bed.getOrder(order._id)).history.filter((h: any) => h.event === 'trackingCorrected')).toHaveLength(1);

  // a second change: WeChat has no more re-ship chances, the upload fails with its errcode for the owner to see
  later();
  await bed.gw.ok('orderAdmin', 'correctTracking', { id: order._id, no: 1, company: '韵达快递', trackingNo: 'YD5550004', reason: '又填错' }, bed.owner);
  await sendShippingInfo(bed.gw.db, at(3000), uploader);
  expect((await uploads(order._id)).map((u) => [u.status, u.errcode ?? null])).toEqual([
    ['sent', null],
    ['sent', null],
    ['failed', 10060003],
  ]);
}, 180_000);
