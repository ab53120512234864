import { AddressInput, CancelOrderInput, CheckoutInput, CreateOrderInput, MyOrdersInput, OrderIdInput, PayInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { openidOf } from '../shared/runtime/caller';
import { buildCheckout, listAddresses, toPreview } from '../shared/domain/orders/checkout';
import { createOrder } from '../shared/domain/orders/create';
import { getOwnOrder, listMyOrders, myCounts } from '../shared/domain/orders/queries';
import { deleteAddress, saveAddress } from '../shared/domain/orders/addresses';
import { requestCancel } from '../shared/domain/orders/cancellation';
import { nextStatus } from '../shared/domain/orders/states';
import { depsOf } from '../shared/domain/payments/deps';
import { checkPayment, closeUnpaid, startPayment } from '../shared/domain/payments/pay';
import { refundsOf } from '../shared/domain/payments/refunds';
import { confirmReceipt } from '../shared/domain/fulfilment/shipping';
import { myPickupCode } from '../shared/domain/fulfilment/pickup';

export default defineFunction('order', {
  preview: action({ access: 'shopper', input: CheckoutInput, handler: async (ctx, i) => toPreview(await buildCheckout(ctx.db, openidOf(ctx), i, ctx.now())) }),
  create: action({ access: 'shopper', input: CreateOrderInput, handler: (ctx, i) => createOrder(ctx.db, openidOf(ctx), i, ctx.now()) }),
  list: action({ access: 'shopper', input: MyOrdersInput, handler: (ctx, i) => listMyOrders(ctx.db, openidOf(ctx), i) }),
  get: action({ access: 'shopper', input: OrderIdInput, handler: (ctx, { id }) => getOwnOrder(ctx.db, openidOf(ctx), id) }),
  /** unpaid: closes it (at WeChat Pay first); paid and unshipped: asks the merchant to cancel */
  cancel: action({
    access: 'shopper',
    input: CancelOrderInput,
    handler: async (ctx, { id, reason }) => {
      const o = await getOwnOrder(ctx.db, openidOf(ctx), id);
      if (o.status === 'paid') return requestCancel(ctx.db, openidOf(ctx), id, reason, ctx.now());
      nextStatus(o.status, 'close'); // anything else but unpaid: ILLEGAL_TRANSITION naming the state
      return closeUnpaid(depsOf(ctx), id, 'shopper_cancel', 'shopper', reason, openidOf(ctx));
    },
  }),
  /** the WeChat Pay parameters for an unpaid order (the same prepay until it expires or the amount changes) */
  pay: action({ access: 'shopper', input: PayInput, handler: (ctx, i) => startPayment(depsOf(ctx), openidOf(ctx), i.id, i.returnUrl) }),
  /** back from paying: asks WeChat Pay when the notification has not arrived yet, and answers the order */
  payStatus: action({
    access: 'shopper',
    input: OrderIdInput,
    handler: async (ctx, { id }) => {
      const o = await getOwnOrder(ctx.db, openidOf(ctx), id);
      return o.status === 'unpaid' ? checkPayment(depsOf(ctx), id) : o;
    },
  }),
  /** a paid pickup order's code, to show as digits and a QR code at the store */
  pickupCode: action({ access: 'shopper', input: OrderIdInput, handler: (ctx, { id }) => myPickupCode(ctx.db, openidOf(ctx), id) }),
  /** the parcels arrived: the order completes */
  confirmReceipt: action({ access: 'shopper', input: OrderIdInput, handler: (ctx, { id }) => confirmReceipt(ctx.db, openidOf(ctx), id, ctx.now()) }),
  /** the refunds of one of the shopper's orders */
  refunds: action({
    access: 'shopper',
    input: OrderIdInput,
    handler: async (ctx, { id }) => {
      await getOwnOrder(ctx.db, openidOf(ctx), id);
      return (await refundsOf(ctx.db, id)).map(({ _id, amount, status, reason, source, createdAt, successAt }) => ({ _id, amount, status, reason, source, createdAt, successAt }));
    },
  }),
  counts: action({ access: 'shopper', input: NoInput, handler: (ctx) => myCounts(ctx.db, openidOf(ctx)) }),
  addresses: action({ access: 'shopper', input: NoInput, handler: (ctx) => listAddresses(ctx.db, openidOf(ctx)) }),
  saveAddress: action({ access: 'shopper', input: AddressInput, handler: (ctx, i) => saveAddress(ctx.db, openidOf(ctx), i) }),
  deleteAddress: action({ access: 'shopper', input: OrderIdInput, handler: (ctx, { id }) => deleteAddress(ctx.db, openidOf(ctx), id) }),
});
