/**
 * A customer's history for the merchant (issue 17): what they bought, kept in the orders' own transactions, and the
 * detail page's parts; the trade rebuilt from the orders equals the live figures.
 */
import { rebuildTrade } from '@shop/functions/shared/domain/members/tradeRebuild';
import { startPayBed, type PayBed } from './paytest';

let bed: PayBed;
let carol: string;
const OPENID = 'local-cust-carol';

beforeAll(async () => {
  bed = await startPayBed({ refunds: { autoSettle: { status: 'SUCCESS', afterMs: 300 } } });
  carol = await bed.gw.shopperToken('cust-carol');
});
afterAll(() => bed.close());

const post = (path: string, body: unknown) => fetch(`${bed.simUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const admin = (action: string, data: unknown) => bed.gw.ok('customerAdmin', action, data, bed.owner);

async function paid(price: number, token = carol) {
  const sku = await bed.product(price, 20);
  const o = await bed.order(token, [{ skuId: sku, quantity: 1 }]);
  await bed.gw.ok('order', 'pay', { id: o._id }, token);
  await post('/_sim/pay', { out_trade_no: o._id, outcome: 'success' });
  await bed.until(async () => (await bed.getOrder(o._id)).status === 'paid', 'paid');
  return bed.getOrder(o._id);
}

it('three paid orders and a refund: count, sum spent less the refund, last order date; the detail shows orders, addresses, coupons and after-sales', async () => {
  const openid = OPENID;
  const before = (await admin('getCustomer', { openid })).trade;
  expect(before).toEqual({ orders: 0, spent: 0, lastOrderAt: null });

  const orders = [await paid(1200), await paid(3400), await paid(5600)];
  const paidSum = orders.reduce((n, o) => n + o.payment.amount, 0);
  // a partial refund through an after-sales request
  const first = orders[0];
  const a = await bed.gw.ok('aftersale', 'apply', { orderId: first._id, type: 'refund', lines: [{ skuId: first.lines[0].skuId, quantity: 1 }], reason: '少件/漏发', amount: 500 }, carol);
  await bed.gw.ok('aftersaleAdmin', 'decide', { id: a._id, decision: 'agree' }, bed.owner);
  await bed.until(async () => (await bed.gw.ok('aftersale', 'get', { id: a._id }, carol)).status === 'refunded', 'refunded');

  const d = await admin('getCustomer', { openid });
  expect(d.trade.orders).toBe(3);
  expect(d.trade.spent).toBe(paidSum - 500);
  expect(d.trade.lastOrderAt).toBe(orders[2].paidAt);
  expect(d.orders.total).toBe(3);
  expect(d.orders.items.map((o: any) => o._id).sort()).toEqual(orders.map((o) => o._id).sort());
  expect(d.addresses).toEqual([expect.objectContaining({ phone: '13800000000', isDefault: true })]);
  expect(d.coupons).toEqual({ usable: expect.objectContaining({ total: expect.any(Number) }), used: expect.objectContaining({ total: 0 }) });
  expect(d.aftersales.items.map((x: any) => x._id)).toEqual([a._id]);

  // the list shows the same figures and filters by them
  const find = (q: Record<string, unknown>) => admin('listCustomers', q).then((p: any) => p.items.map((c: any) => c.openid));
  const row = (await admin('listCustomers', { keyword: openid })).items[0];
  expect(row.trade).toEqual(d.trade);
  expect(await find({ minOrders: 3, maxOrders: 3, keyword: openid })).toEqual([openid]);
  expect(await find({ minOrders: 4, keyword: openid })).toEqual([]);
  expect(await find({ minSpent: paidSum - 500, maxSpent: paidSum - 500 })).toEqual([openid]);
  expect(await find({ lastOrderFrom: orders[2].paidAt, keyword: openid })).toEqual([openid]);
  expect(await find({ lastOrderTo: new Date(Date.parse(orders[0].paidAt) - 1).toISOString(), keyword: openid })).toEqual([]);
  await bed.gw.ok('order', 'saveAddress', { name: '卡萝', phone: '13912345678', province: '上海', city: '上海', district: '黄浦', detail: '人民路 9 号' }, carol);
  expect(await find({ phone: '13912345678' })).toEqual([openid]);
  expect(await find({ phone: '13900000000' })).toEqual([]);
  expect((await admin('listCustomers', { sortBy: 'spent', order: 'desc' })).items[0].openid).toBe(openid);
  // the order list and the after-sales list page on by the customer
  expect((await bed.gw.ok('orderAdmin', 'list', { openid }, bed.owner)).total).toBe(3);
  expect((await bed.gw.ok('aftersaleAdmin', 'list', { openid }, bed.owner)).total).toBe(1);

  // an order page shows its shopper as a person, the phone masked
  expect(await bed.gw.ok('orderAdmin', 'shopper', { id: orders[1]._id }, bed.owner)).toEqual({
    openid,
    nickname: d.nickname,
    avatar: null,
    levelName: d.level.name,
    phone: '138****0000',
    trade: d.trade,
  });
  expect((await bed.gw.call('orderAdmin', 'shopper', { id: orders[1]._id }, carol)).body.error.code).toBe('FORBIDDEN');

  const bad = await bed.gw.call('customerAdmin', 'listCustomers', { minSpent: -1 }, bed.owner);
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body.error)).toContain('minSpent');
  expect((await bed.gw.call('customerAdmin', 'getCustomer', { openid }, carol)).body.error.code).toBe('FORBIDDEN');
});

it('the trade rebuilt from the orders equals the live figures, and a second run changes nothing', async () => {
  const dave = await bed.gw.shopperToken('cust-dave');
  await bed.gw.shopperToken('cust-erin'); // never orders
  const first = await paid(2500, dave);
  const last = await paid(700, dave);
  const shoppers = bed.gw.db.collection('shoppers');
  const { data } = await shoppers.field({ trade: true }).limit(1000).get();
  const live = new Map(data.map((d: any) => [d._id, d.trade]));
  expect(live.get('local-cust-dave')).toEqual({ orders: 2, spent: first.payment.amount + last.payment.amount, lastOrderAt: last.paidAt });
  expect(live.get('local-cust-erin')).toBeUndefined();
  // a shop from before the trade was kept: the figures are missing (or zero)
  await shoppers.doc('local-cust-dave').update({ trade: bed.gw.db.command.remove() });
  await shoppers.doc(OPENID).update({ trade: bed.gw.db.command.set({ orders: 0, spent: 0, lastOrderAt: null }) });

  const report = await rebuildTrade(bed.gw.db, 2); // pages of two shoppers
  expect(report).toEqual({ shoppers: data.length, updated: 2, retried: 0 });
  const after = new Map((await shoppers.field({ trade: true }).limit(1000).get()).data.map((d: any) => [d._id, d.trade]));
  expect(after).toEqual(live);
  expect(await rebuildTrade(bed.gw.db)).toEqual({ shoppers: data.length, updated: 0, retried: 0 });
});
