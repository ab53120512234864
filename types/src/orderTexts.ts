/**
 * An order's state in the shopper's words. No zod here: the storefront imports this file directly
 * (`@shop/types/src/orderTexts`) and keeps zod out of its bundle.
 */
import type { OrderDeliveryMethod, OrderStatus } from './orders';

export const SHOPPER_STATUS_TEXT: Record<OrderStatus, string> = {
  unpaid: '待付款',
  paid: '待发货',
  partly_shipped: '部分发货',
  shipped: '已发货',
  completed: '已完成',
  closed: '已关闭',
};

type Labelled = { status: OrderStatus; delivery: { method: string } };

/** A paid pickup order waits for its shopper at the store (待自提), not for a parcel: the storefront and the admin say so. */
export const awaitsPickup = (o: Labelled): boolean => o.status === 'paid' && o.delivery.method === 'pickup';
export const AWAITING_PICKUP_TEXT = '待自提';

/** The label of one order in the shopper's words. */
export const shopperStatusText = (o: Labelled): string => (awaitsPickup(o) ? AWAITING_PICKUP_TEXT : SHOPPER_STATUS_TEXT[o.status]);

/** An order's state in the merchant's words (the admin and the order export). */
export const ORDER_STATUS_TEXT: Record<OrderStatus, string> = {
  unpaid: '未付款',
  paid: '待发货',
  partly_shipped: '部分发货',
  shipped: '已发货',
  completed: '已完成',
  closed: '已关闭',
};

export const DELIVERY_METHOD_TEXT: Record<OrderDeliveryMethod, string> = { express: '快递发货', local: '同城配送', pickup: '到店自提', virtual: '虚拟商品（无需物流）' };
