/**
 * The order lifecycle's participants: each concept that takes something when an order is placed or paid, and gives
 * it back when the order is released, lives in the folder that owns its data and says what it does at each step.
 * The lifecycle (lifecycle.ts, create.ts) walks `ORDER_PARTICIPANTS` (participants.ts) in its declared order:
 * adding a participant is one file and one line there.
 *
 * Hooks named `on…` run inside the order's transaction (they take its handle and may throw to refuse); what they
 * answer is merged into the one update the lifecycle writes to the order. Hooks named `after…` run once the
 * transaction has committed (kicking a worker, granting gift coupons); they must be idempotent, and a failure is
 * retried as the participant declares (`retries`), then recorded on the order (`followUps`) for the jobs timer to run
 * again: it never undoes the committed change.
 */
import type { Order, ShopSettings } from '@shop/types';
import type { Database, Transaction } from '../../db/types';

export interface OrderStep {
  tx: Transaction;
  db: Database;
  /** the order as the transaction read it (at placing: as it is being written) */
  order: Order;
  now: Date;
  /** the shop settings, read once per transaction and only when a participant asks */
  settings: () => Promise<ShopSettings>;
}

export interface PlaceStep extends OrderStep {
  /** the activity hold taken before the transaction, if any */
  holdId: string | null;
  /** SKUs whose lines take the activity's own stock instead of the SKU's */
  ownStock: ReadonlySet<string>;
}

/** Why an order gives back what it took: an unpaid order closed, a paid one closed by the merchant, or refunded whole. */
export interface Release {
  reason: 'unpaidClose' | 'paidClose' | 'refund';
  /** stock (SKU and activity) comes back: not for an order that has shipped */
  stock: boolean;
}

/** What a refund that succeeded gave back: `units` null = the whole order. */
export interface RefundStep {
  refundNo: string;
  /** what this refund paid back (fen) */
  amount: number;
  whole: boolean;
  /** units an after-sales refund names (empty: money only) */
  units: { skuId: string; quantity: number }[] | null;
  /** what has been refunded so far, this refund included */
  refunded: number;
}

/** A parcel that left (express: one parcel of the order; same-city: the delivery dispatched). */
export interface ShipStep {
  /** unique within the order: the parcel's number, or local:<delivery id> */
  key: string;
  company: string;
  trackingNo: string;
  /** the units in the parcel; null: the whole order */
  lines: { skuId: string; quantity: number }[] | null;
  at: string;
}

/** What a hook adds to the order update: fields to set, and entries of the `released` record. */
export interface OrderPatch {
  set?: Record<string, unknown>;
  released?: { points?: number; coupon?: boolean };
}

export interface OrderParticipant {
  name: string;
  onPlaced?(s: PlaceStep): Promise<void>;
  onPaid?(s: OrderStep): Promise<OrderPatch | void>;
  onReleased?(s: OrderStep, why: Release): Promise<OrderPatch | void>;
  onCompleted?(s: OrderStep): Promise<OrderPatch | void>;
  onRefunded?(s: OrderStep, r: RefundStep): Promise<OrderPatch | void>;
  onShipped?(s: OrderStep, p: ShipStep): Promise<OrderPatch | void>;
  afterPaid?(db: Database, o: Order, now: Date): Promise<unknown>;
  afterReleased?(db: Database, o: Order, now: Date, why: Release): Promise<unknown>;
  afterShipped?(db: Database, o: Order, now: Date): Promise<unknown>;
  afterCompleted?(db: Database, o: Order, now: Date): Promise<unknown>;
  /** how many times an `after…` hook is tried before it is logged and left (default 1) */
  retries?: number;
}
