import type { Database } from '../../db/types';
import { OUTBOX } from './outbox';

/** 精斗云同步失败 for the dashboard: outbox items that gave up (同步日志, status dead; index status_due). */
export const deadSyncCount = (db: Database) => db.collection(OUTBOX).where({ status: 'dead' }).count().then((r) => r.total);
