/** After-sales requests end to end through the gateway, refunds through the WeChat Pay simulator. */
import { completeOrder } from '@shop/functions/shared/domain/orders/lifecycle';
import { shareOf } from '@shop/functions/shared/domain/aftersales/aftersales';
import { startPayBed, type PayBed } from './paytest';
import { makePng } from './testPng';

let bed: PayBed;
let alice: string;
let bob: string;
const ADDRESS = { name: '售后部', phone: '021-12345678', address: '上海市黄浦区人民路 100 号 售后仓' };

beforeAll(async () => {
  // refunds settle by themselves shortly after they are made, as WeChat's do: late enough that the answer to the
  // request that made one is formed first even on a loaded machine (at 50 ms the settle sometimes won under load)
  bed = await startPayBed({ refunds: { autoSettle: { status: 'SUCCESS', afterMs: 400 } } });
  alice = await bed.gw.shopperToken('as-alice');
  bob = await bed.gw.shopperToken('as-bob');
});
afterAll(() => bed.close());

const post = (path: string, body: unknown) =>
  fetch(`${bed.simUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const stockOf = async (sku: string) => ((await bed.gw.db.collection('skus').doc(sku).get()).data[0] as any).stock as number;
const get = (id: string, token = alice) => bed.gw.ok('aftersale', 'get', { id }, token);

async function paidOrder(lines: { price: number; quantity: number }[], opts: { completed?: boolean } = {}) {
  const skus: string[] = [];
  for (const l of lines) skus.push(await bed.product(l.price, 50));
  const o = await bed.order(alice, lines.map((l, i) => ({ skuId: skus[i], quantity: l.quantity })));
  await bed.gw.ok('order', 'pay', { id: o._id }, alice);
  await post('/_sim/pay', { out_trade_no: o._id, outcome: 'success' });
  await bed.until(async () => (await bed.getOrder(o._id)).status === 'paid', 'paid');
  if (opts.completed) await completeOrder(bed.gw.db, o._id, 'fulfil', 'test', bed.gw.clock.now);
  return { skus, order: await bed.getOrder(o._id) };
}

describe('shares', () => {
  it.each([
    // line (quantity, payable), claimed, asked → share
    [{ quantity: 3, payable: 1000 }, { quantity: 0, amount: 0 }, 1, 333],
    [{ quantity: 3, payable: 1000 }, { quantity: 1, amount: 333 }, 1, 333],
    [{ quantity: 3, payable: 1000 }, { quantity: 2, amount: 666 }, 1, 334],
    [{ quantity: 3, payable: 1000 }, { quantity: 0, amount: 0 }, 3, 1000],
    [{ quantity: 1, payable: 0 }, { quantity: 0, amount: 0 }, 1, 0],
  ])('%o claimed %o, asking %i → %i', (line, claimed, q, share) => expect(shareOf(line, claimed, q)).toBe(share));
  it('refuses more than is left', () => expect(() => shareOf({ quantity: 2, payable: 10 }, { quantity: 2, amount: 10 }, 1)).toThrow(RangeError));
});

describe('refund only', () => {
  it('asks for part of a line, the merchant agrees, the refund runs and both sides see every step', async () => {
    const { order } = await paidOrder([{ price: 3000, quantity: 3 }]);
    const quote = await bed.gw.ok('aftersale', 'quote', { orderId: order._id }, alice);
    expect(quote).toMatchObject({ types: ['refund'], lines: [{ available: 3 }] });
    const line = order.lines[0];
    const max = Math.floor(line.payable / 3);
    const tooMuch = await bed.gw.call('aftersale', 'apply', { orderId: order._id, type: 'refund', lines: [{ skuId: line.skuId, quantity: 1 }], reason: '少件/漏发', amount: max + 1 }, alice);
    expect(tooMuch.body.error).toMatchObject({ code: 'AFTERSALE_AMOUNT_TOO_HIGH', details: { max } });
    // returns need the goods received first
    const early = await bed.gw.call('aftersale', 'apply', { orderId: order._id, type: 'return_refund', lines: [{ skuId: line.skuId, quantity: 1 }], reason: '不想要了', amount: 100 }, alice);
    expect(early.body.error.code).toBe('INVALID_STATE');

    const a = await bed.gw.ok(
      'aftersale',
      'apply',
      { orderId: order._id, type: 'refund', lines: [{ skuId: line.skuId, quantity: 1 }], reason: '少件/漏发', description: '只收到两件', amount: max, evidence: ['/assets/uploads/x.png'] },
      alice,
    );
    expect(a).toMatchObject({ _id: `${order._id}A1`, status: 'pending', amount: max, maxAmount: max, lines: [{ quantity: 1, share: max }] });
    expect((await bed.gw.call('aftersale', 'get', { id: a._id }, bob)).body.error.code).toBe('NOT_FOUND');
    expect((await bed.gw.ok('orderAdmin', 'counts', {}, bed.owner)).aftersales).toBeGreaterThanOrEqual(1);

    const agreed = await bed.gw.ok('aftersaleAdmin', 'decide', { id: a._id, decision: 'agree' }, bed.owner);
    expect(agreed).toMatchObject({ status: 'refunding', refundNo: `${order._id}R1`, refund: { amount: max } });
    const done = await bed.until(async () => ((await get(a._id)).status === 'refunded' ? get(a._id) : null), 'refunded');
    expect(done.refund.status).toBe('SUCCESS');
    expect(done.history.map((h: any) => h.action)).toEqual(['apply', 'agreeRefund', 'refunded']);
    expect((await bed.getOrder(order._id))).toMatchObject({ status: 'paid', refund: { refunded: max } });
    // the two other units remain, and no more
    expect((await bed.gw.ok('aftersale', 'quote', { orderId: order._id }, alice)).lines[0].available).toBe(2);
  });

  it('rejected with a reason the shopper sees; the units are free again; a withdrawn request too', async () => {
    const { order } = await paidOrder([{ price: 1000, quantity: 1 }]);
    const skuId = order.lines[0].skuId;
    const apply = () => bed.gw.ok('aftersale', 'apply', { orderId: order._id, type: 'refund', lines: [{ skuId, quantity: 1 }], reason: '不想要了', amount: 500 }, alice);
    const a = await apply();
    // the same unit cannot be asked for twice
    expect((await bed.gw.call('aftersale', 'apply', { orderId: order._id, type: 'refund', lines: [{ skuId, quantity: 1 }], reason: 'x', amount: 1 }, alice)).body.error.code).toBe('VALIDATION_FAILED');
    const noReason = await bed.gw.call('aftersaleAdmin', 'decide', { id: a._id, decision: 'reject' }, bed.owner);
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED');
    await bed.gw.ok('aftersaleAdmin', 'decide', { id: a._id, decision: 'reject', reason: '商品已发出，请收货后申请' }, bed.owner);
    expect(await get(a._id)).toMatchObject({ status: 'rejected', rejectReason: '商品已发出，请收货后申请' });
    const b = await apply();
    expect((await bed.gw.ok('aftersale', 'cancel', { id: b._id }, alice)).status).toBe('cancelled');
    expect((await bed.gw.call('aftersaleAdmin', 'decide', { id: b._id, decision: 'agree' }, bed.owner)).body.error.code).toBe('ILLEGAL_TRANSITION');
    const c = await apply();
    // each request of an order has its own number; earlier ones keep their history
    expect([a._id, b._id, c._id]).toEqual([`${order._id}A1`, `${order._id}A2`, `${order._id}A3`]);
    expect((await get(a._id)).status).toBe('rejected');
    expect((await bed.gw.ok('aftersale', 'mine', { orderId: order._id }, alice)).total).toBe(3);
    expect((await bed.gw.ok('aftersale', 'quote', { orderId: order._id, lines: [{ skuId, quantity: 1 }] }, alice)).max).toBe(0);
  });
});

describe('return and refund, exchange', () => {
  it('return: agreed with an address, sent back with a tracking number, received, refunded, restocked', async () => {
    const { order, skus } = await paidOrder([{ price: 5000, quantity: 2 }, { price: 2000, quantity: 1 }], { completed: true });
    const stockBefore = await stockOf(skus[0]);
    const line = order.lines[0];
    const a = await bed.gw.ok('aftersale', 'apply', { orderId: order._id, type: 'return_refund', lines: [{ skuId: line.skuId, quantity: 2 }], reason: '商品质量问题', amount: line.payable }, alice);
    const missing = await bed.gw.call('aftersaleAdmin', 'decide', { id: a._id, decision: 'agree' }, bed.owner);
    expect(missing.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'returnAddress' }] });
    await bed.gw.ok('aftersaleAdmin', 'decide', { id: a._id, decision: 'agree', returnAddress: ADDRESS }, bed.owner);
    expect(await get(a._id)).toMatchObject({ status: 'awaiting_return', returnAddress: ADDRESS });
    // the merchant cannot confirm goods that were not sent
    expect((await bed.gw.call('aftersaleAdmin', 'receive', { id: a._id }, bed.owner)).body.error.code).toBe('ILLEGAL_TRANSITION');
    expect((await bed.gw.call('aftersale', 'shipBack', { id: a._id, company: '顺丰速运', trackingNo: '12' }, alice)).body.error.code).toBe('VALIDATION_FAILED');
    await bed.gw.ok('aftersale', 'shipBack', { id: a._id, company: '顺丰速运', trackingNo: 'SF1234567890' }, alice);
    const received = await bed.gw.ok('aftersaleAdmin', 'receive', { id: a._id }, bed.owner);
    expect(received).toMatchObject({ status: 'refunding', returnParcel: { company: '顺丰速运', trackingNo: 'SF1234567890' } });
    expect(await stockOf(skus[0])).toBe(stockBefore + 2);
    await bed.until(async () => (await get(a._id)).status === 'refunded', 'refunded');
    const o = await bed.getOrder(order._id);
    expect(o).toMatchObject({ status: 'completed', refund: { refunded: line.payable } });
    const admin = await bed.gw.ok('aftersaleAdmin', 'get', { id: a._id }, bed.owner);
    expect(admin.history.map((h: any) => h.action)).toEqual(['apply', 'agreeReturn', 'shipBack', 'receive', 'refunded']);
  });

  it('exchange: nothing refunded; the merchant ships the new goods and the shopper confirms', async () => {
    const { order } = await paidOrder([{ price: 8000, quantity: 1 }], { completed: true });
    const skuId = order.lines[0].skuId;
    expect((await bed.gw.call('aftersale', 'apply', { orderId: order._id, type: 'exchange', lines: [{ skuId, quantity: 1 }], reason: '尺码不合适', amount: 1 }, alice)).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
    const a = await bed.gw.ok('aftersale', 'apply', { orderId: order._id, type: 'exchange', lines: [{ skuId, quantity: 1 }], reason: '尺码不合适', amount: 0 }, alice);
    await bed.gw.ok('aftersaleAdmin', 'decide', { id: a._id, decision: 'agree', returnAddress: ADDRESS }, bed.owner);
    await bed.gw.ok('aftersale', 'shipBack', { id: a._id, company: '中通快递', trackingNo: 'ZT000111222' }, alice);
    expect((await bed.gw.call('aftersaleAdmin', 'receive', { id: a._id }, bed.owner)).body.error.code).toBe('INVALID_STATE');
    await bed.gw.ok('aftersaleAdmin', 'shipExchange', { id: a._id, company: '中通快递', trackingNo: 'ZT999888777' }, bed.owner);
    const done = await bed.gw.ok('aftersale', 'confirmExchange', { id: a._id }, alice);
    expect(done).toMatchObject({ status: 'completed', refundNo: null, exchangeParcel: { trackingNo: 'ZT999888777' } });
    expect((await bed.getOrder(order._id)).refund.requested).toBe(0);
  });

  it('requests for every line and the whole amount close the order as refunded', async () => {
    const { order } = await paidOrder([{ price: 1500, quantity: 1 }], { completed: true });
    const all = order.payment.amount;
    const a = await bed.gw.ok('aftersale', 'apply', { orderId: order._id, type: 'refund', lines: [{ skuId: order.lines[0].skuId, quantity: 1 }], reason: '商品与描述不符', amount: Math.min(all, order.lines[0].payable) }, alice);
    await bed.gw.ok('aftersaleAdmin', 'decide', { id: a._id, decision: 'agree' }, bed.owner);
    await bed.until(async () => (await get(a._id)).status === 'refunded', 'refunded');
    const o = await bed.getOrder(order._id);
    if (order.lines[0].payable === all) expect(o.status).toBe('closed');
    const list = await bed.gw.ok('aftersaleAdmin', 'list', { orderId: order._id }, bed.owner);
    expect(list.total).toBe(1);
    // the admin's other filters (issue 17): the shopper, the day applied, the type and state
    const ids = (q: Record<string, unknown>) => bed.gw.ok('aftersaleAdmin', 'list', { orderId: order._id, ...q }, bed.owner).then((p: any) => p.items.map((x: any) => x._id));
    const at = Date.parse(a.createdAt);
    expect(await ids({ openid: a.openid, type: 'refund', status: 'refunded' })).toEqual([a._id]);
    expect(await ids({ openid: 'someone-else' })).toEqual([]);
    expect(await ids({ createdFrom: new Date(at - 1000).toISOString(), createdTo: new Date(at + 1000).toISOString() })).toEqual([a._id]);
    expect(await ids({ createdFrom: new Date(at + 1000).toISOString() })).toEqual([]);
    expect(await ids({ createdTo: new Date(at - 1000).toISOString() })).toEqual([]);
    expect((await bed.gw.ok('aftersale', 'mine', {}, alice)).items.map((x: any) => x._id)).toContain(a._id);
  });
});

describe('evidence', () => {
  it("accepts only the shop's own uploads as evidence pictures; anything else is refused by path and writes nothing", async () => {
    const { order } = await paidOrder([{ price: 2000, quantity: 1 }]);
    const { url } = await bed.gw.ok('aftersale', 'uploadEvidence', { filename: 'proof.png', contentBase64: makePng(4, 4).toString('base64') }, alice);
    expect(url).toMatch(/^\/assets\/uploads\/[0-9a-f]{64}\.png$/);
    const line = order.lines[0];
    const apply = (evidence: string[]) =>
      bed.gw.call('aftersale', 'apply', { orderId: order._id, type: 'refund', lines: [{ skuId: line.skuId, quantity: 1 }], reason: '少件/漏发', amount: 100, evidence }, alice);
    for (const bad of [
      'https://evil.example/x.png',
      '//evil.example/assets/uploads/x.png',
      'http://127.0.0.1:3000/assets/uploads/x.png',
      '/assets/uploads/../../etc/passwd',
      '/assets/uploads/x.png?u=https://evil.example',
      '/assets/demo/x.png',
      'javascript:alert(1)',
    ]) {
      const r = await apply([url, bad]);
      expect([bad, r.status, r.body.error?.code, r.body.error?.details?.[0]?.path]).toEqual([bad, 400, 'VALIDATION_FAILED', 'evidence.1']);
    }
    expect((await bed.gw.ok('aftersale', 'mine', {}, alice)).items.filter((a: any) => a.orderId === order._id)).toEqual([]);
    const ok = await apply([url]);
    expect(ok.body.data).toMatchObject({ status: 'pending', evidence: [url] });
  });
});
