/**
 * Subscribe messages reach WeChat (issue 15): a shopper's paid express order, shipped in the admin, queues its
 * message in the shipping transaction, and the jobs' sender delivers it over the production path (the real
 * @cloudbase/node-sdk's callWxOpenApi → the local CloudBase fake → the WeChat server-API simulator) with valid
 * template data; a flash-sale reminder goes out with the owner's activityStart template; a busy answer is retried
 * later; WeChat's 43101 (no subscription) is kept with its errcode for the admin's log and can be resent; refunds and
 * an after-sales decision queue theirs.
 */
import tcb from '@cloudbase/node-sdk';
import { MESSAGE_FIELDS, type SubscribeEvent } from '@shop/types';
import { cloudTransport, createWxApiClient } from '@shop/functions/shared/domain/wxapi/client';
import { saveWxAppSettings } from '@shop/functions/shared/domain/wxapi/settings';
import { wxApiClientFor } from '@shop/functions/shared/domain/wxapi/setup';
import { sendMessages } from '@shop/functions/shared/domain/messages/send';
import { setGrantObserver } from '@shop/functions/shared/domain/messages/grants';
import { reminderTemplateId } from '@shop/functions/shared/domain/messages/settings';
import { sendReminders, wxReminderSender } from '@shop/functions/shared/domain/activities/reports';
import { APPID, startPayBed, type PayBed } from './paytest';
import { FAKE_CREDENTIALS, startCloudbaseStack, type CloudbaseStack } from './db/testkit';
import { createWxapiSimulator, type WxapiSimulator } from './wxapi-sim/sim';
import { mirrorGrantsInto, paymentsFromWxpaySim } from './wxapi-sim/demo';

process.env.SILENCE = 'true';
const TPL: Record<SubscribeEvent, string> = {
  orderPaid: 'TPL_PAID_x1',
  orderShipped: 'TPL_SHIPPED_x2',
  pickupReady: 'TPL_PICKUP_x3',
  refundResult: 'TPL_REFUND_x4',
  aftersaleResult: 'TPL_AFTERSALE_x5',
  activityStart: 'TPL_ACTIVITY_x6',
  couponExpiring: 'TPL_COUPON_x7',
};
let bed: PayBed;
let wx: WxapiSimulator;
let cb: CloudbaseStack;
let alice: string;
let aliceId: string;

beforeAll(async () => {
  bed = await startPayBed();
  // the simulator knows the templates as the owner picked them in the WeChat console
  wx = createWxapiSimulator({ apps: { [APPID]: 'app-secret' }, payment: paymentsFromWxpaySim(bed.sim), templates: Object.fromEntries(Object.entries(TPL).map(([e, id]) => [id, MESSAGE_FIELDS[e as SubscribeEvent].map((f) => f.key)])) });
  const wxUrl = await wx.listen();
  cb = await startCloudbaseStack({ wxApiUrl: wxUrl });
  await saveWxAppSettings(bed.gw.db, { appid: APPID, secret: 'app-secret', baseUrl: wxUrl }, new Date());
  await bed.gw.ok('messageAdmin', 'saveTemplates', { templates: TPL }, bed.owner);
  alice = await bed.gw.shopperToken('msg-alice');
  aliceId = (await bed.gw.ok('auth', 'whoami', {}, alice)).openid;
  // as the local runtime does: a grant recorded is a subscription in the simulator too
  setGrantObserver(mirrorGrantsInto(wx));
}, 180_000);
afterAll(async () => {
  setGrantObserver(null);
  await wx?.close();
  await cb?.admin.close();
  await bed?.close();
}, 180_000);

