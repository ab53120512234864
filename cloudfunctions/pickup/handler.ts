import { PickupLogInput, PickupVerifyInput } from '@shop/types';
import { action, defineFunction } from '../shared/runtime/define';
import type { Ctx } from '../shared/runtime/context';
import { AppError } from '../shared/runtime/errors';
import { pickupLog, previewPickup, verifyPickup } from '../shared/domain/fulfilment/pickup';

const merchant = (ctx: Ctx) => {
  if (ctx.caller.kind !== 'merchant') throw new AppError('FORBIDDEN', 'this action needs a merchant session');
  return ctx.caller;
};

/** The clerk behind a verify or preview, as the pickup log records them. */
const clerkOf = (ctx: Ctx) => {
  const c = merchant(ctx);
  return { username: c.username, storeId: c.storeId };
};

/** Store pickup: clerks verify codes (scanned or typed); the log shows every attempt. */
export default defineFunction('pickup', {
  verify: action({
    access: ['clerk'],
    input: PickupVerifyInput,
    handler: (ctx, { code }) => verifyPickup(ctx.db, clerkOf(ctx), code, ctx.now()),
  }),
  /** 查询 before 确认核销: the order's goods and the masked shopper; the code stays unused (same throttle as verify) */
  preview: action({
    access: ['clerk'],
    input: PickupVerifyInput,
    handler: (ctx, { code }) => previewPickup(ctx.db, clerkOf(ctx), code, ctx.now()),
  }),
  /** owners and operators see every store; a clerk sees their own store's attempts only */
  log: action({
    access: ['owner', 'operator', 'clerk'],
    input: PickupLogInput,
    handler: (ctx, i) => {
      const c = merchant(ctx);
      return pickupLog(ctx.db, { ...i, storeId: c.role === 'clerk' ? (c.storeId ?? '-') : i.storeId });
    },
  }),
});
