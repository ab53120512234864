/** The same adapter over a PostgreSQL server (the self-hosted scale-out), through a `pg` Pool. */
import { Pool, type PoolClient } from 'pg';
import type { DatabaseAdmin } from '../../../cloudfunctions/shared/db/types';
import { createAdmin } from './adapter';
import { DocEngine, type Conn, type Driver } from './engine';
import { runEnvelope } from './ops';

/**
 * Named prepared statements for the engine's fixed statements (get, remove and update by id, inserts, the lock of a
 * conditional update): each connection parses and plans them once. The names are bounded: statements beyond the
 * first 500 distinct texts run unnamed.
 */
const statementNames = new Map<string, string>();
function statementName(sql: string): string | undefined {
  let n = statementNames.get(sql);
  if (n === undefined && statementNames.size < 500) statementNames.set(sql, (n = `docdb_${statementNames.size}`));
  return n;
}

export interface PgOptions {
  connectionString: string;
  /** The PostgreSQL schema holding the collections (default 'docdb'). */
  schema?: string;
  /** A transaction running longer is rolled back (default 30 s, as on CloudBase). */
  transactionTimeoutMs?: number;
  /** Pool size (default 10). */
  max?: number;
}

class PgDriver implements Driver {
  readonly kind = 'pg' as const;
  constructor(private readonly pool: Pool) {}

  async withConn<T>(fn: (c: Conn) => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    let broken: Error | undefined;
    try {
      const conn: Conn = {
        query: async (sql, params, opts) => {
          for (const s of opts?.before ?? []) await client.query(s);
          const name = opts?.prepare ? statementName(sql) : undefined;
          const r = await client.query(name ? { name, text: sql, values: params as unknown[] | undefined } : { text: sql, values: params as unknown[] | undefined });
          for (const s of opts?.after ?? []) await client.query(s);
          return { rows: r.rows as Record<string, unknown>[], rowCount: r.rowCount ?? r.rows.length };
        },
        run: (env) => runEnvelope(conn, env),
      };
      return await fn(conn);
    } catch (e) {
      // A connection-level failure: do not give the client back to the pool.
      if (!(e as { code?: string })?.code) broken = e as Error;
      throw e;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The engine under the adapter (MongoDB-style documents; used by the CloudBase fake). */
export async function createPgEngine(opts: PgOptions): Promise<DocEngine> {
  const pool = new Pool({ connectionString: opts.connectionString, max: opts.max ?? 10 });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead of crashing the process
  const engine = new DocEngine(new PgDriver(pool), opts.schema, opts.transactionTimeoutMs);
  try {
    await engine.init();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
  return engine;
}

export async function createPgDatabase(opts: PgOptions): Promise<DatabaseAdmin> {
  return createAdmin(await createPgEngine(opts));
}
