/** Coupons (优惠券): definitions, codes, claims, the registration gift, and what orders need from them. */
export { heldCouponsForQuote, reusableForQuote, reusableForShopper, consumeCoupon, releaseCoupon, grantCoupons } from './orders';
export { createCoupon, updateCoupon, publishCoupon, voidCoupon, deleteCoupon, getCoupon, listCoupons } from './definitions';
export { distribute, importCodes, listCodes, usage, exportCodes } from './codes';
export { myCoupons, couponCentre, claimInfo, claimCoupon } from './shopper';
export { getRegistrationGift, setRegistrationGift, grantRegistrationGift } from './registration';
export { claimLink, searchShoppers } from './claimLink';
