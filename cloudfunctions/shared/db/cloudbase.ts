/**
 * The production adapter: the seam's Database over `tcb.init({...}).database()` from @cloudbase/node-sdk.
 *
 * Thin on purpose: every call passes through to the SDK (so CloudBase sees exactly what the SDK sends). The
 * adapter only
 * - normalises return shapes to the interface (drops requestId; `doc().set` gives `upsertedId`; inside a
 *   transaction `add` gives `{id}` and `doc().get` gives `{data: doc | null}`),
 * - maps SDK errors (TcbError codes) to DbError codes,
 * - refuses what the local adapters refuse, so that code behaves the same everywhere: `where()` on a
 *   transaction's collection (the SDK would silently run it outside the transaction), calls on the database
 *   itself from inside a runTransaction callback, and values that are not plain JSON (Date, NaN, ...).
 * It must not import anything from local/.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  DbError,
  type Collection,
  type Command,
  type Database,
  type DbErrorCode,
  type Doc,
  type DocRef,
  type Order,
  type Projection,
  type Query,
  type QueryOperand,
  type Transaction,
  type TxCollection,
  type TxDocRef,
  type UpdateData,
  type Where,
} from './types';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The part of the SDK's Db that the adapter uses (structural, so the SDK's own types fit). */
export interface SdkDatabase {
  command: unknown;
  RegExp: any;
  runTransaction: any;
  collection(name: string): any;
}

const PASS_THROUGH: ReadonlySet<string> = new Set<DbErrorCode>([
  'DATABASE_TRANSACTION_CONFLICT',
  'DATABASE_DUPLICATE_WRITE',
  'DATABASE_INVALID_OPERATION',
  'DATABASE_INVALID_ARGUMENT',
  'DATABASE_COLLECTION_NOT_EXIST',
  'DATABASE_REQUEST_FAILED',
]);

/** Maps an error from the SDK (TcbError, a thrown response object, or a network error) to a DbError. */
export function mapSdkError(e: unknown): unknown {
  if (e instanceof DbError) return e;
  const code = (e as { code?: unknown })?.code;
  const message = String((e as { message?: unknown })?.message ?? e);
  if (typeof code === 'string' && PASS_THROUGH.has(code)) return new DbError(code as DbErrorCode, message, { cause: e });
  if (code === 'INVALID_PARAM' || code === 'DATABASE_INVALID_PARAM') return new DbError('DATABASE_INVALID_ARGUMENT', message, { cause: e });
  if (typeof code === 'string' && /DUPLICATE|E11000/i.test(code + message)) return new DbError('DATABASE_DUPLICATE_WRITE', message, { cause: e });
  if (typeof code === 'string' && /COLLECTION_NOT_EXIST/.test(code)) return new DbError('DATABASE_COLLECTION_NOT_EXIST', message, { cause: e });
  return new DbError('DATABASE_REQUEST_FAILED', code !== undefined ? `${String(code)}: ${message}` : message, { cause: e });
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  let r: T;
  try {
    r = await fn();
  } catch (e) {
    throw mapSdkError(e);
  }
  // With throwOnCode off the SDK returns {code, message} instead of throwing.
  const code = (r as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code) throw mapSdkError(r);
  return r;
}

/** Synchronous SDK builder calls (where/orderBy/...) throw plain Errors on bad input. */
function build<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DbError) throw e;
    throw new DbError('DATABASE_INVALID_ARGUMENT', String((e as Error)?.message ?? e), { cause: e });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Plain-JSON checks (the same rule the local adapters enforce)

const isSdkInternal = (v: object) => '_internalType' in v || '__queryOperand' in v || '__updateOperand' in v;

function isPlain(v: object): boolean {
  if (Object.prototype.toString.call(v) !== '[object Object]') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function bad(path: string, why: string): never {
  throw new DbError('DATABASE_INVALID_ARGUMENT', `${path ? `"${path}": ` : ''}${why}`);
}

/** `mode`: 'doc' (stored data: no operands), 'update' (update operands allowed), 'where' (query operands, RegExp). */
function checkJson(v: unknown, path: string, mode: 'doc' | 'update' | 'where', depth = 0): void {
  if (depth > 100) bad(path, 'nested too deeply');
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(v)) bad(path, `${v} is not a JSON number`);
      return;
    case 'undefined':
      if (mode === 'where') bad(path, 'is undefined (the SDK would silently drop the condition)');
      return;
    case 'object': {
      if (v === null) return;
      if (Array.isArray(v)) {
        v.forEach((x, i) => {
          if (x === undefined) bad(`${path}.${i}`, 'undefined in an array is not JSON');
          checkJson(x, `${path}.${i}`, mode, depth + 1);
        });
        return;
      }
      if (mode !== 'doc' && isSdkInternal(v)) return;
      if (mode === 'where' && v instanceof RegExp) return;
      if (!isPlain(v)) bad(path, `a ${(v as object).constructor?.name ?? 'non-plain'} object is not JSON (store times as ISO-8601 strings)`);
      for (const [k, x] of Object.entries(v)) checkJson(x, path ? `${path}.${k}` : k, mode, depth + 1);
      return;
    }
    default:
      bad(path, `a ${typeof v} is not JSON`);
  }
}

