/** Local configuration, from the environment. Every knob is listed in the README. */
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const config = () => ({
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '127.0.0.1',
  /** embedded PostgreSQL (PGlite) data directory; the database survives restarts */
  dataDir: resolve(process.env.DATA_DIR ?? `${ROOT}/.data`),
  /** when set, the same adapter runs on a PostgreSQL server instead of PGlite */
  databaseUrl: process.env.DATABASE_URL,
  seedDemo: process.env.SEED_DEMO !== '0',
  h5Dir: resolve(process.env.H5_DIR ?? `${ROOT}/miniprogram/dist/h5`),
  /** how often the scheduled jobs run locally (CloudBase: the jobs function's timer trigger) */
  jobsIntervalMs: Number(process.env.JOBS_INTERVAL_MS ?? 15_000),
  adminDir: resolve(process.env.ADMIN_DIR ?? `${ROOT}/admin/dist`),
  /** the local WeChat Pay simulator: WXPAY_SIM=0 turns it off; its port defaults to PORT + 1 */
  wxpaySim: process.env.WXPAY_SIM !== '0',
  wxpaySimPort: process.env.WXPAY_SIM_PORT ? Number(process.env.WXPAY_SIM_PORT) : undefined,
  /** the local Jingdou Cloud (ERP) simulator: JDY_SIM=0 turns it off; its port defaults to PORT + 2 */
  jdySim: process.env.JDY_SIM !== '0',
  jdySimPort: process.env.JDY_SIM_PORT ? Number(process.env.JDY_SIM_PORT) : undefined,
  /** the local WeChat server-API simulator: WXAPI_SIM=0 turns it off; its port defaults to PORT + 3 */
  wxapiSim: process.env.WXAPI_SIM !== '0',
  wxapiSimPort: process.env.WXAPI_SIM_PORT ? Number(process.env.WXAPI_SIM_PORT) : undefined,
});
