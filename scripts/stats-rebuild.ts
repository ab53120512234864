/**
 * `npm run stats:rebuild -- <from> [<to>]`: recomputes the dashboard's rollups of Beijing days `from`..`to` (default:
 * today) from the orders and refunds, and replaces those days' rollups (stats/rebuild.ts). Locally on the database
 * of DATA_DIR (.data; stop `npm start` first: the embedded database takes one process) or DATABASE_URL.
 * Prints the report as JSON; exit 2 on a bad argument.
 */
import { StatsDay, STATS_MAX_DAYS } from '@shop/types';
import { rebuildStats, type RebuildReport } from '@shop/functions/shared/domain/stats/rebuild';
import { beijingDay, daysFrom } from '@shop/functions/shared/domain/stats/periods';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '../local/src/config';
import { openDatabase } from '../local/src/stack';

async function main() {
  const [from = beijingDay(new Date()), to = from] = process.argv.slice(2);
  for (const [name, v] of [['from', from], ['to', to]]) {
    if (!StatsDay.safeParse(v).success) return fail(`${name}: not a day (YYYY-MM-DD): ${v}`);
  }
  const days = daysFrom(from, to).length;
  if (!days) return fail('to: the range ends before it starts');
  // a long history is rebuilt STATS_MAX_DAYS days at a time (what one chunk holds in memory stays small)
  const c = config();
  if (!c.databaseUrl && !existsSync(join(c.dataDir, 'db'))) return fail(`no shop database in ${c.dataDir} (DATA_DIR)`);
  const admin = await openDatabase({ dataDir: c.dataDir, databaseUrl: c.databaseUrl, inMemory: false });
  try {
    const started = Date.now();
    const reports: RebuildReport[] = [];
    const all = daysFrom(from, to);
    for (let i = 0; i < all.length; i += STATS_MAX_DAYS) {
      const chunk = all.slice(i, i + STATS_MAX_DAYS);
      reports.push(await rebuildStats(admin.db, chunk[0], chunk[chunk.length - 1]));
    }
    const sum = (k: 'paidOrders' | 'refunds' | 'completedOrders' | 'newCustomers' | 'customerDays') => reports.reduce((n, r) => n + r[k], 0);
    console.log(JSON.stringify({ from, to, days, paidOrders: sum('paidOrders'), refunds: sum('refunds'), completedOrders: sum('completedOrders'), newCustomers: sum('newCustomers'), customerDays: sum('customerDays'), ms: Date.now() - started }, null, 2));
  } finally {
    await admin.close();
  }
}

function fail(message: string) {
  console.log(JSON.stringify({ error: { code: 'VALIDATION_FAILED', message } }));
  process.exitCode = 2;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
