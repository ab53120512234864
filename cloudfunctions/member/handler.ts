import { HelloInput, PointsHistoryInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import type { Ctx } from '../shared/runtime/context';
import { openidOf } from '../shared/runtime/caller';
import { memberCentre, pointsHistory } from '../shared/domain/members';
import { ensureShopper } from '../shared/domain/auth/service';

/** The caller's openid (access 'shopper' guarantees a shopper). */

export default defineFunction('member', {
  /**
   * At app launch on WeChat: there is no login call (the OPENID comes with every call), so this creates the shopper on
   * first sight, with the registration gift once; ACCOUNT_DISABLED for a blocked shopper.
   */
  hello: action({ access: 'shopper', input: HelloInput, handler: (ctx, profile) => ensureShopper(ctx.db, openidOf(ctx), profile, ctx.now()) }),
  centre: action({ access: 'shopper', input: NoInput, handler: (ctx) => memberCentre(ctx.db, openidOf(ctx), ctx.now()) }),
  pointsHistory: action({
    access: 'shopper',
    input: PointsHistoryInput,
    handler: (ctx, { page, pageSize }) => pointsHistory(ctx.db, openidOf(ctx), page, pageSize),
  }),
});
