/**
 * An order attempt killed at each of its steps (the probe throws ProcessKilled: no catch block, no undo runs, as after
 * a SIGKILL) and the jobs timer's sweep run afterwards: every flash-sale counter ends with `left + sold = stock`, and
 * `sold` and each shopper's quota equal what live orders hold. Before holds were recorded first, a death between
 * taking a counter and writing the hold stranded units for good.
 */
import { createOrder } from '@shop/functions/shared/domain/orders/create';
import { closeOrder } from '@shop/functions/shared/domain/orders/lifecycle';
import { sweepDeadAttempts } from '@shop/functions/shared/domain/orders/attempt';
import { HOLDS } from '@shop/functions/shared/domain/activities/reserve';
import { ProcessKilled, setProbe } from '@shop/functions/shared/runtime/probe';
import type { Order } from '@shop/types';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
const iso = (ms: number) => new Date(ms).toISOString();
const STOCK = 20;
let skus: string[] = [];
let activityId = '';

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  await gw.db.collection('stores').doc('store-1').set({ name: '人民路店', address: '上海市人民路 1 号' });
  const p = await gw.ok(
    'productAdmin',
    'create',
    { name: '秒杀双色', code: 'KILL1', specs: [{ name: '颜色', values: ['红', '蓝'] }], skus: ['红', '蓝'].map((c) => ({ specValues: [c], price: 5000, stock: 100 })), onShelf: true },
    owner,
  );
  skus = (p.skus as { _id: string }[]).map((s) => s._id);
  const t = gw.clock.now.getTime();
  const a = await gw.ok(
    'activityAdmin',
    'create',
    { kind: 'flash', name: '断电秒杀', startsAt: iso(t - 60_000), endsAt: iso(t + 86400_000), limitPerShopper: 3, items: skus.map((skuId) => ({ skuId, price: 1000, stock: STOCK })) },
    owner,
  );
  activityId = a._id;
}, 180_000);
afterAll(() => {
  setProbe(null);
  return gw.close();
});

let seq = 0;
/** An attempt for both colours (one unit each); `qty` of the second colour can be made to exceed what is left. */
const attemptOrder = (openid: string, second = 1) =>
  createOrder(
    gw.db,
    openid,
    {
      source: { items: [{ skuId: skus[0], quantity: 1 }, { skuId: skus[1], quantity: second }] },
      couponId: null,
      usePoints: false,
      delivery: { method: 'pickup' },
      clientRequestId: `kill-${++seq}`,
      expectedPayable: 1000 * (1 + second),
      remark: '',
    },
    gw.clock.now,
  );

async function invariants() {
  const orders = (await gw.db.collection('orders').where({ activityIds: activityId }).limit(1000).get()).data as unknown as Order[];
  const live = orders.filter((o) => o.status !== 'closed');
  const held = (await gw.db.collection(HOLDS).where({ state: gw.db.command.in(['held', 'releasing']) }).limit(1000).get()).data;
  expect(held).toHaveLength(0);
  for (const skuId of skus) {
    const c = (await gw.db.collection('activity_stock').doc(`${activityId}:${skuId}`).get()).data[0] as unknown as { left: number; sold: number };
    const inOrders = live.flatMap((o) => o.lines).filter((l) => l.skuId === skuId).reduce((n, l) => n + (l.activity?.stockTaken ?? 0), 0);
    expect({ skuId, sum: c.left + c.sold, sold: c.sold }).toEqual({ skuId, sum: STOCK, sold: inOrders });
    const quotas = (await gw.db.collection('activity_quota').where({ activityId, skuId }).limit(1000).get()).data as unknown as { openid: string; taken: number }[];
    for (const q of quotas) {
      const mine = live.filter((o) => o.openid === q.openid).flatMap((o) => o.lines).filter((l) => l.skuId === skuId).reduce((n, l) => n + (l.activity?.quotaTaken ?? 0), 0);
      expect({ openid: q.openid, skuId, taken: q.taken }).toEqual({ openid: q.openid, skuId, taken: mine });
    }
  }
}

