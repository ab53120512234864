/**
 * The owner's subscribe-message settings (collection `message_settings`, document `templates`): the WeChat template
 * id per event and how many days before expiry a held coupon is reminded. An event without a template id sends
 * nothing (its events queue no message).
 */
import { COUPON_EXPIRING_DAYS_DEFAULT, MESSAGE_FIELDS, SUBSCRIBE_EVENTS, type MessageTemplates, type SaveTemplatesInput, type SubscribeEvent } from '@shop/types';
import type { z } from 'zod';
import type { Database, Transaction } from '../../db/types';

export const SETTINGS = 'message_settings';
const DOC = 'templates';

type Stored = { templates?: Partial<Record<SubscribeEvent, string | null>>; couponExpiringDays?: number; updatedAt?: string };

const view = (d: Stored | null | undefined): MessageTemplates => ({
  templates: Object.fromEntries(SUBSCRIBE_EVENTS.map((e) => [e, d?.templates?.[e] || null])) as Record<SubscribeEvent, string | null>,
  couponExpiringDays: d?.couponExpiringDays ?? COUPON_EXPIRING_DAYS_DEFAULT,
  fields: MESSAGE_FIELDS,
  updatedAt: d?.updatedAt ?? null,
});

export async function messageTemplates(db: Database): Promise<MessageTemplates> {
  return view((await db.collection(SETTINGS).doc(DOC).get()).data[0] as Stored | undefined);
}

/** Inside an event's transaction: the template id its message uses, or null (the event sends nothing). */
export async function txTemplateFor(tx: Transaction, event: SubscribeEvent): Promise<string | null> {
  return view((await tx.collection(SETTINGS).doc(DOC).get()).data as Stored | null).templates[event];
}

/** the events whose template is set, by template id (a template id may serve several events) */
export async function eventsByTemplate(db: Database): Promise<Map<string, SubscribeEvent[]>> {
  const out = new Map<string, SubscribeEvent[]>();
  for (const [e, id] of Object.entries((await messageTemplates(db)).templates)) if (id) out.set(id, [...(out.get(id) ?? []), e as SubscribeEvent]);
  return out;
}

/** Saves the events named (null / "" turns one off), keeping the others; answers the whole settings. */
export async function saveMessageTemplates(db: Database, input: z.output<typeof SaveTemplatesInput>, now: Date): Promise<MessageTemplates> {
  return db.runTransaction(async (tx) => {
    const cur = view((await tx.collection(SETTINGS).doc(DOC).get()).data as Stored | null);
    const next: Stored = {
      templates: { ...cur.templates, ...Object.fromEntries(Object.entries(input.templates).map(([e, id]) => [e, id || null])) },
      couponExpiringDays: input.couponExpiringDays ?? cur.couponExpiringDays,
      updatedAt: now.toISOString(),
    };
    await tx.collection(SETTINGS).doc(DOC).set(next as Record<string, unknown>);
    return view(next);
  });
}

/**
 * The template activity reminders use: the owner's `activityStart` template, else (older deployments) the
 * environment's WXAPI_TEMPLATE_REMINDER; null: reminders wait in their outbox.
 */
export async function reminderTemplateId(db: Database, env: Record<string, string | undefined> = process.env): Promise<string | null> {
  return (await messageTemplates(db)).templates.activityStart ?? (env.WXAPI_TEMPLATE_REMINDER || null);
}
