/**
 * The jobs timer sends the queued messages through the WeChat server-API client (subscribeMessage.send). The client
 * already refreshes an expired token and retries once. Busy, rate limited, 5xx and no answer: tried again later with
 * a growing wait (`nextAt`), up to MAX_TRIES. A permanent answer (43101 no subscription left, 47003 bad template
 * data, 40037 unknown template …) fails the message with WeChat's errcode and errmsg, for the owner to see and resend.
 * A message WeChat accepted uses one of the shopper's grants.
 */
import type { WxMessage } from '@shop/types';
import type { Database } from '../../db/types';
import type { WxApiClient } from '../wxapi/client';
import { isWxApiError } from '../wxapi/errors';
import { clearGrants, useGrant } from './grants';
import { OUTBOX } from './outbox';

export const MAX_TRIES = 5;
const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 3_600_000;
/** WeChat's "no subscription left" */
export const NO_SUBSCRIPTION = 43101;

/** Pure: the wait before try `tries + 1`: 30 s doubling per try, at least what WeChat asked, at most an hour. */
export const retryDelayMs = (tries: number, retryAfterMs = 0) => Math.min(LONGEST_WAIT_MS, Math.max(retryAfterMs, FIRST_WAIT_MS * 2 ** Math.max(0, tries - 1)));

export interface SendReport {
  sent: number;
  retrying: number;
  failed: number;
  /** queued and due, not tried (no client for this environment) */
  waiting: number;
}

export async function sendMessages(db: Database, now: Date, client: WxApiClient | null, limit = 50): Promise<SendReport> {
  const t = now.toISOString();
  const _ = db.command;
  const { data } = await db.collection(OUTBOX).where({ state: 'queued', nextAt: _.lte(t) }).orderBy('nextAt', 'asc').limit(limit).get();
  const report: SendReport = { sent: 0, retrying: 0, failed: 0, waiting: 0 };
  if (!client) return { ...report, waiting: data.length };
  for (const m of data as unknown as WxMessage[]) {
    const tries = m.tries + 1;
    const ref = db.collection(OUTBOX).doc(m._id);
    try {
      const { msgid } = await client.sendSubscribeMessage({ touser: m.openid, template_id: m.templateId, page: m.page, data: Object.fromEntries(Object.entries(m.data).map(([k, value]) => [k, { value }])) });
      await ref.update({ state: 'sent', tries, nextAt: null, sentAt: t, updatedAt: t, errcode: null, errmsg: null, msgid, via: `wx-${client.transport}` });
      await useGrant(db, m.openid, m.templateId, now);
      report.sent++;
    } catch (e) {
      const wx = isWxApiError(e) ? e : null;
      const errcode = wx?.errcode ?? null;
      const errmsg = (wx?.errmsg ?? String((e as Error)?.message ?? e)).slice(0, 300);
      const again = (wx ? wx.retryable : true) && tries < MAX_TRIES;
      await ref.update({ state: again ? 'queued' : 'failed', tries, nextAt: again ? new Date(now.getTime() + retryDelayMs(tries, wx?.retryAfterMs)).toISOString() : null, updatedAt: t, errcode, errmsg });
      if (errcode === NO_SUBSCRIPTION) await clearGrants(db, m.openid, m.templateId, now);
      if (again) report.retrying++;
      else report.failed++;
    }
  }
  return report;
}
