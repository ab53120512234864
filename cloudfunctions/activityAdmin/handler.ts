import { z } from 'zod';
import { ActivityIdInput, ActivityInput, ActivityListInput, ActivityStatsInput, Id, MessageListInput, type AdminRole } from '@shop/types';
import { action, defineFunction } from '../shared/runtime/define';
import { createActivity, endActivity, getActivity, listActivities, updateActivity } from '../shared/domain/activities/store';
import { activityStats, exportActivity, listMessages } from '../shared/domain/activities/reports';

const STAFF: AdminRole[] = ['owner', 'operator'];
const UpdateInput = z.intersection(ActivityInput, z.object({ id: Id }));

/** Flash sales, limited-time discounts and presales, for owners and operators. */
export default defineFunction('activityAdmin', {
  list: action({ access: STAFF, input: ActivityListInput, handler: (ctx, input) => listActivities(ctx.db, input, ctx.now()) }),
  get: action({ access: STAFF, input: ActivityIdInput, handler: (ctx, { id }) => getActivity(ctx.db, id, ctx.now()) }),
  create: action({ access: STAFF, input: ActivityInput, handler: (ctx, input) => createActivity(ctx.db, input, ctx.now()) }),
  update: action({ access: STAFF, input: UpdateInput, handler: (ctx, { id, ...input }) => updateActivity(ctx.db, id, input as z.output<typeof ActivityInput>, ctx.now()) }),
  end: action({ access: STAFF, input: ActivityIdInput, handler: (ctx, { id }) => endActivity(ctx.db, id, ctx.now()) }),
  stats: action({ access: STAFF, input: ActivityStatsInput, handler: (ctx, input) => activityStats(ctx.db, input) }),
  export: action({ access: STAFF, input: ActivityIdInput, handler: (ctx, { id }) => exportActivity(ctx.db, id) }),
  messages: action({ access: STAFF, input: MessageListInput, handler: (ctx, input) => listMessages(ctx.db, input) }),
});
