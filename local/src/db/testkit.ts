/**
 * The adapters the contract tests run against. Each case starts its adapter in `setup` and says why it is
 * skipped when it cannot run here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseAdmin } from '../../../cloudfunctions/shared/db/types';
import { createPgDatabase } from './pg';
import { findPgBinDir, startPgCluster, type PgCluster } from './pg-cluster';
import { createPgliteDatabase } from './pglite';

export interface AdapterFixture {
  admin: DatabaseAdmin;
  /** A second, independent handle on the same data (pg only): to write from "another process". */
  other?: () => Promise<DatabaseAdmin>;
  teardown(): Promise<void>;
}

export interface AdapterCase {
  name: string;
  /** Why the case cannot run here (then it is skipped with this reason logged). */
  skip?: string;
  /** Several connections: write conflicts between transactions really happen. */
  concurrentConnections: boolean;
  setup(): Promise<AdapterFixture>;
}

let schemaSeq = 0;
const uniqueSchema = () => `t_${process.pid}_${Date.now().toString(36)}_${++schemaSeq}`;

/** Shared pg cluster per test file (started lazily, stopped by `stopSharedCluster`). */
let cluster: Promise<PgCluster> | undefined;
export async function stopSharedCluster(): Promise<void> {
  if (cluster) {
    const c = await cluster.catch(() => undefined);
    cluster = undefined;
    await c?.stop();
  }
}

export function pgConnectionString(): Promise<string> {
  if (process.env.TEST_DATABASE_URL) return Promise.resolve(process.env.TEST_DATABASE_URL);
  cluster ??= startPgCluster();
  return cluster.then((c) => c.connectionString);
}

export const pgliteMemory: AdapterCase = {
  name: 'pglite (memory)',
  concurrentConnections: false,
  async setup() {
    const admin = await createPgliteDatabase({});
    return { admin, teardown: () => admin.close() };
  },
};

export const pgliteDisk: AdapterCase = {
  name: 'pglite (disk)',
  concurrentConnections: false,
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), 'pglite-'));
    const admin = await createPgliteDatabase({ dataDir: dir });
    return {
      admin,
      async teardown() {
        await admin.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const pgSkip = process.env.TEST_DATABASE_URL
  ? undefined
  : findPgBinDir()
    ? undefined
    : 'no TEST_DATABASE_URL and no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb; apt-get install postgresql)';

export const pgServer: AdapterCase = {
  name: process.env.TEST_DATABASE_URL ? 'pg (TEST_DATABASE_URL)' : 'pg (throwaway cluster)',
  skip: pgSkip,
  concurrentConnections: true,
  async setup() {
    const url = await pgConnectionString();
    const schema = uniqueSchema();
    const admin = await createPgDatabase({ connectionString: url, schema, max: 12 });
    const others: DatabaseAdmin[] = [];
    return {
      admin,
      other: async () => {
        const o = await createPgDatabase({ connectionString: url, schema, max: 4 });
        others.push(o);
        return o;
      },
      async teardown() {
        for (const o of others) await o.close();
        await admin.close();
        const { Client } = await import('pg');
        const c = new Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      },
    };
  },
};

/** The production adapter through the fake onto a PostgreSQL server: real write conflicts, retried by the SDK. */
export const cloudbaseFakeOnPg: AdapterCase = {
  name: 'cloudbase adapter (real SDK -> local fake on pg)',
  skip: pgSkip,
  concurrentConnections: true,
  async setup() {
    const url = await pgConnectionString();
    const schema = uniqueSchema();
    const { createPgEngine } = await import('./pg');
    const { createCloudbaseDatabase } = await import('../../../cloudfunctions/shared/db/cloudbase');
    const stack = await startCloudbaseStack({ engine: await createPgEngine({ connectionString: url, schema, max: 12 }) });
    return {
      admin: stack.admin,
      other: async () => ({ db: createCloudbaseDatabase(stack.sdkDatabase()), ensureCollection: stack.admin.ensureCollection, close: async () => undefined }),
      async teardown() {
        await stack.admin.close();
        const { Client } = await import('pg');
        const c = new Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      },
    };
  },
};

/** Logs skipped cases once, so that a skip is visible in the test output. */
export function activeCases(cases: AdapterCase[]): AdapterCase[] {
  for (const c of cases) if (c.skip) console.warn(`[db contract] skipping ${c.name}: ${c.skip}`);
  return cases.filter((c) => !c.skip);
}

/** Dummy credentials: the SDK needs some (without them its unawaited credential check crashes Node 20). */
export const FAKE_CREDENTIALS = { secretId: 'AKIDlocalfake0000000000000000000000', secretKey: 'localfakesecretkey000000000000000' };

export interface CloudbaseStack {
  admin: DatabaseAdmin;
  fake: import('./cloudbase-fake').CloudbaseFake;
  /** Another SDK app on the same fake (e.g. with other credentials). */
  sdkDatabase(opts?: { secretKey?: string }): import('../../../cloudfunctions/shared/db/cloudbase').SdkDatabase;
}

/** The real @cloudbase/node-sdk, talking over HTTP to the local CloudBase fake on a fresh PGlite engine (or the given one). */
export async function startCloudbaseStack(opts: { engine?: import('./engine').DocEngine; wxApiUrl?: string } = {}): Promise<CloudbaseStack> {
  const [{ default: tcb }, { createCloudbaseDatabase }, { startCloudbaseFake }, { createPgliteEngine }, { createAdmin }] = await Promise.all([
    import('@cloudbase/node-sdk'),
    import('../../../cloudfunctions/shared/db/cloudbase'),
    import('./cloudbase-fake'),
    import('./pglite'),
    import('./adapter'),
  ]);
  // Without this the SDK looks up Tencent Cloud's metadata server (metadata.tencentyun.com) before every
  // request to decide whether it runs on Tencent Cloud; offline, each lookup holds a DNS thread for minutes.
  const prevTencentCloud = process.env.TENCENTCLOUD;
  process.env.TENCENTCLOUD = 'true';
  const engine = opts.engine ?? (await createPgliteEngine({}));
  const fake = await startCloudbaseFake({ engine, credentials: FAKE_CREDENTIALS, wxApiUrl: opts.wxApiUrl });
  const sdkDatabase = (o: { secretKey?: string } = {}) =>
    tcb.init({ env: 'local-fake', ...FAKE_CREDENTIALS, ...o, serviceUrl: fake.serviceUrl, timeout: 30_000 }).database();
  const db = createCloudbaseDatabase(sdkDatabase());
  const backing = createAdmin(engine);
  const admin: DatabaseAdmin = {
    db,
    ensureCollection: (name, indexes) => backing.ensureCollection(name, indexes),
    close: async () => {
      await fake.close();
      await backing.close();
      if (prevTencentCloud === undefined) delete process.env.TENCENTCLOUD;
      else process.env.TENCENTCLOUD = prevTencentCloud;
    },
  };
  return { admin, fake, sdkDatabase };
}

/** The production adapter over the real @cloudbase/node-sdk, talking to the local CloudBase fake over HTTP. */
export const cloudbaseFake: AdapterCase = {
  name: 'cloudbase adapter (real SDK -> local fake on PGlite)',
  concurrentConnections: false,
  async setup() {
    const { admin } = await startCloudbaseStack();
    return { admin, teardown: () => admin.close() };
  },
};
