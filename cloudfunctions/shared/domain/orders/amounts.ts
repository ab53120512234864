import type { Order } from '@shop/types';

/** What the order paid for goods (fen): the payable without the freight still paid in money. */
export const goodsPaid = (o: Pick<Order, 'amounts'>): number => Math.max(0, o.amounts.payable - o.amounts.freightPayable);
