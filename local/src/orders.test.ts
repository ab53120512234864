/** Cart, checkout and orders through the gateway against the real local database. */
import { completeOrder, payOrder } from '@shop/functions/shared/domain/orders/lifecycle';
import { runDueJobs } from '@shop/functions/shared/domain/jobs';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
let alice: string;
let bob: string;
let seq = 0;

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  alice = await gw.shopperToken('alice');
  bob = await gw.shopperToken('bob');
  await gw.db.collection('stores').doc('store-1').set({ name: '人民路店', address: '上海市人民路 1 号' });
});
afterAll(() => gw.close());

/** A product on shelf with one SKU per price; answers the SKU ids. */
async function product(prices: number[], stock = 10, over: Record<string, unknown> = {}) {
  seq++;
  const p = await gw.ok(
    'productAdmin',
    'create',
    {
      name: `商品${seq}`,
      code: `P${seq}`,
      specs: prices.length > 1 ? [{ name: '款', values: prices.map((_, i) => `款${i}`) }] : [],
      skus: prices.map((price, i) => ({ specValues: prices.length > 1 ? [`款${i}`] : [], price, originalPrice: 0, stock })),
      onShelf: true,
      pointsCoefficient: 1,
      ...over,
    },
    owner,
  );
  return { productId: p._id as string, skuIds: p.skus.map((s: any) => s._id as string) };
}
const address = (token: string) =>
  gw.ok('order', 'saveAddress', { name: '张三', phone: '13800000000', province: '上海', city: '上海', district: '黄浦', detail: '人民路 1 号' }, token);
const sku = async (id: string) => (await gw.db.collection('skus').doc(id).get()).data[0] as any;
const rid = () => `req-${Math.random().toString(36).slice(2)}-${Date.now()}`;

async function buy(token: string, items: { skuId: string; quantity: number }[], over: Record<string, unknown> = {}) {
  const preview = await gw.ok('order', 'preview', { source: { items }, couponId: null, ...over }, token);
  return gw.call('order', 'create', { source: { items }, couponId: null, ...over, clientRequestId: rid(), expectedPayable: preview.quote.payable }, token);
}

describe('cart', () => {
  test('add merges quantities, refuses more than the stock, and keeps carts apart', async () => {
    const { skuIds } = await product([1000], 3);
    let cart = await gw.ok('cart', 'add', { skuId: skuIds[0], quantity: 1 }, alice);
    cart = await gw.ok('cart', 'add', { skuId: skuIds[0], quantity: 2 }, alice);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]).toMatchObject({ quantity: 3, selected: true, price: 1000, problems: [] });
    const over = await gw.call('cart', 'add', { skuId: skuIds[0], quantity: 1 }, alice);
    expect(over.body.error.code).toBe('OUT_OF_STOCK');
    expect((await gw.ok('cart', 'get', {}, bob)).lines).toHaveLength(0);
    expect((await gw.ok('cart', 'count', {}, alice)).count).toBe(3);
    expect((await gw.call('cart', 'get', {}, owner)).body.error.code).toBe('FORBIDDEN');
    await gw.ok('cart', 'remove', { skuIds }, alice);
  });

  test('lines that went off shelf, sold out or changed price say so; only buyable selected lines count', async () => {
    const a = await product([1000], 5);
    const b = await product([2000], 5);
    const c = await product([3000], 5);
    for (const s of [a, b, c]) await gw.ok('cart', 'add', { skuId: s.skuIds[0], quantity: 2 }, bob);
    await gw.ok('productAdmin', 'batch', { ids: [a.productId], op: { kind: 'shelf', onShelf: false } }, owner);
    await gw.ok('productAdmin', 'batch', { ids: [b.productId], op: { kind: 'price', mode: 'set', value: 2500 } }, owner);
    await gw.ok('productAdmin', 'batch', { ids: [c.productId], op: { kind: 'stock', mode: 'set', value: 1 } }, owner);
    const cart = await gw.ok('cart', 'get', {}, bob);
    const by = (id: string) => cart.lines.find((l: any) => l.skuId === id);
    expect(by(a.skuIds[0]).problems).toEqual(['off_shelf']);
    expect(by(b.skuIds[0])).toMatchObject({ problems: ['price_changed'], price: 2500, priceWhenAdded: 2000 });
    expect(by(c.skuIds[0]).problems).toEqual(['insufficient_stock']);
    expect(cart.selectedAmount).toBe(5000);
    const un = await gw.ok('cart', 'select', { skuIds: [b.skuIds[0]], selected: false }, bob);
    expect(un.selectedAmount).toBe(0);
    await gw.ok('cart', 'remove', { skuIds: [a, b, c].map((s) => s.skuIds[0]) }, bob);
  });
});

