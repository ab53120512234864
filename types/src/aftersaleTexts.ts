/**
 * After-sales kinds, states and reasons with their Chinese words. No zod here: the storefront imports this file
 * directly (`@shop/types/src/aftersaleTexts`) and keeps zod out of its bundle.
 */
export type AftersaleType = 'refund' | 'return_refund' | 'exchange';
export const AFTERSALE_TYPES: AftersaleType[] = ['refund', 'return_refund', 'exchange'];
export const AFTERSALE_TYPE_TEXT: Record<AftersaleType, string> = { refund: '仅退款', return_refund: '退货退款', exchange: '换货' };

/**
 * pending → rejected | (refund) refunding → refunded
 *         | (return_refund) awaiting_return → returned → refunding → refunded
 *         | (exchange) awaiting_return → returned → exchange_shipped → completed
 * The shopper may withdraw a request until the merchant has agreed (cancelled).
 */
export const AFTERSALE_STATUSES = ['pending', 'rejected', 'cancelled', 'awaiting_return', 'returned', 'refunding', 'refunded', 'exchange_shipped', 'completed'] as const;
export type AftersaleStatus = (typeof AFTERSALE_STATUSES)[number];
export const AFTERSALE_STATUS_TEXT: Record<AftersaleStatus, string> = {
  pending: '待商家处理',
  rejected: '商家已驳回',
  cancelled: '已撤销',
  awaiting_return: '待买家退货',
  returned: '买家已退货，待商家收货',
  refunding: '退款中',
  refunded: '已退款',
  exchange_shipped: '换货已发出',
  completed: '换货完成',
};
/** states in which a request still holds its lines and amount */
export const AFTERSALE_OPEN: AftersaleStatus[] = ['pending', 'awaiting_return', 'returned', 'refunding', 'exchange_shipped'];

export const AFTERSALE_REASONS = ['不想要了', '拍错/多拍', '商品质量问题', '商品与描述不符', '少件/漏发', '收到商品破损', '发错货', '其他'] as const;
