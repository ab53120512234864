/** Starts the whole local backend: database (PGlite on disk, or PostgreSQL by URL), schema, demo data, gateway. */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Database, DatabaseAdmin } from '@shop/functions/shared/db/types';
import { PaymentSettingsInput } from '@shop/types';
import { getPaymentSettings, savePaymentSettings } from '@shop/functions/shared/domain/payments/settings';
import { createWxpaySimulator } from './wxpay-sim/sim';
import { demoSimulatorOptions, generateDemoKeys, loadOrCreateDemoKeys } from './wxpay-sim/demo';
import { startDemoJdySim } from './jdy-sim/demo';
import { mirrorGrantsInto, startDemoWxapiSim } from './wxapi-sim/demo';
import { setGrantObserver } from '@shop/functions/shared/domain/messages/grants';
import { setSyncKicker, singleFlight } from '@shop/functions/shared/domain/sync/kick';
import { runSync } from '@shop/functions/shared/domain/sync/run';
import { COLLECTION_OPTIONS, COLLECTIONS } from '@shop/functions/shared/domain/schema';
import { createPgDatabase, createPgliteDatabase } from './db';
import { openPgliteFromTemplate } from './db/template';
import { buildGateway, NOTIFY_PATH } from './gateway';
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
  /** how often the scheduled jobs run (auto-close of unpaid orders, payment recovery, refunds, points expiry); 0 = never */
  jobsIntervalMs?: number;
  /** start the WeChat Pay simulator (default true) on this port (default: the gateway's + 1; 0 = any free port) */
  wxpaySim?: boolean;
  wxpaySimPort?: number;
  /** start the Jingdou Cloud (ERP) simulator (default true) on this port (default: the gateway's + 2; 0 = any free port) */
  jdySim?: boolean;
  jdySimPort?: number;
  /** start the WeChat server-API simulator (default true) on this port (default: the gateway's + 3; 0 = any free port) */
  wxapiSim?: boolean;
  wxapiSimPort?: number;
}

export async function openDatabase(o: Pick<StackOptions, 'dataDir' | 'databaseUrl' | 'inMemory'>): Promise<DatabaseAdmin> {
  // in memory (tests, benches): from the template of a database with every collection (template.ts)
  if (!o.databaseUrl && o.inMemory) return openPgliteFromTemplate({ indexes: COLLECTIONS, options: COLLECTION_OPTIONS });
  const admin = o.databaseUrl
    ? await createPgDatabase({ connectionString: o.databaseUrl })
    : await createPgliteDatabase({ dataDir: join(o.dataDir, 'db') });
  for (const [name, indexes] of Object.entries(COLLECTIONS)) await admin.ensureCollection(name, indexes, COLLECTION_OPTIONS[name]);
  return admin;
}

/**
 * The WeChat Pay simulator with the demo merchant (keys kept in `<dataDir>/wxpay-sim-keys.json` so they survive
 * restarts). The shop is pointed at it unless the owner has entered another merchant: settings naming the demo
 * merchant are refreshed on every start (the simulator's port may have changed).
 */
async function startWxpaySim(db: Database, o: StackOptions, port: number, host: string) {
  const keys = o.inMemory || !o.dataDir ? generateDemoKeys() : await loadOrCreateDemoKeys(join(o.dataDir, 'wxpay-sim-keys.json'));
  const sim = createWxpaySimulator(demoSimulatorOptions(keys));
  const url = (await sim.listen(port, o.host)).replace('127.0.0.1', host === 'localhost' ? '127.0.0.1' : host);
  const current = await getPaymentSettings(db);
  if (!current.configured || current.mchid === keys.mchid) {
    await savePaymentSettings(
      db,
      PaymentSettingsInput.parse({
        mchid: keys.mchid,
        appid: keys.appid,
        serialNo: keys.serialNo,
        privateKey: keys.merchantPrivateKey,
        apiV3Key: keys.apiV3Key,
        platformKeys: [{ serial: keys.platformSerial, publicKey: keys.platformPublicKey }],
        baseUrl: url,
      }),
      new Date(),
    );
  }
  return { sim, url, appid: keys.appid };
}

export async function startStack(o: StackOptions) {
  await mkdir(o.dataDir, { recursive: true });
  const dbAdmin = await openDatabase(o);
  const assetsDir = join(o.dataDir, 'assets');
  await mkdir(assetsDir, { recursive: true });
  const seeded = o.seedDemo ? await seedDemo(dbAdmin.db, assetsDir) : { products: 0 };
  let url = '';
  const notifyUrl = () => (url ? url + NOTIFY_PATH : '');
  const app = await buildGateway({ db: dbAdmin.db, assetsDir, storage: createLocalStorage(assetsDir), h5Dir: o.h5Dir, adminDir: o.adminDir, now: o.now, notifyUrl });
  await app.listen({ port: o.port, host: o.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const publicHost = o.host === '0.0.0.0' ? 'localhost' : o.host;
  url = `http://${publicHost}:${port}`;
  const wxpay = o.wxpaySim === false ? null : await startWxpaySim(dbAdmin.db, o, o.port === 0 ? 0 : (o.wxpaySimPort ?? o.port + 1), publicHost);
  const jdy =
    o.jdySim === false
      ? null
      : await startDemoJdySim({ port: o.port === 0 ? 0 : (o.jdySimPort ?? o.port + 2), host: o.host, dataDir: o.inMemory ? undefined : o.dataDir });
  // the ERP outbox goes out right after a change (in-process here; the sync function on CloudBase)
  const clock = o.now ?? (() => new Date());
  setSyncKicker(singleFlight(() => runSync(dbAdmin.db, clock, { inbound: false })));
  const wxapi =
    o.wxapiSim === false
      ? null
      : await startDemoWxapiSim(dbAdmin.db, { appid: wxpay?.appid ?? 'wx0123456789abcdef', pay: wxpay?.sim ?? null, port: o.port === 0 ? 0 : (o.wxapiSimPort ?? o.port + 3), host: o.host, publicHost });
  // a grant recorded from the H5 storefront is a one-time subscription in the simulator too (WeChat keeps its own count)
  if (wxapi) setGrantObserver(mirrorGrantsInto(wxapi.sim));
  // shipping information goes to the WeChat server-API simulator over HTTPS (the AppSecret saved above)
  const scheduler = o.jobsIntervalMs ? startScheduler(dbAdmin.db, o.now ?? (() => new Date()), o.jobsIntervalMs, notifyUrl, { wxApi: !!wxapi }) : null;
  return {
    url,
    port,
    db: dbAdmin.db,
    seeded,
    /** the WeChat Pay simulator's base URL (console at /_sim/), or null when it is off */
    wxpaySimUrl: wxpay?.url ?? null,
    wxpaySim: wxpay?.sim ?? null,
    /** the Jingdou Cloud simulator's base URL (the ERP clerk's console at /_sim/), or null when it is off */
    jdySimUrl: jdy ? jdy.url.replace('127.0.0.1', publicHost === '127.0.0.1' ? '127.0.0.1' : publicHost) : null,
    jdySim: jdy?.sim ?? null,
    /** the WeChat server-API simulator's base URL (console at /_sim/), or null when it is off */
    wxapiSimUrl: wxapi?.url ?? null,
    wxapiSim: wxapi?.sim ?? null,
    async close() {
      setSyncKicker(null);
      if (wxapi) setGrantObserver(null);
      await scheduler?.stop();
      await wxpay?.sim.close();
      await jdy?.sim.close();
      await wxapi?.sim.close();
      await app.close();
      await dbAdmin.close();
    },
  };
}
