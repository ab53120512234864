import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractSuite } from './contract';
import { indexUsageSuite } from './indexes';
import { createPgliteDatabase, createPgliteEngine } from './pglite';
import { pgliteDisk, pgliteMemory } from './testkit';

contractSuite(pgliteMemory);
contractSuite(pgliteDisk, { heavy: false });
indexUsageSuite('pglite', async () => {
  const engine = await createPgliteEngine({});
  return { engine, teardown: () => engine.close() };
});

describe('pglite on disk', () => {
  test('data survives close and reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pglite-reopen-'));
    try {
      const a = await createPgliteDatabase({ dataDir: dir });
      await a.ensureCollection('orders', [{ name: 'no', keys: { orderNo: 1 }, unique: true }]);
      await a.db.collection('orders').add({ _id: 'o1', orderNo: 'N1', total: 100 });
      await a.close();
      const b = await createPgliteDatabase({ dataDir: dir });
      expect((await b.db.collection('orders').doc('o1').get()).data).toEqual([{ _id: 'o1', orderNo: 'N1', total: 100 }]);
      await b.ensureCollection('orders', [{ name: 'no', keys: { orderNo: 1 }, unique: true }]);
      await expect(b.db.collection('orders').add({ orderNo: 'N1' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('pglite transaction limits', () => {
  test('a transaction running longer than transactionTimeoutMs is rolled back and frees the database', async () => {
    const a = await createPgliteDatabase({ transactionTimeoutMs: 300 });
    try {
      await a.ensureCollection('t');
      const col = a.db.collection('t');
      await col.add({ _id: 'x', n: 1 });
      let lateError: unknown;
      const slow = a.db.runTransaction(async (t) => {
        await t.collection('t').doc('x').update({ n: 2 });
        await new Promise((r) => setTimeout(r, 800));
        await t.collection('t').doc('x').update({ n: 3 }).catch((e) => (lateError = e));
      });
      await expect(slow).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
      expect((await col.doc('x').get()).data[0].n).toBe(1); // usable at once, nothing written
      await new Promise((r) => setTimeout(r, 700));
      expect(lateError).toMatchObject({ code: 'DATABASE_INVALID_OPERATION' });
      expect((await col.doc('x').get()).data[0].n).toBe(1);
    } finally {
      await a.close();
    }
  }, 180_000);
});
