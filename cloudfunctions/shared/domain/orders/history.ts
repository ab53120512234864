/** Order history entries: what happened (`event`) and its data (`detail`); the texts are `historyText` in @shop/types. */
import type { OrderHistoryDetails, OrderHistoryEntry, OrderHistoryEvent, OrderStatus } from '@shop/types';

export const historyEntry = <E extends OrderHistoryEvent>(
  at: string,
  from: OrderStatus | null,
  to: OrderStatus,
  by: string,
  event: E,
  detail: OrderHistoryDetails[E],
): OrderHistoryEntry => ({ at, from, to, by, event, detail }) as OrderHistoryEntry;
