/**
 * The contract of the database seam, as one jest suite run against any adapter (see contract*.test.ts).
 */
import { DbError, type Database, type DatabaseAdmin, type Doc } from '../../../cloudfunctions/shared/db/types';
import type { AdapterCase, AdapterFixture } from './testkit';

let seq = 0;
const uniq = (p: string) => `${p}_${Date.now().toString(36)}_${++seq}`;

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof DbError) return e.code;
    return `not a DbError: ${(e as Error)?.name}: ${(e as Error)?.message}`;
  }
  return 'no error';
}

const ids = (docs: Doc[]) => docs.map((d) => d._id);
const strip = (d: Doc | undefined | null) => {
  if (!d) return d;
  const { _id, ...rest } = d;
  void _id;
  return rest;
};

export function contractSuite(c: AdapterCase, opts: { heavy?: boolean } = {}): void {
  const heavy = opts.heavy ?? true;
  describe(`database seam contract: ${c.name}`, () => {
    let fx: AdapterFixture;
    let admin: DatabaseAdmin;
    let db: Database;

    beforeAll(async () => {
      fx = await c.setup();
      admin = fx.admin;
      db = admin.db;
    }, 180_000);
    afterAll(async () => {
      await fx?.teardown();
    }, 180_000);

    async function coll(indexes: Parameters<DatabaseAdmin['ensureCollection']>[1] = []) {
      const name = uniq('c');
      await admin.ensureCollection(name, indexes);
      return name;
    }

    test('add, doc get/set/update/remove and their return shapes', async () => {
      const name = await coll();
      const col = db.collection(name);
      const { id } = await col.add({ name: 'tea', price: 1200, tags: ['hot'] });
      expect(typeof id).toBe('string');
      expect(id.length).toBeGreaterThan(0);
      expect(await col.doc(id).get()).toEqual({ data: [{ _id: id, name: 'tea', price: 1200, tags: ['hot'] }] });
      expect(await col.doc('missing').get()).toEqual({ data: [] });

      expect(await col.doc(id).update({ price: 1100 })).toEqual({ updated: 1 });
      expect(await col.doc(id).update({ price: 1100 })).toEqual({ updated: 0 });
      expect(await col.doc('missing').update({ price: 1 })).toEqual({ updated: 0 });

      const s1 = await col.doc(id).set({ name: 'green tea' });
      expect(s1.updated).toBe(1);
      expect(s1.upsertedId ?? undefined).toBeUndefined();
      expect((await col.doc(id).get()).data[0]).toEqual({ _id: id, name: 'green tea' });
      const s2 = await col.doc('new-1').set({ name: 'coffee' });
      expect(s2).toEqual({ updated: 0, upsertedId: 'new-1' });
      expect((await col.doc('new-1').get()).data).toEqual([{ _id: 'new-1', name: 'coffee' }]);

      expect(await col.doc(id).remove()).toEqual({ deleted: 1 });
      expect(await col.doc(id).remove()).toEqual({ deleted: 0 });
      expect((await col.doc(id).get()).data).toEqual([]);
    });

    test('add keeps a given _id, generates distinct ids otherwise, and adds arrays', async () => {
      const name = await coll();
      const col = db.collection(name);
      const a = await col.add({ _id: 'given', v: 1 });
      expect(a).toEqual({ id: 'given' });
      const many = await col.add([{ v: 2 }, { _id: 'g2', v: 3 }, { v: 4 }]);
      expect(many.ids).toHaveLength(3);
      expect(many.ids[1]).toBe('g2');
      expect(new Set(many.ids).size).toBe(3);
      expect((await col.count()).total).toBe(4);
      expect(await code(col.add({ _id: 'given', v: 5 }))).toBe('DATABASE_DUPLICATE_WRITE');
      expect((await col.doc('given').get()).data[0].v).toBe(1);
    });

    test('query operators, dotted paths and arrays', async () => {
      const name = await coll();
      const col = db.collection(name);
      const _ = db.command;
      await col.add([
        { _id: 'a', n: 1, s: 'apple', tags: ['x', 'y'], o: { k: 1, deep: { z: 'q' } }, items: [{ sku: 's1', qty: 2 }, { sku: 's2', qty: 5 }], nul: null },
        { _id: 'b', n: 5, s: 'Banana', tags: ['y'], o: { k: 2 }, items: [{ sku: 's3', qty: 1 }] },
        { _id: 'c', n: 10, s: 'cherry', tags: [], o: { k: 3, deep: { z: 'r' } }, flag: true },
        { _id: 'd', n: '7', s: 'date', tags: 'x' },
      ]);
      const q = async (w: Parameters<typeof col.where>[0]) => ids((await col.where(w).orderBy('_id', 'asc').get()).data);
      expect(await q({ n: 5 })).toEqual(['b']);
      expect(await q({ n: _.eq(5) })).toEqual(['b']);
      expect(await q({ n: _.neq(5) })).toEqual(['a', 'c', 'd']);
      expect(await q({ n: _.gt(1) })).toEqual(['b', 'c']); // '7' is a string: no cross-type comparison
      expect(await q({ n: _.gte(1) })).toEqual(['a', 'b', 'c']);
      expect(await q({ n: _.lt(10) })).toEqual(['a', 'b']);
      expect(await q({ n: _.lte(10) })).toEqual(['a', 'b', 'c']);
      expect(await q({ n: _.gt('6') })).toEqual(['d']);
      expect(await q({ n: _.in([1, 10, '7']) })).toEqual(['a', 'c', 'd']);
      expect(await q({ n: _.nin([1, 10]) })).toEqual(['b', 'd']);
      expect(await q({ tags: 'x' })).toEqual(['a', 'd']);
      expect(await q({ tags: _.in(['y']) })).toEqual(['a', 'b']);
      expect(await q({ tags: _.neq('x') })).toEqual(['b', 'c']);
      expect(await q({ tags: _.eq(['y']) })).toEqual(['b']);
      expect(await q({ 'o.k': 2 })).toEqual(['b']);
      expect(await q({ o: { k: 3 } })).toEqual(['c']); // nested objects are flattened to o.k, like the SDK
      expect(await q({ 'o.deep.z': 'r' })).toEqual(['c']);
      expect(await q({ 'items.sku': 's2' })).toEqual(['a']);
      expect(await q({ 'items.qty': _.gt(4) })).toEqual(['a']);
      expect(await q({ flag: _.exists(true) })).toEqual(['c']);
      expect(await q({ flag: _.exists(false) })).toEqual(['a', 'b', 'd']);
      expect(await q({ nul: null })).toEqual(['a', 'b', 'c', 'd']); // null matches missing
      expect(await q({ nul: _.exists(true) })).toEqual(['a']);
      expect(await q({ n: _.gt(1).and(_.lt(10)) })).toEqual(['b']);
      expect(await q({ n: _.lt(5).or(_.gt(5)) })).toEqual(['a', 'c']);
      expect(await q({ n: _.and(_.gt(1), _.lt(10)) })).toEqual(['b']);
      expect(await q(_.or([{ n: 1 }, { s: 'cherry' }]))).toEqual(['a', 'c']);
      expect(await q(_.or({ n: 1 }, { s: 'cherry' }))).toEqual(['a', 'c']);
      expect(await q(_.and([{ tags: 'y' }, { n: _.gt(1) }]))).toEqual(['b']);
      expect(await q({ s: db.RegExp({ regexp: '^b', options: 'i' }) })).toEqual(['b']);
      expect(await q({ s: db.RegExp({ regexp: 'rr' }) })).toEqual(['c']);
      expect(await q({ s: db.RegExp({ regexp: '^B' }) })).toEqual(['b']);
      expect(await q({})).toEqual(['a', 'b', 'c', 'd']);
    });

    test('orderBy (several keys), skip, limit, field and count', async () => {
      const name = await coll([{ name: 'cat_price', keys: { cat: 1, price: -1 } }]);
      const col = db.collection(name);
      const docs = Array.from({ length: 30 }, (_, i) => ({ _id: `p${String(i).padStart(2, '0')}`, cat: i % 3, price: (i * 7) % 11, name: `n${i}`, extra: { a: i, b: -i } }));
      await col.add(docs);
      const sorted = [...docs].sort((x, y) => x.cat - y.cat || y.price - x.price || (x._id < y._id ? -1 : 1));
      const got = await col.orderBy('cat', 'asc').orderBy('price', 'desc').orderBy('_id', 'asc').get();
      expect(ids(got.data)).toEqual(sorted.map((d) => d._id));
      const page = await col.orderBy('cat', 'asc').orderBy('price', 'desc').orderBy('_id', 'asc').skip(5).limit(7).get();
      expect(ids(page.data)).toEqual(sorted.slice(5, 12).map((d) => d._id));
      const proj = await col.where({ _id: 'p04' }).field({ name: true, 'extra.a': true }).get();
      expect(proj.data).toEqual([{ _id: 'p04', name: 'n4', extra: { a: 4 } }]);
      const excl = await col.where({ _id: 'p04' }).field({ extra: false, name: false }).get();
      expect(excl.data).toEqual([{ _id: 'p04', cat: 1, price: 6 }]);
      expect(await col.where({ cat: 1 }).count()).toEqual({ total: 10 });
      expect(await col.count()).toEqual({ total: 30 });
    });

    test('get() returns at most 100 by default and at most 1000 with limit()', async () => {
      const name = await coll();
      const col = db.collection(name);
      const docs = Array.from({ length: 1005 }, (_, i) => ({ i }));
      for (let i = 0; i < docs.length; i += 500) await col.add(docs.slice(i, i + 500));
      expect((await col.get()).data).toHaveLength(100);
      expect((await col.limit(1000).get()).data).toHaveLength(1000);
      expect((await col.limit(5000).get()).data.length).toBeLessThanOrEqual(1000);
      expect((await col.count()).total).toBe(1005);
    });

    test('where().update and where().remove report how many changed', async () => {
      const name = await coll();
      const col = db.collection(name);
      const _ = db.command;
      await col.add([{ _id: '1', st: 'new', n: 1 }, { _id: '2', st: 'new', n: 2 }, { _id: '3', st: 'paid', n: 3 }]);
      expect(await col.where({ st: 'new' }).update({ st: 'paid' })).toEqual({ updated: 2 });
      expect(await col.where({ st: 'paid' }).update({ st: 'paid' })).toEqual({ updated: 0 });
      expect(await col.where({ n: _.gte(2) }).update({ n: _.inc(10) })).toEqual({ updated: 2 });
      expect(ids((await col.where({ n: _.gt(10) }).orderBy('n', 'asc').get()).data)).toEqual(['2', '3']);
      expect(await col.where({ n: _.gt(10) }).remove()).toEqual({ deleted: 2 });
      expect(await col.where({ n: _.gt(10) }).remove()).toEqual({ deleted: 0 });
      expect((await col.count()).total).toBe(1);
    });

    test('update operators and the SDK flattening of nested update data', async () => {
      const name = await coll();
      const col = db.collection(name);
      const _ = db.command;
      await col.add({ _id: 'u', a: { b: 1, c: 2 }, n: 3, arr: [1, 2, 3], set: ['x'], gone: 1, objs: [{ k: 1 }, { k: 2 }] });
      const get = async () => strip((await col.doc('u').get()).data[0]);
      await col.doc('u').update({ a: { b: 10 } });
      expect((await get())!.a).toEqual({ b: 10, c: 2 });
      await col.doc('u').update({ a: _.set({ b: 20 }) });
      expect((await get())!.a).toEqual({ b: 20 });
      await col.doc('u').update({ 'a.d.e': 'deep' });
      expect((await get())!.a).toEqual({ b: 20, d: { e: 'deep' } });
      await col.doc('u').update({ n: _.inc(2), gone: _.remove() });
      expect(await get()).toMatchObject({ n: 5 });
      expect(await get()).not.toHaveProperty('gone');
      await col.doc('u').update({ n: _.mul(3) });
      expect((await get())!.n).toBe(15);
      await col.doc('u').update({ arr: _.push(4) });
      await col.doc('u').update({ arr: _.push([5, 6]) });
      expect((await get())!.arr).toEqual([1, 2, 3, 4, 5, 6]);
      await col.doc('u').update({ arr: _.pull(2) });
      expect((await get())!.arr).toEqual([1, 3, 4, 5, 6]);
      await col.doc('u').update({ set: _.addToSet('x') });
      await col.doc('u').update({ set: _.addToSet('y') });
      expect((await get())!.set).toEqual(['x', 'y']);
      await col.doc('u').update({ fresh: _.inc(1), list: _.push('a') });
      expect(await get()).toMatchObject({ fresh: 1, list: ['a'] });
      await col.doc('u').update({ objs: _.pull({ k: 1 }) });
      expect((await get())!.objs).toEqual([{ k: 2 }]);
      expect(await code(col.doc('u').update({ a: 'x', 'a.b': 1 }))).toBe('DATABASE_INVALID_ARGUMENT');
      expect(await code(col.doc('u').update({ set: _.inc(1) }))).toBe('DATABASE_INVALID_ARGUMENT');
      expect(await code(col.doc('u').update({ _id: 'other' }))).toBe('DATABASE_INVALID_ARGUMENT');
    });

    test('only plain JSON is accepted', async () => {
      const name = await coll();
      const col = db.collection(name);
      expect(await code(() => col.add({ at: new Date() }))).toBe('DATABASE_INVALID_ARGUMENT');
      expect(await code(() => col.add({ n: NaN }))).toBe('DATABASE_INVALID_ARGUMENT');
      expect(await code(() => col.add({ n: Infinity }))).toBe('DATABASE_INVALID_ARGUMENT');
      expect(await code(() => col.add({ m: new Map() }))).toBe('DATABASE_INVALID_ARGUMENT');
      expect(await code(() => col.add({ b: BigInt(1) } as never))).toBe('DATABASE_INVALID_ARGUMENT');
      expect(await code(() => col.doc('x').set({ at: new Date() }))).toBe('DATABASE_INVALID_ARGUMENT');
      expect(await code(() => col.doc('x').update({ at: new Date() }))).toBe('DATABASE_INVALID_ARGUMENT');
      expect(await code(() => col.where({ at: new Date() }).get())).toBe('DATABASE_INVALID_ARGUMENT');
      expect(await code(() => col.doc('x').set({ _id: 'x', v: 1 }))).toBe('DATABASE_INVALID_ARGUMENT');
      expect((await col.count()).total).toBe(0);
    });

    test('an unknown collection throws DATABASE_COLLECTION_NOT_EXIST; ensureCollection is idempotent', async () => {
      const name = uniq('missing');
      const col = db.collection(name);
      expect(await code(col.get())).toBe('DATABASE_COLLECTION_NOT_EXIST');
      expect(await code(col.add({ a: 1 }))).toBe('DATABASE_COLLECTION_NOT_EXIST');
      expect(await code(col.doc('x').get())).toBe('DATABASE_COLLECTION_NOT_EXIST');
      expect(await code(col.doc('x').update({ a: 1 }))).toBe('DATABASE_COLLECTION_NOT_EXIST');
      expect(await code(col.where({ a: 1 }).count())).toBe('DATABASE_COLLECTION_NOT_EXIST');
      expect(await code(col.where({ a: 1 }).remove())).toBe('DATABASE_COLLECTION_NOT_EXIST');
      expect(await code(db.runTransaction(async (t) => t.collection(name).doc('x').get()))).toBe('DATABASE_COLLECTION_NOT_EXIST');
      await admin.ensureCollection(name, [{ name: 'a', keys: { a: 1 } }]);
      await admin.ensureCollection(name, [{ name: 'a', keys: { a: 1 } }]);
      expect(await col.add({ a: 1 })).toHaveProperty('id');
    });

    test('a unique index violation throws DATABASE_DUPLICATE_WRITE and writes nothing', async () => {
      const name = await coll([{ name: 'no', keys: { orderNo: 1 }, unique: true }]);
      const col = db.collection(name);
      await col.add({ _id: 'o1', orderNo: 'A1' });
      expect(await code(col.add({ orderNo: 'A1' }))).toBe('DATABASE_DUPLICATE_WRITE');
      expect(await code(col.add([{ _id: 'o2', orderNo: 'A2' }, { _id: 'o3', orderNo: 'A1' }]))).toBe('DATABASE_DUPLICATE_WRITE');
      expect(await code(col.doc('o1').set({ orderNo: 'A1', v: 2 }))).toBe('no error');
      await col.add({ _id: 'o4', orderNo: 'A4' });
      expect(await code(col.doc('o4').update({ orderNo: 'A1' }))).toBe('DATABASE_DUPLICATE_WRITE');
      expect(await code(db.runTransaction(async (t) => t.collection(name).add({ orderNo: 'A1' })))).toBe('DATABASE_DUPLICATE_WRITE');
      expect(ids((await col.orderBy('_id', 'asc').get()).data)).toEqual(['o1', 'o4']);
      expect((await col.doc('o4').get()).data[0].orderNo).toBe('A4');
    });

    test('200 concurrent conditional decrements of a stock of 50: exactly 50 succeed', async () => {
      const name = await coll();
      const col = db.collection(name);
      const _ = db.command;
      await col.add({ _id: 'sku', stock: 50 });
      const results = await Promise.all(
        Array.from({ length: 200 }, () => col.where({ _id: 'sku', stock: _.gte(1) }).update({ stock: _.inc(-1) })),
      );
      expect(results.filter((r) => r.updated === 1)).toHaveLength(50);
      expect(results.filter((r) => r.updated === 0)).toHaveLength(150);
      expect((await col.doc('sku').get()).data[0].stock).toBe(0);
    }, 180_000);

    describe('transactions', () => {
      test('doc get returns {data: doc | null}; writes commit together', async () => {
        const name = await coll();
        await db.collection(name).add([{ _id: 'a', bal: 100 }, { _id: 'b', bal: 0 }]);
        const _ = db.command;
        const r = await db.runTransaction(async (t) => {
          const a = await t.collection(name).doc('a').get();
          const none = await t.collection(name).doc('zzz').get();
          expect(none.data).toBeNull();
          expect(a.data).toEqual({ _id: 'a', bal: 100 });
          await t.collection(name).doc('a').update({ bal: _.inc(-30) });
          await t.collection(name).doc('b').update({ bal: _.inc(30) });
          const { id } = await t.collection(name).add({ _id: 'log1', amount: 30 });
          await t.collection(name).doc('c').set({ bal: 7 });
          expect((await t.collection(name).doc('a').get()).data).toEqual({ _id: 'a', bal: 70 }); // reads its own writes
          return id;
        });
        expect(r).toBe('log1');
        const all = (await db.collection(name).orderBy('_id', 'asc').get()).data;
        expect(all).toEqual([{ _id: 'a', bal: 70 }, { _id: 'b', bal: 30 }, { _id: 'c', bal: 7 }, { _id: 'log1', amount: 30 }]);
      });

      test('a throw or rollback(reason) leaves nothing and rejects with it', async () => {
        const name = await coll();
        await db.collection(name).add([{ _id: 'a', bal: 100 }, { _id: 'b', bal: 0 }]);
        const _ = db.command;
        const boom = new Error('boom');
        await expect(
          db.runTransaction(async (t) => {
            await t.collection(name).doc('a').update({ bal: _.inc(-30) });
            await t.collection(name).add({ _id: 'x' });
            await t.collection(name).doc('b').remove();
            throw boom;
          }),
        ).rejects.toBe(boom);
        // a business error that carries its own string `code` (like AppError) is not mistaken for a database error
        const business = Object.assign(new Error('sold out'), { code: 'OUT_OF_STOCK' });
        await expect(
          db.runTransaction(async (t) => {
            await t.collection(name).doc('a').update({ bal: _.inc(-30) });
            throw business;
          }),
        ).rejects.toBe(business);
        await expect(
          db.runTransaction(async (t) => {
            await t.collection(name).doc('a').update({ bal: _.inc(-30) });
            await t.rollback('insufficient');
            return 'ignored';
          }),
        ).rejects.toBe('insufficient');
        const all = (await db.collection(name).orderBy('_id', 'asc').get()).data;
        expect(all).toEqual([{ _id: 'a', bal: 100 }, { _id: 'b', bal: 0 }]);
      });

      test('a failing second write rolls back the first (all-or-nothing across two documents)', async () => {
        const name = await coll([{ name: 'u', keys: { code: 1 }, unique: true }]);
        await db.collection(name).add([{ _id: 'a', code: 'A', n: 1 }, { _id: 'b', code: 'B', n: 1 }]);
        const err = await code(
          db.runTransaction(async (t) => {
            await t.collection(name).doc('a').update({ n: 2 });
            await t.collection(name).doc('b').update({ code: 'A' }); // unique violation
          }),
        );
        expect(err).toBe('DATABASE_DUPLICATE_WRITE');
        expect((await db.collection(name).doc('a').get()).data[0].n).toBe(1);
      });

      test('where() inside a transaction and database calls from inside the callback are refused', async () => {
        const name = await coll();
        await db.collection(name).add({ _id: 'a', n: 1 });
        expect(await code(db.runTransaction(async (t) => t.collection(name).where({ n: 1 })))).toBe('DATABASE_INVALID_OPERATION');
        expect(await code(db.runTransaction(async () => db.collection(name).where({ n: 1 }).get()))).toBe('DATABASE_INVALID_OPERATION');
        expect(await code(db.runTransaction(async () => db.collection(name).doc('a').update({ n: 5 })))).toBe('DATABASE_INVALID_OPERATION');
        expect(await code(db.runTransaction(async () => db.runTransaction(async () => 1)))).toBe('DATABASE_INVALID_OPERATION');
        expect((await db.collection(name).doc('a').get()).data[0].n).toBe(1);
        // and the database is still usable afterwards
        expect(await db.runTransaction(async (t) => (await t.collection(name).doc('a').get()).data?.n)).toBe(1);
      });

      test('concurrent read-modify-write transactions on one document lose no update', async () => {
        const name = await coll();
        await db.collection(name).add({ _id: 'ctr', n: 0 });
        const _ = db.command;
        await Promise.all(
          Array.from({ length: 8 }, () =>
            db.runTransaction(async (t) => {
              const d = await t.collection(name).doc('ctr').get();
              await t.collection(name).doc('ctr').update({ n: (d.data!.n as number) + 1 });
            }, 50),
          ),
        );
        expect((await db.collection(name).doc('ctr').get()).data[0].n).toBe(8);
        void _;
      }, 180_000);

      if (c.concurrentConnections) {
        test('a write conflict re-runs the callback, and gives up with DATABASE_TRANSACTION_CONFLICT after `times`', async () => {
          const name = await coll();
          await db.collection(name).add({ _id: 'd', n: 0 });
          const other = await fx.other!();
          let runs = 0;
          const r = await db.runTransaction(async (t) => {
            runs++;
            const d = await t.collection(name).doc('d').get();
            if (runs === 1) await other.db.collection(name).doc('d').update({ n: 100 }); // a write from another process
            await t.collection(name).doc('d').update({ n: (d.data!.n as number) + 1 });
            return d.data!.n;
          }, 3);
          expect(runs).toBe(2);
          expect(r).toBe(100);
          expect((await db.collection(name).doc('d').get()).data[0].n).toBe(101);

          let runs2 = 0;
          const err = await code(
            db.runTransaction(async (t) => {
              runs2++;
              const d = await t.collection(name).doc('d').get();
              await other.db.collection(name).doc('d').update({ n: 1000 + runs2 });
              await t.collection(name).doc('d').update({ n: (d.data!.n as number) + 1 });
            }, 2),
          );
          expect(err).toBe('DATABASE_TRANSACTION_CONFLICT');
          expect(runs2).toBe(3); // like the SDK: the first run and `times` re-runs
          expect((await db.collection(name).doc('d').get()).data[0].n).toBe(1003);
        }, 180_000);
      }
    });

    if (heavy) {
      test('where/orderBy on indexed fields of 10,000 documents use the indexes', async () => {
        const name = await coll([{ name: 'user_created', keys: { userId: 1, createdAt: -1 } }, { name: 'price', keys: { price: 1 } }]);
        const col = db.collection(name);
        const _ = db.command;
        const docs = Array.from({ length: 10_000 }, (_x, i) => ({
          userId: `u${i % 500}`,
          createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
          price: (i * 7919) % 100_000,
          status: i % 7 === 0 ? 'paid' : 'new',
        }));
        for (let i = 0; i < docs.length; i += 1000) await col.add(docs.slice(i, i + 1000));
        const prices = docs.map((d) => d.price).sort((a, b) => a - b);
        const t0 = Date.now();
        for (let k = 0; k < 20; k++) {
          const page = await col.where({ userId: `u${k}`, status: 'new' }).orderBy('createdAt', 'desc').limit(10).get();
          const want = docs.filter((d) => d.userId === `u${k}` && d.status === 'new').sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
          expect(page.data.map((d) => d.createdAt)).toEqual(want.slice(0, 10).map((d) => d.createdAt));
          const top = await col.orderBy('price', 'asc').limit(5).get();
          expect(top.data.map((d) => d.price)).toEqual(prices.slice(0, 5));
          const cheap = await col.where({ price: _.lt(5000) }).count();
          expect(cheap.total).toBe(prices.filter((p) => p < 5000).length);
        }
        const ms = Date.now() - t0;
        // Not a timed assertion: printed for the report (60 queries).
        console.log(`[db contract] ${c.name}: 60 queries over 10,000 docs in ${ms} ms`);
      }, 180_000);
    }
  });
}
