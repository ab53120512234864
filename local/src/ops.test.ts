/**
 * Database operations per request (counted at the seam, shared/db/counting.ts; the gateway's `x-db-ops`): the
 * targets of issue 18 on a warm instance, and the sold-out marker that refuses a flash order without reading
 * anything. Counts are deterministic (the per-instance caches run on a clock moved by hand here); no timings.
 */
import { opsTotal } from '@shop/functions/shared/db/counting';
import { configureInstanceCaches, dropInstanceCaches } from '@shop/functions/shared/runtime/instanceCache';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
let ms = 0;
const iso = (t: number) => new Date(t).toISOString();
const ops = () => opsTotal(gw.lastOps!);

beforeAll(async () => {
  configureInstanceCaches({ clock: () => ms });
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  await gw.db.collection('stores').doc('store-1').set({ name: '人民路店', address: '上海市人民路 1 号' });
}, 180_000);
afterAll(async () => {
  configureInstanceCaches('reset');
  await gw.close();
});

async function flashSale(stock: number) {
  const p = await gw.ok('productAdmin', 'create', { name: `秒杀计数${stock}`, code: `OPS${stock}`, specs: [], skus: [{ specValues: [], price: 9900, stock: 10 }], onShelf: true }, owner);
  const skuId = p.skus[0]._id as string;
  const t = gw.clock.now.getTime();
  const a = await gw.ok('activityAdmin', 'create', { kind: 'flash', name: `计数${stock}`, startsAt: iso(t - 60_000), endsAt: iso(t + 3600_000), limitPerShopper: 1, items: [{ skuId, price: 990, stock }] }, owner);
  return { productId: p._id as string, skuId, activityId: a._id as string };
}

const buy = (token: string, skuId: string, rid: string) =>
  gw.call('order', 'create', { source: { items: [{ skuId, quantity: 1 }] }, couponId: null, usePoints: false, delivery: { method: 'pickup' }, clientRequestId: `ops-request-${rid}`, expectedPayable: 990, remark: '' }, token);

test('the seam counts reads, writes and transactions of every request', async () => {
  const shopper = await gw.shopperToken('ops-count');
  await gw.ok('member', 'centre', {}, shopper);
  expect(gw.lastOps!.reads).toBeGreaterThan(0);
  await gw.ok('order', 'saveAddress', { name: '张三', phone: '13800000000', province: '上海市', city: '上海市', district: '黄浦区', detail: '人民路 1 号', isDefault: true }, shopper);
  expect(gw.lastOps!.writes + gw.lastOps!.statements).toBeGreaterThan(0);
});

test('flash sale: an accepted order costs at most 10 operations, a refused sold-out one only the session read', async () => {
  const { skuId, activityId } = await flashSale(3);
  const tokens = await Promise.all(Array.from({ length: 7 }, (_, i) => gw.shopperToken(`ops-buyer-${i}`)));
  // the first order warms the instance (settings, levels, stores, activities, blocked shoppers)
  expect((await buy(tokens[0], skuId, 'r0')).body.ok).toBe(true);
  const accepted = await buy(tokens[1], skuId, 'r1');
  expect(accepted.body.ok).toBe(true);
  expect(ops()).toBeLessThanOrEqual(10);
  expect(gw.lastOps!.transactions).toBe(1);
  const last = await buy(tokens[2], skuId, 'r2');
  expect(last.body.ok).toBe(true);

  // stock gone: the conditional take refuses and marks the item sold out in this instance
  const first = await buy(tokens[3], skuId, 'r3');
  expect(first.body.error).toMatchObject({ code: 'OUT_OF_STOCK', details: { activityId, skuId } });
  // the next refusal reads nothing but the caller's session
  const refused = await buy(tokens[4], skuId, 'r4');
  expect(refused.body.error).toMatchObject({ code: 'OUT_OF_STOCK', details: { activityId, skuId } });
  expect(gw.lastOps).toEqual({ reads: 1, writes: 0, transactions: 0, statements: 0 });

  // an order closed in this instance gives its unit back: sold again at once, the marker notwithstanding
  expect((await gw.call('order', 'cancel', { id: last.body.data._id, reason: '不要了' }, tokens[2])).body.ok).toBe(true);
  expect((await buy(tokens[4], skuId, 'r4-again')).body.ok).toBe(true);

  // sold out again and marked; then another instance gives a unit back (straight in the database here)
  expect((await buy(tokens[5], skuId, 'r5')).body.error.code).toBe('OUT_OF_STOCK');
  const _ = gw.db.command;
  await gw.db.collection('activity_stock').doc(`${activityId}:${skuId}`).update({ left: _.inc(1), sold: _.inc(-1) });
  // this instance still refuses for the marker's life (2 s), without reading...
  expect((await buy(tokens[5], skuId, 'r5-b')).body.error.code).toBe('OUT_OF_STOCK');
  expect(ops()).toBe(1);
  // ...and sells it once the marker expired
  ms += 2100;
  expect((await buy(tokens[5], skuId, 'r5-c')).body.ok).toBe(true);
  const counter = (await gw.db.collection('activity_stock').doc(`${activityId}:${skuId}`).get()).data[0];
  // (the unit handed back by hand was not an order's, so 3 are sold by 4 orders)
  expect(counter).toMatchObject({ left: 0, sold: 3 });
  expect((await gw.db.collection('orders').where({ activityIds: activityId, status: 'unpaid' }).count()).total).toBe(4);
});

test('a change of settings in this instance counts at once; another instance sees it when its copy expires', async () => {
  const shopper = await gw.shopperToken('ops-settings');
  const before = (await gw.ok('orderAdmin', 'settings', {}, owner)).orders.defaultFreight as number;
  await gw.ok('orderAdmin', 'saveSettings', { orders: { defaultFreight: before + 100 } }, owner);
  expect((await gw.ok('orderAdmin', 'settings', {}, owner)).orders.defaultFreight).toBe(before + 100);
  // written behind this instance's back (another instance): still the cached value until it expires
  await gw.db.collection('settings').doc('shop').update({ 'orders.defaultFreight': before + 200 });
  expect((await gw.ok('orderAdmin', 'settings', {}, owner)).orders.defaultFreight).toBe(before + 100);
  ms += 2100;
  expect((await gw.ok('orderAdmin', 'settings', {}, owner)).orders.defaultFreight).toBe(before + 200);
  await gw.ok('orderAdmin', 'saveSettings', { orders: { defaultFreight: before } }, owner);
  expect(shopper).toBeTruthy();
});

test('a catalog list or detail costs at most 2 operations on a warm instance, flash badges included', async () => {
  const { productId } = await flashSale(5);
  await gw.ok('catalog', 'list', { page: 1, pageSize: 20 });
  const list = await gw.ok('catalog', 'list', { page: 1, pageSize: 20 });
  expect(list.items.find((c: { _id: string }) => c._id === productId)?.activity).toMatchObject({ kind: 'flash', status: 'running' });
  expect(ops()).toBeLessThanOrEqual(2);
  await gw.ok('catalog', 'detail', { id: productId });
  await gw.ok('catalog', 'detail', { id: productId });
  expect(ops()).toBeLessThanOrEqual(2);
});

test('a cold instance reads what it caches once', async () => {
  dropInstanceCaches(gw.db);
  const { skuId } = await flashSale(2);
  const a = await gw.shopperToken('ops-cold-a');
  await buy(a, skuId, 'cold-a');
  const cold = ops();
  const b = await gw.shopperToken('ops-cold-b');
  await buy(b, skuId, 'cold-b');
  expect(ops()).toBeLessThan(cold);
});
