/**
 * Counting database operations per request, for every adapter (production's included): `withOpCounting(db)` wraps a
 * `Database` once per instance, and `countOps(fn)` runs one request with its own count (AsyncLocalStorage, so
 * concurrent requests on one instance keep apart). What is counted:
 *
 * - reads: `doc().get()`, `where().get()`, `count()`;
 * - writes: `add`, `doc().set/update/remove`, `where().update/remove` (one each, however many documents change);
 * - transactions: each run of a `runTransaction` callback (a conflict re-runs it and counts again), with the
 *   statements inside it (`tx.collection().doc().get/set/update/remove`, `add`).
 *
 * `opsTotal` is reads + writes + transactions: a transaction counts once (one message to the local engine), its
 * statements are shown beside it (on CloudBase each statement is a request of its own).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Collection, Database, DocRef, Query, Transaction, TxCollection, TxDocRef, UpdateData, Where } from './types';

export interface OpCount {
  reads: number;
  writes: number;
  transactions: number;
  /** statements run inside the transactions */
  statements: number;
}

export const emptyOps = (): OpCount => ({ reads: 0, writes: 0, transactions: 0, statements: 0 });
export const opsTotal = (c: OpCount) => c.reads + c.writes + c.transactions;
export const formatOps = (c: OpCount) =>
  `${opsTotal(c)} ops (${c.reads} reads, ${c.writes} writes, ${c.transactions} transactions of ${c.statements} statements)`;

/** The `x-db-ops` header form: `total;r=…;w=…;tx=…;st=…`. */
export const opsHeader = (c: OpCount) => `${opsTotal(c)};r=${c.reads};w=${c.writes};tx=${c.transactions};st=${c.statements}`;
export function parseOpsHeader(v: string | string[] | undefined | null): OpCount | null {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return null;
  const m = /;r=(\d+);w=(\d+);tx=(\d+);st=(\d+)$/.exec(s);
  return m ? { reads: Number(m[1]), writes: Number(m[2]), transactions: Number(m[3]), statements: Number(m[4]) } : null;
}

const scope = new AsyncLocalStorage<OpCount>();

/** Runs `fn` (one request) with a fresh count; answers its result and what it cost. */
export async function countOps<T>(fn: () => Promise<T>): Promise<{ result: T; ops: OpCount }> {
  const ops = emptyOps();
  const result = await scope.run(ops, fn);
  return { result, ops };
}

/** The count of the request running now, if any. */
export const currentOps = (): OpCount | undefined => scope.getStore();

const bump = (k: keyof OpCount) => {
  const c = scope.getStore();
  if (c) c[k]++;
};

const ROOT = Symbol('counting.root');
type Counted = Database & { [ROOT]: Database };

/** The database under any counting wrapper (per-instance caches key on it, so a wrapped and a bare handle share them). */
export const rootOf = (db: Database): Database => (db as Partial<Counted>)[ROOT] ?? db;

function query(q: Query): Query {
  return {
    where: (w: Where) => query(q.where(w)),
    orderBy: (f, o) => query(q.orderBy(f, o)),
    skip: (n) => query(q.skip(n)),
    limit: (n) => query(q.limit(n)),
    field: (p) => query(q.field(p)),
    get: () => (bump('reads'), q.get()),
    count: () => (bump('reads'), q.count()),
    update: (d: UpdateData) => (bump('writes'), q.update(d)),
    remove: () => (bump('writes'), q.remove()),
  };
}

/** A document handle whose reads count as `read` and writes as `write` (inside a transaction both are statements). */
function docRef<D extends DocRef | TxDocRef>(d: D, read: keyof OpCount, write: keyof OpCount): D {
  const counted: DocRef | TxDocRef = {
    get: () => (bump(read), d.get()),
    set: (x: Record<string, unknown>) => (bump(write), d.set(x)),
    update: (x: UpdateData) => (bump(write), d.update(x)),
    remove: () => (bump(write), d.remove()),
  } as DocRef | TxDocRef;
  return counted as D;
}

function collection(c: Collection): Collection {
  return Object.assign(query(c), {
    doc: (id: string) => docRef(c.doc(id), 'reads', 'writes'),
    add: ((data: Record<string, unknown> | Record<string, unknown>[]) => (bump('writes'), c.add(data as never))) as Collection['add'],
  });
}

function transaction(t: Transaction): Transaction {
  return {
    collection: (name: string): TxCollection => {
      const c = t.collection(name);
      return { doc: (id) => docRef(c.doc(id), 'statements', 'statements'), add: (x) => (bump('statements'), c.add(x)), where: (w) => c.where(w) };
    },
    rollback: (reason) => t.rollback(reason),
  };
}

/** `db` with every operation counted into the running request's count (idempotent: a counted handle is returned as is). */
export function withOpCounting(db: Database): Database {
  if ((db as Partial<Counted>)[ROOT]) return db;
  const counted: Counted = {
    [ROOT]: db,
    get command() {
      return db.command;
    },
    collection: (name) => collection(db.collection(name)),
    RegExp: (o) => db.RegExp(o),
    runTransaction: (cb, times) =>
      db.runTransaction((t) => {
        bump('transactions');
        return cb(transaction(t));
      }, times),
  };
  return counted;
}
