import { contractSuite } from './contract';
import { indexUsageSuite } from './indexes';
import { createPgEngine } from './pg';
import { activeCases, cloudbaseFakeOnPg, pgConnectionString, pgServer, stopSharedCluster } from './testkit';

const cases = activeCases([pgServer]);
afterAll(() => stopSharedCluster(), 180_000);
if (cases.length === 0) test.skip(`pg server: ${pgServer.skip}`, () => undefined);
for (const c of cases) {
  contractSuite(c);
  indexUsageSuite(c.name, async () => {
    const schema = `ix_${process.pid}_${Date.now().toString(36)}`;
    const engine = await createPgEngine({ connectionString: await pgConnectionString(), schema });
    return {
      engine,
      async teardown() {
        const { Client } = await import('pg');
        const cl = new Client({ connectionString: await pgConnectionString() });
        await cl.connect();
        await cl.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await cl.end();
        await engine.close();
      },
    };
  });
}
process.env.SILENCE = 'true';
for (const c of activeCases([cloudbaseFakeOnPg])) contractSuite(c, { heavy: false });
