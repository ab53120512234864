import { AftersaleApplyInput, AftersaleIdInput, AftersaleQuoteInput, MyAftersalesInput, ParcelInput, UploadImageInput } from '@shop/types';
import { action, defineFunction } from '../shared/runtime/define';
import { openidOf } from '../shared/runtime/caller';
import { depsOf } from '../shared/domain/payments/deps';
import {
  applyAftersale,
  assertOwnEvidence,
  cancelAftersale,
  confirmExchange,
  getAftersale,
  listAftersales,
  quoteAftersale,
  shipBack,
} from '../shared/domain/aftersales/aftersales';
import { storeProductImage } from '../shared/domain/catalog/images';

/** The shopper's after-sales requests: refund only, return and refund, exchange. */
export default defineFunction('aftersale', {
  quote: action({ access: 'shopper', input: AftersaleQuoteInput, handler: (ctx, i) => quoteAftersale(ctx.db, openidOf(ctx), i.orderId, i.lines) }),
  apply: action({
    access: 'shopper',
    input: AftersaleApplyInput,
    handler: (ctx, i) => {
      assertOwnEvidence(ctx.storage, i.evidence);
      return applyAftersale(depsOf(ctx), openidOf(ctx), i);
    },
  }),
  mine: action({ access: 'shopper', input: MyAftersalesInput, handler: (ctx, i) => listAftersales(ctx.db, { ...i, openid: openidOf(ctx) }) }),
  get: action({ access: 'shopper', input: AftersaleIdInput, handler: (ctx, { id }) => getAftersale(ctx.db, id, openidOf(ctx)) }),
  cancel: action({ access: 'shopper', input: AftersaleIdInput, handler: (ctx, { id }) => cancelAftersale(depsOf(ctx), openidOf(ctx), id) }),
  shipBack: action({ access: 'shopper', input: ParcelInput, handler: (ctx, { id, ...p }) => shipBack(depsOf(ctx), openidOf(ctx), id, p) }),
  confirmExchange: action({ access: 'shopper', input: AftersaleIdInput, handler: (ctx, { id }) => confirmExchange(depsOf(ctx), openidOf(ctx), id) }),
  uploadEvidence: action({
    access: 'shopper',
    input: UploadImageInput,
    handler: async (ctx, i) => ({ url: (await storeProductImage(ctx.storage, i)).url }),
  }),
});
