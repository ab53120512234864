/**
 * Scheduled work: the same function runs from a CloudBase timer trigger in production (cloudfunctions/jobs)
 * and from the local gateway's scheduler. Each job is idempotent, so overlapping or repeated runs are harmless.
 */
import type { Database } from '../db/types';
import { expirePoints } from './members';
import { closeExpiredOrders } from './orders/lifecycle';

export interface JobsReport {
  at: string;
  closedOrders: number;
  expiredPoints: unknown;
}

export async function runDueJobs(db: Database, now: Date): Promise<JobsReport> {
  const orders = await closeExpiredOrders(db, now);
  const expired = await expirePoints(db, now);
  return { at: now.toISOString(), closedOrders: orders.closed, expiredPoints: expired };
}
