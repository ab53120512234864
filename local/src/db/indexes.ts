/** Do queries on indexed fields use the indexes? (Plans, not timings: run against each engine.) */
import { createAdmin } from './adapter';
import type { DocEngine } from './engine';

const WORDS = ['耳机', '羊毛', '茶', 'Cup', '杯子'];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function indexUsageSuite(name: string, open: () => Promise<{ engine: DocEngine; teardown(): Promise<void> }>): void {
  describe(`index use: ${name}`, () => {
    let engine: DocEngine;
    let teardown: () => Promise<void>;
    let all: Record<string, unknown>[] = [];
    const coll = `ix_${Date.now().toString(36)}`;
    beforeAll(async () => {
      ({ engine, teardown } = await open());
      const admin = createAdmin(engine);
      await admin.ensureCollection(coll, [
        { name: 'user_created', keys: { userId: 1, createdAt: -1 } },
        { name: 'price', keys: { price: 1 } },
        { name: 'no', keys: { orderNo: 1 }, unique: true },
        { name: 'search', keys: { searchText: 1 }, kind: 'text' },
      ]);
      const docs = Array.from({ length: 10_000 }, (_x, i) => ({
        orderNo: `N${i}`,
        userId: `u${i % 500}`,
        createdAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
        price: (i * 7919) % 100_000,
        status: i % 7 ? 'new' : 'paid',
        items: [{ sku: `s${i % 300}`, qty: 1 + (i % 3) }],
        // mostly strings; a few arrays (the prefilter's second arm), numbers and missing fields
        ...(i % 97 === 0 ? { searchText: [`Item ${i}`, WORDS[i % 5]] } : i % 89 === 0 ? { searchText: i } : i % 83 === 0 ? {} : { searchText: `Item-${i} ${WORDS[i % 5]}${WORDS[(i * 3) % 5]}` }),
      }));
      all = docs.map((d, i) => ({ ...d, _id: String(i) }));
      for (let i = 0; i < docs.length; i += 2000) await admin.db.collection(coll).add(docs.slice(i, i + 2000));
    }, 180_000);
    afterAll(() => teardown?.(), 180_000);

    /** how many documents with status 'new' have a searchText (a string, or an array holding one) containing `kw`, ignoring ASCII case */
    const countNew = (kw: string) => {
      const re = new RegExp(escape(kw), 'i');
      return all.filter((d) => {
        const v = d.searchText;
        return d.status === 'new' && (Array.isArray(v) ? v : [v]).some((x) => typeof x === 'string' && re.test(x));
      }).length;
    };

    // a rare keyword is found through the text index; a common one may be found by scanning in order (the page
    // fills early); either way no sequential scan, and the same documents as the regex alone
    test.each([
      ['羊毛耳机', true],
      ['item-12', true],
      ['ITEM 97', true],
      ['zzzz', true],
      ['m-1', false],
      ['耳机', false],
      ['耳', false],
      ['7 耳', false],
      ['.', false],
    ] as const)('keyword %s: served by an index (the text index when rare: %s), with the same result', async (kw, rare) => {
      const q = { status: 'new', searchText: { $regex: escape(kw), $options: 'i' } };
      const p = await engine.explain(coll, q);
      if (rare) expect(p).toMatch(/__search/);
      expect(p).not.toMatch(/Seq Scan/);
      expect(await engine.count(coll, q)).toBe(countNew(kw));
      expect((await engine.find(coll, q, { limit: 1000 })).length).toBe(Math.min(1000, countNew(kw)));
    });

    test('documentIndex: false keeps no whole-document index; _id still uses the primary key, other queries still answer', async () => {
      const admin = createAdmin(engine);
      const c2 = `${coll}_nodoc`;
      await admin.ensureCollection(c2, [], { documentIndex: false });
      await admin.db.collection(c2).add([{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }]);
      expect(await engine.explain(c2, { _id: 'a', n: { $gte: 1 } })).toMatch(/_pkey/);
      expect(await engine.explain(c2, { n: 2 })).not.toMatch(/doc_gin/);
      expect((await admin.db.collection(c2).where({ n: 2 }).get()).data).toEqual([{ _id: 'b', n: 2 }]);
      const indexes = async () =>
        (await engine.driver.withConn((c) => c.query(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2`, [engine.schema, c2]))).rows.map((r) => r.indexname);
      expect(await indexes()).not.toContainEqual(expect.stringMatching(/doc_gin/));
      await admin.ensureCollection(c2, []); // back on
      expect(await indexes()).toContainEqual(expect.stringMatching(/doc_gin/));
    });

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
