import { ProductActivityInput, RemindInput, RunningInput } from '@shop/types';
import { action, defineFunction } from '../shared/runtime/define';
import { forbidden } from '../shared/runtime/errors';
import type { Ctx } from '../shared/runtime/context';
import { productActivity, remind, runningActivities } from '../shared/domain/activities/shopping';

const openidOf = (ctx: Ctx): string => {
  if (ctx.caller.kind !== 'shopper') throw forbidden('this action is for shoppers');
  return ctx.caller.openid;
};

/** Item activities for the storefront: public reads (a logged-in shopper also sees their quota and reminder). */
export default defineFunction('activity', {
  forProduct: action({
    access: 'public',
    input: ProductActivityInput,
    handler: (ctx, { productId }) => productActivity(ctx.db, ctx.caller.kind === 'shopper' ? ctx.caller.openid : null, productId, ctx.now()),
  }),
  remind: action({ access: 'shopper', input: RemindInput, handler: (ctx, input) => remind(ctx.db, openidOf(ctx), input, ctx.now()) }),
  running: action({ access: 'public', input: RunningInput, handler: (ctx, { kind }) => runningActivities(ctx.db, kind, ctx.now()) }),
});
