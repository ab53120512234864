/** Starts the whole local backend: database (PGlite on disk, or PostgreSQL by URL), schema, demo data, gateway. */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { DatabaseAdmin } from '@shop/functions/shared/db/types';
import { COLLECTIONS } from '@shop/functions/shared/domain/schema';
import { createPgDatabase, createPgliteDatabase } from './db';
import { buildGateway } from './gateway';
import { createLocalStorage } from './storage';
import { seedDemo } from './demo/seed';
import { startScheduler } from './scheduler';

export interface StackOptions {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** true keeps the database in memory (tests), ignoring dataDir */
  inMemory?: boolean;
  seedDemo: boolean;
  h5Dir?: string;
  adminDir?: string;
  now?: () => Date;
  /** how often the scheduled jobs run (auto-close of unpaid orders, points expiry); 0 = never */
  jobsIntervalMs?: number;
}

export async function openDatabase(o: Pick<StackOptions, 'dataDir' | 'databaseUrl' | 'inMemory'>): Promise<DatabaseAdmin> {
  const admin = o.databaseUrl
    ? await createPgDatabase({ connectionString: o.databaseUrl })
    : await createPgliteDatabase({ dataDir: o.inMemory ? undefined : join(o.dataDir, 'db') });
  for (const [name, indexes] of Object.entries(COLLECTIONS)) await admin.ensureCollection(name, indexes);
  return admin;
}

export async function startStack(o: StackOptions) {
  await mkdir(o.dataDir, { recursive: true });
  const dbAdmin = await openDatabase(o);
  const assetsDir = join(o.dataDir, 'assets');
  await mkdir(assetsDir, { recursive: true });
  const seeded = o.seedDemo ? await seedDemo(dbAdmin.db, assetsDir) : { products: 0 };
  const app = await buildGateway({ db: dbAdmin.db, assetsDir, storage: createLocalStorage(assetsDir), h5Dir: o.h5Dir, adminDir: o.adminDir, now: o.now });
  await app.listen({ port: o.port, host: o.host });
  const scheduler = o.jobsIntervalMs ? startScheduler(dbAdmin.db, o.now ?? (() => new Date()), o.jobsIntervalMs) : null;
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const url = `http://${o.host === '0.0.0.0' ? 'localhost' : o.host}:${port}`;
  return {
    url,
    port,
    db: dbAdmin.db,
    seeded,
    async close() {
      await scheduler?.stop();
      await app.close();
      await dbAdmin.close();
    },
  };
}
