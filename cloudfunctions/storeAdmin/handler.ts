import { z } from 'zod';
import { StoreInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { deleteStore, listStoresAdmin, saveStore } from '../shared/domain/fulfilment/stores';

/** Stores (pickup points): the owner sets them up; operators may read them. */
export default defineFunction('storeAdmin', {
  list: action({ access: ['owner', 'operator'], input: NoInput, handler: (ctx) => listStoresAdmin(ctx.db) }),
  save: action({ access: ['owner'], input: StoreInput, handler: (ctx, i) => saveStore(ctx.db, i, ctx.now()) }),
  delete: action({ access: ['owner'], input: z.object({ id: z.string().min(1).max(64) }).strict(), handler: (ctx, { id }) => deleteStore(ctx.db, id) }),
});