/** The request dies at `point`; three minutes later the timer runs. */
async function killedAt(point: string, run: () => Promise<unknown>) {
  setProbe((p) => {
    if (p === point) throw new ProcessKilled(p);
  });
  await expect(run()).rejects.toBeInstanceOf(ProcessKilled);
  setProbe(null);
  gw.clock.now = new Date(gw.clock.now.getTime() + 3 * 60_000);
  await sweepDeadAttempts(gw.db, gw.clock.now);
}

describe('an order attempt killed at each step leaves nothing stranded once the timer has run', () => {
  test('some orders live first, then a death at every step of the taking', async () => {
    await attemptOrder('live-1');
    const closing = await attemptOrder('live-2');
    await closeOrder(gw.db, closing._id, 'shopper_cancel', 'shopper', 'changed my mind', gw.clock.now);
    await invariants();
    const points = ['hold:intent', 'hold:stock:0', 'hold:quota:0', 'hold:stock:1', 'hold:quota:1', 'order:transaction', 'order:committed'];
    for (const [i, point] of points.entries()) {
      await killedAt(point, () => attemptOrder(`dies-${i}`));
      await invariants();
    }
    // the attempt that died after its transaction committed has a live order: it keeps its units
    const kept = (await gw.db.collection('orders').where({ openid: `dies-${points.length - 1}` }).get()).data;
    expect(kept).toHaveLength(1);
  }, 180_000);

  test('a refused attempt killed while giving back is finished by the timer', async () => {
    const second = `${activityId}:${skus[1]}`;
    const leftOf = async (key: string) => ((await gw.db.collection('activity_stock').doc(key).get()).data[0] as unknown as { left: number }).left;
    // leave two units of the second colour, then let a racing buyer take them between the quote and the taking
    let n = 0;
    while ((await leftOf(second)) > 2) await attemptOrder(`drain-${n++}`);
    const last = await leftOf(second);
    let raced = false;
    setProbe(async (p) => {
      if (p === 'hold:stock:0' && !raced) {
        raced = true;
        setProbe(null);
        await createOrder(gw.db, 'racer', { source: { items: [{ skuId: skus[1], quantity: last }] }, couponId: null, usePoints: false, delivery: { method: 'pickup' }, clientRequestId: 'racer', expectedPayable: 1000 * last, remark: '' }, gw.clock.now);
        setProbe((q) => {
          if (q === 'hold:releasing') throw new ProcessKilled(q);
        });
      }
    });
    await expect(attemptOrder('refused')).rejects.toBeInstanceOf(ProcessKilled);
    setProbe(null);
    expect(raced).toBe(true);
    expect((await gw.db.collection(HOLDS).where({ openid: 'refused', state: 'releasing' }).get()).data).toHaveLength(1);
    gw.clock.now = new Date(gw.clock.now.getTime() + 3 * 60_000);
    expect(await sweepDeadAttempts(gw.db, gw.clock.now)).toBe(1);
    await invariants();
  }, 180_000);

  test('after every death the whole stock can still be sold', async () => {
    for (const skuId of skus) {
      const key = `${activityId}:${skuId}`;
      let n = 0;
      while (((await gw.db.collection('activity_stock').doc(key).get()).data[0] as unknown as { left: number }).left > 0) {
        await createOrder(gw.db, `last-${skuId}-${n++}`, { source: { items: [{ skuId, quantity: 1 }] }, couponId: null, usePoints: false, delivery: { method: 'pickup' }, clientRequestId: 'last', expectedPayable: 1000, remark: '' }, gw.clock.now);
      }
      expect((await gw.db.collection('activity_stock').doc(key).get()).data[0]).toMatchObject({ left: 0, sold: STOCK });
    }
    await invariants();
  }, 180_000);
});
