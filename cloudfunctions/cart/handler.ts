import { CartAddInput, CartRemoveInput, CartSelectInput, CartSetQuantityInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { openidOf } from '../shared/runtime/caller';
import { addToCart, cartCount, getCart, removeLines, selectLines, setQuantity } from '../shared/domain/cart/cart';

export default defineFunction('cart', {
  get: action({ access: 'shopper', input: NoInput, handler: (ctx) => getCart(ctx.db, openidOf(ctx), ctx.now()) }),
  add: action({ access: 'shopper', input: CartAddInput, handler: (ctx, i) => addToCart(ctx.db, openidOf(ctx), i.skuId, i.quantity, ctx.now()) }),
  setQuantity: action({ access: 'shopper', input: CartSetQuantityInput, handler: (ctx, i) => setQuantity(ctx.db, openidOf(ctx), i.skuId, i.quantity, ctx.now()) }),
  select: action({ access: 'shopper', input: CartSelectInput, handler: (ctx, i) => selectLines(ctx.db, openidOf(ctx), i.skuIds, i.selected, ctx.now()) }),
  remove: action({ access: 'shopper', input: CartRemoveInput, handler: (ctx, i) => removeLines(ctx.db, openidOf(ctx), i.skuIds, ctx.now()) }),
  count: action({ access: 'shopper', input: NoInput, handler: async (ctx) => ({ count: await cartCount(ctx.db, openidOf(ctx)) }) }),
});
