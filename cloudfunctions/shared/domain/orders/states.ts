import type { OrderStatus } from '@shop/types';
import { AppError } from '../../runtime/errors';

/**
 * The order's state table (the seed's 未付款 / 待发货 / 已发货 / 已完成 / 已关闭, plus 部分发货 for split
 * shipments). After-sales requests live beside the state, not in it. Each event is a named transition.
 */
export const TRANSITIONS = {
  /** payment confirmed (WeChat Pay notification or active query) */
  pay: { from: ['unpaid'], to: 'paid' },
  /** the shopper cancels, the merchant closes, or the unpaid order times out */
  close: { from: ['unpaid'], to: 'closed' },
  /** the merchant changes the amount of an unpaid order: the state stays */
  changePrice: { from: ['unpaid'], to: 'unpaid' },
  /** some lines shipped (split shipment) */
  shipPart: { from: ['paid', 'partly_shipped'], to: 'partly_shipped' },
  /** every line shipped */
  ship: { from: ['paid', 'partly_shipped'], to: 'shipped' },
  /** a pickup code verified or same-city delivery done: completes without a shipped step */
  fulfil: { from: ['paid'], to: 'completed' },
  /** virtual goods: the merchant hands them over with a note (a card number, a booking); nothing is shipped */
  fulfilVirtual: { from: ['paid'], to: 'completed' },
  /** the shopper confirms receipt, or the order completes by itself after the configured days */
  complete: { from: ['shipped'], to: 'completed' },
  /** a paid, unshipped order cancelled by the merchant (with or without a refund) */
  closePaid: { from: ['paid'], to: 'closed' },
  /** everything paid was refunded (after-sales or merchant refunds) */
  closeRefunded: { from: ['paid', 'partly_shipped', 'shipped', 'completed'], to: 'closed' },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: OrderStatus }>;
export type OrderEvent = keyof typeof TRANSITIONS;

export const canTransition = (from: OrderStatus, event: OrderEvent): boolean =>
  (TRANSITIONS[event].from as readonly OrderStatus[]).includes(from);

/** The state after `event`, or ILLEGAL_TRANSITION naming both. */
export function nextStatus(from: OrderStatus, event: OrderEvent): OrderStatus {
  if (!canTransition(from, event)) {
    throw new AppError('ILLEGAL_TRANSITION', `an order that is ${from} cannot ${event}`, { from, event });
  }
  return TRANSITIONS[event].to;
}

/** Unpaid orders are the only ones whose amount may change and that close by themselves. */
export const isOpenForPayment = (s: OrderStatus) => s === 'unpaid';
