import { AddressInput, CancelOrderInput, CheckoutInput, CreateOrderInput, MyOrdersInput, OrderIdInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { openidOf } from '../cart/handler';
import { buildCheckout, listAddresses, toPreview } from '../shared/domain/orders/checkout';
import { createOrder } from '../shared/domain/orders/create';
import { closeOrder } from '../shared/domain/orders/lifecycle';
import { getOwnOrder, listMyOrders, myCounts } from '../shared/domain/orders/queries';
import { deleteAddress, saveAddress } from '../shared/domain/orders/addresses';

export default defineFunction('order', {
  preview: action({ access: 'shopper', input: CheckoutInput, handler: async (ctx, i) => toPreview(await buildCheckout(ctx.db, openidOf(ctx), i, ctx.now())) }),
  create: action({ access: 'shopper', input: CreateOrderInput, handler: (ctx, i) => createOrder(ctx.db, openidOf(ctx), i, ctx.now()) }),
  list: action({ access: 'shopper', input: MyOrdersInput, handler: (ctx, i) => listMyOrders(ctx.db, openidOf(ctx), i) }),
  get: action({ access: 'shopper', input: OrderIdInput, handler: (ctx, { id }) => getOwnOrder(ctx.db, openidOf(ctx), id) }),
  cancel: action({
    access: 'shopper',
    input: CancelOrderInput,
    handler: (ctx, { id, reason }) => closeOrder(ctx.db, id, 'shopper_cancel', 'shopper', reason, ctx.now(), openidOf(ctx)),
  }),
  counts: action({ access: 'shopper', input: NoInput, handler: (ctx) => myCounts(ctx.db, openidOf(ctx)) }),
  addresses: action({ access: 'shopper', input: NoInput, handler: (ctx) => listAddresses(ctx.db, openidOf(ctx)) }),
  saveAddress: action({ access: 'shopper', input: AddressInput, handler: (ctx, i) => saveAddress(ctx.db, openidOf(ctx), i) }),
  deleteAddress: action({ access: 'shopper', input: OrderIdInput, handler: (ctx, { id }) => deleteAddress(ctx.db, openidOf(ctx), id) }),
});
