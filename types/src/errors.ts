/** Stable error codes: every failure a function returns carries one of these. */
export const ErrorCodes = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNKNOWN_FUNCTION: 'UNKNOWN_FUNCTION',
  UNKNOWN_ACTION: 'UNKNOWN_ACTION',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  LOGIN_THROTTLED: 'LOGIN_THROTTLED',
  ACCOUNT_DISABLED: 'ACCOUNT_DISABLED',
  NOT_FOUND: 'NOT_FOUND',
  SLUG_TAKEN: 'SLUG_TAKEN',
  CODE_TAKEN: 'CODE_TAKEN',
  NAME_TAKEN: 'NAME_TAKEN',
  IN_USE: 'IN_USE',
  CONFLICT: 'CONFLICT',
  STOCK_NEGATIVE: 'STOCK_NEGATIVE',
  PRICE_NEGATIVE: 'PRICE_NEGATIVE',
  IMPORT_INVALID: 'IMPORT_INVALID',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** an order export matching more orders than one export holds (narrow the filters) */
  EXPORT_TOO_LARGE: 'EXPORT_TOO_LARGE',
  INTERNAL: 'INTERNAL',
  // promotions, cart and orders (issue 3)
  /** an item, a coupon or a campaign can't be used in the state it is in (e.g. a published coupon edited) */
  INVALID_STATE: 'INVALID_STATE',
  /** an order state change that the state table does not allow */
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  CAMPAIGN_CONFLICT: 'CAMPAIGN_CONFLICT',
  /** a SKU would be in two item activities whose windows overlap (details: {activityId, activityName, activityKind, keys}) */
  ACTIVITY_CONFLICT: 'ACTIVITY_CONFLICT',
  /** the shopper's activity quota for a SKU is used up (details: {activityId, skuId, limit, taken}) */
  ACTIVITY_LIMIT_REACHED: 'ACTIVITY_LIMIT_REACHED',
  /** Jingdou Cloud could not be reached or refused the call (details: {kind, errcode, httpStatus}) */
  ERP_UNAVAILABLE: 'ERP_UNAVAILABLE',
  /** the shop is bound to Jingdou Cloud and this express order is shipped there (details: {orderId}) */
  ERP_SHIPS_EXPRESS: 'ERP_SHIPS_EXPRESS',
  /** the stock of a product linked to a Jingdou Cloud material comes from the ERP's warehouse (details: {skuId?}) */
  ERP_OWNED_STOCK: 'ERP_OWNED_STOCK',
  COUPON_UNAVAILABLE: 'COUPON_UNAVAILABLE',
  COUPON_NOT_APPLICABLE: 'COUPON_NOT_APPLICABLE',
  COUPON_SOLD_OUT: 'COUPON_SOLD_OUT',
  COUPON_ALREADY_CLAIMED: 'COUPON_ALREADY_CLAIMED',
  POINTS_INSUFFICIENT: 'POINTS_INSUFFICIENT',
  POINTS_DISABLED: 'POINTS_DISABLED',
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  OFF_SHELF: 'OFF_SHELF',
  /** the client showed a price the server no longer computes; the answer carries the new quote */
  PRICE_CHANGED: 'PRICE_CHANGED',
  CART_LIMIT: 'CART_LIMIT',
  NOTHING_SELECTED: 'NOTHING_SELECTED',
  DELIVERY_NOT_AVAILABLE: 'DELIVERY_NOT_AVAILABLE',
  /** virtual and physical goods in one checkout: they are ordered separately (details: {virtualSkuIds}) */
  MIXED_PRODUCT_TYPES: 'MIXED_PRODUCT_TYPES',
  // payments, refunds and after-sales (issue 4)
  /** WeChat Pay is not set up by the owner yet */
  PAYMENT_NOT_CONFIGURED: 'PAYMENT_NOT_CONFIGURED',
  /** WeChat Pay did not answer, or answered with an error: nothing changed here, try again */
  PAYMENT_UNAVAILABLE: 'PAYMENT_UNAVAILABLE',
  /** a refund larger than what is left of the payment (details: {refundable}) */
  REFUND_EXCEEDS_PAID: 'REFUND_EXCEEDS_PAID',
  /** an after-sales amount larger than the chosen lines' paid share (details: {max}) */
  AFTERSALE_AMOUNT_TOO_HIGH: 'AFTERSALE_AMOUNT_TOO_HIGH',
  // fulfilment (issue 5)
  /** no active pickup code like that (wrong, or voided by a refund) */
  PICKUP_CODE_INVALID: 'PICKUP_CODE_INVALID',
  /** the code was already used (details: {usedAt, usedBy}) */
  PICKUP_CODE_USED: 'PICKUP_CODE_USED',
  /** the order is to be picked up at another store */
  PICKUP_WRONG_STORE: 'PICKUP_WRONG_STORE',
  /** too many wrong codes from this clerk: wait (details: {retryAfterSeconds, lockedUntil?}) */
  PICKUP_THROTTLED: 'PICKUP_THROTTLED',
  // correctness sweep (issue 13)
  /** too many wrong coupon codes from this shopper: wait (details: {retryAfterSeconds}) */
  COUPON_CODE_THROTTLED: 'COUPON_CODE_THROTTLED',
  /** a coupon cannot be both the registration gift and a 满赠券 gift (details: {couponId, campaignId?, campaignName?, registrationGift?}) */
  COUPON_GIFT_CONFLICT: 'COUPON_GIFT_CONFLICT',
  /** a coupon for new customers only, asked by a shopper who has paid an order before (details: {couponId}) */
  COUPON_NEW_CUSTOMERS_ONLY: 'COUPON_NEW_CUSTOMERS_ONLY',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface ErrorBody {
  code: ErrorCode | string;
  message: string;
  details?: unknown;
}

