/**
 * The document engine shared by the PGlite and the PostgreSQL-server adapters: one table per collection
 * `(id text primary key, doc jsonb not null)` in a schema of its own, MongoDB-style queries translated to SQL
 * (sql.ts), updates applied by the JS applier (mongo.ts) on rows locked with SELECT ... FOR UPDATE.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { DbError, type CollectionOptions, type Doc, type IndexSpec } from '../../../cloudfunctions/shared/db/types';
import { cloneJson } from './json';
import { applyProjection, checkUpdate, type MProjection, type MQuery, type MUpdate } from './mongo';
import type { Call, Envelope, QueryResult, StatementOptions } from './ops';
import { ident, indexName, indexSql, orderBySql, Params, type SqlContext, sqlLit, textIndexSql, whereSql } from './sql';

export type { QueryResult } from './ops';
export interface Conn {
  query(sql: string, params?: unknown[], opts?: StatementOptions): Promise<QueryResult>;
  /** Runs a whole operation (ops.ts): in the PGlite worker, as one message. */
  run(env: Envelope): Promise<unknown>;
}
export interface Driver {
  readonly kind: 'pglite' | 'pg';
  /** Runs `fn` with exclusive use of one connection. */
  withConn<T>(fn: (c: Conn) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface FindOptions {
  order?: { field: string; dir: 'asc' | 'desc' }[];
  skip?: number;
  limit?: number;
  projection?: MProjection;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

interface TxState {
  engine: DocEngine;
  conn: Conn;
  active: boolean;
  conflict: boolean;
  rolledBack: boolean;
  reason: unknown;
  queue: Promise<unknown>;
  savepoint: number;
  /** BEGIN is sent with the first operation (the snapshot starts at the first statement either way). */
  begun: boolean;
}

const txStorage = new AsyncLocalStorage<TxState>();

/** A rejection of runTransaction caused by rollback(reason). */
class RollbackSignal {
  constructor(readonly reason: unknown) {}
}

const COLL_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function newId(): string {
  return randomUUID().replace(/-/g, '');
}

/** A PostgreSQL SQLSTATE (five characters); business errors with their own `code` (e.g. AppError) are not one. */
function pgCode(e: unknown): string | undefined {
  if (e instanceof DbError) return undefined;
  const c = (e as { code?: unknown })?.code;
  return typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c) ? c : undefined;
}

const isConflictCode = (code: string | undefined) => code === '40001' || code === '40P01';

/** Maps a PostgreSQL error to a DbError (DbErrors pass through). */
export function mapPgError(e: unknown, coll?: string): unknown {
  if (e instanceof DbError || e instanceof RollbackSignal) return e;
  const code = pgCode(e);
  const msg = (e as Error)?.message ?? String(e);
  switch (code) {
    case '42P01':
      return new DbError('DATABASE_COLLECTION_NOT_EXIST', coll ? `collection ${coll} does not exist` : 'collection does not exist', { cause: e });
    case '23505': {
      const constraint = (e as { constraint?: string }).constraint;
      const what = constraint && constraint.endsWith('_pkey') ? 'a document with this _id already exists' : `unique index ${constraint ?? ''} violated`;
      return new DbError('DATABASE_DUPLICATE_WRITE', `${coll ? `${coll}: ` : ''}${what}`, { cause: e });
    }
    case '40001':
    case '40P01':
      return new DbError('DATABASE_TRANSACTION_CONFLICT', `write conflict: ${msg}`, { cause: e });
    case '2201B':
    case '42601':
    case '22P02':
    case '22023':
    case '22030':
    case '22033':
    case '22034':
    case '22035':
    case '22036':
    case '22038':
    case '2203A':
    case '2203B':
    case '2203C':
    case '2203D':
    case '2203E':
    case '2203F':
    case '22003':
      return new DbError('DATABASE_INVALID_ARGUMENT', msg, { cause: e });
    default:
      return new DbError('DATABASE_REQUEST_FAILED', msg, { cause: e });
  }
}

export class DocEngine {
  private closed = false;
  /** rows written per collection since its last ANALYZE (see noteWrites) */
  private dirty = new Map<string, number>();
  private analyzeTimer: NodeJS.Timeout | undefined;
  /** per collection: the fields with a text index (ensureCollection), for the translator's prefilters */
  private readonly textFields = new Map<string, Set<string>>();

  constructor(
    readonly driver: Driver,
    readonly schema = 'docdb',
    /** Like CloudBase (30 s), a transaction running longer is rolled back (and frees the connection). */
    readonly txTimeoutMs = 30_000,
  ) {}

  async init(): Promise<void> {
    await this.driver.withConn(async (c) => {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${ident(this.schema)}`).catch(async (e) => {
        // Two processes creating the schema at once: fine if it now exists.
        if (pgCode(e) !== '23505' && pgCode(e) !== '42P06') throw e;
      });
    });
  }

  table(coll: string): string {
    if (typeof coll !== 'string' || !COLL_RE.test(coll) || Buffer.byteLength(coll) > 50) {
      throw new DbError('DATABASE_INVALID_ARGUMENT', `invalid collection name ${JSON.stringify(coll)}`);
    }
    return `${ident(this.schema)}.${ident(coll)}`;
  }

  /** Throws if called from inside a running transaction callback of this database (it would deadlock on PGlite). */
  guard(what: string): void {
    const st = txStorage.getStore();
    if (st && st.active && st.engine === this) {
      throw new DbError(
        'DATABASE_INVALID_OPERATION',
        `${what} was called on the database (not on the transaction) from inside runTransaction; use t.collection(...).doc(...) inside the transaction, or run it after the transaction`,
      );
    }
    if (this.closed) throw new DbError('DATABASE_REQUEST_FAILED', 'the database is closed');
  }

  /** Runs `fn` in a READ COMMITTED transaction; retries on deadlock / serialization failure. */
  private async tx<T>(coll: string | undefined, fn: (c: Conn) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.driver.withConn(async (c) => {
          await c.query('BEGIN');
          try {
            const r = await fn(c);
            await c.query('COMMIT');
            return r;
          } catch (e) {
            await c.query('ROLLBACK').catch(() => undefined);
            throw e;
          }
        });
      } catch (e) {
        if (isConflictCode(pgCode(e)) && attempt < 10) continue;
        throw mapPgError(e, coll);
      }
    }
  }

  /** Runs one self-contained transaction (an Envelope with wrap 'tx'); retries on deadlock / serialization failure. */
  private async atomic<T>(coll: string, fn: (c: Conn) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.driver.withConn(fn);
      } catch (e) {
        if (isConflictCode(pgCode(e)) && attempt < 10) continue;
        throw mapPgError(e, coll);
      }
    }
  }

  private async one<T>(coll: string | undefined, fn: (c: Conn) => Promise<T>): Promise<T> {
    try {
      return await this.driver.withConn(fn);
    } catch (e) {
      throw mapPgError(e, coll);
    }
  }

  async ensureCollection(coll: string, indexes: IndexSpec[] = [], options: CollectionOptions = {}): Promise<void> {
    this.guard('ensureCollection');
    const t = this.table(coll);
    const gin = ident(indexName(coll, 'doc_gin'));
    const ddl = [
      `CREATE TABLE IF NOT EXISTS ${t} (id text PRIMARY KEY, doc jsonb NOT NULL)`,
      options.documentIndex === false
        ? `DROP INDEX IF EXISTS ${ident(this.schema)}.${gin}`
        : `CREATE INDEX IF NOT EXISTS ${gin} ON ${t} USING gin (doc jsonb_path_ops) WITH (fastupdate = on, gin_pending_list_limit = 64)`,
    ];
    // A write appends its entries to a small pending list (64 kB, merged into the index in sorted batches) instead
    // of inserting each entry into the tree; a search reads that short list besides the tree. Indexes made before
    // (fastupdate off) are switched over.
    if (options.documentIndex !== false) ddl.push(`ALTER INDEX ${ident(this.schema)}.${gin} SET (fastupdate = on, gin_pending_list_limit = 64)`);
    const text = new Set<string>();
    for (const spec of indexes) {
      if (!spec || typeof spec.name !== 'string' || !spec.name) throw new DbError('DATABASE_INVALID_ARGUMENT', 'an index needs a name');
      if (spec.kind === 'text') {
        ddl.push(...textIndexSql(this.schema, coll, spec));
        for (const f of Object.keys(spec.keys)) text.add(f);
      } else ddl.push(indexSql(this.schema, coll, spec));
    }
    await this.tx(coll, async (c) => {
      // Serialise DDL between processes sharing a server.
      await c.query(`SELECT pg_advisory_xact_lock(hashtext(${sqlLit(`${this.schema}.${coll}`)}))`);
      for (const s of ddl) await c.query(s);
    });
    this.textFields.set(coll, text);
  }

  /**
   * What ensureCollection learns about a collection, without its statements: for a database started from a data
   * directory that ensureCollection already shaped with the same specs (template.ts).
   */
  adoptCollection(coll: string, indexes: IndexSpec[] = []): void {
    this.textFields.set(coll, new Set(indexes.filter((s) => s.kind === 'text').flatMap((s) => Object.keys(s.keys))));
  }

  /**
   * Keeps the planner's statistics fresh. PGlite runs no autovacuum daemon, so without this the planner never
   * learns how large a collection has grown and picks a full sort over an index scan (65 ms instead of 4 ms
   * for a page of 10,000 products). Written collections are analysed a few seconds later, at once after a bulk
   * write. On a PostgreSQL server this only adds an occasional cheap ANALYZE beside autovacuum.
   */
  noteWrites(coll: string, n: number): void {
    if (n <= 0 || this.closed) return;
    const total = (this.dirty.get(coll) ?? 0) + n;
    this.dirty.set(coll, total);
    if (total >= 100 && this.analyzeTimer) {
      clearTimeout(this.analyzeTimer);
      this.analyzeTimer = undefined;
    }
    if (this.analyzeTimer) return;
    // outside any transaction's async context: the timer must not inherit it
    txStorage.exit(() => {
      this.analyzeTimer = setTimeout(() => void this.analyzeDirty(), total >= 100 ? 0 : 5000);
      this.analyzeTimer.unref();
    });
  }

  private async analyzeDirty(): Promise<void> {
    this.analyzeTimer = undefined;
    const colls = [...this.dirty.keys()];
    this.dirty.clear();
    for (const c of colls) {
      if (this.closed) return;
      await this.one(c, (conn) => conn.query(`ANALYZE ${this.table(c)}`)).catch(() => undefined);
    }
  }

  private ctx(coll: string): SqlContext {
    return { schema: this.schema, textFields: this.textFields.get(coll) };
  }

  async find(coll: string, q: MQuery, o: FindOptions = {}): Promise<Doc[]> {
    const t = this.table(coll);
    const p = new Params();
    const w = whereSql(q, p, this.ctx(coll));
    const limit = clampLimit(o.limit);
    const skip = o.skip ?? 0;
    const sql = `SELECT doc FROM ${t} WHERE ${w} ${orderBySql(o.order ?? [])} LIMIT ${limit} OFFSET ${skip}`;
    const r = await this.one(coll, (c) => c.query(sql, p.values));
    return r.rows.map((row) => applyProjection(row.doc as Doc, o.projection) as Doc);
  }

  /** The query plan of a find (for tests and benchmarks: do indexed queries use the indexes?). */
  async explain(coll: string, q: MQuery, o: FindOptions = {}): Promise<string> {
    const t = this.table(coll);
    const p = new Params();
    const w = whereSql(q, p, this.ctx(coll));
    const sql = `EXPLAIN SELECT doc FROM ${t} WHERE ${w} ${orderBySql(o.order ?? [])} LIMIT ${clampLimit(o.limit)} OFFSET ${o.skip ?? 0}`;
    const r = await this.one(coll, (c) => c.query(sql, p.values));
    return r.rows.map((row) => String(Object.values(row)[0])).join('\n');
  }

  async count(coll: string, q: MQuery): Promise<number> {
    const t = this.table(coll);
    const p = new Params();
    const w = whereSql(q, p, this.ctx(coll));
    const r = await this.one(coll, (c) => c.query(`SELECT count(*)::int AS n FROM ${t} WHERE ${w}`, p.values));
    return Number(r.rows[0].n);
  }

  async updateMany(coll: string, q: MQuery, u: MUpdate): Promise<number> {
    const t = this.table(coll);
    checkUpdate(u);
    const p = new Params();
    const w = whereSql(q, p, this.ctx(coll));
    if (Object.keys(u).length === 0) return 0;
    const call: Call = { fn: 'updateRows', t, where: w, params: p.values, u };
    const n = await this.atomic(coll, (c) => c.run({ wrap: 'tx', call }) as Promise<number>);
    this.noteWrites(coll, n);
    return n;
  }

  async deleteMany(coll: string, q: MQuery): Promise<number> {
    const t = this.table(coll);
    const p = new Params();
    const w = whereSql(q, p, this.ctx(coll));
    const r = await this.one(coll, (c) => c.query(`DELETE FROM ${t} WHERE ${w}`, p.values));
    this.noteWrites(coll, r.rowCount);
    return r.rowCount;
  }

  async insert(coll: string, docs: Record<string, unknown>[]): Promise<string[]> {
    const t = this.table(coll);
    const rows = prepareInsert(docs);
    await this.one(coll, (c) => c.run({ call: { fn: 'insertRows', t, rows } }));
    this.noteWrites(coll, rows.length);
    return rows.map((r) => r.id);
  }

  async getById(coll: string, id: string): Promise<Doc | null> {
    const t = this.table(coll);
    const r = await this.one(coll, (c) => c.query(`SELECT doc FROM ${t} WHERE id = $1`, [checkId(id)], { prepare: true }));
    return (r.rows[0]?.doc as Doc | undefined) ?? null;
  }

  async replace(coll: string, id: string, data: Record<string, unknown>): Promise<{ updated: number; upsertedId?: string }> {
    const t = this.table(coll);
    const doc = { ...cloneJson(data), _id: checkId(id) };
    const r = await this.one(coll, (c) => c.run({ call: { fn: 'replaceRow', t, id, doc } }) as Promise<{ updated: number; upsertedId?: string }>);
    this.noteWrites(coll, 1);
    return r;
  }

  async removeById(coll: string, id: string): Promise<number> {
    const t = this.table(coll);
    const r = await this.one(coll, (c) => c.query(`DELETE FROM ${t} WHERE id = $1`, [checkId(id)], { prepare: true }));
    this.noteWrites(coll, r.rowCount);
    return r.rowCount;
  }

  // -------------------------------------------------------------------------------------------------------
  // Transactions

  /**
   * Runs `cb` in a REPEATABLE READ (snapshot) transaction. Like the SDK, a write conflict re-runs the callback
   * up to `times` more times (at most times + 1 runs), then throws DATABASE_TRANSACTION_CONFLICT.
   */
  async runTransaction<T>(cb: (ops: TxOps) => Promise<T>, times = 3): Promise<T> {
    this.guard('runTransaction');
    const attempts = Math.max(0, Math.floor(Number.isFinite(times) ? times : 3)) + 1;
    for (let attempt = 1; ; attempt++) {
      let state: TxState | undefined;
      try {
        return await this.driver.withConn(async (conn) => {
          const st: TxState = { engine: this, conn, active: true, conflict: false, rolledBack: false, reason: undefined, queue: Promise.resolve(), savepoint: 0, begun: false };
          state = st;
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<never>((_resolve, reject) => {
            timer = setTimeout(
              () => reject(new DbError('DATABASE_REQUEST_FAILED', `the transaction took longer than ${this.txTimeoutMs} ms and was rolled back`)),
              this.txTimeoutMs,
            );
          });
          try {
            const result = await Promise.race([txStorage.run(st, () => cb(new TxOps(this, st))), timeout]);
            await st.queue; // operations the callback started but did not await
            if (st.rolledBack) throw new RollbackSignal(st.reason);
            st.active = false;
            if (st.begun) await conn.query('COMMIT');
            return result;
          } catch (e) {
            // No new operation may start, and the one in flight must finish before the connection is reused.
            st.active = false;
            await st.queue;
            if (st.begun) await conn.query('ROLLBACK').catch(() => undefined);
            throw e;
          } finally {
            clearTimeout(timer);
            st.active = false;
          }
        });
      } catch (e) {
        const conflict = state?.conflict || isConflictCode(pgCode(e)) || (e instanceof DbError && e.code === 'DATABASE_TRANSACTION_CONFLICT');
        if (state?.rolledBack) throw state.reason;
        if (e instanceof RollbackSignal) throw e.reason;
        if (conflict) {
          if (attempt < attempts) continue;
          throw new DbError('DATABASE_TRANSACTION_CONFLICT', `transaction still conflicted after ${attempts} run(s)`, { cause: e });
        }
        throw pgCode(e) ? mapPgError(e) : e; // the callback's own errors reach the caller unchanged
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.analyzeTimer) clearTimeout(this.analyzeTimer);
    await this.driver.close();
  }
}

/** The single-document operations available inside a transaction. */
export class TxOps {
  constructor(
    private readonly engine: DocEngine,
    private readonly st: TxState,
  ) {}

  /**
   * Runs one operation at a time (one message to the PGlite worker, the first one with the transaction's BEGIN),
   * writes inside a savepoint so that a failed write does not poison the transaction.
   */
  private run<T>(coll: string, call: (t: string) => Call, write: boolean): Promise<T> {
    const st = this.st;
    const next = st.queue.then(async () => {
      if (!st.active) throw new DbError('DATABASE_INVALID_OPERATION', 'the transaction is already over');
      if (st.rolledBack) throw new DbError('DATABASE_INVALID_OPERATION', 'the transaction was rolled back');
      const env: Envelope = { call: call(this.engine.table(coll)) };
      if (!st.begun) {
        env.before = ['BEGIN ISOLATION LEVEL REPEATABLE READ'];
        st.begun = true;
      }
      if (write) {
        env.wrap = 'savepoint';
        env.sp = `sp${++st.savepoint}`;
      }
      try {
        const r = (await st.conn.run(env)) as T;
        if (write) this.engine.noteWrites(coll, 1);
        return r;
      } catch (e) {
        if (isConflictCode(pgCode(e))) st.conflict = true;
        throw mapPgError(e, coll);
      }
    });
    st.queue = next.catch(() => undefined);
    return next;
  }

  get(coll: string, id: string): Promise<Doc | null> {
    checkId(id);
    return this.run<QueryResult>(coll, (t) => ({ fn: 'query', sql: `SELECT doc FROM ${t} WHERE id = $1`, params: [id], prepare: true }), false).then(
      (r) => (r.rows[0]?.doc as Doc | undefined) ?? null,
    );
  }

  insert(coll: string, doc: Record<string, unknown>): Promise<string> {
    const rows = prepareInsert([doc]);
    return this.run(coll, (t) => ({ fn: 'insertRows', t, rows }), true).then(() => rows[0].id);
  }

  replace(coll: string, id: string, data: Record<string, unknown>): Promise<{ updated: number; upsertedId?: string }> {
    const doc = { ...cloneJson(data), _id: checkId(id) };
    return this.run(coll, (t) => ({ fn: 'replaceRow', t, id, doc }), true);
  }

  update(coll: string, id: string, u: MUpdate): Promise<number> {
    checkId(id);
    checkUpdate(u);
    if (Object.keys(u).length === 0) return Promise.resolve(0);
    return this.run(coll, (t) => ({ fn: 'updateRows', t, where: 'id = $1', params: [id], u }), true);
  }

  remove(coll: string, id: string): Promise<number> {
    checkId(id);
    return this.run<QueryResult>(coll, (t) => ({ fn: 'query', sql: `DELETE FROM ${t} WHERE id = $1`, params: [id], prepare: true }), true).then((r) => r.rowCount);
  }

  rollback(reason: unknown): void {
    this.st.rolledBack = true;
    this.st.reason = reason;
  }
}

// ---------------------------------------------------------------------------------------------------------

function clampLimit(n: number | undefined): number {
  if (n === undefined || n === 0) return DEFAULT_LIMIT;
  return Math.min(n, MAX_LIMIT);
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || id === '') throw new DbError('DATABASE_INVALID_ARGUMENT', `a document id must be a non-empty string, got ${JSON.stringify(id)}`);
  if (id.includes('\u0000')) throw new DbError('DATABASE_INVALID_ARGUMENT', 'a document id may not contain U+0000');
  return id;
}

function prepareInsert(docs: Record<string, unknown>[]): { id: string; doc: Record<string, unknown> }[] {
  const seen = new Set<string>();
  return docs.map((d) => {
    const id = d._id === undefined ? newId() : checkId(d._id);
    if (seen.has(id)) throw new DbError('DATABASE_DUPLICATE_WRITE', `_id ${id} appears twice in one add()`);
    seen.add(id);
    return { id, doc: { ...cloneJson(d), _id: id } };
  });
}
