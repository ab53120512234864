/** What the merchant reads about the sync: status per direction and the log (the outbox with payloads and errors). */
import type { Page, SyncLogItem, SyncStatus } from '@shop/types';
import type { Database } from '../../db/types';
import { getBinding } from './binding';
import { skippedMaterials } from './inbound';
import { OUTBOX } from './outbox';
import { lastRuns } from './run';
import { pageOf } from '../paging';

const NONE = { lastRunAt: null, lastResult: null, lastError: null };

export async function syncStatus(db: Database): Promise<SyncStatus> {
  const [binding, runs, skipped, pending, dead, sent, oldest] = await Promise.all([
    getBinding(db),
    lastRuns(db),
    skippedMaterials(db),
    db.collection(OUTBOX).where({ status: 'pending' }).count(),
    db.collection(OUTBOX).where({ status: 'dead' }).count(),
    db.collection(OUTBOX).where({ status: 'sent' }).count(),
    db.collection(OUTBOX).where({ status: 'pending' }).orderBy('createdAt', 'asc').limit(1).get(),
  ]);
  return {
    binding,
    out: { ...NONE, ...(runs.out ?? {}), pending: pending.total, dead: dead.total, sent: sent.total, oldestPendingAt: (oldest.data[0]?.createdAt as string | undefined) ?? null },
    in: { materials: { ...NONE, ...(runs.materials ?? {}) }, stock: { ...NONE, ...(runs.stock ?? {}) }, shipments: { ...NONE, ...(runs.shipments ?? {}) } },
    skipped,
  };
}

export async function syncLog(db: Database, input: { status?: string; kind?: string; orderId?: string; page: number; pageSize: number }): Promise<Page<SyncLogItem>> {
  const where: Record<string, unknown> = {};
  if (input.status) where.status = input.status;
  if (input.kind) where.kind = input.kind;
  if (input.orderId) where.orderId = input.orderId;
  return pageOf(db.collection(OUTBOX).where(where).orderBy('updatedAt', 'desc').orderBy('_id', 'desc'), input, ({ claimedUntil: _c, ...d }) => d as unknown as SyncLogItem);
}
