/**
 * 概况 (issue 16): the rollups kept by paying, refunding and completing transactions agree with the orders, with a
 * rebuild from the orders, and statsAdmin answers them; against the WeChat Pay simulator over loopback.
 */
import { completeOrder } from '@shop/functions/shared/domain/orders/lifecycle';
import { rebuildStats } from '@shop/functions/shared/domain/stats/rebuild';
import { customersBetween, productsBetween, rollupsBetween } from '@shop/functions/shared/domain/stats/rollups';
import { beijingDay } from '@shop/functions/shared/domain/stats/periods';
import { startPayBed, type PayBed } from './paytest';

let bed: PayBed;
let alice: string;
let bob: string;

beforeAll(async () => {
  bed = await startPayBed();
  alice = await bed.gw.shopperToken('stats-alice');
  bob = await bed.gw.shopperToken('stats-bob');
});
afterAll(() => bed.close());

const post = (path: string, body: unknown) =>
  fetch(`${bed.simUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function paidOrder(token: string, sku: string, quantity: number) {
  const o = await bed.order(token, [{ skuId: sku, quantity }]);
  await bed.gw.ok('order', 'pay', { id: o._id }, token);
  await post('/_sim/pay', { out_trade_no: o._id, outcome: 'success' });
  await bed.until(async () => (await bed.getOrder(o._id)).status === 'paid', 'paid');
  return bed.getOrder(o._id);
}

async function refund(id: string, amount: number) {
  const r = await bed.gw.ok('orderAdmin', 'refund', { id, amount, reason: 'stats test' }, bed.owner);
  await post(`/_sim/refunds/${r._id}/settle`, { status: 'SUCCESS' });
  await bed.until(async () => ((await bed.gw.db.collection('refunds').doc(r._id).get()).data[0] as any).status === 'SUCCESS', 'refund settled');
}

const sorted = <T extends { productId: string }>(a: T[]) => [...a].sort((x, y) => (x.productId < y.productId ? -1 : 1));
const byOpenid = <T extends { openid: string }>(a: T[]) => [...a].sort((x, y) => (x.openid < y.openid ? -1 : 1));

describe('statsAdmin over live rollups', () => {
  it('pay three, refund one whole and one in part, complete one: the figures are the orders\' sums, and a rebuild agrees', async () => {
    const skuA = await bed.product(3000);
    const skuB = await bed.product(1250);
    const o1 = await paidOrder(alice, skuA, 2);
    const o2 = await paidOrder(alice, skuB, 1);
    const o3 = await paidOrder(bob, skuA, 1);
    await refund(o2._id, o2.payment.amount);
    await refund(o1._id, 1000);
    await completeOrder(bed.gw.db, o3._id, 'fulfil', 'test', bed.gw.clock.now);

    const paid = o1.payment.amount + o2.payment.amount + o3.payment.amount;
    const ov = await bed.gw.ok('statsAdmin', 'overview', { period: 'today' }, bed.owner);
    expect(ov.figures.paidAmount).toMatchObject({ value: paid, previous: 0, change: null });
    expect(ov.figures.paidOrders.value).toBe(3);
    expect(ov.figures.payingCustomers.value).toBe(2);
    expect(ov.figures.newCustomers.value).toBe(2);
    expect(ov.figures.avgOrderValue.value).toBe(Math.round(paid / 3));
    expect(ov.figures.refundAmount.value).toBe(o2.payment.amount + 1000);
    expect(ov.figures.refundCount.value).toBe(2);
    expect(ov.figures.completedOrders.value).toBe(1);
    expect(ov.figures.completedAmount.value).toBe(o3.amounts.payable);
    // o1 is paid, express, not shipped; o2 closed by its refund; o3 completed
    expect(ov.todo).toMatchObject({ toShip: 1, toPickup: 0, refundAbnormal: 0, stockAlertThreshold: 10 });

    const trend = await bed.gw.ok('statsAdmin', 'trend', { period: 'today' }, bed.owner);
    expect(trend.unit).toBe('hour');
    expect(trend.points.reduce((n: number, p: any) => n + p.paidAmount, 0)).toBe(paid);
    const week = await bed.gw.ok('statsAdmin', 'trend', { period: '7d' }, bed.owner);
    expect(week.points).toHaveLength(7);
    expect(week.points[6]).toMatchObject({ key: ov.to, paidAmount: paid, paidOrders: 3, refundAmount: o2.payment.amount + 1000 });

    const top = await bed.gw.ok('statsAdmin', 'topProducts', { period: 'today' }, bed.owner);
    expect(top.byUnits.map((p: any) => p.units)).toEqual([3, 1]);
    expect(top.byAmount[0]).toMatchObject({ productId: o1.lines[0].productId, units: 3, amount: o1.lines[0].payable + o3.lines[0].payable });

    // the live rollups, then the same days rebuilt from the orders
    const day = beijingDay(bed.gw.clock.now);
    const live = { days: await rollupsBetween(bed.gw.db, 'day', day, day), hours: await rollupsBetween(bed.gw.db, 'hour', `${day}T00`, `${day}T23`), products: sorted(await productsBetween(bed.gw.db, day, day)), customers: byOpenid(await customersBetween(bed.gw.db, day, day)) };
    const report = await rebuildStats(bed.gw.db, day, day);
    expect(report).toMatchObject({ paidOrders: 3, refunds: 2, completedOrders: 1, newCustomers: 2, customerDays: 2 });
    const rebuilt = { days: await rollupsBetween(bed.gw.db, 'day', day, day), hours: await rollupsBetween(bed.gw.db, 'hour', `${day}T00`, `${day}T23`), products: sorted(await productsBetween(bed.gw.db, day, day)), customers: byOpenid(await customersBetween(bed.gw.db, day, day)) };
    expect(rebuilt).toEqual(live);
    expect(live.customers.map((c) => c.orders).sort()).toEqual([1, 2]);
    // and the next payment of a known shopper is neither a new customer nor a new payer of the day
    await paidOrder(bob, skuB, 1);
    const after = await bed.gw.ok('statsAdmin', 'overview', { period: 'today' }, bed.owner);
    expect(after.figures).toMatchObject({ paidOrders: { value: 4 }, payingCustomers: { value: 2 }, newCustomers: { value: 2 } });
  });

  it('checks its caller and its input', async () => {
    const clerk = await bed.gw.merchantToken('clerk');
    expect((await bed.gw.call('statsAdmin', 'overview', { period: 'today' }, clerk)).status).toBe(403);
    const op = await bed.gw.merchantToken('operator');
    expect((await bed.gw.call('statsAdmin', 'overview', {}, op)).body.data.period).toBe('today');
    expect((await bed.gw.call('statsAdmin', 'saveSettings', { stockAlert: 5 }, op)).status).toBe(403);
    const bad = await bed.gw.call('statsAdmin', 'trend', { from: '2026-12-10', to: '2026-12-01' }, bed.owner);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('to');
    const both = await bed.gw.call('statsAdmin', 'trend', { period: '7d', from: '2026-12-01' }, bed.owner);
    expect(both.body.error.details[0].path).toBe('period');
    expect((await bed.gw.call('statsAdmin', 'trend', { from: '2026-02-30', to: '2026-03-01' }, bed.owner)).body.error.details[0].path).toBe('from');
    expect((await bed.gw.call('statsAdmin', 'overview', { period: 'week' }, bed.owner)).body.error.details[0].path).toBe('period');
    // the stock warning threshold: products below it
    expect(await bed.gw.ok('statsAdmin', 'saveSettings', { stockAlert: 1000 }, bed.owner)).toEqual({ stockAlert: 1000 });
    const ov = await bed.gw.ok('statsAdmin', 'overview', { period: '30d' }, bed.owner);
    const { total } = await bed.gw.ok('productAdmin', 'list', { maxStock: 999, page: 1, pageSize: 1 }, bed.owner);
    expect(ov.todo).toMatchObject({ stockAlertThreshold: 1000, stockAlert: total });
    expect(total).toBeGreaterThan(0);
  });

  it('库存预警: a product\'s own threshold, else the shop\'s; the count and the low-stock list agree as stock moves', async () => {
    const low = async () => {
      const ov = await bed.gw.ok('statsAdmin', 'overview', { period: 'today' }, bed.owner);
      const list = await bed.gw.ok('productAdmin', 'list', { lowStock: true, page: 1, pageSize: 100 }, bed.owner);
      expect(ov.todo.stockAlert).toBe(list.total);
      return list.items.map((p: any) => p._id as string);
    };
    await bed.gw.ok('statsAdmin', 'saveSettings', { stockAlert: 5 }, bed.owner);
    const base = { specs: [], onShelf: true };
    // its own threshold 20, 20 in stock: not low (below, not at); the shop's 5 does not apply to it
    const own = await bed.gw.ok('productAdmin', 'create', { ...base, name: '自有预警商品', code: 'ALERT-OWN', stockAlert: 20, skus: [{ specValues: [], price: 100, originalPrice: 0, stock: 20 }] }, bed.owner);
    // no threshold of its own, 3 in stock: low by the shop's
    const shop = await bed.gw.ok('productAdmin', 'create', { ...base, name: '店铺预警商品', code: 'ALERT-SHOP', skus: [{ specValues: [], price: 100, originalPrice: 0, stock: 3 }] }, bed.owner);
    expect(own.stockAlert).toBe(20);
    let ids = await low();
    expect(ids).toContain(shop._id);
    expect(ids).not.toContain(own._id);
    // an order takes one: 19 < 20
    await bed.order(alice, [{ skuId: own.skus[0]._id, quantity: 1 }]);
    expect(await low()).toContain(own._id);
    // the shop's threshold moves nothing of a product with its own
    await bed.gw.ok('statsAdmin', 'saveSettings', { stockAlert: 0 }, bed.owner);
    ids = await low();
    expect(ids).toEqual([own._id]);
    // the merchant lowers its threshold to 10 (and the batch stock op keeps the mark too)
    await bed.gw.ok('productAdmin', 'update', { id: own._id, ...base, name: '自有预警商品', code: 'ALERT-OWN', stockAlert: 10, skus: [{ _id: own.skus[0]._id, specValues: [], price: 100, originalPrice: 0, stock: 19 }] }, bed.owner);
    expect(await low()).toEqual([]);
    await bed.gw.ok('productAdmin', 'batch', { ids: [own._id], op: { kind: 'stock', mode: 'set', value: 2 } }, bed.owner);
    expect(await low()).toEqual([own._id]);
    // bad thresholds are refused by path
    const bad = await bed.gw.call('productAdmin', 'create', { ...base, name: '坏预警', stockAlert: -1, skus: [{ specValues: [], price: 100, originalPrice: 0, stock: 1 }] }, bed.owner);
    expect(bad.body.error.details[0].path).toBe('stockAlert');
  });
});