describe('checkout and order creation', () => {
  test('the quote comes from the database: freight, address, breakdown; the client price is checked, not trusted', async () => {
    const { skuIds } = await product([4500], 10);
    const addr = await address(alice);
    const items = [{ skuId: skuIds[0], quantity: 2 }];
    const preview = await gw.ok('order', 'preview', { source: { items }, couponId: null }, alice);
    expect(preview.delivery).toMatchObject({ method: 'express', addressId: addr._id });
    expect(preview.quote).toMatchObject({ goodsAmount: 9000, freight: 1000, payable: 10000 });
    expect(preview.quote.steps[0]).toMatchObject({ kind: 'goods', amountAfter: 10000 });

    const wrong = await gw.call('order', 'create', { source: { items }, couponId: null, clientRequestId: rid(), expectedPayable: 1 }, alice);
    expect(wrong.body.error.code).toBe('PRICE_CHANGED');
    expect(wrong.body.error.details.preview.quote.payable).toBe(10000);
    expect((await sku(skuIds[0])).stock).toBe(10);

    const pickup = await gw.ok('order', 'preview', { source: { items }, couponId: null, delivery: { method: 'pickup' } }, alice);
    expect(pickup.quote).toMatchObject({ freight: 0, payable: 9000 });
    expect(pickup.delivery.storeId).toBe('store-1');
  });

  test("one shopper's request id never answers another shopper's order, however the two strings split", async () => {
    const { skuIds } = await product([1500], 10);
    const items = [{ skuId: skuIds[0], quantity: 1 }];
    // openid "local-k" with request "x:req-0001" and openid "local-k:x" with request "req-0001" once shared a key
    const first = await gw.shopperToken('k');
    const second = await gw.shopperToken('k:x');
    const place = async (token: string, clientRequestId: string) => {
      await address(token);
      const preview = await gw.ok('order', 'preview', { source: { items }, couponId: null }, token);
      return gw.ok('order', 'create', { source: { items }, couponId: null, clientRequestId, expectedPayable: preview.quote.payable }, token);
    };
    const a = await place(first, 'x:req-0001');
    const b = await place(second, 'req-0001');
    expect(b._id).not.toBe(a._id);
    expect(b.openid).toBe('local-k:x');
    // and the same request again still answers its own order
    expect((await place(first, 'x:req-0001'))._id).toBe(a._id);
  });

  test('an order takes stock, records its breakdown, and a double tap makes one order', async () => {
    const { skuIds, productId } = await product([1999], 10);
    await address(bob);
    const items = [{ skuId: skuIds[0], quantity: 3 }];
    const preview = await gw.ok('order', 'preview', { source: { items }, couponId: null }, bob);
    const input = { source: { items }, couponId: null, clientRequestId: rid(), expectedPayable: preview.quote.payable };
    const [r1, r2, r3] = await Promise.all([1, 2, 3].map(() => gw.call('order', 'create', input, bob)));
    const ids = [r1, r2, r3].map((r) => r.body.data?._id);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^\d{20}$/);
    expect((await sku(skuIds[0])).stock).toBe(7);
    const product_ = (await gw.db.collection('products').doc(productId).get()).data[0] as any;
    expect(product_.stockTotal).toBe(7);
    const order = r1.body.data;
    expect(order).toMatchObject({ status: 'unpaid', amounts: { goods: 5997, freight: 1000, payable: 6997 } });
    expect(order.lines[0]).toMatchObject({ quantity: 3, payable: 5997, stockTaken: true });
    expect(order.closeAt).toBe(new Date(gw.clock.now.getTime() + 30 * 60_000).toISOString());
    expect(order.clientRequestId).toBeUndefined();
    // the other shopper cannot see it
    expect((await gw.call('order', 'get', { id: order._id }, alice)).body.error.code).toBe('NOT_FOUND');
    const mine = await gw.ok('order', 'list', { status: 'unpaid' }, bob);
    expect(mine.items.map((o: any) => o._id)).toContain(order._id);
  });

  test('express needs an address; same-city is not offered yet; bad input changes nothing', async () => {
    const { skuIds } = await product([100], 5);
    const carol = await gw.shopperToken('carol');
    const items = [{ skuId: skuIds[0], quantity: 1 }];
    const noAddr = await gw.call('order', 'create', { source: { items }, couponId: null, clientRequestId: rid(), expectedPayable: 1100 }, carol);
    expect(noAddr.body.error.code).toBe('VALIDATION_FAILED');
    const local = await gw.call('order', 'preview', { source: { items }, delivery: { method: 'local' } }, carol);
    expect(local.body.error.code).toBe('DELIVERY_NOT_AVAILABLE');
    const tooMany = await gw.call('order', 'preview', { source: { items: [{ skuId: skuIds[0], quantity: 6 }] } }, carol);
    expect(tooMany.body.error.code).toBe('OUT_OF_STOCK');
    expect((await gw.call('order', 'preview', { source: { cart: true } }, carol)).body.error.code).toBe('NOTHING_SELECTED');
    expect((await sku(skuIds[0])).stock).toBe(5);
  });

  test('checkout from the cart empties the bought lines', async () => {
    const { skuIds } = await product([500], 5);
    await gw.ok('cart', 'add', { skuId: skuIds[0], quantity: 2 }, alice);
    const preview = await gw.ok('order', 'preview', { source: { cart: true }, couponId: null }, alice);
    expect(preview.lines.map((l: any) => l.skuId)).toEqual([skuIds[0]]);
    await gw.ok('order', 'create', { source: { cart: true }, couponId: null, clientRequestId: rid(), expectedPayable: preview.quote.payable }, alice);
    expect((await gw.ok('cart', 'get', {}, alice)).lines).toHaveLength(0);
  });

  test('100 shoppers racing for the last 10 units: exactly 10 orders, stock 0, nobody oversold', async () => {
    const { skuIds } = await product([990], 10);
    const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => gw.shopperToken(`racer-${i}`)));
    const items = [{ skuId: skuIds[0], quantity: 1 }];
    const results = await Promise.all(
      tokens.map((t) =>
        gw.call('order', 'create', { source: { items }, couponId: null, delivery: { method: 'pickup' }, clientRequestId: rid(), expectedPayable: 990 }, t),
      ),
    );
    const ok = results.filter((r) => r.body.ok);
    const codes = results.filter((r) => !r.body.ok).map((r) => r.body.error.code);
    expect(ok).toHaveLength(10);
    expect(new Set(codes)).toEqual(new Set(['OUT_OF_STOCK']));
    expect((await sku(skuIds[0])).stock).toBe(0);
    const { total } = await gw.db.collection('orders').where({ 'lines.skuId': skuIds[0] }).count();
    expect(total).toBe(10);
  });
});

