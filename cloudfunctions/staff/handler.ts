import { StaffCreateInput, StaffUpdateInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { createStaff, listStaff, updateStaff } from '../shared/domain/auth/staff';

export default defineFunction('staff', {
  list: action({ access: ['owner'], input: NoInput, handler: ({ db }) => listStaff(db) }),
  stores: action({
    access: 'merchant',
    input: NoInput,
    handler: async ({ db }) => {
      const { data } = await db.collection('stores').limit(100).get();
      return data.map((d) => ({ _id: d._id, name: String(d.name), address: String(d.address ?? '') }));
    },
  }),
  create: action({ access: ['owner'], input: StaffCreateInput, handler: (ctx, input) => createStaff(ctx.db, input, ctx.now()) }),
  update: action({
    access: ['owner'],
    input: StaffUpdateInput,
    handler: (ctx, input) => updateStaff(ctx.db, ctx.caller.kind === 'merchant' ? ctx.caller.adminId : '', input),
  }),
});
