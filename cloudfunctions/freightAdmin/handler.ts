import { z } from 'zod';
import { FreightTemplateInput, type AdminRole } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { deleteTemplate, getTemplate, listTemplates, saveTemplate } from '../shared/domain/fulfilment/templates';

const STAFF: AdminRole[] = ['owner', 'operator'];
const IdOnly = z.object({ id: z.string().min(1).max(64) }).strict();

/** Freight templates (运费模板): how shipping is priced and which delivery methods products allow. */
export default defineFunction('freightAdmin', {
  list: action({ access: STAFF, input: NoInput, handler: (ctx) => listTemplates(ctx.db) }),
  get: action({ access: STAFF, input: IdOnly, handler: (ctx, { id }) => getTemplate(ctx.db, id) }),
  save: action({
    access: STAFF,
    input: FreightTemplateInput.extend({ id: z.string().min(1).max(64).optional() }),
    handler: (ctx, i) => saveTemplate(ctx.db, i, ctx.now()),
  }),
  delete: action({ access: STAFF, input: IdOnly, handler: (ctx, { id }) => deleteTemplate(ctx.db, id) }),
});
