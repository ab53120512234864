import { HelloInput, PointsHistoryInput, RecordSubscriptionsInput, type SubscribeEvent } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import type { Ctx } from '../shared/runtime/context';
import { openidOf } from '../shared/runtime/caller';
import { memberCentre, pointsHistory } from '../shared/domain/members';
import { ensureShopper } from '../shared/domain/auth/service';
import { messageTemplates } from '../shared/domain/messages/settings';
import { recordSubscriptions } from '../shared/domain/messages/grants';

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
  /** the template ids to ask `requestSubscribeMessage` for, per event (events without one are left out); anyone */
  subscribeTemplates: action({
    access: 'public',
    input: NoInput,
    handler: async (ctx) => {
      const { templates } = await messageTemplates(ctx.db);
      return { templates: Object.fromEntries(Object.entries(templates).filter(([, id]) => id)) as Partial<Record<SubscribeEvent, string>> };
    },
  }),
  /** what the shopper answered; each accepted template id the shop uses adds one one-time grant */
  recordSubscriptions: action({
    access: 'shopper',
    input: RecordSubscriptionsInput,
    handler: (ctx, { results }) => recordSubscriptions(ctx.db, openidOf(ctx), results, ctx.now()),
  }),
});
