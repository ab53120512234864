/**
 * The jobs timer's step for "coupon about to expire": each held coupon whose validTo falls within the owner's N days
 * (couponExpiringDays, default 3) queues one message. A cursor (`message_settings/couponCursor`, the last code seen
 * in validTo order) makes each code come up once; the message's business key makes a second queueing harmless.
 * Nothing is read while the event has no template.
 */
import type { Database } from '../../db/types';
import { heldCodesExpiring, type CodeCursor } from '../coupons/expiring';
import { couponExpiringMessage } from './events';
import { queueMessageNow } from './outbox';
import { messageTemplates, SETTINGS } from './settings';

const CURSOR = 'couponCursor';

export async function queueExpiringCoupons(db: Database, now: Date, limit = 200): Promise<{ queued: number }> {
  const s = await messageTemplates(db);
  if (!s.templates.couponExpiring) return { queued: 0 };
  const t = now.toISOString();
  const stored = (await db.collection(SETTINGS).doc(CURSOR).get()).data[0] as Partial<CodeCursor> | undefined;
  // never behind now: a code that expired already gets no reminder
  const after: CodeCursor = stored?.validTo && stored.validTo > t ? { validTo: stored.validTo, id: String(stored.id ?? '') } : { validTo: t, id: '' };
  const until = new Date(now.getTime() + s.couponExpiringDays * 86_400_000).toISOString();
  const { codes, next } = await heldCodesExpiring(db, after, until, limit);
  let queued = 0;
  for (const c of codes) if ((await queueMessageNow(db, couponExpiringMessage(c), now)) === 'queued') queued++;
  if (next) await db.collection(SETTINGS).doc(CURSOR).set({ ...next, updatedAt: t });
  return { queued };
}
