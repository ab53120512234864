/**
 * Subscribe messages to shoppers (订阅消息, issue 15). The owner enters one WeChat template id per event; the
 * storefront asks the shopper to subscribe (`Taro.requestSubscribeMessage`) and records what was accepted: each
 * accepted template is one one-time grant, good for one message. Messages are written to an outbox in the same
 * transaction as their event and sent by the jobs timer.
 *
 * Each event fills a fixed set of template fields (`MESSAGE_FIELDS`): the owner picks, in the WeChat console, a
 * template whose keywords have these keys (thing1, amount2 …), and the admin shows the mapping.
 */
import { z } from 'zod';
import { PageInput, type Page, type SchemaIn as In, type EmptyInput as Empty } from './common';

export const SUBSCRIBE_EVENTS = ['orderPaid', 'orderShipped', 'pickupReady', 'refundResult', 'aftersaleResult', 'activityStart', 'couponExpiring'] as const;
export type SubscribeEvent = (typeof SUBSCRIBE_EVENTS)[number];
export const SubscribeEventSchema = z.enum(SUBSCRIBE_EVENTS);

export const SUBSCRIBE_EVENT_LABELS: Record<SubscribeEvent, string> = {
  orderPaid: '订单支付成功',
  orderShipped: '订单发货',
  pickupReady: '待自提（提货码已生成）',
  refundResult: '退款结果',
  aftersaleResult: '售后处理结果',
  activityStart: '秒杀 / 限时折扣开始提醒',
  couponExpiring: '优惠券即将过期',
};

/** one template keyword the shop fills: its key in the template (type prefix + position) and what it holds */
export interface MessageField {
  key: string;
  label: string;
}
const f = (key: string, label: string): MessageField => ({ key, label });

/** The template keywords each event fills. The key's prefix is WeChat's value type (thing ≤ 20 characters …). */
export const MESSAGE_FIELDS: Record<SubscribeEvent, readonly MessageField[]> = {
  orderPaid: [f('character_string1', '订单号'), f('thing2', '商品名称'), f('amount3', '实付金额'), f('date4', '支付时间')],
  orderShipped: [f('character_string1', '订单号'), f('thing2', '商品名称'), f('thing3', '快递公司 / 配送方式'), f('character_string4', '运单号'), f('date5', '发货时间')],
  pickupReady: [f('character_string1', '订单号'), f('thing2', '商品名称'), f('thing3', '自提门店'), f('thing4', '门店地址')],
  refundResult: [f('character_string1', '订单号'), f('amount2', '退款金额'), f('phrase3', '退款状态'), f('date4', '处理时间')],
  aftersaleResult: [f('character_string1', '售后单号'), f('thing2', '商品名称'), f('phrase3', '处理结果'), f('thing4', '说明'), f('date5', '处理时间')],
  activityStart: [f('thing1', '商品名称'), f('thing2', '活动名称'), f('time3', '开始时间')],
  couponExpiring: [f('thing1', '优惠券名称'), f('thing2', '使用条件'), f('date3', '到期时间')],
};

/** a WeChat template id (letters, digits, - and _) */
export const TemplateId = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _');

/** what `Taro.requestSubscribeMessage` answers per template id */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;
export type SubscribeResult = (typeof SUBSCRIBE_RESULTS)[number];

/** at most this many template ids in one request (WeChat asks for at most 3 at a time) */
export const RECORD_SUBSCRIPTIONS_MAX = 10;

export const RecordSubscriptionsInput = z
  .object({
    results: z
      .record(TemplateId, z.enum(SUBSCRIBE_RESULTS))
      .refine((r) => Object.keys(r).length <= RECORD_SUBSCRIPTIONS_MAX, `at most ${RECORD_SUBSCRIPTIONS_MAX} template ids`),
  })
  .strict();

export const COUPON_EXPIRING_DAYS_DEFAULT = 3;

export const SaveTemplatesInput = z
  .object({
    /** an event left out keeps its template id; null or "" turns the event's messages off */
    templates: z.partialRecord(SubscribeEventSchema, z.union([TemplateId, z.literal(''), z.null()])),
    /** a held coupon gets its reminder this many days before it expires */
    couponExpiringDays: z.number().int().min(1).max(30).optional(),
  })
  .strict();

export interface MessageTemplates {
  /** the template id per event; an event without one sends nothing */
  templates: Record<SubscribeEvent, string | null>;
  couponExpiringDays: number;
  /** the keywords each event fills (MESSAGE_FIELDS) */
  fields: Record<SubscribeEvent, readonly MessageField[]>;
  updatedAt: string | null;
}

/**
 * queued: waiting to be sent (again at `nextAt`); sent; failed: WeChat refused it for good (errcode / errmsg) or
 * it ran out of tries; skipped: never sent, because the shopper had no grant left for the template.
 */
export const MESSAGE_STATES = ['queued', 'sent', 'failed', 'skipped'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

export interface WxMessage {
  /** the business key: `<event>:<what it is about>`, so one event never queues twice */
  _id: string;
  event: SubscribeEvent;
  /** the order, refund, after-sales request or held coupon it is about */
  ref: string;
  orderId: string | null;
  openid: string;
  templateId: string;
  data: Record<string, string>;
  page: string;
  state: MessageState;
  tries: number;
  nextAt: string | null;
  errcode: number | null;
  errmsg: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export const MessageLogInput = z
  .object({
    ...PageInput,
    event: SubscribeEventSchema.optional(),
    state: z.enum(MESSAGE_STATES).optional(),
    orderId: z.string().trim().min(1).max(64).optional(),
  })
  .strict();

export const MessageIdInput = z.object({ id: z.string().min(1).max(200) }).strict();

/** shopper side, on the `member` function */
export interface SubscribeMemberApi {
  /** the template ids the storefront may ask for, per event (events without a template are left out); anyone */
  subscribeTemplates: { input: Empty; output: { templates: Partial<Record<SubscribeEvent, string>> } };
  /** what the shopper answered to requestSubscribeMessage; each accepted known template id adds one grant */
  recordSubscriptions: { input: In<typeof RecordSubscriptionsInput>; output: { recorded: number } };
}

/** owner: templates; owner and operator: the log */
export interface MessageAdminApi {
  templates: { input: Empty; output: MessageTemplates };
  saveTemplates: { input: In<typeof SaveTemplatesInput>; output: MessageTemplates };
  log: { input: In<typeof MessageLogInput>; output: Page<WxMessage> };
  /** a failed or skipped message goes back to the queue (sent at the next jobs run) */
  resend: { input: In<typeof MessageIdInput>; output: { resent: boolean } };
}
