import {
  AdjustInput,
  CustomerLedgerInput,
  CustomerListInput,
  IdInput,
  LevelInput,
  OpenidInput,
  PointsRulesInput,
  SetBlockedInput,
  SetCustomerTagsInput,
  TagInput,
} from '@shop/types';
import type { AdminRole } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import type { Ctx } from '../shared/runtime/context';
import { getSettings, updateSettings } from '../shared/domain/settings/settings';
import {
  adjustExperience,
  adjustPoints,
  deleteLevel,
  deleteTag,
  ledgerPage,
  listLevelsWithCounts,
  listTags,
  saveLevel,
  saveTag,
  setBlocked,
  setCustomerTags,
} from '../shared/domain/members';
import { customerDetail, searchCustomers } from '../shared/domain/members/history';

/** Member levels, points rules and customers are run by owners and operators; clerks only verify pickups. */
const STAFF: AdminRole[] = ['owner', 'operator'];

const operator = (ctx: Ctx) => (ctx.caller.kind === 'merchant' ? ctx.caller.username : null);
const rules = ({ points, experience }: Awaited<ReturnType<typeof getSettings>>) => ({ points, experience });

export default defineFunction('customerAdmin', {
  listLevels: action({ access: STAFF, input: NoInput, handler: (ctx) => listLevelsWithCounts(ctx.db, ctx.now()) }),
  saveLevel: action({ access: STAFF, input: LevelInput, handler: (ctx, input) => saveLevel(ctx.db, input, ctx.now()) }),
  deleteLevel: action({ access: STAFF, input: IdInput, handler: (ctx, { id }) => deleteLevel(ctx.db, id) }),
  getPointsRules: action({ access: STAFF, input: NoInput, handler: async (ctx) => rules(await getSettings(ctx.db)) }),
  savePointsRules: action({
    access: STAFF,
    input: PointsRulesInput,
    handler: async (ctx, patch) => rules(await updateSettings(ctx.db, patch, ctx.now())),
  }),
  listCustomers: action({ access: STAFF, input: CustomerListInput, handler: (ctx, input) => searchCustomers(ctx.db, input, ctx.now()) }),
  getCustomer: action({ access: STAFF, input: OpenidInput, handler: (ctx, { openid }) => customerDetail(ctx.db, openid, ctx.now()) }),
  customerLedger: action({
    access: STAFF,
    input: CustomerLedgerInput,
    handler: (ctx, { openid, type, page, pageSize }) => ledgerPage(ctx.db, openid, type, page, pageSize),
  }),
  setBlocked: action({ access: STAFF, input: SetBlockedInput, handler: (ctx, { openid, blocked }) => setBlocked(ctx.db, openid, blocked) }),
  listTags: action({ access: STAFF, input: NoInput, handler: (ctx) => listTags(ctx.db) }),
  saveTag: action({ access: STAFF, input: TagInput, handler: (ctx, input) => saveTag(ctx.db, input, ctx.now()) }),
  deleteTag: action({ access: STAFF, input: IdInput, handler: (ctx, { id }) => deleteTag(ctx.db, id) }),
  setCustomerTags: action({
    access: STAFF,
    input: SetCustomerTagsInput,
    handler: (ctx, { openid, tagIds }) => setCustomerTags(ctx.db, openid, tagIds),
  }),
  adjustPoints: action({ access: STAFF, input: AdjustInput, handler: (ctx, input) => adjustPoints(ctx.db, input, operator(ctx), ctx.now()) }),
  adjustExperience: action({ access: STAFF, input: AdjustInput, handler: (ctx, input) => adjustExperience(ctx.db, input, operator(ctx), ctx.now()) }),
});