describe('closing, paying and the races between them', () => {
  test('the shopper cancels an unpaid order: stock and points come back once; a second cancel is refused', async () => {
    const { skuIds } = await product([10000], 4);
    const dave = await gw.shopperToken('dave');
    await address(dave);
    await gw.ok('customerAdmin', 'adjustPoints', { openid: 'local-dave', delta: 5000, reason: 'test' }, owner);
    const r = await buy(dave, [{ skuId: skuIds[0], quantity: 2 }], { usePoints: true });
    const order = r.body.data;
    expect(order.points.used).toBeGreaterThan(0);
    expect((await gw.ok('member', 'centre', {}, dave)).points.balance).toBe(5000 - order.points.used);
    expect((await sku(skuIds[0])).stock).toBe(2);

    const closed = await gw.ok('order', 'cancel', { id: order._id, reason: '不想要了' }, dave);
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'shopper_cancel', released: { stock: true, points: order.points.used } });
    expect((await sku(skuIds[0])).stock).toBe(4);
    expect((await gw.ok('member', 'centre', {}, dave)).points.balance).toBe(5000);
    const again = await gw.call('order', 'cancel', { id: order._id, reason: 'x' }, dave);
    expect(again.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect((await sku(skuIds[0])).stock).toBe(4);
    expect((await gw.call('order', 'cancel', { id: order._id, reason: 'x' }, alice)).body.error.code).toBe('NOT_FOUND');
  });

  test('unpaid orders close by themselves after the configured time, once', async () => {
    await gw.ok('orderAdmin', 'saveSettings', { orders: { autoCloseMinutes: 15 } }, owner);
    const { skuIds } = await product([300], 3);
    const r = await buy(bob, [{ skuId: skuIds[0], quantity: 3 }]);
    expect((await sku(skuIds[0])).stock).toBe(0);
    const at = new Date(r.body.data.closeAt);
    expect(at.getTime() - gw.clock.now.getTime()).toBe(15 * 60_000);
    expect((await runDueJobs(gw.db, new Date(at.getTime() - 1000))).closedOrders).toBe(0);
    expect((await runDueJobs(gw.db, at)).closedOrders).toBeGreaterThanOrEqual(1);
    expect((await runDueJobs(gw.db, at)).closedOrders).toBe(0);
    expect((await sku(skuIds[0])).stock).toBe(3);
    const o = await gw.ok('order', 'get', { id: r.body.data._id }, bob);
    expect(o).toMatchObject({ status: 'closed', closeReason: 'timeout' });
    await gw.ok('orderAdmin', 'saveSettings', { orders: { autoCloseMinutes: 30 } }, owner);
  });

  test.each([1, 2, 3, 4, 5])('close racing a payment (round %i): exactly one wins; a payment that loses is kept as a late payment to refund', async () => {
    const { skuIds } = await product([700], 1);
    const r = await buy(alice, [{ skuId: skuIds[0], quantity: 1 }]);
    const id = r.body.data._id;
    const closeAt = new Date(r.body.data.closeAt);
    const [closeRun, paid] = await Promise.all([runDueJobs(gw.db, closeAt), payOrder(gw.db, id, { transactionId: `tx-${id}`, amount: r.body.data.amounts.payable, outTradeNo: 'otn' }, closeAt)]);
    const o = await gw.ok('order', 'get', { id }, alice);
    if (paid === 'paid') {
      expect(o.status).toBe('paid');
      expect(o.released).toBeNull();
      expect((await sku(skuIds[0])).stock).toBe(0);
    } else {
      expect(paid).toBe('late_payment');
      expect(closeRun.closedOrders).toBe(1);
      expect(o).toMatchObject({ status: 'closed', latePayments: [{ transactionId: `tx-${id}`, amount: 1700, outTradeNo: 'otn' }] });
      expect((await sku(skuIds[0])).stock).toBe(1);
    }
    // a duplicate notification changes nothing
    const again = await payOrder(gw.db, id, { transactionId: `tx-${id}`, amount: r.body.data.amounts.payable, outTradeNo: 'otn' }, closeAt);
    expect(again).toBe(paid === 'paid' ? 'already_paid' : 'late_payment');
    const after = await gw.ok('order', 'get', { id }, alice);
    expect(after.latePayments.length).toBe(paid === 'paid' ? 0 : 1);
  });

  test('in sequence: a payment after the close is a late payment; a close after the payment is refused', async () => {
    const { skuIds } = await product([700], 2);
    const first = (await buy(alice, [{ skuId: skuIds[0], quantity: 1 }])).body.data;
    await gw.ok('order', 'cancel', { id: first._id, reason: '拍错了' }, alice);
    expect(await payOrder(gw.db, first._id, { transactionId: 'tx-late', amount: first.amounts.payable, outTradeNo: 'otn' }, gw.clock.now)).toBe('late_payment');
    const late = await gw.ok('order', 'get', { id: first._id }, alice);
    expect(late).toMatchObject({ status: 'closed', latePayments: [{ transactionId: 'tx-late', amount: first.amounts.payable }] });
    expect((await sku(skuIds[0])).stock).toBe(2);

    const second = (await buy(alice, [{ skuId: skuIds[0], quantity: 1 }])).body.data;
    expect(await payOrder(gw.db, second._id, { transactionId: 'tx-ok', amount: second.amounts.payable, outTradeNo: 'otn' }, gw.clock.now)).toBe('paid');
    expect((await runDueJobs(gw.db, new Date(second.closeAt))).closedOrders).toBe(0);
    // a paid order is not closed by the shopper: it becomes a request the merchant decides (payflow tests)
    const asked = await gw.ok('order', 'cancel', { id: second._id, reason: 'x' }, alice);
    expect(asked).toMatchObject({ status: 'paid', cancelRequest: { status: 'pending', reason: 'x' } });
    expect((await sku(skuIds[0])).stock).toBe(1);
  });

  test('a wrong amount does not mark the order paid', async () => {
    const { skuIds } = await product([800], 2);
    const r = await buy(alice, [{ skuId: skuIds[0], quantity: 1 }]);
    expect(await payOrder(gw.db, r.body.data._id, { transactionId: 'tx-bad', amount: 1, outTradeNo: 'otn' }, gw.clock.now)).toBe('amount_mismatch');
    expect((await gw.ok('order', 'get', { id: r.body.data._id }, alice)).status).toBe('unpaid');
  });

  test('strategy "payment": stock is checked at order time and taken at payment', async () => {
    const { skuIds } = await product([600], 2, { stockStrategy: 'payment' });
    const r = await buy(bob, [{ skuId: skuIds[0], quantity: 2 }]);
    expect(r.body.data.lines[0].stockTaken).toBe(false);
    expect((await sku(skuIds[0])).stock).toBe(2);
    expect(await payOrder(gw.db, r.body.data._id, { transactionId: 'tx-p', amount: r.body.data.amounts.payable, outTradeNo: 'otn' }, gw.clock.now)).toBe('paid');
    expect((await sku(skuIds[0])).stock).toBe(0);
  });

  test('completion grants points on the sale price and experience once', async () => {
    const { skuIds } = await product([12345], 2);
    const erin = await gw.shopperToken('erin');
    await address(erin);
    const r = await buy(erin, [{ skuId: skuIds[0], quantity: 1 }]);
    const order = r.body.data;
    expect(order.points.earned).toBe(123);
    await payOrder(gw.db, order._id, { transactionId: 'tx-e', amount: order.amounts.payable, outTradeNo: 'otn' }, gw.clock.now);
    await gw.db.collection('orders').doc(order._id).update({ status: 'shipped' });
    await completeOrder(gw.db, order._id, 'complete', 'shopper', gw.clock.now);
    await expect(completeOrder(gw.db, order._id, 'complete', 'shopper', gw.clock.now)).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    const centre = await gw.ok('member', 'centre', {}, erin);
    expect(centre.points.balance).toBe(123);
    // experience on what was paid for goods: freight excluded (seed 优惠叠加)
    expect(order.amounts.freightPayable).toBeGreaterThan(0);
    expect(centre.experience).toBe(Math.ceil((order.amounts.payable - order.amounts.freightPayable) / 100));
  });
});

