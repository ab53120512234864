/**
 * CloudBase entry point of the `jobs` function, run by its timer trigger (cloudbaserc.json, every minute):
 * closes unpaid orders past their time, lapses expired points, uploads shipping information to WeChat and sends the
 * shoppers' subscribe messages. It answers
 * only timer events.
 */
import tcb from '@cloudbase/node-sdk';
import { createCloudbaseDatabase } from '../shared/db/cloudbase';
import { runDueJobs } from '../shared/domain/jobs';
import { wxShippingUploader } from '../shared/domain/fulfilment/wxShipping';
import { wxApiClientFor } from '../shared/domain/wxapi/setup';
import { wxReminderSender } from '../shared/domain/activities/reports';
import { reminderTemplateId } from '../shared/domain/messages/settings';

export const main = async (event: unknown) => {
  const e = (event ?? {}) as { Type?: string; TriggerName?: string };
  if (e.Type !== 'Timer') return { ok: false, error: { code: 'FORBIDDEN', message: 'the jobs function runs only from its timer trigger' } };
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  const db = createCloudbaseDatabase(app.database());
  // WeChat's server APIs through CloudBase's cloud call (WXAPI_TRANSPORT=https: with the AppSecret the owner entered)
  const wx = await wxApiClientFor(db, { cloud: app });
  // activity reminders: once the owner set the "activity start" template (消息模板; or WXAPI_TEMPLATE_REMINDER); else they wait
  const reminderTemplate = await reminderTemplateId(db);
  const report = await runDueJobs(db, new Date(), {
    shippingUploader: wx ? wxShippingUploader(wx) : null,
    reminderSender: wx && reminderTemplate ? wxReminderSender(wx, reminderTemplate) : null,
    messageClient: wx,
  });
  console.log(JSON.stringify({ trigger: e.TriggerName, ...report }));
  return { ok: true, data: report };
};
