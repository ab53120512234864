/**
 * The local adapter over PGlite (PostgreSQL compiled to WASM): on disk in `dataDir`, or in memory.
 *
 * PGlite runs in a worker thread: the WASM engine does not block the caller's event loop, and PGlite is loaded
 * by Node's own module loader (under jest, CommonJS in a vm context, PGlite's internal `import()` calls fail).
 * PGlite is one connection: every transaction and every multi-statement operation holds a mutex.
 */
import { Worker } from 'node:worker_threads';
import type { DatabaseAdmin } from '../../../cloudfunctions/shared/db/types';
import { createAdmin } from './adapter';
import { DocEngine, type Conn, type Driver, type QueryResult } from './engine';
import { Mutex } from './mutex';

export interface PgliteOptions {
  /** A directory for the data files; in memory when absent. */
  dataDir?: string;
  /** The PostgreSQL schema holding the collections (default 'docdb'). */
  schema?: string;
  /** A transaction running longer is rolled back (default 30 s, as on CloudBase). */
  transactionTimeoutMs?: number;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const { PGlite } = createRequire(workerData.resolveFrom)('@electric-sql/pglite');
let db;
const ready = (workerData.dataDir ? PGlite.create({ dataDir: workerData.dataDir }) : PGlite.create()).then((d) => { db = d; });
parentPort.on('message', async (m) => {
  try {
    await ready;
    if (m.op === 'close') {
      await db.close();
      parentPort.postMessage({ id: m.id, ok: true });
      return;
    }
    const r = await db.query(m.sql, m.params);
    parentPort.postMessage({ id: m.id, ok: true, rows: r.rows, rowCount: r.affectedRows ?? r.rows.length });
  } catch (e) {
    const err = { message: String((e && e.message) || e) };
    for (const k of ['code', 'constraint', 'detail', 'hint', 'table', 'schema']) if (e && e[k] !== undefined) err[k] = e[k];
    parentPort.postMessage({ id: m.id, ok: false, error: err });
  }
});
`;

interface Reply {
  id: number;
  ok: boolean;
  rows?: Record<string, unknown>[];
  rowCount?: number;
  error?: { message: string; code?: string; constraint?: string };
}

class PgliteWorker {
  private readonly worker: Worker;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private dead: Error | undefined;

  constructor(dataDir: string | undefined) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { dataDir, resolveFrom: __filename } });
    this.worker.unref();
    this.worker.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.worker.unref();
      p.resolve(m);
    });
    const fail = (e: Error) => {
      this.dead = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the PGlite worker exited (${code})`)));
  }

  private send(msg: Record<string, unknown>): Promise<Reply> {
    if (this.dead) return Promise.reject(this.dead);
    const id = ++this.seq;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref(); // keep the process alive while a request is in flight
      this.worker.postMessage({ id, ...msg });
    });
  }

  async query(sql: string, params?: unknown[]): Promise<QueryResult> {
    const r = await this.send({ op: 'query', sql, params });
    if (!r.ok) {
      const e = new Error(r.error!.message) as Error & Record<string, unknown>;
      Object.assign(e, r.error);
      throw e;
    }
    return { rows: r.rows ?? [], rowCount: r.rowCount ?? 0 };
  }

  async close(): Promise<void> {
    if (!this.dead) {
      const r = await this.send({ op: 'close' });
      if (!r.ok) throw new Error(r.error!.message);
    }
    await this.worker.terminate();
  }
}

class PgliteDriver implements Driver {
  readonly kind = 'pglite' as const;
  private readonly mutex = new Mutex();
  private readonly conn: Conn;

  constructor(private readonly pg: PgliteWorker) {
    this.conn = { query: (sql, params) => pg.query(sql, params) };
  }

  withConn<T>(fn: (c: Conn) => Promise<T>): Promise<T> {
    return this.mutex.run(() => fn(this.conn));
  }

  async close(): Promise<void> {
    await this.mutex.run(() => this.pg.close());
  }
}

/** The engine under the adapter (MongoDB-style documents; used by the CloudBase fake). */
export async function createPgliteEngine(opts: PgliteOptions = {}): Promise<DocEngine> {
  const w = new PgliteWorker(opts.dataDir || undefined);
  const engine = new DocEngine(new PgliteDriver(w), opts.schema, opts.transactionTimeoutMs);
  try {
    await engine.init();
  } catch (e) {
    await w.close().catch(() => undefined);
    throw e;
  }
  return engine;
}

export async function createPgliteDatabase(opts: PgliteOptions = {}): Promise<DatabaseAdmin> {
  return createAdmin(await createPgliteEngine(opts));
}
