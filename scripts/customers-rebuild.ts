/**
 * `npm run customers:rebuild`: recomputes every customer's trade (orders paid, spent less refunds, last order) from
 * their orders and sets it (members/tradeRebuild.ts). For a shop upgraded from before the trade was kept, whose older
 * customers show zeros; idempotent, and safe while the shop takes orders. Locally on the database of DATA_DIR (.data;
 * stop `npm start` first: the embedded database takes one process) or DATABASE_URL. Prints the report as JSON.
 */
import { rebuildTrade } from '@shop/functions/shared/domain/members/tradeRebuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '../local/src/config';
import { openDatabase } from '../local/src/stack';

async function main() {
  const c = config();
  if (!c.databaseUrl && !existsSync(join(c.dataDir, 'db'))) {
    console.log(JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: `no shop database in ${c.dataDir} (DATA_DIR)` } }));
    process.exitCode = 2;
    return;
  }
  const admin = await openDatabase({ dataDir: c.dataDir, databaseUrl: c.databaseUrl, inMemory: false });
  try {
    const started = Date.now();
    const report = await rebuildTrade(admin.db);
    console.log(JSON.stringify({ ...report, ms: Date.now() - started }, null, 2));
  } finally {
    await admin.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
