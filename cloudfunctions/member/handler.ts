import { PointsHistoryInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import type { Ctx } from '../shared/runtime/context';
import { memberCentre, pointsHistory } from '../shared/domain/members';

/** The caller's openid (access 'shopper' guarantees a shopper). */
const me = (ctx: Ctx) => (ctx.caller.kind === 'shopper' ? ctx.caller.openid : '');

export default defineFunction('member', {
  centre: action({ access: 'shopper', input: NoInput, handler: (ctx) => memberCentre(ctx.db, me(ctx), ctx.now()) }),
  pointsHistory: action({
    access: 'shopper',
    input: PointsHistoryInput,
    handler: (ctx, { page, pageSize }) => pointsHistory(ctx.db, me(ctx), page, pageSize),
  }),
});
