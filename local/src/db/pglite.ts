/**
 * The local adapter over PGlite (PostgreSQL compiled to WASM): on disk in `dataDir`, or in memory.
 *
 * PGlite runs in a worker thread: the WASM engine does not block the caller's event loop, and PGlite is loaded
 * by Node's own module loader (under jest, CommonJS in a vm context, PGlite's internal `import()` calls fail).
 * PGlite is one connection: every transaction and every multi-statement operation holds a mutex. An operation's
 * statements run in the worker as one message (ops.ts), so a conditional update is one round trip, not four.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { DbError, type DatabaseAdmin, type DbErrorCode, type IndexSpec } from '../../../cloudfunctions/shared/db/types';
import { createAdmin } from './adapter';
import { DocEngine, type Conn, type Driver } from './engine';
import { Mutex } from './mutex';
import type { Envelope, QueryResult } from './ops';

export interface PgliteOptions {
  /** A directory for the data files; in memory when absent. */
  dataDir?: string;
  /** The PostgreSQL schema holding the collections (default 'docdb'). */
  schema?: string;
  /** A transaction running longer is rolled back (default 30 s, as on CloudBase). */
  transactionTimeoutMs?: number;
  /** Start from this data directory (a `dumpDataDir` tarball, see template.ts) instead of an empty one. */
  loadDataDir?: Uint8Array;
}

/** The worker's program: pglite-worker.ts with ops.ts, bundled once per process (esbuild, a few tens of ms). */
let workerSource: string | undefined;
function bundledWorker(): string {
  workerSource ??= buildSync({
    entryPoints: [join(__dirname, 'pglite-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0].text;
  return workerSource;
}

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { message: string; code?: string; constraint?: string; dbError?: boolean };
}

class PgliteWorker {
  private readonly worker: Worker;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private dead: Error | undefined;

  constructor(dataDir: string | undefined, loadDataDir?: Uint8Array) {
    this.worker = new Worker(bundledWorker(), { eval: true, workerData: { dataDir, loadDataDir, resolveFrom: __filename } });
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

  private async call(msg: Record<string, unknown>): Promise<unknown> {
    const r = await this.send(msg);
    if (!r.ok) {
      const { dbError, ...err } = r.error!;
      if (dbError) throw new DbError(err.code as DbErrorCode, err.message);
      const e = new Error(err.message) as Error & Record<string, unknown>;
      Object.assign(e, err);
      throw e;
    }
    return r.result;
  }

  query(sql: string, params?: unknown[]): Promise<QueryResult> {
    return this.call({ op: 'query', sql, params }) as Promise<QueryResult>;
  }

  /** A whole operation (its statements and the JS between them) in one message. */
  run(env: Envelope): Promise<unknown> {
    return this.call({ op: 'run', env });
  }

  /** The whole data directory as an uncompressed tarball (PGlite's dumpDataDir). */
  dump(): Promise<Uint8Array> {
    return this.call({ op: 'dump' }) as Promise<Uint8Array>;
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
    this.conn = { query: (sql, params) => pg.query(sql, params), run: (env) => pg.run(env) };
  }

  withConn<T>(fn: (c: Conn) => Promise<T>): Promise<T> {
    return this.mutex.run(() => fn(this.conn));
  }

  dump(): Promise<Uint8Array> {
    return this.mutex.run(() => this.pg.dump());
  }

  async close(): Promise<void> {
    await this.mutex.run(() => this.pg.close());
  }
}

/** The engine under the adapter (MongoDB-style documents; used by the CloudBase fake). */
export async function createPgliteEngine(opts: PgliteOptions = {}): Promise<DocEngine> {
  return (await openPglite(opts)).engine;
}

async function openPglite(opts: PgliteOptions): Promise<{ engine: DocEngine; driver: PgliteDriver }> {
  const w = new PgliteWorker(opts.dataDir || undefined, opts.loadDataDir);
  const driver = new PgliteDriver(w);
  const engine = new DocEngine(driver, opts.schema, opts.transactionTimeoutMs);
  try {
    await engine.init();
  } catch (e) {
    await w.close().catch(() => undefined);
    throw e;
  }
  return { engine, driver };
}

export async function createPgliteDatabase(opts: PgliteOptions = {}): Promise<DatabaseAdmin> {
  return createAdmin(await createPgliteEngine(opts));
}

/**
 * A PGlite database that can also hand out its data directory, and take collections its data directory already
 * holds without making them again (template.ts).
 */
export async function createTemplatePgliteDatabase(
  opts: PgliteOptions = {},
): Promise<DatabaseAdmin & { dumpDataDir(): Promise<Uint8Array>; adoptCollection(coll: string, indexes?: IndexSpec[]): void }> {
  const { engine, driver } = await openPglite(opts);
  return Object.assign(createAdmin(engine), { dumpDataDir: () => driver.dump(), adoptCollection: (coll: string, indexes?: IndexSpec[]) => engine.adoptCollection(coll, indexes) });
}
