/**
 * Virtual goods (虚拟商品, no logistics): a paid order of virtual goods is fulfilled by the merchant with a note the
 * shopper reads on the order (a card number and password, a booking). Fulfilling completes the order through the
 * one completion (points, experience, gift coupons) with the note written in the same transaction, then queues
 * WeChat's shipping-information upload as virtual delivery (logistics type 3).
 */
import type { Order, VirtualDelivery } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { completeOrder } from '../orders/lifecycle';
import { afterCommit } from '../orders/participants';

export async function fulfilVirtual(db: Database, id: string, note: string, by: string, now: Date): Promise<Order> {
  const delivery: VirtualDelivery = { note, at: now.toISOString(), by };
  const o = await completeOrder(db, id, 'fulfilVirtual', by, now, {
    check: (order) => {
      if (order.delivery.method !== 'virtual') throw new AppError('INVALID_STATE', '只有虚拟商品订单可以虚拟发货', { method: order.delivery.method });
      if (order.cancelRequest?.status === 'pending') throw new AppError('INVALID_STATE', '买家申请了取消订单，请先处理取消申请');
    },
    set: { virtualDelivery: delivery },
  });
  await afterCommit('afterShipped', db, o, now);
  return o;
}
