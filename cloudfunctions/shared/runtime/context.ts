import type { AdminRole, Caller } from '@shop/types';
import type { Database } from '../db/types';
import type { ObjectStorage } from '../storage/types';

/** Everything a handler may use: the database and storage seams, who is calling, and the clock. No process-wide state. */
export interface Ctx {
  db: Database;
  /** uploaded files (product pictures): CloudBase cloud storage in production, `<DATA_DIR>/assets/uploads/` locally */
  storage: ObjectStorage;
  caller: Caller;
  now(): Date;
  requestId: string;
  /** the caller's network address when known (gateway), for throttling and audit */
  ip?: string;
  /** 'local' for the gateway, 'cloudbase' in production: local-only stand-ins (test shopper login) check it */
  platform: 'local' | 'cloudbase';
  /** the bearer token the caller presented, for logout */
  sessionToken?: string;
  /** where WeChat Pay sends payment and refund notifications (gateway: <url>/api/wxpay/notify; CloudBase: WXPAY_NOTIFY_URL) */
  notifyUrl?: string;
}

/** Who may call an action. */
export type Access = 'public' | 'shopper' | 'merchant' | AdminRole[];

export const nowIso = (ctx: Pick<Ctx, 'now'>) => ctx.now().toISOString();
