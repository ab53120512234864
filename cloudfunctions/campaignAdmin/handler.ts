import { z } from 'zod';
import { CampaignInput, CampaignListInput, Id, OrderIdInput, type AdminRole } from '@shop/types';
import { action, defineFunction } from '../shared/runtime/define';
import { createCampaign, deleteCampaign, endCampaign, getCampaign, listCampaigns, updateCampaign } from '../shared/domain/campaigns/campaigns';

const STAFF: AdminRole[] = ['owner', 'operator'];
const UpdateInput = z.intersection(CampaignInput, z.object({ id: Id }));

export default defineFunction('campaignAdmin', {
  list: action({ access: STAFF, input: CampaignListInput, handler: (ctx, input) => listCampaigns(ctx.db, input, ctx.now()) }),
  get: action({ access: STAFF, input: OrderIdInput, handler: (ctx, { id }) => getCampaign(ctx.db, id, ctx.now()) }),
  create: action({ access: STAFF, input: CampaignInput, handler: (ctx, input) => createCampaign(ctx.db, input, ctx.now()) }),
  update: action({ access: STAFF, input: UpdateInput, handler: (ctx, { id, ...input }) => updateCampaign(ctx.db, id, input, ctx.now()) }),
  end: action({ access: STAFF, input: OrderIdInput, handler: (ctx, { id }) => endCampaign(ctx.db, id, ctx.now()) }),
  delete: action({ access: STAFF, input: OrderIdInput, handler: (ctx, { id }) => deleteCampaign(ctx.db, id) }),
});
