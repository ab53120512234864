/**
 * One sync run, both directions: the outbox out, then materials, stock and ERP shipping in. The timer runs it
 * (CloudBase: the `sync` function's timer trigger; locally the gateway's scheduler) and a kick runs the outbox right
 * after a change (`kickSync`). Each direction records when it ran, what it did and its error in `sync_state/runs`.
 * One client per binding per process, so its token cache and pacing are shared by every run of the instance.
 */
import type { SyncRunReport } from '@shop/types';
import type { Database } from '../../db/types';
import type { JdyClient, JdyClientOptions } from '../jdy/client';
import { classifyJdyError } from '../jdy/errors';
import { clientFor, getBinding, type Binding } from './binding';
import { pullMaterials, pullShipments, pullStock } from './inbound';
import { SYNC_STATE } from './outbox';
import { runOutbox } from './worker';

const RUNS = 'runs';
let cached: { key: string; client: JdyClient } | null = null;

async function clientOf(db: Database, b: Binding, opts: JdyClientOptions): Promise<JdyClient> {
  const key = [b.baseUrl, b.clientId, b.outerInstanceId, b.accountId, b.updatedAt].join('|');
  if (cached?.key !== key) cached = { key, client: await clientFor(db, opts) };
  return cached.client;
}

async function record(db: Database, direction: string, now: Date, result: unknown, error: unknown) {
  const entry = { lastRunAt: now.toISOString(), lastResult: result ?? null, lastError: error ? classifyJdyError(error).message.slice(0, 500) : null };
  const cur = (await db.collection(SYNC_STATE).doc(RUNS).get()).data[0];
  if (cur) await db.collection(SYNC_STATE).doc(RUNS).update({ [direction]: db.command.set(entry) });
  else await db.collection(SYNC_STATE).doc(RUNS).set({ [direction]: entry });
}

async function step<T>(db: Database, direction: string, now: () => Date, fn: () => Promise<T>): Promise<T | null> {
  try {
    const r = await fn();
    await record(db, direction, now(), r, null);
    return r;
  } catch (e) {
    console.error(`[sync] ${direction}`, e);
    await record(db, direction, now(), null, e);
    return null;
  }
}

export interface SyncRunOptions {
  client?: JdyClientOptions;
  /** false: only the outbox (a kick) */
  inbound?: boolean;
}

export async function runSync(db: Database, now: () => Date, opts: SyncRunOptions = {}): Promise<SyncRunReport> {
  const b = await getBinding(db);
  if (b.status !== 'bound') return { bound: false };
  const client = await clientOf(db, b, opts.client ?? {});
  const out = await step(db, 'out', now, () => runOutbox({ db, client, now, defaults: b.defaults }));
  if (opts.inbound === false) return { bound: true, out };
  const materials = await step(db, 'materials', now, () => pullMaterials(db, client, now()));
  const stock = await step(db, 'stock', now, () => pullStock(db, client, b.defaults));
  const shipments = await step(db, 'shipments', now, () => pullShipments(db, client, now()));
  return { bound: true, out, materials, stock, shipments };
}

export async function lastRuns(db: Database): Promise<Record<string, { lastRunAt: string | null; lastResult: unknown; lastError: string | null }>> {
  return ((await db.collection(SYNC_STATE).doc(RUNS).get()).data[0] ?? {}) as never;
}
