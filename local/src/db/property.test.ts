import { propertySuite } from './property';
import { activeCases, cloudbaseFake, pgliteMemory, pgServer, stopSharedCluster } from './testkit';

process.env.SILENCE = 'true';
/** DB_PROPERTY_RUNS=10 multiplies the runs (for a longer hunt). */
const k = Number(process.env.DB_PROPERTY_RUNS ?? 1);
const runs = (query: number, update: number, json: number) => ({ query: query * k, update: update * k, json: json * k });
afterAll(() => stopSharedCluster(), 180_000);

propertySuite(pgliteMemory, runs(300, 150, 100));
for (const c of activeCases([pgServer])) propertySuite(c, runs(150, 60, 50));
propertySuite(cloudbaseFake, runs(80, 40, 30));
