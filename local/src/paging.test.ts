/** pageOf (cloudfunctions/shared/domain/paging.ts): the list functions' one paging helper, against the local database. */
import type { DatabaseAdmin, Query } from '../../cloudfunctions/shared/db/types';
import { pageOf } from '../../cloudfunctions/shared/domain/paging';
import { createPgliteDatabase } from './db/pglite';

let admin: DatabaseAdmin;
beforeAll(async () => {
  admin = await createPgliteDatabase({});
  await admin.ensureCollection('things');
  await admin.db.collection('things').add(Array.from({ length: 7 }, (_, i) => ({ _id: `t${i}`, n: i, odd: i % 2 === 1, name: `thing ${i}` })));
}, 180_000);
afterAll(() => admin?.close());

const things = () => admin.db.collection('things');

/** Counts the database operations (get, count) a query and the queries built from it run. */
function counted(q: Query, ops: string[]): Query {
  return new Proxy(q, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (prop === 'get' || prop === 'count') ops.push(String(prop));
        const r = (v as (...a: unknown[]) => unknown).apply(target, args);
        return r && typeof r === 'object' && 'get' in r && 'count' in r ? counted(r as Query, ops) : r;
      };
    },
  });
}

describe('pageOf', () => {
  test('the page-th slice in the query order, the total of the filter, page and pageSize echoed', async () => {
    const p = await pageOf(things().where({}).orderBy('n', 'desc'), { page: 2, pageSize: 3 });
    expect(p).toMatchObject({ total: 7, page: 2, pageSize: 3 });
    expect(p.items.map((d) => d._id)).toEqual(['t3', 't2', 't1']);
  });

  test('the filter narrows the total; map shapes each item; a projection does not change the total', async () => {
    const p = await pageOf(things().where({ odd: true }).orderBy('n', 'asc').field({ n: true }), { page: 1, pageSize: 2 }, (d) => `${d._id}:${d.n}:${d.name ?? '-'}`);
    expect(p).toEqual({ items: ['t1:1:-', 't3:3:-'], total: 3, page: 1, pageSize: 2 });
  });

  test('the last, partial page and a page past the end', async () => {
    const q = things().where({}).orderBy('n', 'asc');
    expect((await pageOf(q, { page: 3, pageSize: 3 })).items.map((d) => d._id)).toEqual(['t6']);
    expect(await pageOf(q, { page: 4, pageSize: 3 })).toEqual({ items: [], total: 7, page: 4, pageSize: 3 });
  });

  test('two database operations: one count and one get', async () => {
    const ops: string[] = [];
    await pageOf(counted(things().where({ odd: false }).orderBy('n', 'asc'), ops), { page: 1, pageSize: 10 });
    expect(ops.sort()).toEqual(['count', 'get']);
  });
});
