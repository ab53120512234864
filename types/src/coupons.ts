/** Coupons (优惠券): definitions, codes held by shoppers, claim links. Filled in by the coupons work. */
export interface CouponApi {}
export interface CouponAdminApi {}
