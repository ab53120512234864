/** Do queries on indexed fields use the indexes? (Plans, not timings: run against each engine.) */
import { createAdmin } from './adapter';
import type { DocEngine } from './engine';

export function indexUsageSuite(name: string, open: () => Promise<{ engine: DocEngine; teardown(): Promise<void> }>): void {
  describe(`index use: ${name}`, () => {
    let engine: DocEngine;
    let teardown: () => Promise<void>;
    const coll = `ix_${Date.now().toString(36)}`;
    beforeAll(async () => {
      ({ engine, teardown } = await open());
      const admin = createAdmin(engine);
      await admin.ensureCollection(coll, [
        { name: 'user_created', keys: { userId: 1, createdAt: -1 } },
        { name: 'price', keys: { price: 1 } },
        { name: 'no', keys: { orderNo: 1 }, unique: true },
      ]);
      const docs = Array.from({ length: 10_000 }, (_x, i) => ({
        orderNo: `N${i}`,
        userId: `u${i % 500}`,
        createdAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
        price: (i * 7919) % 100_000,
        status: i % 7 ? 'new' : 'paid',
        items: [{ sku: `s${i % 300}`, qty: 1 + (i % 3) }],
      }));
      for (let i = 0; i < docs.length; i += 2000) await admin.db.collection(coll).add(docs.slice(i, i + 2000));
    }, 180_000);
    afterAll(() => teardown?.(), 180_000);

    const plan = (q: Record<string, unknown>, order: { field: string; dir: 'asc' | 'desc' }[] = [], limit?: number) => engine.explain(coll, q, { order, limit });

    test.each([
      ['equality on fields (GIN)', { userId: 'u5', status: 'new' }, [], undefined, /doc_gin/],
      ['equality through an array of objects (GIN)', { 'items.sku': 's5' }, [], undefined, /doc_gin/],
      ['$in (GIN)', { userId: { $in: ['u5', 'u6', 'nobody'] } }, [], undefined, /doc_gin/],
      ['orderBy an indexed field with a limit (btree)', {}, [{ field: 'price', dir: 'asc' }], 5, /Index Scan.*__price/],
      ['orderBy desc (backward btree scan)', {}, [{ field: 'price', dir: 'desc' }], 5, /Index Scan Backward.*__price/],
      ['a range on an indexed field (btree)', { price: { $lt: 500 } }, [], undefined, /__price/],
      ['a string range on an indexed field (btree)', { userId: { $gte: 'u498' } }, [], undefined, /__user_created/],
      ['_id (primary key)', { _id: 'x' }, [], undefined, /_pkey/],
    ] as const)('%s', async (_label, q, order, limit, re) => {
      const p = await plan(q as Record<string, unknown>, [...order], limit);
      expect(p).toMatch(re);
      expect(p).not.toMatch(/Seq Scan/);
    });
  });
}
