/** The production adapter (cloudfunctions/shared/db/cloudbase.ts) over the real SDK, against the local fake. */
import { createCloudbaseDatabase, mapSdkError } from '../../../cloudfunctions/shared/db/cloudbase';
import { DbError, type Database } from '../../../cloudfunctions/shared/db/types';
import { contractSuite } from './contract';
import { cloudbaseFake, startCloudbaseStack, type CloudbaseStack } from './testkit';

process.env.SILENCE = 'true'; // the SDK's slow-request warnings

contractSuite(cloudbaseFake, { heavy: false });

describe('what the production adapter sends to CloudBase (recorded by the fake)', () => {
  let stack: CloudbaseStack;
  let db: Database;
  beforeAll(async () => {
    stack = await startCloudbaseStack();
    db = stack.admin.db;
    await stack.admin.ensureCollection('sku');
    await db.collection('sku').add({ _id: 'A', stock: 5, name: 'tea' });
  }, 180_000);
  afterAll(() => stack?.admin.close(), 180_000);
  const last = (action: string) => [...stack.fake.requests].reverse().find((r) => r.action === action)!;

  test('a conditional decrement is one modifyDocument with queryType WHERE, multi, and $inc', async () => {
    const _ = db.command;
    expect(await db.collection('sku').where({ _id: 'A', stock: _.gte(2) }).update({ stock: _.inc(-2) })).toEqual({ updated: 1 });
    expect(last('database.modifyDocument')).toMatchObject({
      collectionName: 'sku',
      queryType: 'WHERE',
      query: { _id: 'A', stock: { $gte: 2 } },
      data: { $inc: { stock: -2 } },
      multi: true,
      merge: true,
      upsert: false,
    });
  });

  test('nested update data is flattened to dotted $set paths; set() replaces', async () => {
    await db.collection('sku').doc('A').update({ attrs: { color: 'red' } });
    expect(last('database.modifyDocument')).toMatchObject({ queryType: 'DOC', query: { _id: 'A' }, data: { $set: { 'attrs.color': 'red' } }, multi: false });
    await db.collection('sku').doc('B').set({ stock: 1 });
    expect(last('database.modifyDocument')).toMatchObject({ queryType: 'DOC', query: { _id: 'B' }, data: { stock: 1 }, merge: false, upsert: true });
  });

  test('queries carry order, offset, limit and projection', async () => {
    await db.collection('sku').where({ stock: db.command.gt(0) }).orderBy('stock', 'desc').orderBy('_id', 'asc').skip(1).limit(5).field({ name: true }).get();
    expect(last('database.getDocument')).toMatchObject({ queryType: 'WHERE', query: { stock: { $gt: 0 } }, order: { stock: -1, _id: 1 }, offset: 1, limit: 5, projection: { name: 1 } });
  });

  test('a transaction: startTransaction, operations with its transactionId, commitTransaction', async () => {
    const from = stack.fake.requests.length;
    await db.runTransaction(async (t) => {
      const d = await t.collection('sku').doc('A').get();
      await t.collection('sku').doc('A').update({ stock: (d.data!.stock as number) + 1 });
    });
    const reqs = stack.fake.requests.slice(from);
    expect(reqs.map((r) => r.action)).toEqual(['database.startTransaction', 'database.getDocument', 'database.modifyDocument', 'database.commitTransaction']);
    const txId = reqs[1].transactionId;
    expect(typeof txId).toBe('string');
    expect(reqs[2].transactionId).toBe(txId);
  });

  test('requests are signed (TC3-HMAC-SHA256): a wrong secret key is refused', async () => {
    const wrong = createCloudbaseDatabase(stack.sdkDatabase({ secretKey: 'not-the-key' }));
    const err = await wrong.collection('sku').doc('A').get().catch((e) => e);
    expect(err).toBeInstanceOf(DbError);
    expect(err.code).toBe('DATABASE_REQUEST_FAILED');
    expect(err.message).toMatch(/SIGN_PARAM_INVALID/);
  });
});

describe('SDK error mapping', () => {
  test.each([
    [{ code: 'DATABASE_COLLECTION_NOT_EXIST', message: 'x' }, 'DATABASE_COLLECTION_NOT_EXIST'],
    [{ code: 'DATABASE_DUPLICATE_WRITE', message: 'x' }, 'DATABASE_DUPLICATE_WRITE'],
    [{ code: 'DATABASE_TRANSACTION_CONFLICT', message: 'x' }, 'DATABASE_TRANSACTION_CONFLICT'],
    [{ code: 'INVALID_PARAM', message: 'x' }, 'DATABASE_INVALID_ARGUMENT'],
    [{ code: 'SYS_ERR', message: 'x' }, 'DATABASE_REQUEST_FAILED'],
    [{ code: 'DATABASE_TIMEOUT', message: 'x' }, 'DATABASE_REQUEST_FAILED'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'DATABASE_REQUEST_FAILED'],
  ])('%j -> %s', (e, code) => {
    expect((mapSdkError(e) as DbError).code).toBe(code);
  });
});