function checkDoc(data: unknown, what: string): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !isPlain(data)) bad('', `${what} needs a plain object`);
  checkJson(data, '', 'doc');
}

// ---------------------------------------------------------------------------------------------------------

interface TxMark {
  db: object;
  active: boolean;
}
const txStorage = new AsyncLocalStorage<TxMark>();

function guard(owner: object, what: string): void {
  const st = txStorage.getStore();
  if (st && st.active && st.db === owner) {
    throw new DbError(
      'DATABASE_INVALID_OPERATION',
      `${what} was called on the database (not on the transaction) from inside runTransaction; use t.collection(...).doc(...) inside the transaction, or run it after the transaction`,
    );
  }
}

const noId = (data: Record<string, unknown>, what: string) => {
  if (Object.prototype.hasOwnProperty.call(data, '_id')) bad('_id', `${what} data may not contain _id`);
};

class CbQuery implements Query {
  constructor(
    protected readonly owner: object,
    protected readonly q: any,
  ) {}
  protected wrap(q: any): Query {
    return new CbQuery(this.owner, q);
  }
  where(w: Where): Query {
    if (w === null || typeof w !== 'object') bad('', 'where() needs an object');
    checkJson(w, '', 'where');
    return this.wrap(build(() => this.q.where(w)));
  }
  orderBy(field: string, order: Order): Query {
    return this.wrap(build(() => this.q.orderBy(field, order)));
  }
  skip(n: number): Query {
    return this.wrap(build(() => this.q.skip(n)));
  }
  limit(n: number): Query {
    return this.wrap(build(() => this.q.limit(n)));
  }
  field(p: Projection): Query {
    return this.wrap(build(() => this.q.field(p)));
  }
  async get(): Promise<{ data: Doc[] }> {
    guard(this.owner, 'where().get()');
    const r = await call(() => this.q.get());
    return { data: (r as { data: Doc[] }).data };
  }
  async count(): Promise<{ total: number }> {
    guard(this.owner, 'count()');
    const r = await call(() => this.q.count());
    return { total: Number((r as { total: number }).total) };
  }
  async update(data: UpdateData): Promise<{ updated: number }> {
    guard(this.owner, 'where().update()');
    noId(data, 'update()');
    checkJson(data, '', 'update');
    const r = await call(() => this.q.update(data));
    return { updated: Number((r as { updated: number }).updated) };
  }
  async remove(): Promise<{ deleted: number }> {
    guard(this.owner, 'where().remove()');
    const r = await call(() => this.q.remove());
    return { deleted: Number((r as { deleted: number }).deleted) };
  }
}

class CbCollection extends CbQuery implements Collection {
  constructor(
    owner: object,
    private readonly coll: any,
  ) {
    super(owner, coll);
  }
  doc(id: string): DocRef {
    const ref = build(() => this.coll.doc(id));
    const owner = this.owner;
    return {
      async get() {
        guard(owner, 'doc().get()');
        const r = await call(() => ref.get());
        return { data: (r as { data: Doc[] }).data };
      },
      async set(data) {
        guard(owner, 'doc().set()');
        checkDoc(data, 'set()');
        noId(data, 'set()');
        const r = (await call(() => ref.set(data))) as { updated: number; upsertedId?: string | null };
        return r.upsertedId ? { updated: Number(r.updated ?? 0), upsertedId: r.upsertedId } : { updated: Number(r.updated ?? 0) };
      },
      async update(data) {
        guard(owner, 'doc().update()');
        noId(data, 'update()');
        checkJson(data, '', 'update');
        const r = await call(() => ref.update(data));
        return { updated: Number((r as { updated: number }).updated) };
      },
      async remove() {
        guard(owner, 'doc().remove()');
        const r = await call(() => ref.remove());
        return { deleted: Number((r as { deleted: number }).deleted) };
      },
    };
  }
  add(data: Record<string, unknown>): Promise<{ id: string }>;
  add(data: Record<string, unknown>[]): Promise<{ ids: string[] }>;
  async add(data: Record<string, unknown> | Record<string, unknown>[]): Promise<{ id: string } | { ids: string[] }> {
    guard(this.owner, 'add()');
    if (Array.isArray(data)) {
      if (data.length === 0) bad('', 'add([]) needs at least one document');
      data.forEach((d) => checkDoc(d, 'add()'));
      const r = await call(() => this.coll.add(data));
      return { ids: (r as { ids: string[] }).ids };
    }
    checkDoc(data, 'add()');
    const r = await call(() => this.coll.add(data));
    return { id: (r as { id: string }).id };
  }
}

