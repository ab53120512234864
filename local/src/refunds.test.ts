/** Refunds and cancellations of paid orders, against the WeChat Pay simulator over loopback. */
import { completeOrder, payOrder } from '@shop/functions/shared/domain/orders/lifecycle';
import { settleRefund } from '@shop/functions/shared/domain/payments/refunds';
import { runDueJobs } from '@shop/functions/shared/domain/jobs';
import { NOTIFY_PATH } from './gateway';
import { signWechatpay } from '@shop/functions/shared/domain/payments/wxcrypto';
import { PLATFORM_SERIAL, startPayBed, type PayBed } from './paytest';

let bed: PayBed;
let alice: string;

beforeAll(async () => {
  bed = await startPayBed();
  alice = await bed.gw.shopperToken('refund-alice');
});
afterAll(() => bed.close());

const post = (path: string, body: unknown) =>
  fetch(`${bed.simUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const simRefund = (no: string) => [...bed.sim.state.refunds.values()].find((r) => r.out_refund_no === no);
const jobs = () => runDueJobs(bed.gw.db, bed.gw.clock.now, { notifyUrl: bed.gw.url + NOTIFY_PATH });
const refundOf = async (no: string) => (await bed.gw.db.collection('refunds').doc(no).get()).data[0] as any;
const settle = async (no: string, status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED') => {
  const r = await post(`/_sim/refunds/${no}/settle`, { status });
  if (!r.ok) throw new Error(`settle ${no}: ${r.status} ${await r.text()}`);
  return bed.until(async () => ((await refundOf(no)).status === status ? refundOf(no) : null), `refund ${no} ${status}`);
};
const stockOf = async (sku: string) => ((await bed.gw.db.collection('skus').doc(sku).get()).data[0] as any).stock as number;

/** A paid order of `quantity` × the SKU (price in fen). */
async function paidOrder(price: number, quantity = 1, stock = 50) {
  const sku = await bed.product(price, stock);
  const o = await bed.order(alice, [{ skuId: sku, quantity }]);
  await bed.gw.ok('order', 'pay', { id: o._id }, alice);
  await post('/_sim/pay', { out_trade_no: o._id, outcome: 'success' });
  await bed.until(async () => (await bed.getOrder(o._id)).status === 'paid', 'paid');
  return { sku, order: await bed.getOrder(o._id) };
}

describe('merchant refunds', () => {
  it('a partial refund is accepted, settled by the notification, and leaves the order paid', async () => {
    const { order } = await paidOrder(5000, 2);
    const r = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: 3000, reason: '少发一件' }, bed.owner);
    expect(r).toMatchObject({ _id: `${order._id}R1`, status: 'PROCESSING', amount: 3000, total: order.payment.amount, source: 'merchant' });
    const done = await settle(r._id, 'SUCCESS');
    expect(done.successAt).toBeTruthy();
    const after = await bed.getOrder(order._id);
    expect(after).toMatchObject({ status: 'paid', refund: { requested: 3000, refunded: 3000, count: 1 } });
    // what is left, and no more
    const over = await bed.gw.call('orderAdmin', 'refund', { id: order._id, amount: order.payment.amount - 3000 + 1, reason: 'x' }, bed.owner);
    expect(over.body.error).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', details: { refundable: order.payment.amount - 3000 } });
    // the shopper sees it
    const mine = await bed.gw.ok('order', 'refunds', { id: order._id }, alice);
    expect(mine).toEqual([expect.objectContaining({ amount: 3000, status: 'SUCCESS' })]);
  });

  it('two partial refunds racing for more than was paid: exactly one wins', async () => {
    const { order } = await paidOrder(10000);
    const paid = order.payment.amount;
    const amount = Math.ceil(paid * 0.6);
    const [a, b] = await Promise.all([
      bed.gw.call('orderAdmin', 'refund', { id: order._id, amount, reason: 'A' }, bed.owner),
      bed.gw.call('orderAdmin', 'refund', { id: order._id, amount, reason: 'B' }, bed.owner),
    ]);
    const codes = [a.body.ok ? 'ok' : a.body.error.code, b.body.ok ? 'ok' : b.body.error.code].sort();
    expect(codes).toEqual(['REFUND_EXCEEDS_PAID', 'ok']);
    expect((await bed.getOrder(order._id)).refund).toMatchObject({ requested: amount, count: 1 });
    expect([...bed.sim.state.refunds.values()].filter((r) => r.out_trade_no === order._id)).toHaveLength(1);
  });

  it('the whole payment refunded: the order closes and its stock comes back, once', async () => {
    const { order, sku } = await paidOrder(2500, 3, 20);
    expect(await stockOf(sku)).toBe(17);
    const r = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: order.payment.amount, reason: '缺货退款' }, bed.owner);
    await settle(r._id, 'SUCCESS');
    const after = await bed.getOrder(order._id);
    expect(after).toMatchObject({ status: 'closed', closeReason: 'refunded', released: { stock: true } });
    expect(await stockOf(sku)).toBe(20);
    // the notification again changes nothing
    const n = bed.sim.state.notifications.filter((x) => x.event_type === 'REFUND.SUCCESS').pop()!;
    const headers = signWechatpay(n.body, { serial: PLATFORM_SERIAL, privateKey: bed.platformKey }, Math.floor(Date.now() / 1000));
    const again = await fetch(bed.gw.url + NOTIFY_PATH, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: n.body });
    expect(again.status).toBe(204);
    expect(await stockOf(sku)).toBe(20);
  });

  it('an ABNORMAL refund stays visible and is retried by the merchant', async () => {
    const { order } = await paidOrder(3000);
    const r = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: 1000, reason: '质量问题' }, bed.owner);
    await settle(r._id, 'ABNORMAL');
    const list = await bed.gw.ok('orderAdmin', 'refundList', { status: 'ABNORMAL' }, bed.owner);
    expect(list.items.map((x: any) => x._id)).toContain(r._id);
    // still reserved: the shopper is owed it
    expect((await bed.getOrder(order._id)).refund.requested).toBe(1000);
    const retried = await bed.gw.ok('orderAdmin', 'retryRefund', { refundNo: r._id }, bed.owner);
    expect(retried.status).toBe('PROCESSING');
    await settle(r._id, 'SUCCESS');
    expect((await bed.getOrder(order._id)).refund).toMatchObject({ requested: 1000, refunded: 1000 });
    expect((await bed.gw.call('orderAdmin', 'retryRefund', { refundNo: r._id }, bed.owner)).body.error.code).toBe('INVALID_STATE');
  });

  it('WeChat down when refunding: the refund waits PENDING and the timer sends it; a lost notification is found by query', async () => {
    const { order } = await paidOrder(4000);
    await post('/_sim/faults', { api: [{ path: '/v3/refund', kind: 'status503', times: 1 }] });
    const r = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: 4000, reason: '退款' }, bed.owner);
    expect(r).toMatchObject({ status: 'PENDING', error: expect.stringContaining('SERVICE_UNAVAILABLE') });
    bed.gw.clock.now = new Date(bed.gw.clock.now.getTime() + 61_000);
    const report = await jobs();
    expect(report.refunds.sent).toBe(1);
    expect((await refundOf(r._id)).status).toBe('PROCESSING');
    // settled at WeChat, but every notification is lost
    const original = bed.sim.sender;
    bed.sim.sender = async () => 0;
    try {
      expect((await post(`/_sim/refunds/${r._id}/settle`, { status: 'SUCCESS' })).ok).toBe(true);
      expect((await refundOf(r._id)).status).toBe('PROCESSING');
      bed.gw.clock.now = new Date(bed.gw.clock.now.getTime() + 6 * 60_000);
      expect((await jobs()).refunds.queried).toBeGreaterThanOrEqual(1);
    } finally {
      bed.sim.sender = original;
    }
    expect((await refundOf(r._id)).status).toBe('SUCCESS');
  });

  it("WeChat's one-minute rule between refunds of a payment: the second waits PENDING and the timer sends it later", async () => {
    const { order } = await paidOrder(6000);
    await post('/_sim/config', { refundMinIntervalMs: 60_000 });
    try {
      const first = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: 1000, reason: '一' }, bed.owner);
      const second = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: 1000, reason: '二' }, bed.owner);
      expect(first.status).toBe('PROCESSING');
      expect(second).toMatchObject({ status: 'PENDING', error: expect.stringContaining('FREQUENCY_LIMITED') });
      expect(new Date(second.nextAttemptAt).getTime() - bed.gw.clock.now.getTime()).toBeGreaterThanOrEqual(60_000);
    } finally {
      await post('/_sim/config', { refundMinIntervalMs: 0 });
    }
    bed.gw.clock.now = new Date(bed.gw.clock.now.getTime() + 61_000);
    await jobs();
    expect((await refundOf(`${order._id}R2`)).status).toBe('PROCESSING');
    expect((await bed.getOrder(order._id)).refund.requested).toBe(2000);
  });

  it('a completed order wholly refunded gives back the points and experience it earned', async () => {
    const { order } = await paidOrder(9900);
    await completeOrder(bed.gw.db, order._id, 'fulfil', 'test', bed.gw.clock.now);
    const before = await bed.gw.ok('member', 'centre', {}, alice);
    expect(before.points.balance).toBeGreaterThan(0);
    const r = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: order.payment.amount, reason: '全额退款' }, bed.owner);
    await settle(r._id, 'SUCCESS');
    expect((await bed.getOrder(order._id)).status).toBe('closed');
    const after = await bed.gw.ok('member', 'centre', {}, alice);
    expect(before.points.balance - after.points.balance).toBe(order.points.earned);
  });

  it('only staff refund; bad input changes nothing', async () => {
    const { order } = await paidOrder(1000);
    const clerk = await bed.gw.merchantToken('clerk');
    expect((await bed.gw.call('orderAdmin', 'refund', { id: order._id, amount: 100, reason: 'x' }, clerk)).body.error.code).toBe('FORBIDDEN');
    expect((await bed.gw.call('orderAdmin', 'refund', { id: order._id, amount: 100, reason: 'x' }, alice)).body.error.code).toBe('FORBIDDEN');
    expect((await bed.gw.call('orderAdmin', 'refund', { id: order._id, amount: 0, reason: 'x' }, bed.owner)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await bed.getOrder(order._id)).refund.count).toBe(0);
  });
});

describe('cancellation of a paid order', () => {
  it('the shopper asks; the merchant rejects with a reason the shopper sees; asked again and agreed with a refund', async () => {
    const { order, sku } = await paidOrder(6600, 1, 10);
    const asked = await bed.gw.ok('order', 'cancel', { id: order._id, reason: '拍错了' }, alice);
    expect(asked.cancelRequest).toMatchObject({ status: 'pending', reason: '拍错了' });
    expect((await bed.gw.call('order', 'cancel', { id: order._id, reason: '再次' }, alice)).body.error.code).toBe('INVALID_STATE');
    const noReason = await bed.gw.call('orderAdmin', 'decideCancel', { id: order._id, decision: 'reject' }, bed.owner);
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED');
    await bed.gw.ok('orderAdmin', 'decideCancel', { id: order._id, decision: 'reject', reason: '已经打包，无法取消' }, bed.owner);
    const seen = await bed.gw.ok('order', 'get', { id: order._id }, alice);
    expect(seen).toMatchObject({ status: 'paid', cancelRequest: { status: 'rejected', rejectReason: '已经打包，无法取消' } });

    await bed.gw.ok('order', 'cancel', { id: order._id, reason: '还是不要了' }, alice);
    const agreed = await bed.gw.ok('orderAdmin', 'decideCancel', { id: order._id, decision: 'agree_refund' }, bed.owner);
    expect(agreed.order).toMatchObject({ status: 'closed', closeReason: 'refunded', cancelRequest: { status: 'agreed', refundNo: `${order._id}R1` } });
    expect(agreed.refund).toMatchObject({ status: 'PROCESSING', amount: order.payment.amount, source: 'cancel' });
    expect(await stockOf(sku)).toBe(10);
    await settle(agreed.refund._id, 'SUCCESS');
    expect(await stockOf(sku)).toBe(10);
    expect((await bed.getOrder(order._id)).refund).toMatchObject({ refunded: order.payment.amount });
  });

  it('agreed without refund, or closed by the merchant without or with refund; shipped orders go through after-sales', async () => {
    const a = await paidOrder(1200);
    await bed.gw.ok('order', 'cancel', { id: a.order._id, reason: '不要了' }, alice);
    const r = await bed.gw.ok('orderAdmin', 'decideCancel', { id: a.order._id, decision: 'agree' }, bed.owner);
    expect(r).toMatchObject({ refund: null, order: { status: 'closed', closeReason: 'merchant_close', cancelRequest: { status: 'agreed', refundNo: null } } });

    const b = await paidOrder(1300);
    const closed = await bed.gw.ok('orderAdmin', 'closeAndRefund', { id: b.order._id, reason: '缺货' }, bed.owner);
    expect(closed.order.status).toBe('closed');
    expect(closed.refund.amount).toBe(b.order.payment.amount);
    // nothing is left to refund
    expect((await bed.gw.call('orderAdmin', 'refund', { id: b.order._id, amount: 1, reason: 'x' }, bed.owner)).body.error.code).toBe('REFUND_EXCEEDS_PAID');
    expect((await bed.gw.call('orderAdmin', 'decideCancel', { id: b.order._id, decision: 'agree' }, bed.owner)).body.error.code).toBe('INVALID_STATE');
  });
});

describe('issue 13: 已售 and experience follow what was paid for goods', () => {
  const salesOf = async (productId: string) => ((await bed.gw.db.collection('products').doc(productId).get()).data[0] as any).sales as number;
  const xpOf = async () => ((await bed.gw.db.collection('shoppers').doc('local-refund-alice').get()).data[0] as any)?.experience ?? 0;
  const applyRefund = async (order: any, quantity: number) => {
    const line = order.lines[0];
    const amount = Math.floor((line.payable * quantity) / line.quantity);
    const a = await bed.gw.ok('aftersale', 'apply', { orderId: order._id, type: 'refund', lines: [{ skuId: line.skuId, quantity }], reason: '少件/漏发', amount }, alice);
    const agreed = await bed.gw.ok('aftersaleAdmin', 'decide', { id: a._id, decision: 'agree' }, bed.owner);
    return { no: agreed.refundNo as string, amount };
  };

  it('paying adds the units to 已售 once (a repeated notification adds nothing) and the sales sort follows; a refund of 1 unit takes 1 back, a money-only refund none, a cancellation the rest', async () => {
    const quiet = await bed.product(100, 50);
    const quietProduct = ((await bed.gw.db.collection('skus').doc(quiet).get()).data[0] as any).productId as string;
    const { order } = await paidOrder(3000, 3);
    const productId = order.lines[0].productId as string;
    expect(await salesOf(productId)).toBe(3);
    expect(await payOrder(bed.gw.db, order._id, { transactionId: order.payment.transactionId, amount: order.payment.amount, outTradeNo: order.payment.outTradeNo }, bed.gw.clock.now)).toBe('already_paid');
    expect(await salesOf(productId)).toBe(3);
    const list = await bed.gw.ok('catalog', 'list', { sort: 'sales', keyword: '支付测试商品', page: 1, pageSize: 100 });
    const ids = list.items.map((c: any) => c._id);
    expect(list.items.find((c: any) => c._id === productId).sales).toBe(3);
    expect(ids.indexOf(productId)).toBeLessThan(ids.indexOf(quietProduct));

    const r = await applyRefund(order, 1);
    await settle(r.no, 'SUCCESS');
    expect(await salesOf(productId)).toBe(2);
    await settleRefund({ db: bed.gw.db, now: () => bed.gw.clock.now, notifyUrl: '' }, r.no, 'SUCCESS');
    expect(await salesOf(productId)).toBe(2);

    const money = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: 100, reason: '差价' }, bed.owner);
    await settle(money._id, 'SUCCESS');
    expect(await salesOf(productId)).toBe(2);

    await bed.gw.ok('orderAdmin', 'closeAndRefund', { id: order._id, reason: '缺货' }, bed.owner);
    expect(await salesOf(productId)).toBe(0);
    expect(await salesOf(quietProduct)).toBe(0);
  });

  it('experience is earned on goods paid (freight excluded); a partial refund takes back what the refunded goods earned, once; the full refund the rest', async () => {
    const { order } = await paidOrder(3000, 3);
    expect(order.amounts.freightPayable).toBeGreaterThan(0);
    const before = await xpOf();
    await completeOrder(bed.gw.db, order._id, 'fulfil', 'test', bed.gw.clock.now);
    expect((await xpOf()) - before).toBe(90);

    const part = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: 3000, reason: '少发一件' }, bed.owner);
    await settle(part._id, 'SUCCESS');
    expect((await xpOf()) - before).toBe(60);
    await settleRefund({ db: bed.gw.db, now: () => bed.gw.clock.now, notifyUrl: '' }, part._id, 'SUCCESS');
    expect((await xpOf()) - before).toBe(60);
    const entry = (await bed.gw.db.collection('points_ledger').doc(`refund:${part._id}`).get()).data[0] as any;
    expect(entry).toMatchObject({ kind: 'revoke', experience: -30, orderId: order._id });

    const rest = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: order.payment.amount - 3000, reason: '全部退' }, bed.owner);
    await settle(rest._id, 'SUCCESS');
    expect((await bed.getOrder(order._id)).status).toBe('closed');
    expect((await xpOf()) - before).toBe(0);
  });

  it('a refund before completion lowers what completion grants', async () => {
    const { order } = await paidOrder(2000, 2);
    const before = await xpOf();
    const part = await bed.gw.ok('orderAdmin', 'refund', { id: order._id, amount: 2000, reason: '少发一件' }, bed.owner);
    await settle(part._id, 'SUCCESS');
    await completeOrder(bed.gw.db, order._id, 'fulfil', 'test', bed.gw.clock.now);
    expect((await xpOf()) - before).toBe(20);
  });
});

describe("WeChat's shipping-information upload", () => {
  it('shipping a paid order queues the upload; the jobs send it', async () => {
    const { order } = await paidOrder(2000);
    await bed.gw.ok('orderAdmin', 'ship', { id: order._id, company: '圆通速递', trackingNo: 'YT12345678' }, bed.owner);
    const [queued] = await bed.gw.ok('orderAdmin', 'shippingUploads', { id: order._id }, bed.owner);
    expect(queued).toMatchObject({ status: 'pending', payload: { logistics_type: 1, order_key: { out_trade_no: order.payment.outTradeNo }, shipping_list: [{ express_company: 'YTO', tracking_no: 'YT12345678' }] } });
    const { simulatedUploader } = await import('@shop/functions/shared/domain/fulfilment/wxShipping');
    const r = await runDueJobs(bed.gw.db, bed.gw.clock.now, { notifyUrl: bed.gw.url + NOTIFY_PATH, shippingUploader: simulatedUploader });
    expect(r.shippingInfo.sent).toBeGreaterThanOrEqual(1);
    expect((await bed.gw.ok('orderAdmin', 'shippingUploads', { id: order._id }, bed.owner))[0]).toMatchObject({ status: 'sent', uploader: 'sim' });
  });
});
