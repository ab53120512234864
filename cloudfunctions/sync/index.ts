/**
 * CloudBase entry point of the `sync` function: its timer trigger (cloudbaserc.json, every minute) runs both
 * directions; the order functions invoke it with `{action: 'kick'}` right after a change, which sends the outbox.
 * Nothing else may call it.
 */
import { runSync } from '../shared/domain/sync/run';
import { currentEnvRuntime } from '../shared/runtime/cloudbase';

export const main = async (event: unknown) => {
  const e = (event ?? {}) as { Type?: string; TriggerName?: string; action?: string };
  const timer = e.Type === 'Timer';
  if (!timer && e.action !== 'kick') return { ok: false, error: { code: 'FORBIDDEN', message: 'the sync function runs from its timer or a kick' } };
  const report = await runSync(currentEnvRuntime().db, () => new Date(), { inbound: timer });
  console.log(JSON.stringify({ trigger: e.TriggerName ?? 'kick', ...report }));
  return { ok: true, data: report };
};
