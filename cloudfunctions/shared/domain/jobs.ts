/**
 * Scheduled work: the same function runs from a CloudBase timer trigger in production (cloudfunctions/jobs)
 * and from the local gateway's scheduler. Each job is idempotent, so overlapping or repeated runs are harmless.
 */
import type { Database } from '../db/types';
import { expirePoints } from './members';
import { closeExpiredOrders } from './orders/lifecycle';
import { closeUnpaid, recoverPayments } from './payments/pay';
import { recoverRefunds } from './payments/refunds';
import { autoCompleteShipped } from './fulfilment/shipping';
import { advanceCourierSim } from './fulfilment/local';
import { sendShippingInfo, type ShippingUploader } from './fulfilment/wxShipping';
import { sweepDeadAttempts } from './orders/attempt';
import { retryFollowUps } from './orders/participants';
import { sendReminders, type ReminderSender } from './activities/reports';
import { sendMessages, type SendReport } from './messages/send';
import { queueExpiringCoupons } from './messages/coupons';
import { continueSends } from './coupons/sends';
import type { WxApiClient } from './wxapi/client';

export interface JobsReport {
  at: string;
  closedOrders: number;
  expiredPoints: unknown;
  payments: { checked: number; failed: number };
  refunds: { sent: number; queried: number; failed: number };
  completedOrders: number;
  localDeliveriesMoved: number;
  /** WeChat shipping-information uploads sent, waiting (retried later, or no uploader) and given up as failed */
  shippingInfo: { sent: number; waiting: number; failed?: number };
  /** after-commit order work (gift coupons, shipping uploads …) that failed before and succeeded now */
  followUps: number;
  /** activity holds of order attempts that died, given back */
  activityHolds: number;
  /** activity reminders queued and sent (no sender in production yet: they wait in the outbox) */
  reminders: { queued: number; sent: number; waiting: number };
  /** subscribe messages to shoppers: coupon reminders queued, the outbox sent (no client: they wait) */
  messages: SendReport & { couponsQueued: number };
  /** 发券宝 sends (issue 17): steps done for running sends nobody was polling */
  couponSends: number;
}

export async function runDueJobs(db: Database, now: Date, opts: { notifyUrl?: string; shippingUploader?: ShippingUploader | null; reminderSender?: ReminderSender | null; messageClient?: WxApiClient | null } = {}): Promise<JobsReport> {
  const d = { db, now: () => now, notifyUrl: opts.notifyUrl ?? process.env.WXPAY_NOTIFY_URL ?? '' };
  // prepays whose notification never came are asked first, so a paid order is not closed for want of news
  const payments = await recoverPayments(d).catch((e) => (console.error('[jobs] payments', e), { checked: 0, failed: 1 }));
  const orders = await closeExpiredOrders(db, now, (id) => closeUnpaid(d, id, 'timeout', 'system', 'not paid in time'));
  const refunds = await recoverRefunds(d).catch((e) => (console.error('[jobs] refunds', e), { sent: 0, queried: 0, failed: 1 }));
  const completed = await autoCompleteShipped(db, now);
  const local = await advanceCourierSim(db, now);
  const shipping = await sendShippingInfo(db, now, opts.shippingUploader ?? null);
  const expired = await expirePoints(db, now);
  const activityHolds = await sweepDeadAttempts(db, now);
  const followUps = await retryFollowUps(db, now).catch((e) => (console.error('[jobs] follow-ups', e), 0));
  const reminders = await sendReminders(db, now, opts.reminderSender ?? null);
  const coupons = await queueExpiringCoupons(db, now).catch((e) => (console.error('[jobs] coupon reminders', e), { queued: 0 }));
  const couponSends = await continueSends(db, now).catch((e) => (console.error('[jobs] coupon sends', e), 0));
  const messages = await sendMessages(db, now, opts.messageClient ?? null).catch((e) => (console.error('[jobs] messages', e), { sent: 0, retrying: 0, failed: 1, waiting: 0 }));
  return {
    at: now.toISOString(),
    closedOrders: orders.closed,
    expiredPoints: expired,
    payments,
    refunds,
    completedOrders: completed.completed,
    localDeliveriesMoved: local.moved,
    shippingInfo: shipping,
    followUps,
    activityHolds,
    reminders,
    messages: { ...messages, couponsQueued: coupons.queued },
    couponSends,
  };
}
