import { DecorationPublishInput, DecorationSaveInput, type AdminRole } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import type { Ctx } from '../shared/runtime/context';
import { decorationState, publishDraft, restorePrevious, saveDraft } from '../shared/domain/decoration/pages';

const OWNER: AdminRole[] = ['owner'];
const who = (ctx: Ctx) => (ctx.caller.kind === 'merchant' ? ctx.caller.username : '');

/** 店铺装修: the home page's draft, its publication and the previous published version, for the owner. */
export default defineFunction('decorationAdmin', {
  get: action({ access: OWNER, input: NoInput, handler: (ctx) => decorationState(ctx.db) }),
  save: action({ access: OWNER, input: DecorationSaveInput, handler: (ctx, input) => saveDraft(ctx.db, input, who(ctx), ctx.now()) }),
  publish: action({ access: OWNER, input: DecorationPublishInput, handler: (ctx, { draftVersion }) => publishDraft(ctx.db, draftVersion, who(ctx), ctx.now()) }),
  restore: action({ access: OWNER, input: NoInput, handler: (ctx) => restorePrevious(ctx.db, who(ctx), ctx.now()) }),
});