describe('the merchant side', () => {
  test('price change of an unpaid order: recorded, apportioned to the fen, seen by the shopper; refused once paid', async () => {
    const a = await product([3333], 5);
    const b = await product([6667], 5);
    const r = await buy(alice, [
      { skuId: a.skuIds[0], quantity: 1 },
      { skuId: b.skuIds[0], quantity: 1 },
    ]);
    const id = r.body.data._id;
    const changed = await gw.ok('orderAdmin', 'changePrice', { id, payable: 8000, reason: '老客户优惠' }, owner);
    expect(changed.amounts).toMatchObject({ payable: 8000, adjustment: 8000 - 11000 });
    expect(changed.lines.reduce((n: number, l: any) => n + l.payable, 0) + changed.amounts.freightPayable).toBe(8000);
    expect(changed.priceChanges).toEqual([expect.objectContaining({ from: 11000, to: 8000, reason: '老客户优惠', by: 'merchant:t-owner' })]);
    expect((await gw.ok('order', 'get', { id }, alice)).amounts.payable).toBe(8000);
    const operator = await gw.merchantToken('operator');
    const raised = await gw.ok('orderAdmin', 'changePrice', { id, payable: 9000, reason: '运费' }, operator);
    expect(raised.lines.reduce((n: number, l: any) => n + l.payable, 0) + raised.amounts.freightPayable).toBe(9000);
    await payOrder(gw.db, id, { transactionId: 'tx-c', amount: 9000, outTradeNo: 'otn' }, gw.clock.now);
    expect((await gw.call('orderAdmin', 'changePrice', { id, payable: 100, reason: 'x' }, owner)).body.error.code).toBe('ILLEGAL_TRANSITION');
    const clerk = await gw.merchantToken('clerk');
    expect((await gw.call('orderAdmin', 'changePrice', { id, payable: 100, reason: 'x' }, clerk)).body.error.code).toBe('FORBIDDEN');
    expect((await gw.call('orderAdmin', 'list', {}, alice)).body.error.code).toBe('FORBIDDEN');
  });

  test('settings: a patch changes only what it names, also when two admins save different sections at once', async () => {
    const before = await gw.ok('orderAdmin', 'settings', {}, owner);
    await Promise.all([
      gw.ok('orderAdmin', 'saveSettings', { orders: { defaultFreight: 800 } }, owner),
      gw.ok('customerAdmin', 'savePointsRules', { points: { maxPercent: 30 } }, owner),
    ]);
    const after = await gw.ok('orderAdmin', 'settings', {}, owner);
    expect(after).toEqual({ ...before, orders: { ...before.orders, defaultFreight: 800 }, points: { ...before.points, maxPercent: 30 } });
    const operator = await gw.merchantToken('operator');
    expect((await gw.call('orderAdmin', 'saveSettings', { orders: { defaultFreight: 1 } }, operator)).body.error.code).toBe('FORBIDDEN');
    await gw.ok('orderAdmin', 'saveSettings', { orders: { defaultFreight: before.orders.defaultFreight } }, owner);
    await gw.ok('customerAdmin', 'savePointsRules', { points: { maxPercent: before.points.maxPercent } }, owner);
  });

  test('order list filters, stars and pending counts', async () => {
    const { skuIds, productId } = await product([4321], 5, { name: '搜索用的茶杯' });
    const r = await buy(bob, [{ skuId: skuIds[0], quantity: 1 }]);
    const id = r.body.data._id;
    await gw.ok('orderAdmin', 'star', { id, star: 'red' }, owner);
    const find = (q: Record<string, unknown>) => gw.ok('orderAdmin', 'list', q, owner).then((p) => p.items.map((o: any) => o._id));
    expect(await find({ productName: '茶杯' })).toEqual([id]);
    expect(await find({ productId })).toEqual([id]);
    expect(await find({ orderId: id })).toEqual([id]);
    expect(await find({ orderId: id.slice(0, 17), productId })).toEqual([id]);
    expect(await find({ productName: '2026', productId })).toEqual([]);
    expect(await find({ consignee: '张三', productId })).toEqual([id]);
    expect(await find({ tab: 'starred' })).toEqual([id]);
    expect(await find({ star: 'red', status: 'unpaid' })).toEqual([id]);
    expect(await find({ phone: '13800000000', productName: '茶杯' })).toEqual([id]);
    expect(await find({ minPayable: 5321, maxPayable: 5321 })).toEqual([id]);
    expect(await find({ tab: 'closed', productId })).toEqual([]);
    const counts = await gw.ok('orderAdmin', 'counts', {}, owner);
    expect(counts.unpaid).toBeGreaterThanOrEqual(1);
    expect(counts.pending).toBe(counts.paid + counts.aftersales);
  });

  test('order search (issue 17): tracking number, transaction number, product or SKU code, 退单申请, delivery method, after-sales state', async () => {
    const { skuIds, productId } = await product([2500, 2600], 5, { name: '检索用的茶壶' });
    const skuCode = (await sku(skuIds[1])).code as string;
    const placed = async (skuId: string, tx: string) => {
      const o = (await buy(alice, [{ skuId, quantity: 1 }])).body.data;
      await payOrder(gw.db, o._id, { transactionId: tx, amount: o.amounts.payable, outTradeNo: `otn-${tx}` }, gw.clock.now);
      return o._id as string;
    };
    const shippedOne = await placed(skuIds[0], 'tx-search-1');
    const cancelled = await placed(skuIds[1], 'tx-search-2');
    await gw.ok('orderAdmin', 'ship', { id: shippedOne, company: '顺丰速运', trackingNo: 'SF99887766' }, owner);
    await gw.ok('order', 'cancel', { id: cancelled, reason: '拍错了' }, alice);
    const find = (q: Record<string, unknown>) => gw.ok('orderAdmin', 'list', q, owner).then((p) => p.items.map((o: any) => o._id).sort());
    expect(await find({ trackingNo: 'SF99887766' })).toEqual([shippedOne]);
    expect(await find({ trackingNo: 'SF0000' })).toEqual([]);
    expect(await find({ transactionId: 'tx-search-2' })).toEqual([cancelled]);
    // a product's code finds every order of it; a SKU's code the orders of that SKU
    expect(await find({ productCode: `P${seq}` })).toEqual([shippedOne, cancelled].sort());
    expect(await find({ productCode: skuCode })).toEqual([cancelled]);
    expect(await find({ productCode: 'NO-SUCH-CODE' })).toEqual([]);
    expect(await find({ productCode: `P${seq}`, productId: 'someone-else' })).toEqual([]);
    expect(await find({ tab: 'cancelRequests', productId })).toEqual([cancelled]);
    expect(await find({ deliveryMethod: 'express', productId })).toEqual([shippedOne, cancelled].sort());
    expect(await find({ deliveryMethod: 'pickup', productId })).toEqual([]);
    expect(await find({ aftersaleStatus: 'pending', productId })).toEqual([]);
    await gw.ok('aftersale', 'apply', { orderId: shippedOne, type: 'refund', lines: [{ skuId: skuIds[0], quantity: 1 }], reason: '少件/漏发', amount: 100 }, alice);
    expect(await find({ aftersaleStatus: 'pending', productId })).toEqual([shippedOne]);
    expect(await find({ aftersaleStatus: 'pending', orderId: cancelled })).toEqual([]);
    const refused = await gw.call('orderAdmin', 'list', { deliveryMethod: 'drone' }, owner);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.error)).toContain('deliveryMethod');
  });

  test('campaigns: one discount campaign per product at a time, free shipping stacks, ended ones stay ended', async () => {
    const a = await product([20000], 5);
    const b = await product([20000], 5);
    const start = gw.clock.now.toISOString();
    const later = new Date(gw.clock.now.getTime() + 10 * 86400_000).toISOString();
    const reduce = await gw.ok(
      'campaignAdmin',
      'create',
      { name: '满100减15', rule: { kind: 'reduction', mode: 'tiered', tiers: [{ threshold: 10000, value: 1500 }] }, productIds: [a.productId], startsAt: start, endsAt: later },
      owner,
    );
    expect(reduce.status).toBe('running');
    const clash = await gw.call(
      'campaignAdmin',
      'create',
      { name: '全场9折', rule: { kind: 'discount', basis: 'amount', tiers: [{ threshold: 10000, value: 900 }] }, startsAt: start, endsAt: later },
      owner,
    );
    expect(clash.body.error.code).toBe('CAMPAIGN_CONFLICT');
    expect(clash.body.error.message).toContain('满100减15');
    const elsewhere = await gw.call(
      'campaignAdmin',
      'create',
      { name: 'B 9折', rule: { kind: 'discount', basis: 'amount', tiers: [{ threshold: 10000, value: 900 }] }, productIds: [b.productId], startsAt: start, endsAt: later },
      owner,
    );
    expect(elsewhere.body.ok).toBe(true);
    const afterwards = await gw.call(
      'campaignAdmin',
      'create',
      { name: '之后的9折', rule: { kind: 'discount', basis: 'amount', tiers: [{ threshold: 10000, value: 900 }] }, productIds: [a.productId], startsAt: later },
      owner,
    );
    expect(afterwards.body.ok).toBe(true);
    const ship = await gw.ok('campaignAdmin', 'create', { name: '全场包邮', rule: { kind: 'freeShipping', threshold: 0 }, startsAt: start, endsAt: later }, owner);

    const preview = await gw.ok('order', 'preview', { source: { items: [{ skuId: a.skuIds[0], quantity: 1 }] }, couponId: null }, alice);
    expect(preview.quote.steps.map((s: any) => [s.kind, s.id, s.off])).toEqual([
      ['goods', null, 0],
      ['campaign', reduce._id, 1500],
      ['campaign', ship._id, 1000],
    ]);
    expect(preview.quote.payable).toBe(18500);
    // the cart's estimate uses the same engine: the campaign, no freight yet
    const cart = await gw.ok('cart', 'add', { skuId: a.skuIds[0], quantity: 1 }, alice);
    expect(cart.estimate).toMatchObject({ goodsAmount: 20000, freight: 0, totalOff: 1500, payable: 18500 });
    await gw.ok('cart', 'remove', { skuIds: a.skuIds }, alice);
    expect((await gw.ok('cart', 'get', {}, alice)).estimate).toBeNull();

    await gw.ok('campaignAdmin', 'end', { id: reduce._id }, owner);
    expect((await gw.call('campaignAdmin', 'update', { id: reduce._id, name: 'x', rule: reduce.rule, startsAt: start }, owner)).body.error.code).toBe('INVALID_STATE');
    const list = await gw.ok('campaignAdmin', 'list', { status: 'running' }, owner);
    expect(list.items.map((c: any) => c._id)).not.toContain(reduce._id);
    for (const c of [ship._id, elsewhere.body.data._id, afterwards.body.data._id]) await gw.ok('campaignAdmin', 'delete', { id: c }, owner);
  });
});

describe('order numbers', () => {
  test('a number already taken is never reused: the next one is drawn inside the transaction', async () => {
    const { freeOrderNo } = await import('@shop/functions/shared/domain/orders/create');
    await gw.db.collection('orders').doc('20261123160000000001').set({ openid: 'someone', status: 'unpaid' });
    const drawn = ['20261123160000000001', '20261123160000000001', '20261123160000000002'];
    const got = await gw.db.runTransaction((tx) => freeOrderNo(tx, gw.clock.now, () => drawn.shift()!));
    expect(got).toBe('20261123160000000002');
    expect(drawn).toHaveLength(0);
  });
});
