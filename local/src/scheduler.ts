/** The local stand-in for CloudBase timer triggers: runs the scheduled jobs every `intervalMs`, never overlapping. */
import type { Database } from '@shop/functions/shared/db/types';
import { runDueJobs } from '@shop/functions/shared/domain/jobs';
import { simulatedUploader, wxShippingUploader } from '@shop/functions/shared/domain/fulfilment/wxShipping';
import { wxApiClientFor } from '@shop/functions/shared/domain/wxapi/setup';
import { simulatedSender, wxReminderSender } from '@shop/functions/shared/domain/activities/reports';
import { reminderTemplateId } from '@shop/functions/shared/domain/messages/settings';
import { runSync } from '@shop/functions/shared/domain/sync/run';

/** `wxApi`: shipping information and subscribe messages go through the WeChat server-API client (HTTPS, to the simulator the settings name) */
export function startScheduler(db: Database, now: () => Date, intervalMs: number, notifyUrl: () => string = () => '', o: { wxApi?: boolean } = {}) {
  // the server-API client (shipping uploads, subscribe messages, and reminders once their template is set)
  const senders = async () => {
    const wx = o.wxApi ? await wxApiClientFor(db, { env: { WXAPI_TRANSPORT: 'https' } }) : null;
    const reminderTemplate = wx ? await reminderTemplateId(db, {}) : null;
    return {
      shippingUploader: wx ? wxShippingUploader(wx) : simulatedUploader,
      reminderSender: wx && reminderTemplate ? wxReminderSender(wx, reminderTemplate) : simulatedSender,
      messageClient: wx,
    };
  };
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = senders()
      .then((s) => runDueJobs(db, now(), { notifyUrl: notifyUrl(), ...s }))
      // the Jingdou Cloud sync, both directions (CloudBase: the sync function's own timer)
      .then(async (r) => (await runSync(db, now), r))
      .then((r) => {
        if (r.closedOrders) console.log(`[jobs] closed ${r.closedOrders} unpaid order(s)`);
        if (r.payments.checked || r.refunds.sent || r.refunds.queried) console.log(`[jobs] payments checked ${r.payments.checked}, refunds sent ${r.refunds.sent}, queried ${r.refunds.queried}`);
      })
      .catch((e) => console.error('[jobs]', e))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
