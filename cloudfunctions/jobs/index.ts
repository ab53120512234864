/**
 * CloudBase entry point of the `jobs` function, run by its timer trigger (cloudbaserc.json, every minute):
 * closes unpaid orders past their time and lapses expired points. It answers only timer events.
 */
import tcb from '@cloudbase/node-sdk';
import { createCloudbaseDatabase } from '../shared/db/cloudbase';
import { runDueJobs } from '../shared/domain/jobs';

export const main = async (event: unknown) => {
  const e = (event ?? {}) as { Type?: string; TriggerName?: string };
  if (e.Type !== 'Timer') return { ok: false, error: { code: 'FORBIDDEN', message: 'the jobs function runs only from its timer trigger' } };
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  const report = await runDueJobs(createCloudbaseDatabase(app.database()), new Date());
  console.log(JSON.stringify({ trigger: e.TriggerName, ...report }));
  return { ok: true, data: report };
};
