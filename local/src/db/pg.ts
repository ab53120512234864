/** The same adapter over a PostgreSQL server (the self-hosted scale-out), through a `pg` Pool. */
import { Pool, type PoolClient } from 'pg';
import type { DatabaseAdmin } from '../../../cloudfunctions/shared/db/types';
import { createAdmin } from './adapter';
import { DocEngine, type Conn, type Driver } from './engine';

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
      return await fn({
        query: async (sql, params) => {
          const r = await client.query(sql, params as unknown[] | undefined);
          return { rows: r.rows as Record<string, unknown>[], rowCount: r.rowCount ?? r.rows.length };
        },
      });
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