function wrapTransaction(t: any): Transaction {
  return {
    collection(name: string): TxCollection {
      const coll = build(() => t.collection(name));
      return {
        doc(id: string): TxDocRef {
          const ref = build(() => coll.doc(id));
          return {
            async get() {
              const r = await call(() => ref.get());
              return { data: ((r as { data: Doc | null }).data ?? null) as Doc | null };
            },
            async set(data) {
              checkDoc(data, 'set()');
              noId(data, 'set()');
              const r = (await call(() => ref.set(data))) as { updated: number; upserted?: { _id: string }[] | null; upsertedId?: string };
              const upsertedId = r.upsertedId ?? r.upserted?.[0]?._id;
              return upsertedId ? { updated: Number(r.updated ?? 0), upsertedId } : { updated: Number(r.updated ?? 0) };
            },
            async update(data) {
              noId(data, 'update()');
              checkJson(data, '', 'update');
              const r = await call(() => ref.update(data));
              return { updated: Number((r as { updated: number }).updated) };
            },
            async remove() {
              const r = await call(() => ref.remove());
              return { deleted: Number((r as { deleted: number }).deleted) };
            },
          };
        },
        async add(data) {
          checkDoc(data, 'add()');
          const r = await call(() => coll.add(data));
          return { id: (r as { id: string }).id };
        },
        where(): never {
          throw new DbError(
            'DATABASE_INVALID_OPERATION',
            'where() is not supported inside a transaction (CloudBase would silently run it outside the transaction); use doc(id) operations',
          );
        },
      };
    },
    async rollback(reason?: unknown) {
      await call(() => t.rollback(reason));
    },
  };
}

/** Wraps the SDK's database object as the seam's Database. */
export function createCloudbaseDatabase(sdkDb: SdkDatabase): Database {
  const owner = {};
  const db: Database = {
    command: sdkDb.command as Command,
    collection: (name: string) => new CbCollection(owner, build(() => sdkDb.collection(name))),
    RegExp: (opts: { regexp: string; options?: string }) => {
      const r = build(() => sdkDb.RegExp(opts));
      // The SDK's RegExp cannot be chained; the seam says it can: _.and / _.or do the same (non-enumerable, so
      // the SDK's serializer does not see them).
      const cmd = sdkDb.command as { and(...a: unknown[]): QueryOperand; or(...a: unknown[]): QueryOperand };
      const flat = (a: unknown[]) => (a.length === 1 && Array.isArray(a[0]) ? (a[0] as unknown[]) : a);
      Object.defineProperty(r, 'and', { value: (...o: unknown[]) => cmd.and(r, ...flat(o)), enumerable: false });
      Object.defineProperty(r, 'or', { value: (...o: unknown[]) => cmd.or(r, ...flat(o)), enumerable: false });
      return r as QueryOperand;
    },
    async runTransaction<T>(cb: (t: Transaction) => Promise<T>, times = 3): Promise<T> {
      guard(owner, 'runTransaction');
      try {
        return (await sdkDb.runTransaction(async (t: any) => {
          const mark: TxMark = { db: owner, active: true };
          try {
            return await txStorage.run(mark, () => cb(wrapTransaction(t)));
          } finally {
            mark.active = false;
          }
        }, times)) as T;
      } catch (e) {
        // The callback's own errors (and rollback reasons) reach the caller unchanged; the SDK's are mapped.
        if (e instanceof Error && e.constructor?.name === 'TcbError') throw mapSdkError(e);
        throw e;
      }
    },
  };
  return db;
}
