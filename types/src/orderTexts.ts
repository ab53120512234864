/**
 * An order's state in the shopper's words. No zod here: the storefront imports this file directly
 * (`@shop/types/src/orderTexts`) and keeps zod out of its bundle.
 */
import type { OrderStatus } from './orders';

export const SHOPPER_STATUS_TEXT: Record<OrderStatus, string> = {
  unpaid: '待付款',
  paid: '待发货',
  partly_shipped: '部分发货',
  shipped: '已发货',
  completed: '已完成',
  closed: '已关闭',
};

/** The label of one order: a paid pickup order waits for its shopper at the store (待自提), not for a parcel. */
export const shopperStatusText = (o: { status: OrderStatus; delivery: { method: string } }): string =>
  o.status === 'paid' && o.delivery.method === 'pickup' ? '待自提' : SHOPPER_STATUS_TEXT[o.status];
