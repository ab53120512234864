import type { SyncItemStatus } from '@shop/types';
import { erpShipsExpress } from './erpShipping';

describe('erpShipsExpress: who ships an express order', () => {
  test.each([
    [false, null, false, 'not bound: the mall'],
    [false, 'sent', false, 'unbound after sending: the mall'],
    [true, null, false, 'paid before the binding, never sent: the mall'],
    [true, 'pending', true, 'on its way to the ERP: the ERP'],
    [true, 'sent', true, 'in the ERP: the ERP'],
    [true, 'dead', false, 'the ERP could not take it: the mall'],
    [true, 'skipped', false, 'cancelled, or already shipped in the mall: the mall'],
  ] as [boolean, SyncItemStatus | null, boolean, string][])('bound %s, outbound item %s → ERP ships %s (%s)', (bound, status, expected) => {
    expect(erpShipsExpress(bound, status)).toBe(expected);
  });
});
