/**
 * Same-city delivery. One provider interface for the merchant's own staff ('self') and courier platforms; locally
 * the 'sim' platform plays Dada / Meituan: it accepts a delivery and moves it through picked up and delivered on the
 * jobs timer (a real platform calls back instead, into the same `advanceLocal`). Delivered completes the order.
 */
import type { LocalDelivery, LocalStatus, Order } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { getSettings } from '../settings/settings';
import { completeOrder, readOrder, TX_RETRIES } from '../orders/lifecycle';
import { getOrder } from '../orders/queries';
import { updateOrder } from '../orders/records';
import { afterCommit, orderStep, shipped } from '../orders/participants';

export interface CourierRequest {
  orderId: string;
  address: NonNullable<Order['delivery']['address']>;
  goods: string;
}
export interface CourierProvider {
  readonly name: string;
  /** asks for a rider; answers the platform's delivery id */
  create(req: CourierRequest, now: Date): Promise<{ deliveryId: string; rider: LocalDelivery['rider'] }>;
}

const SIM = 'courier_sim';
/** how long the simulated platform takes for each step */
export const SIM_STEP_MS = 60_000;

export const selfProvider: CourierProvider = {
  name: 'self',
  async create(req) {
    return { deliveryId: `SELF-${req.orderId}`, rider: null };
  },
};

export const simProvider = (db: Database): CourierProvider => ({
  name: 'sim',
  async create(req, now) {
    const deliveryId = `SIM-${req.orderId}`;
    await db.collection(SIM).doc(deliveryId).set({ orderId: req.orderId, status: 'dispatched', nextStepAt: new Date(now.getTime() + SIM_STEP_MS).toISOString() });
    return { deliveryId, rider: { name: '模拟骑手', phone: '13000000000' } };
  },
});

const providerFor = (db: Database, name: string): CourierProvider => (name === 'sim' ? simProvider(db) : selfProvider);

/** The merchant dispatches a paid same-city order to the configured provider (again after a cancelled one). */
export async function dispatchLocal(db: Database, id: string, by: string, now: Date): Promise<Order> {
  const o = await getOrder(db, id);
  if (o.delivery.method !== 'local' || !o.delivery.address) throw new AppError('INVALID_STATE', '不是同城配送的订单');
  if (o.status !== 'paid') throw new AppError('ILLEGAL_TRANSITION', `an order that is ${o.status} cannot be dispatched`);
  if (o.cancelRequest?.status === 'pending') throw new AppError('INVALID_STATE', '买家申请了取消订单，请先处理取消申请');
  if (o.localDelivery && o.localDelivery.status !== 'cancelled') throw new AppError('INVALID_STATE', '已派单');
  const settings = await getSettings(db);
  const provider = providerFor(db, settings.local.provider);
  const goods = o.lines.map((l) => `${l.name}×${l.quantity}`).join('，');
  const r = await provider.create({ orderId: o._id, address: o.delivery.address, goods }, now);
  const t = now.toISOString();
  const delivery: LocalDelivery = { provider: provider.name, deliveryId: r.deliveryId, status: 'dispatched', rider: r.rider, history: [{ at: t, status: 'dispatched', note: `派单：${by}` }] };
  await db.runTransaction(async (tx) => {
    const cur = await readOrder(tx, id);
    if (cur.localDelivery && cur.localDelivery.status !== 'cancelled') throw new AppError('INVALID_STATE', '已派单');
    const took = await shipped(orderStep(tx, db, cur, now), { key: `local:${r.deliveryId}`, company: '同城配送', trackingNo: r.deliveryId, lines: null, at: t });
    await updateOrder(tx, id, { ...took.set, localDelivery: db.command.set(delivery) });
  }, TX_RETRIES);
  const after = await getOrder(db, id);
  await afterCommit('afterShipped', db, after, now);
  return after;
}

const NEXT: Record<LocalStatus, LocalStatus | null> = { dispatched: 'picked_up', picked_up: 'delivered', delivered: null, cancelled: null };

/**
 * A delivery moves one step (the merchant's staff, the platform's callback, or the simulated platform); delivered
 * completes the order. Steps only go forward: a repeated or late callback changes nothing.
 */
export async function advanceLocal(db: Database, id: string, to: 'picked_up' | 'delivered', by: string, now: Date, rider?: LocalDelivery['rider']): Promise<Order> {
  const moved = await db.runTransaction(async (tx) => {
    const o = await readOrder(tx, id);
    const d = o.localDelivery;
    if (!d) throw new AppError('INVALID_STATE', '尚未派单');
    if (d.status === to || (to === 'picked_up' && d.status === 'delivered')) return false;
    if (NEXT[d.status] !== to) throw new AppError('ILLEGAL_TRANSITION', `a delivery that is ${d.status} cannot become ${to}`);
    const t = now.toISOString();
    await updateOrder(tx, id, {
      localDelivery: db.command.set({ ...d, status: to, rider: rider ?? d.rider, history: [...d.history, { at: t, status: to, note: by }] }),
    });
    return true;
  }, TX_RETRIES);
  if (moved && to === 'delivered') return completeOrder(db, id, 'fulfil', by, now);
  return getOrder(db, id);
}

/** The jobs timer drives the simulated platform: each due delivery takes its next step. */
export async function advanceCourierSim(db: Database, now: Date): Promise<{ moved: number }> {
  const { data } = await db
    .collection(SIM)
    .where({ status: db.command.in(['dispatched', 'picked_up']), nextStepAt: db.command.lte(now.toISOString()) })
    .limit(100)
    .get();
  let moved = 0;
  for (const d of data) {
    const to = d.status === 'dispatched' ? 'picked_up' : 'delivered';
    await db.collection(SIM).doc(d._id).update({ status: to, nextStepAt: new Date(now.getTime() + SIM_STEP_MS).toISOString() });
    try {
      await advanceLocal(db, String(d.orderId), to, 'courier:sim', now);
      moved++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
    }
  }
  return { moved };
}
