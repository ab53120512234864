/**
 * The PGlite worker thread's program (bundled with ops.ts by pglite.ts and run with `eval`). One message runs a
 * single statement (`query`) or a whole operation (`run`: an Envelope of ops.ts, e.g. lock + update in JS +
 * write back inside BEGIN/COMMIT), and answers once.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { inlineParams, runEnvelope, type Envelope, type QueryResult, type StatementConn, type StatementOptions } from './ops';

interface PgliteLike {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown[]>;
  dumpDataDir(compression?: 'none' | 'gzip' | 'auto'): Promise<Blob>;
  close(): Promise<void>;
}

const req = createRequire(workerData.resolveFrom as string);
const { PGlite } = req('@electric-sql/pglite');
let db: PgliteLike;
const opts: Record<string, unknown> = {};
if (workerData.dataDir) opts.dataDir = workerData.dataDir;
if (workerData.loadDataDir) opts.loadDataDir = new Blob([workerData.loadDataDir as Uint8Array<ArrayBuffer>]);
const ready = (PGlite.create(opts) as Promise<PgliteLike>).then((d) => {
  db = d;
});

/** Transaction control goes over the simple protocol (one message to the engine, no parse/bind/describe). */
const CONTROL = /^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/;

type Result = { rows: Record<string, unknown>[]; affectedRows?: number };

const conn: StatementConn = {
  async query(sql: string, params?: unknown[], opts?: StatementOptions): Promise<QueryResult> {
    const before = opts?.before ?? [];
    const after = opts?.after ?? [];
    let r: Result;
    if (before.length || after.length) {
      // one call into the engine for BEGIN/SAVEPOINT + the statement + COMMIT/RELEASE (simple protocol, so the
      // parameters go in as literals); PGlite's per-call cost, not the statements, dominates a small operation
      const rs = (await db.exec([...before, inlineParams(sql, params), ...after].join(';\n'))) as Result[];
      r = rs[before.length];
    } else if (!params?.length && CONTROL.test(sql)) {
      await db.exec(sql);
      return { rows: [], rowCount: 0 };
    } else {
      r = await db.query(sql, params);
    }
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  },
};

interface Msg {
  id: number;
  op: 'query' | 'run' | 'dump' | 'close';
  sql?: string;
  params?: unknown[];
  env?: Envelope;
}

parentPort!.on('message', async (m: Msg) => {
  try {
    await ready;
    if (m.op === 'close') {
      await db.close();
      parentPort!.postMessage({ id: m.id, ok: true });
      return;
    }
    if (m.op === 'dump') {
      const tar = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
      parentPort!.postMessage({ id: m.id, ok: true, result: tar }, [tar.buffer]);
      return;
    }
    const result = m.op === 'run' ? await runEnvelope(conn, m.env!) : await conn.query(m.sql!, m.params);
    parentPort!.postMessage({ id: m.id, ok: true, result });
  } catch (e) {
    const x = e as Record<string, unknown> | undefined;
    const err: Record<string, unknown> = { message: String((x && x.message) || e), dbError: x?.name === 'DbError' };
    for (const k of ['code', 'constraint', 'detail', 'hint', 'table', 'schema']) if (x && x[k] !== undefined) err[k] = x[k];
    parentPort!.postMessage({ id: m.id, ok: false, error: err });
  }
});
