import { StaffCreateInput, StaffUpdateInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { createStaff, listStaff, updateStaff } from '../shared/domain/auth/staff';
import { storeChoices } from '../shared/domain/fulfilment/stores';

export default defineFunction('staff', {
  list: action({ access: ['owner'], input: NoInput, handler: ({ db }) => listStaff(db) }),
  stores: action({
    access: 'merchant',
    input: NoInput,
    handler: async ({ db }) => (await storeChoices(db)).map((d) => ({ _id: d._id, name: d.name, address: d.address })),
  }),
  create: action({ access: ['owner'], input: StaffCreateInput, handler: (ctx, input) => createStaff(ctx.db, input, ctx.now()) }),
  update: action({
    access: ['owner'],
    input: StaffUpdateInput,
    handler: (ctx, input) => updateStaff(ctx.db, ctx.caller.kind === 'merchant' ? ctx.caller.adminId : '', input),
  }),
});
