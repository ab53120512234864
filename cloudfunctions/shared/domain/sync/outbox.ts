/**
 * The ERP outbox (collection `sync_outbox`): what must reach Jingdou Cloud, written in the same transaction as the
 * business change that causes it, so a change never happens without its message (and a rolled-back change leaves
 * none). Ids are deterministic (`out:<orderId>`, `cancel:<orderId>`, `return:<aftersaleId>`): a transaction that
 * re-runs writes the same item, and the worker sends each item idempotently by the order's bill number.
 * Nothing is queued while the shop is not bound to an account set.
 */
import type { SyncItemKind, SyncLogItem } from '@shop/types';
import type { Transaction } from '../../db/types';

export const OUTBOX = 'sync_outbox';
export const SYNC_STATE = 'sync_state';
export const BINDING_DOC = 'binding';

export type SyncKind = SyncItemKind;

/** An outbox item as stored: what the merchant's log shows, plus the worker's claim. */
export type SyncItem = SyncLogItem & {
  /** a worker holds the item until then (conditional claim; the epoch when free) */
  claimedUntil: string;
};

export const itemId = (kind: SyncKind, key: string) => `${kind === 'order_out' ? 'out' : kind === 'order_cancel' ? 'cancel' : 'return'}:${key}`;

/** Whether the shop is bound (read inside the transaction, so binding and unbinding take effect cleanly). */
async function bound(tx: Transaction): Promise<boolean> {
  const d = (await tx.collection(SYNC_STATE).doc(BINDING_DOC).get()).data as { status?: string } | null;
  return d?.status === 'bound';
}

/** Queues one item inside the caller's transaction (no-op when the shop is not bound). */
export async function enqueueSync(tx: Transaction, kind: SyncKind, orderId: string, now: Date, aftersaleId: string | null = null): Promise<boolean> {
  if (!(await bound(tx))) return false;
  const t = now.toISOString();
  const item: Omit<SyncItem, '_id'> = {
    kind,
    orderId,
    aftersaleId,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: t,
    lastError: null,
    lastRequest: null,
    lastResponse: null,
    erpId: null,
    erpNumber: null,
    createdAt: t,
    updatedAt: t,
    sentAt: null,
    claimedUntil: new Date(0).toISOString(),
  };
  await tx.collection(OUTBOX).doc(itemId(kind, aftersaleId ?? orderId)).set(item as unknown as Record<string, unknown>);
  return true;
}
