/** Test helpers: a gateway over a fresh in-memory database, driven with fastify's inject (no port). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Database, DatabaseAdmin } from '@shop/functions/shared/db/types';
import { createAdmin } from '@shop/functions/shared/domain/auth/service';
import { parseOpsHeader, type OpCount } from '@shop/functions/shared/db/counting';
import { buildGateway, NOTIFY_PATH, OPS_HEADER } from './gateway';
import { openDatabase } from './stack';
import { createLocalStorage } from './storage';

export interface TestGateway {
  app: FastifyInstance;
  db: Database;
  dbAdmin: DatabaseAdmin;
  /** calls a function; returns status and the envelope */
  call(fn: string, action: string, data?: unknown, token?: string): Promise<{ status: number; body: any }>;
  /** like call, but throws unless ok, and returns data */
  ok<T = any>(fn: string, action: string, data?: unknown, token?: string): Promise<T>;
  merchantToken(role?: 'owner' | 'operator' | 'clerk'): Promise<string>;
  shopperToken(code?: string): Promise<string>;
  clock: { now: Date };
  /** the database operations the last `call`/`ok` cost (from the gateway's `x-db-ops` header) */
  lastOps: OpCount | null;
  /** the gateway's assets folder (uploads land in `<assetsDir>/uploads/`) */
  assetsDir: string;
  /** with `listen`: http://127.0.0.1:<port> (WeChat Pay notifications reach `${url}/api/wxpay/notify`) */
  url: string;
  close(): Promise<void>;
}

/** `databaseUrl`: a PostgreSQL server instead of a fresh in-memory PGlite (benchmarks; its data is kept). */
export async function startTestGateway(opts: { listen?: boolean; databaseUrl?: string } = {}): Promise<TestGateway> {
  const dbAdmin = await openDatabase({ dataDir: '', inMemory: !opts.databaseUrl, databaseUrl: opts.databaseUrl });
  const clock = { now: new Date('2026-11-23T08:00:00.000Z') };
  const now = () => new Date(clock.now.getTime());
  const assetsDir = mkdtempSync(join(tmpdir(), 'assets-'));
  let url = '';
  const app = await buildGateway({ db: dbAdmin.db, assetsDir, storage: createLocalStorage(assetsDir), now, notifyUrl: () => (url ? url + NOTIFY_PATH : '') });
  if (opts.listen) url = await app.listen({ port: 0, host: '127.0.0.1' });
  let lastOps: OpCount | null = null;
  const call = async (fn: string, action: string, data?: unknown, token?: string) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/fn/${fn}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      payload: data === undefined ? { action } : { action, data },
    });
    lastOps = parseOpsHeader(res.headers[OPS_HEADER] as string | undefined);
    return { status: res.statusCode, body: res.json() };
  };
  const ok = async (fn: string, action: string, data?: unknown, token?: string) => {
    const r = await call(fn, action, data, token);
    if (!r.body.ok) throw new Error(`${fn}.${action} failed: ${JSON.stringify(r.body.error)}`);
    return r.body.data;
  };
  const made = new Set<string>();
  return {
    app,
    db: dbAdmin.db,
    dbAdmin,
    call,
    ok,
    clock,
    assetsDir,
    get lastOps() {
      return lastOps;
    },
    get url() {
      return url;
    },
    async merchantToken(role = 'owner') {
      const username = `t-${role}`;
      if (!made.has(username)) {
        await createAdmin(dbAdmin.db, { _id: username, username, displayName: role, password: 'pw-' + role, role, storeId: role === 'clerk' ? 'store-1' : null }, now());
        made.add(username);
      }
      return (await ok('auth', 'merchantLogin', { username, password: 'pw-' + role })).token;
    },
    async shopperToken(code = 'shopper-1') {
      return (await ok('auth', 'shopperLogin', { code })).token;
    },
    async close() {
      await app.close();
      await dbAdmin.close();
      rmSync(assetsDir, { recursive: true, force: true });
    },
  };
}
