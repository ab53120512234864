/**
 * After-commit order work that keeps failing is not lost: it is recorded on the order (`followUps`) and the jobs
 * timer runs it again until it succeeds, once.
 */
import { afterCommit, retryFollowUps } from '@shop/functions/shared/domain/orders/participants';
import { setSyncKicker } from '@shop/functions/shared/domain/sync/kick';
import { setProbe } from '@shop/functions/shared/runtime/probe';
import type { Database } from '@shop/functions/shared/db/types';
import type { Order } from '@shop/types';
import { openDatabase } from './stack';

let db: Database;
const now = new Date('2026-11-23T08:00:00.000Z');

beforeAll(async () => {
  db = (await openDatabase({ dataDir: '', inMemory: true })).db;
}, 180_000);
afterEach(() => {
  setProbe(null);
  setSyncKicker(null);
});

test('a failed afterPaid hook is kept on the order and run again by the timer, once', async () => {
  await db.collection('orders').doc('o-follow').set({ openid: 'x', status: 'paid', lines: [] });
  const order = { _id: 'o-follow' } as Order;
  let kicks = 0;
  setSyncKicker(() => kicks++);
  setProbe((p) => {
    if (p === 'after:afterPaid:Jingdou Cloud outbox') throw new Error('the network is down');
  });
  await afterCommit('afterPaid', db, order, now);
  expect(kicks).toBe(0);
  const kept = (await db.collection('orders').doc('o-follow').get()).data[0] as { followUps?: unknown[] };
  expect(kept.followUps).toEqual([{ hook: 'afterPaid', participant: 'Jingdou Cloud outbox', why: null, at: now.toISOString() }]);

  // still failing: stays
  expect(await retryFollowUps(db, now)).toBe(0);
  expect(((await db.collection('orders').doc('o-follow').get()).data[0] as { followUps?: unknown[] }).followUps).toHaveLength(1);

  setProbe(null);
  expect(await retryFollowUps(db, now)).toBe(1);
  expect(kicks).toBe(1);
  expect(((await db.collection('orders').doc('o-follow').get()).data[0] as { followUps?: unknown[] }).followUps).toBeUndefined();
  expect(await retryFollowUps(db, now)).toBe(0);
  expect(kicks).toBe(1);
});

test('a hook that succeeds records nothing', async () => {
  await db.collection('orders').doc('o-fine').set({ openid: 'x', status: 'paid', lines: [] });
  await afterCommit('afterPaid', db, { _id: 'o-fine' } as Order, now);
  expect(((await db.collection('orders').doc('o-fine').get()).data[0] as { followUps?: unknown[] }).followUps).toBeUndefined();
});
