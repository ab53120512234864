/**
 * Who takes part in an order's life, in the order they run. Placing, paying, releasing (closing, cancelling,
 * refunding whole), completing and shipping an order walk this list; each participant lives in the folder that owns
 * its data (see participant.ts for the hooks).
 */
import type { Order, ShopSettings } from '@shop/types';
import type { Database, Transaction } from '../../db/types';
import { activityStock } from '../activities/orderParticipant';
import { salesCount, skuStock } from '../catalog/orderParticipant';
import { memberPoints } from '../members/orderParticipant';
import { orderCoupons } from '../coupons/orderParticipant';
import { pickupCode, wxShippingUpload } from '../fulfilment/orderParticipant';
import { erpOutbox } from '../sync/orderParticipant';
import { txSettings } from '../members/account';
import type { OrderParticipant, OrderPatch, OrderStep, PlaceStep, RefundStep, Release } from './participant';

export const ORDER_PARTICIPANTS: readonly OrderParticipant[] = [
  activityStock,
  skuStock,
  memberPoints,
  orderCoupons,
  salesCount,
  pickupCode,
  erpOutbox,
  wxShippingUpload,
];

/** A step's context: the shop settings are read at most once, and only when a participant asks. */
export function orderStep(tx: Transaction, db: Database, order: Order, now: Date): OrderStep {
  let settings: Promise<ShopSettings> | null = null;
  return { tx, db, order, now, settings: () => (settings ??= txSettings(tx)) };
}

/** The fields every patch sets, merged (a later participant's field wins), and the `released` entries. */
function merge(patches: (OrderPatch | void)[]): { set: Record<string, unknown>; released: { points: number; coupon: boolean } } {
  const out = { set: {} as Record<string, unknown>, released: { points: 0, coupon: false } };
  for (const p of patches) {
    if (!p) continue;
    Object.assign(out.set, p.set);
    Object.assign(out.released, p.released);
  }
  return out;
}

async function walk(run: (p: OrderParticipant) => Promise<OrderPatch | void> | undefined) {
  const patches: (OrderPatch | void)[] = [];
  for (const p of ORDER_PARTICIPANTS) patches.push(await run(p));
  return merge(patches);
}

export const placed = async (s: PlaceStep) => {
  for (const p of ORDER_PARTICIPANTS) await p.onPlaced?.(s);
};
export const paid = (s: OrderStep) => walk((p) => p.onPaid?.(s));
export const released = (s: OrderStep, why: Release) => walk((p) => p.onReleased?.(s, why));
export const completed = (s: OrderStep) => walk((p) => p.onCompleted?.(s));
export const refunded = (s: OrderStep, r: RefundStep) => walk((p) => p.onRefunded?.(s, r));

type After = 'afterPaid' | 'afterReleased' | 'afterShipped' | 'afterCompleted';

/**
 * After the transaction committed: each participant's `after…` hook, tried `retries` times (default 1); a failure is
 * logged and left to the participant's own timer path, never thrown back at a change already made.
 */
export async function afterCommit(hook: After, db: Database, o: Order, now: Date, why?: Release): Promise<void> {
  for (const p of ORDER_PARTICIPANTS) {
    const fn = p[hook];
    if (!fn) continue;
    const tries = Math.max(1, p.retries ?? 1);
    for (let i = 1; i <= tries; i++) {
      try {
        await fn.call(p, db, o, now, why as Release);
        break;
      } catch (e) {
        if (i === tries) console.error(`[order ${o._id}] ${p.name} ${hook} failed after ${tries} tries`, e);
      }
    }
  }
}
