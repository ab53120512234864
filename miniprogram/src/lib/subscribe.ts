/**
 * Which subscribe-message templates (订阅消息) the storefront asks for, and at which tap, as pure functions (no Taro):
 * WeChat lets a mini-program ask only inside a tap, for at most 3 templates at a time, and each accepted template is
 * one message. Types only from @shop/types.
 */
import type { OrderDeliveryMethod, SubscribeEvent, SubscribeResult } from '@shop/types';

/** WeChat's limit: template ids in one requestSubscribeMessage */
export const MAX_TEMPLATES_PER_REQUEST = 3;

/** The taps that may ask: 提交订单 (with how the order is delivered), 提醒我, and submitting an after-sales request. */
export type SubscribeMoment =
  | { kind: 'checkout'; method: OrderDeliveryMethod }
  | { kind: 'remind' }
  | { kind: 'aftersale'; refund: boolean };

/** The events worth a message at each moment, most useful first. */
export function eventsFor(moment: SubscribeMoment): SubscribeEvent[] {
  switch (moment.kind) {
    case 'checkout':
      // paid, then what comes next for this delivery (a code to pick up, a parcel on its way), then a refund's result
      if (moment.method === 'pickup') return ['orderPaid', 'pickupReady', 'refundResult'];
      if (moment.method === 'virtual') return ['orderPaid', 'refundResult'];
      return ['orderPaid', 'orderShipped', 'refundResult'];
    case 'remind':
      return ['activityStart'];
    case 'aftersale':
      return moment.refund ? ['aftersaleResult', 'refundResult'] : ['aftersaleResult'];
  }
}

/**
 * The template ids to ask for: the events' templates the owner set, in the events' order, each id once (one template
 * may serve several events), at most 3. Empty: nothing to ask.
 */
export function templateIdsFor(events: SubscribeEvent[], templates: Partial<Record<SubscribeEvent, string>>): string[] {
  const ids: string[] = [];
  for (const e of events) {
    const id = templates[e];
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids.slice(0, MAX_TEMPLATES_PER_REQUEST);
}

const RESULTS: readonly string[] = ['accept', 'reject', 'ban', 'filter'] satisfies SubscribeResult[];

/**
 * The answers WeChat gave for the ids asked (its result also carries `errMsg`, and may leave an id out): what
 * member.recordSubscriptions takes.
 */
export function answersOf(ids: string[], res: unknown): Record<string, SubscribeResult> {
  const out: Record<string, SubscribeResult> = {};
  if (typeof res !== 'object' || res === null) return out;
  for (const id of ids) {
    const v = (res as Record<string, unknown>)[id];
    if (typeof v === 'string' && RESULTS.includes(v)) out[id] = v as SubscribeResult;
  }
  return out;
}
