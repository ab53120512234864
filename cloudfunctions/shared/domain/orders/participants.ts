/**
 * Who takes part in an order's life, in the order they run. Placing, paying, releasing (closing, cancelling,
 * refunding whole), completing and shipping an order walk this list; each participant lives in the folder that owns
 * its data (see participant.ts for the hooks).
 */
import type { Order, ShopSettings } from '@shop/types';
import type { Database, Transaction } from '../../db/types';
import { activityStock } from '../activities/orderParticipant';
import { salesCount, skuStock } from '../catalog/orderParticipant';
import { customerTrade, memberPoints } from '../members/orderParticipant';
import { orderCoupons } from '../coupons/orderParticipant';
import { pickupCode, wxShippingUpload } from '../fulfilment/orderParticipant';
import { erpOutbox } from '../sync/orderParticipant';
import { shopperMessages } from '../messages/orderParticipant';
import { dashboardStats } from '../stats/orderParticipant';
import { txSettings } from '../members/account';
import { ProcessKilled, reach } from '../../runtime/probe';
import { ordersWithFollowUps, updateOrder } from './records';
import type { OrderParticipant, OrderPatch, OrderStep, PlaceStep, RefundStep, Release, ShipStep } from './participant';

export const ORDER_PARTICIPANTS: readonly OrderParticipant[] = [
  activityStock,
  skuStock,
  memberPoints,
  customerTrade,
  orderCoupons,
  salesCount,
  pickupCode,
  erpOutbox,
  wxShippingUpload,
  shopperMessages,
  dashboardStats,
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
export const shipped = (s: OrderStep, parcel: ShipStep) => walk((p) => p.onShipped?.(s, parcel));

type After = 'afterPaid' | 'afterReleased' | 'afterShipped' | 'afterCompleted';

/** An `after…` hook that kept failing, kept on the order for the jobs timer (`retryFollowUps`). */
export interface FollowUp {
  hook: After;
  participant: string;
  why: Release | null;
  at: string;
}

/** Runs one participant's hook up to its `retries` times; answers whether it succeeded. */
async function tryHook(p: OrderParticipant, hook: After, db: Database, o: Order, now: Date, why: Release | null): Promise<boolean> {
  const fn = p[hook];
  if (!fn) return true;
  const tries = Math.max(1, p.retries ?? 1);
  for (let i = 1; i <= tries; i++) {
    try {
      await reach(`after:${hook}:${p.name}`);
      await fn.call(p, db, o, now, why as Release);
      return true;
    } catch (e) {
      if (e instanceof ProcessKilled) throw e;
      if (i === tries) console.error(`[order ${o._id}] ${p.name} ${hook} failed after ${tries} tries; the jobs timer tries again`, e);
    }
  }
  return false;
}

/**
 * After the transaction committed: each participant's `after…` hook, tried `retries` times (default 1). A hook that
 * still fails is never thrown back at a change already made: it is recorded on the order (`followUps`) and the jobs
 * timer runs it again until it succeeds (hooks are idempotent).
 */
export async function afterCommit(hook: After, db: Database, o: Order, now: Date, why?: Release): Promise<void> {
  const failed: FollowUp[] = [];
  for (const p of ORDER_PARTICIPANTS) {
    if (!(await tryHook(p, hook, db, o, now, why ?? null))) failed.push({ hook, participant: p.name, why: why ?? null, at: now.toISOString() });
  }
  if (failed.length) await updateOrder(db, o._id, { followUps: db.command.push(failed) }).catch((e) => console.error(`[order ${o._id}] follow-ups not recorded`, e));
}

/** The jobs timer: runs again the `after…` hooks recorded as failed; answers how many succeeded now. */
export async function retryFollowUps(db: Database, now: Date): Promise<number> {
  let done = 0;
  for (const o of await ordersWithFollowUps(db, 100)) {
    const ups = (o as Order & { followUps?: FollowUp[] }).followUps ?? [];
    const left: FollowUp[] = [];
    for (const f of ups) {
      const p = ORDER_PARTICIPANTS.find((x) => x.name === f.participant);
      if (!p || (await tryHook(p, f.hook, db, o, now, f.why))) done++;
      else left.push(f);
    }
    // jobs run one at a time; the field is absent when nothing is left, so the timer's query skips the order
    await updateOrder(db, o._id, { followUps: left.length ? db.command.set(left) : db.command.remove() });
  }
  return done;
}
