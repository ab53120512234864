/**
 * The message outbox (`wx_messages`): one document per event, `_id` = `<event>:<what it is about>`, written inside
 * the event's own transaction (an order paid, shipped, refunded; an after-sales decision) or by the jobs timer
 * (a coupon about to expire). Writing it twice changes nothing, so an event never queues two messages.
 *
 * A message is written only when the owner set a template for its event. A shopper with no grant left for that
 * template gets the message as `skipped` (kept for the log, never sent): a send WeChat would refuse with 43101 is
 * not made. The jobs timer sends the queued ones (./send.ts).
 */
import type { SubscribeEvent, WxMessage } from '@shop/types';
import type { Database, Transaction } from '../../db/types';
import { txGrantsLeft } from './grants';
import { txTemplateFor } from './settings';
import { templateData } from './format';

export const OUTBOX = 'wx_messages';

export interface MessageDraft {
  event: SubscribeEvent;
  /** what the message is about, unique within the event (an order id, a refund number …) */
  ref: string;
  orderId: string | null;
  openid: string;
  /** values by template keyword (money in fen, times as ISO instants); cut to WeChat's rules here */
  values: Record<string, string | number | null | undefined>;
  /** the storefront page the message opens */
  page: string;
}

export const messageId = (event: SubscribeEvent, ref: string) => `${event}:${ref}`;

/** Inside the event's transaction: writes the message once. Answers its state, or null when nothing was written. */
export async function queueMessage(tx: Transaction, d: MessageDraft, now: Date): Promise<WxMessage['state'] | null> {
  const templateId = await txTemplateFor(tx, d.event);
  if (!templateId || !d.openid) return null;
  const ref = tx.collection(OUTBOX).doc(messageId(d.event, d.ref));
  const existing = (await ref.get()).data;
  if (existing) return existing.state as WxMessage['state'];
  const granted = (await txGrantsLeft(tx, d.openid, templateId)) > 0;
  const t = now.toISOString();
  const m: Omit<WxMessage, '_id'> = {
    event: d.event,
    ref: d.ref,
    orderId: d.orderId,
    openid: d.openid,
    templateId,
    data: templateData(d.event, d.values),
    page: d.page,
    state: granted ? 'queued' : 'skipped',
    tries: 0,
    nextAt: granted ? t : null,
    errcode: null,
    errmsg: granted ? null : '没有可用的订阅（顾客未授权或授权已用完）',
    createdAt: t,
    updatedAt: t,
    sentAt: null,
  };
  await ref.set(m as unknown as Record<string, unknown>);
  return m.state;
}

/** Outside a transaction (the jobs timer): the same, in a transaction of its own. */
export const queueMessageNow = (db: Database, d: MessageDraft, now: Date) => db.runTransaction((tx) => queueMessage(tx, d, now));
