/**
 * The order races on a PostgreSQL server, where transactions really run side by side (PGlite takes them in turns,
 * so orders.test.ts cannot show a write conflict): the last units, and a close racing a payment.
 */
import type { Database } from '@shop/functions/shared/db/types';
import { COLLECTIONS } from '@shop/functions/shared/domain/schema';
import { createProduct } from '@shop/functions/shared/domain/catalog/products';
import { createOrder } from '@shop/functions/shared/domain/orders/create';
import { closeOrder, payOrder } from '@shop/functions/shared/domain/orders/lifecycle';
import { ProductInput } from '@shop/types';
import { activeCases, pgServer, stopSharedCluster } from './db/testkit';

const cases = activeCases([pgServer]);
const now = new Date('2026-11-23T08:00:00.000Z');

describe('order races on a PostgreSQL server (several connections)', () => {
  if (!cases.length) {
    test.skip(`pg server: ${pgServer.skip}`, () => undefined);
    return;
  }
  let fx: Awaited<ReturnType<typeof pgServer.setup>>;
  let db: Database;
  let seq = 0;
  const product = async (stock: number) => {
    seq++;
    const p = await createProduct(db, ProductInput.parse({ name: `竞速${seq}`, code: `RACE${seq}`, specs: [], skus: [{ specValues: [], price: 990, stock }], onShelf: true }), now);
    return p.skus[0]._id;
  };
  const order = (openid: string, skuId: string, tag: string) =>
    createOrder(
      db,
      openid,
      { source: { items: [{ skuId, quantity: 1 }] }, couponId: null, usePoints: false, delivery: { method: 'pickup' }, clientRequestId: `req-${tag}-${openid}`, expectedPayable: 990, remark: '' },
      now,
    );
  const stockOf = async (skuId: string) => ((await db.collection('skus').doc(skuId).get()).data[0] as any).stock as number;

  beforeAll(async () => {
    fx = await cases[0].setup();
    for (const [name, indexes] of Object.entries(COLLECTIONS)) await fx.admin.ensureCollection(name, indexes);
    db = fx.admin.db;
    await db.collection('stores').doc('store-1').set({ name: '人民路店', address: '上海市人民路 1 号' });
  }, 180_000);
  afterAll(async () => {
    await fx?.teardown();
    await stopSharedCluster();
  }, 180_000);

  test('100 shoppers for the last 10 units: exactly 10 orders, stock 0', async () => {
    const skuId = await product(10);
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => order(`pg-racer-${i}`, skuId, 'last')));
    const won = results.filter((r) => r.status === 'fulfilled');
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []));
    if (process.env.SHOW_RACES) console.log('refusals', JSON.stringify(codes.reduce<Record<string, number>>((m, c) => ({ ...m, [String(c)]: (m[String(c)] ?? 0) + 1 }), {})));
    expect(won).toHaveLength(10);
    // a shopper who lost is told it is sold out (or, if the retries ran out under contention, to try again)
    expect(codes.every((c) => c === 'OUT_OF_STOCK' || c === 'DATABASE_TRANSACTION_CONFLICT')).toBe(true);
    expect(await stockOf(skuId)).toBe(0);
    expect((await db.collection('orders').where({ 'lines.skuId': skuId }).count()).total).toBe(10);
  }, 180_000);

  test('a close racing a payment, 10 times: exactly one wins each time; stock is given back only when the close won', async () => {
    const skuId = await product(10);
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const o = await order(`pg-payer-${i}`, skuId, 'pay');
      const [closed, paid] = await Promise.allSettled([
        closeOrder(db, o._id, 'timeout', 'system', 'not paid in time', now),
        payOrder(db, o._id, { transactionId: `tx-${i}`, amount: o.amounts.payable, outTradeNo: 'otn' }, now),
      ]);
      const after = (await db.collection('orders').doc(o._id).get()).data[0] as any;
      if (paid.status === 'fulfilled' && paid.value === 'paid') {
        expect(closed.status).toBe('rejected');
        expect(after.status).toBe('paid');
        outcomes.push('paid');
      } else {
        expect(closed.status).toBe('fulfilled');
        expect(paid.status === 'fulfilled' && paid.value).toBe('late_payment');
        expect(after.status).toBe('closed');
        expect(after.latePayments).toHaveLength(1);
        outcomes.push('closed');
      }
    }
    const paidCount = outcomes.filter((x) => x === 'paid').length;
    if (process.env.SHOW_RACES) console.log('close vs pay outcomes', outcomes.join(' '));
    expect(await stockOf(skuId)).toBe(10 - paidCount);
  }, 180_000);
});
