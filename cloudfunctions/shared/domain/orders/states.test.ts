import { ORDER_STATUSES, type OrderStatus } from '@shop/types';
import { canTransition, nextStatus, TRANSITIONS, type OrderEvent } from './states';

// The whole table: every (state, event) pair, legal or not.
const expected: Record<OrderEvent, Partial<Record<OrderStatus, OrderStatus>>> = {
  pay: { unpaid: 'paid' },
  close: { unpaid: 'closed' },
  changePrice: { unpaid: 'unpaid' },
  shipPart: { paid: 'partly_shipped', partly_shipped: 'partly_shipped' },
  ship: { paid: 'shipped', partly_shipped: 'shipped' },
  fulfil: { paid: 'completed' },
  fulfilVirtual: { paid: 'completed' },
  complete: { shipped: 'completed' },
  closePaid: { paid: 'closed' },
  closeRefunded: { paid: 'closed', partly_shipped: 'closed', shipped: 'closed', completed: 'closed' },
};
const cases = (Object.keys(TRANSITIONS) as OrderEvent[]).flatMap((event) =>
  ORDER_STATUSES.map((from) => [event, from, expected[event][from] ?? null] as const),
);

describe('order state table', () => {
  it('covers every event', () => expect(Object.keys(expected).sort()).toEqual(Object.keys(TRANSITIONS).sort()));
  it.each(cases)('%s from %s → %s', (event, from, to) => {
    expect(canTransition(from, event)).toBe(to !== null);
    if (to) expect(nextStatus(from, event)).toBe(to);
    else expect(() => nextStatus(from, event)).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
  });
  it('never leaves closed; leaves completed only by a full refund', () => {
    for (const event of Object.keys(TRANSITIONS) as OrderEvent[]) {
      expect(canTransition('closed', event)).toBe(false);
      // a completed order leaves only when everything paid is refunded (after-sales)
      expect(canTransition('completed', event)).toBe(event === 'closeRefunded');
    }
  });
});
