import { ClaimInput, MyCouponsInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { forbidden } from '../shared/runtime/errors';
import type { Ctx } from '../shared/runtime/context';
import { claimCoupon, claimInfo, couponCentre, myCoupons } from '../shared/domain/coupons';

/** The shopper's openid (access 'shopper' has already refused everyone else). */
const openidOf = (ctx: Ctx): string => {
  if (ctx.caller.kind !== 'shopper') throw forbidden('this action is for shoppers');
  return ctx.caller.openid;
};

export default defineFunction('coupon', {
  mine: action({ access: 'shopper', input: MyCouponsInput, handler: (ctx, input) => myCoupons(ctx.db, openidOf(ctx), input, ctx.now()) }),
  centre: action({ access: 'shopper', input: NoInput, handler: (ctx) => couponCentre(ctx.db, openidOf(ctx), ctx.now()) }),
  /** public: the claim page shows the coupon before the shopper logs in */
  claimInfo: action({
    access: 'public',
    input: ClaimInput,
    handler: (ctx, { c }) => claimInfo(ctx.db, ctx.caller.kind === 'shopper' ? ctx.caller.openid : null, c, ctx.now()),
  }),
  claim: action({ access: 'shopper', input: ClaimInput, handler: (ctx, { c }) => claimCoupon(ctx.db, openidOf(ctx), c, ctx.now()) }),
});