const post = (path: string, body: unknown) => fetch(`${bed.simUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
async function paidOrder() {
  const sku = await bed.product(1250);
  const o = await bed.order(alice, [{ skuId: sku, quantity: 1 }]);
  await bed.gw.ok('order', 'pay', { id: o._id }, alice);
  await post('/_sim/pay', { out_trade_no: o._id, outcome: 'success' });
  await bed.until(async () => (await bed.getOrder(o._id)).status === 'paid', 'paid');
  return bed.getOrder(o._id);
}
const log = (filter: Record<string, unknown> = {}) => bed.gw.ok('messageAdmin', 'log', filter, bed.owner) as Promise<{ items: any[]; total: number }>;
const messageOf = async (id: string) => (await bed.gw.db.collection('wx_messages').doc(id).get()).data[0] as any;
const accepted = (templateId: string) => wx.state.messages.filter((m) => m.answer.errcode === 0 && (m.body as any).template_id === templateId);
const at = (ms: number) => new Date(Date.now() + ms);
const subscribe = (results: Record<string, string>) => bed.gw.ok('member', 'recordSubscriptions', { results }, alice);

it('real SDK → CloudBase fake → simulator: a paid express order shipped in the admin sends the orderShipped message', async () => {
  expect(await subscribe({ [TPL.orderPaid]: 'accept', [TPL.orderShipped]: 'accept' })).toEqual({ recorded: 2 });
  const order = await paidOrder();
  // paid: queued in the paying transaction
  expect(await messageOf(`orderPaid:${order._id}`)).toMatchObject({ state: 'queued', openid: aliceId, templateId: TPL.orderPaid, data: { character_string1: order._id, amount3: `¥${(order.amounts.payable / 100).toFixed(2)}` } });
  await bed.gw.ok('orderAdmin', 'ship', { id: order._id, company: '顺丰速运', trackingNo: 'SF1234567890' }, bed.owner);
  const shipped = await messageOf(`orderShipped:${order._id}:1`);
  expect(shipped).toMatchObject({ state: 'queued', event: 'orderShipped', orderId: order._id, page: `pages/order-detail/index?id=${order._id}` });

  const app = tcb.init({ env: 'local-fake', ...FAKE_CREDENTIALS, serviceUrl: cb.fake.serviceUrl, timeout: 10_000 });
  const r = await sendMessages(bed.gw.db, new Date(), createWxApiClient(cloudTransport(app)));
  expect(r).toMatchObject({ sent: 2, failed: 0 });
  expect(cb.fake.requests.some((q) => q.action === 'wx.api')).toBe(true);
  const [got] = accepted(TPL.orderShipped);
  expect(got).toMatchObject({ via: 'cloud', body: { touser: aliceId, page: `pages/order-detail/index?id=${order._id}` } });
  expect((got.body as any).data).toEqual({
    character_string1: { value: order._id },
    thing2: { value: order.lines[0].name },
    thing3: { value: '顺丰速运' },
    character_string4: { value: 'SF1234567890' },
    date5: { value: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) },
  });
  // each message used the shopper's grant, in the shop as in WeChat
  expect(wx.state.subscriptions.get(`${aliceId}|${TPL.orderShipped}`)).toBe(0);
  expect((await bed.gw.db.collection('subscribe_grants').doc(`${aliceId}|${TPL.orderShipped}`).get()).data[0]).toMatchObject({ count: 0 });
  const { items } = await log({ event: 'orderShipped', state: 'sent' });
  expect(items[0]).toMatchObject({ _id: `orderShipped:${order._id}:1`, state: 'sent', tries: 1, errcode: null, sentAt: expect.any(String) });
  // the next order: no grant left for orderShipped → skipped, never sent
  const next = await paidOrder();
  await bed.gw.ok('orderAdmin', 'ship', { id: next._id, company: '顺丰速运', trackingNo: 'SF1234567891' }, bed.owner);
  expect(await messageOf(`orderShipped:${next._id}:1`)).toMatchObject({ state: 'skipped', nextAt: null });
}, 180_000);

it('a flash-sale reminder goes out with the owner’s activityStart template', async () => {
  const sku = await bed.product(9900);
  const productId = (await bed.gw.db.collection('skus').doc(sku).get()).data[0]!.productId as string;
  const t = Date.now();
  const a = await bed.gw.ok('activityAdmin', 'create', { kind: 'flash', name: '双十二整点秒杀活动（限量抢购）', startsAt: new Date(t + 3600_000).toISOString(), endsAt: new Date(t + 7200_000).toISOString(), remindMinutes: 10, items: [{ skuId: sku, price: 100, stock: 5 }] }, bed.owner);
  expect(await subscribe({ [TPL.activityStart]: 'accept' })).toEqual({ recorded: 1 });
  expect(await bed.gw.ok('activity', 'remind', { activityId: a._id, productId }, alice)).toEqual({ reminded: true });
  expect(await reminderTemplateId(bed.gw.db, { WXAPI_TEMPLATE_REMINDER: 'OLD_ENV_TEMPLATE' })).toBe(TPL.activityStart);
  const client = (await wxApiClientFor(bed.gw.db, { env: { WXAPI_TRANSPORT: 'https' } }))!;
  const r = await sendReminders(bed.gw.db, new Date(t + 51 * 60_000), wxReminderSender(client, (await reminderTemplateId(bed.gw.db))!));
  expect(r).toMatchObject({ queued: 1, sent: 1 });
  const [got] = accepted(TPL.activityStart);
  expect(got).toMatchObject({ via: 'https', body: { touser: aliceId, page: `pages/product/index?id=${productId}` } });
  expect((got.body as any).data.thing2.value).toBe('双十二整点秒杀活动（限量抢购）');
  expect((got.body as any).data.time3.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
}, 180_000);

it('a busy answer is retried later and then sent; a permanent 43101 is shown with its errcode and can be resent', async () => {
  const client = (await wxApiClientFor(bed.gw.db, { env: { WXAPI_TRANSPORT: 'https' } }))!;
  await subscribe({ [TPL.orderPaid]: 'accept' });
  const order = await paidOrder();
  const id = `orderPaid:${order._id}`;
  wx.addFaults({ api: [{ api: 'subscribe_send', kind: 'busy' }] });
  expect(await sendMessages(bed.gw.db, new Date(), client)).toMatchObject({ sent: 0, retrying: 1 });
  const waiting = await messageOf(id);
  expect(waiting).toMatchObject({ state: 'queued', tries: 1, errcode: -1 });
  expect(Date.parse(waiting.nextAt)).toBeGreaterThan(Date.now() + 30_000);
  expect(await sendMessages(bed.gw.db, new Date(), client)).toMatchObject({ sent: 0, retrying: 0 }); // not due yet
  expect(await sendMessages(bed.gw.db, at(61_000), client)).toMatchObject({ sent: 1 });
  expect(await messageOf(id)).toMatchObject({ state: 'sent', tries: 2, errcode: null, errmsg: null });

  // the shop holds a grant WeChat does not (recorded while the simulator was not told): WeChat answers 43101
  setGrantObserver(null);
  await subscribe({ [TPL.orderPaid]: 'accept' });
  setGrantObserver(mirrorGrantsInto(wx));
  const lost = await paidOrder();
  const lostId = `orderPaid:${lost._id}`;
  expect(await messageOf(lostId)).toMatchObject({ state: 'queued' });
  expect(await sendMessages(bed.gw.db, at(62_000), client)).toMatchObject({ failed: 1 });
  const { items } = await bed.gw.ok('messageAdmin', 'log', { state: 'failed', orderId: lost._id }, await bed.gw.merchantToken('operator'));
  expect(items).toEqual([expect.objectContaining({ _id: lostId, event: 'orderPaid', state: 'failed', tries: 1, errcode: 43101, errmsg: expect.stringContaining('refuse'), nextAt: null })]);
  // the shop's count follows WeChat's; the owner resends once the shopper subscribed again
  expect((await bed.gw.db.collection('subscribe_grants').doc(`${aliceId}|${TPL.orderPaid}`).get()).data[0]).toMatchObject({ count: 0 });
  await subscribe({ [TPL.orderPaid]: 'accept' });
  expect(await bed.gw.ok('messageAdmin', 'resend', { id: lostId }, bed.owner)).toEqual({ resent: true });
  expect(await bed.gw.ok('messageAdmin', 'resend', { id: lostId }, bed.owner)).toEqual({ resent: false });
  expect(await sendMessages(bed.gw.db, at(63_000), client)).toMatchObject({ sent: 1 });
  expect(await messageOf(lostId)).toMatchObject({ state: 'sent', errcode: null });
}, 180_000);

it('refused or invalid input changes nothing', async () => {
  const before = await bed.gw.ok('messageAdmin', 'templates', {}, bed.owner);
  const operator = await bed.gw.merchantToken('operator');
  const cases: [string, unknown, string | undefined, string][] = [
    ['saveTemplates', { templates: { orderPaid: 'NEW' } }, operator, 'FORBIDDEN'],
    ['saveTemplates', { templates: { orderPaid: 'NEW' } }, alice, 'FORBIDDEN'],
    ['saveTemplates', { templates: { orderPaid: 'NEW' } }, undefined, 'UNAUTHENTICATED'],
    ['saveTemplates', { templates: { orderPaid: 'has space' } }, bed.owner, 'VALIDATION_FAILED'],
    ['saveTemplates', { templates: { noSuchEvent: 'X' } }, bed.owner, 'VALIDATION_FAILED'],
    ['saveTemplates', { templates: {}, couponExpiringDays: 0 }, bed.owner, 'VALIDATION_FAILED'],
    ['resend', { id: 'orderPaid:x' }, operator, 'FORBIDDEN'],
    ['log', { state: 'lost' }, bed.owner, 'VALIDATION_FAILED'],
  ];
  for (const [action, data, token, code] of cases) {
    const { body } = await bed.gw.call('messageAdmin', action, data, token);
    expect([action, body.error?.code]).toEqual([action, code]);
  }
  const bad = await bed.gw.call('messageAdmin', 'saveTemplates', { templates: { orderPaid: 'has space' } }, bed.owner);
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].path).toBe('templates.orderPaid');
  expect(await bed.gw.ok('messageAdmin', 'templates', {}, bed.owner)).toEqual(before);
  expect(await bed.gw.ok('messageAdmin', 'resend', { id: 'orderPaid:nothing' }, bed.owner)).toEqual({ resent: false });
}, 180_000);

it('refunds (paid back or abnormal) and an after-sales decision queue their messages in their own transactions', async () => {
  await subscribe({ [TPL.refundResult]: 'accept', [TPL.aftersaleResult]: 'accept' });
  await subscribe({ [TPL.refundResult]: 'accept' });
  const order = await paidOrder();
  const settle = async (no: string, status: 'SUCCESS' | 'ABNORMAL') => {
    await post(`/_sim/refunds/${no}/settle`, { status });
    await bed.until(async () => ((await bed.gw.db.collection('refunds').doc(no).get()).data[0] as any).status === status, `refund ${no} ${status}`);
  };
  const paidBack = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: 500, reason: '少发一件' }, bed.owner);
  await settle(paidBack._id, 'SUCCESS');
  expect(await messageOf(`refundResult:${paidBack._id}:ok`)).toMatchObject({ state: 'queued', data: { character_string1: order._id, amount2: '¥5.00', phrase3: '退款成功' } });
  const stuck = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: 300, reason: '质量问题' }, bed.owner);
  await settle(stuck._id, 'ABNORMAL');
  expect(await messageOf(`refundResult:${stuck._id}:failed`)).toMatchObject({ state: 'queued', data: { amount2: '¥3.00', phrase3: '退款异常' } });

  const a = await bed.gw.ok('aftersale', 'apply', { orderId: order._id, type: 'refund', lines: [{ skuId: order.lines[0].skuId, quantity: 1 }], reason: '少件/漏发', amount: 100 }, alice);
  await bed.gw.ok('aftersaleAdmin', 'decide', { id: a._id, decision: 'reject', reason: '商品已按订单全部发出，请先核对包裹内的商品和数量' }, bed.owner);
  expect(await messageOf(`aftersaleResult:${a._id}:rejected`)).toMatchObject({ state: 'queued', data: { character_string1: a._id, phrase3: '已拒绝', thing4: '商品已按订单全部发出，请先核对包裹内的…' } });

  const client = (await wxApiClientFor(bed.gw.db, { env: { WXAPI_TRANSPORT: 'https' } }))!;
  expect(await sendMessages(bed.gw.db, at(120_000), client)).toMatchObject({ sent: 3, failed: 0 });
  expect(accepted(TPL.refundResult)).toHaveLength(2);
  expect(accepted(TPL.aftersaleResult)).toHaveLength(1);
}, 60_000);
