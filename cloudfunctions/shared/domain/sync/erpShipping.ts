/**
 * Who ships an express order while the shop is bound to Jingdou Cloud (seed 000, 注意事项 2 and scenario 1): the
 * clerk ships the sales outbound document in the ERP and the carrier and number flow back (`pullShipments`). So the
 * mall refuses to ship an express order the ERP has (its outbound item is pending or sent), whether one order, a
 * parcel of it, or a row of a batch file. Pickup and same-city orders are completed in the mall as before.
 * An express order the ERP does not have ships in the mall: one paid before the binding and never sent, or one
 * whose document could not be made (dead in the log); shipping a dead one in the mall retires its item, so a later
 * retry cannot put a second, unshipped document into the ERP.
 */
import type { SyncItemStatus } from '@shop/types';
import type { Database, Transaction } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { BINDING_DOC, OUTBOX, SYNC_STATE } from './outbox';

/** the `by` of a shipment that came from the ERP */
export const ERP_SHIPPER = 'erp';

/** Pure: whether the ERP ships this express order (else the mall may). */
export function erpShipsExpress(bound: boolean, outStatus: SyncItemStatus | null): boolean {
  return bound && (outStatus === 'pending' || outStatus === 'sent');
}

export async function erpShipping(db: Database, orderId?: string): Promise<{ bound: boolean; erpShips: boolean }> {
  const b = (await db.collection(SYNC_STATE).doc(BINDING_DOC).get()).data[0] as { status?: string } | undefined;
  const bound = b?.status === 'bound';
  if (!bound || !orderId) return { bound, erpShips: false };
  const item = (await db.collection(OUTBOX).doc(`out:${orderId}`).get()).data[0] as { status?: SyncItemStatus } | undefined;
  return { bound, erpShips: erpShipsExpress(bound, item?.status ?? null) };
}

/** Inside the shipping transaction: throws ERP_SHIPS_EXPRESS when the ERP ships this order. */
export async function assertMallMayShip(tx: Transaction, orderId: string): Promise<void> {
  const b = (await tx.collection(SYNC_STATE).doc(BINDING_DOC).get()).data as { status?: string } | null;
  if (b?.status !== 'bound') return;
  const item = (await tx.collection(OUTBOX).doc(`out:${orderId}`).get()).data as { status?: SyncItemStatus } | null;
  if (erpShipsExpress(true, item?.status ?? null)) {
    throw new AppError('ERP_SHIPS_EXPRESS', '本店已绑定精斗云：快递订单请在精斗云的销售出库单（单号即订单号）中发货，物流公司和单号会自动回传到商城', { orderId });
  }
}

/** After the mall shipped an order the ERP does not have: a dead outbound item of it is retired (never retried). */
export async function retireDeadOutbound(db: Database, orderId: string, now: Date): Promise<void> {
  await db
    .collection(OUTBOX)
    .where({ _id: `out:${orderId}`, status: 'dead' })
    .update({ status: 'skipped', lastError: '已在商城发货，不再同步到精斗云', updatedAt: now.toISOString() });
}