/** The one envelope every function call answers with (gateway body and CloudBase `result`). */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** HTTP status the local gateway uses for each code (CloudBase callFunction always succeeds at transport level). */
export const httpStatusOf = (code: string): number => {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'IMPORT_INVALID':
    case 'STOCK_NEGATIVE':
    case 'PRICE_NEGATIVE':
    case 'NOTHING_SELECTED':
    case 'CART_LIMIT':
    case 'COUPON_NOT_APPLICABLE':
    case 'DELIVERY_NOT_AVAILABLE':
    case 'MIXED_PRODUCT_TYPES':
    case 'POINTS_DISABLED':
    case 'AFTERSALE_AMOUNT_TOO_HIGH':
    case 'PICKUP_CODE_INVALID':
    case 'EXPORT_TOO_LARGE':
      return 400;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
      return 401;
    case 'FORBIDDEN':
    case 'ACCOUNT_DISABLED':
    case 'PICKUP_WRONG_STORE':
      return 403;
    case 'NOT_FOUND':
    case 'UNKNOWN_FUNCTION':
    case 'UNKNOWN_ACTION':
      return 404;
    case 'ERP_SHIPS_EXPRESS':
    case 'ERP_OWNED_STOCK':
    case 'SLUG_TAKEN':
    case 'CODE_TAKEN':
    case 'NAME_TAKEN':
    case 'IN_USE':
    case 'CONFLICT':
    case 'INVALID_STATE':
    case 'ILLEGAL_TRANSITION':
    case 'CAMPAIGN_CONFLICT':
    case 'ACTIVITY_CONFLICT':
    case 'ACTIVITY_LIMIT_REACHED':
    case 'COUPON_UNAVAILABLE':
    case 'COUPON_SOLD_OUT':
    case 'COUPON_ALREADY_CLAIMED':
    case 'COUPON_GIFT_CONFLICT':
    case 'COUPON_NEW_CUSTOMERS_ONLY':
    case 'POINTS_INSUFFICIENT':
    case 'OUT_OF_STOCK':
    case 'OFF_SHELF':
    case 'PRICE_CHANGED':
    case 'REFUND_EXCEEDS_PAID':
    case 'PICKUP_CODE_USED':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'LOGIN_THROTTLED':
    case 'PICKUP_THROTTLED':
    case 'COUPON_CODE_THROTTLED':
      return 429;
    case 'PAYMENT_UNAVAILABLE':
    case 'ERP_UNAVAILABLE':
      return 502;
    case 'PAYMENT_NOT_CONFIGURED':
      return 503;
    default:
      return 500;
  }
};
