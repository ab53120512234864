/**
 * The Jingdou Cloud (新一代精斗云) sync as the merchant sees it: binding, status per direction, the sync log (the
 * outbox with payloads and errors), dead letters to retry, skipped materials and the reconciliation report.
 */
import { z } from 'zod';
import { Id, PageInput, type Page, type SchemaIn as In, type EmptyInput as Empty } from './common';

export const CredentialsInput = z
  .object({
    /** the open platform's gateway (https://api.kingdee.com; locally the simulator) */
    baseUrl: z.string().trim().url().max(200),
    clientId: z.string().trim().min(1).max(64),
    /** omitted: keep the stored one */
    clientSecret: z.string().trim().min(8).max(128).optional(),
    outerInstanceId: z.string().trim().min(1).max(64),
  })
  .strict();
export const BindInput = z.object({ accountId: Id }).strict();
/** orderAdmin.erpShipping: the binding alone, or whether the ERP ships one express order */
export const ErpShippingInput = z.object({ id: Id.optional() }).strict();

export interface SyncBinding {
  status: 'unbound' | 'bound';
  baseUrl: string;
  clientId: string;
  outerInstanceId: string;
  accountId: string | null;
  accountName: string | null;
  defaults: { customer: string; warehouse: string; account: string };
  /** a client secret is stored (it is never answered) */
  hasSecret: boolean;
  boundAt: string | null;
  updatedAt: string | null;
}
export interface SyncAccountSet {
  accountId: string;
  accountName: string;
  groupName?: string;
  status: number | string;
}

export type SyncItemKind = 'order_out' | 'order_cancel' | 'return_in';
export type SyncItemStatus = 'pending' | 'sent' | 'skipped' | 'dead';
export interface SyncLogItem {
  _id: string;
  kind: SyncItemKind;
  orderId: string;
  aftersaleId: string | null;
  status: SyncItemStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastRequest: unknown;
  lastResponse: unknown;
  erpId: string | null;
  erpNumber: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}
export const SyncLogInput = z
  .object({ status: z.enum(['pending', 'sent', 'skipped', 'dead']).optional(), kind: z.enum(['order_out', 'order_cancel', 'return_in']).optional(), orderId: Id.optional(), ...PageInput })
  .strict();

export interface SyncDirectionStatus {
  /** when the direction last ran and what it did */
  lastRunAt: string | null;
  lastResult: unknown;
  lastError: string | null;
}
export interface SyncStatus {
  binding: SyncBinding;
  out: SyncDirectionStatus & { pending: number; dead: number; sent: number; oldestPendingAt: string | null };
  in: { materials: SyncDirectionStatus; stock: SyncDirectionStatus; shipments: SyncDirectionStatus };
  skipped: { number: string; name: string; reason: string; at: string }[];
}

/** What one run did (null: the direction failed; its error is in the status) */
export interface SyncRunReport {
  bound: boolean;
  out?: { sent: number; skipped: number; retry: number; dead: number } | null;
  materials?: Record<string, number> | null;
  stock?: { updated: number } | null;
  shipments?: { shipped: number } | null;
}

export interface ReconcileRow {
  orderId: string;
  /** missing_in_erp: a paid order without its document; not_cancelled: a cancelled order whose document remains;
   * amount_mismatch: the document's total is not the order's goods; refund_only / exchange: an after-sales the ERP
   * has no document for (seed 000 mirrors only cancellations and returns), so the mall and the document differ */
  problem: 'missing_in_erp' | 'not_cancelled' | 'amount_mismatch' | 'refund_only' | 'exchange';
  /** what differs and what to do, in the merchant's words (Chinese) */
  explanation: string;
  /** the after-sales request behind a refund_only / exchange row */
  aftersaleId?: string;
  orderStatus: string;
  orderAmount: number;
  erpAmount: number | null;
  erpId: string | null;
}
export interface ReconcileReport {
  at: string;
  /** the days asked for; the window starts at the binding when that is later (`clampedToBinding`) */
  days: number;
  clampedToBinding: boolean;
  from: string;
  to: string;
  ordersChecked: number;
  documentsChecked: number;
  rows: ReconcileRow[];
}
export const ReconcileInput = z.object({ days: z.number().int().min(1).max(90).default(7) }).strict();

const BeijingDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00+08:00`)), 'not a date');
export const SEND_PAID_ORDERS_MAX_DAYS = 92;
/** Beijing calendar days, both included, at most SEND_PAID_ORDERS_MAX_DAYS */
export const SendPaidOrdersInput = z
  .object({ from: BeijingDay, to: BeijingDay })
  .strict()
  .superRefine((v, ctx) => {
    const days = (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range ends before it starts' });
    else if (days > SEND_PAID_ORDERS_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${SEND_PAID_ORDERS_MAX_DAYS} days` });
  });
export interface SendPaidOrdersResult {
  from: string;
  to: string;
  /** orders paid in the range */
  paid: number;
  /** queued now for the ERP (never sent before) */
  queued: number;
  /** they had an outbound item already (sent, waiting, or failed: see the log) */
  alreadySent: number;
  /** closed since: they need no document */
  closed: number;
  /** a line's product does not come from the ERP (the mall's own products): no document can be made */
  notFromErp: number;
}

/** owner only: binding and sync of the shop with Jingdou Cloud */
export interface SyncAdminApi {
  binding: { input: Empty; output: SyncBinding };
  saveCredentials: { input: In<typeof CredentialsInput>; output: SyncBinding };
  /** the account sets the credentials reach (ERP_UNAVAILABLE when it cannot be reached or refuses them) */
  accountSets: { input: Empty; output: SyncAccountSet[] };
  /**
   * binds an account set; creates WSCKH / WSCCK / WSCXJ there when missing (`created` lists them) and takes the
   * mall's own (unlinked) products off shelf (`offShelf` counts them; seed 000 FAQ 5)
   */
  bind: { input: In<typeof BindInput>; output: SyncBinding & { created: string[]; offShelf: number } };
  test: { input: Empty; output: { ok: boolean; ms: number; warehouse: boolean; error: string | null } };
  unbind: { input: Empty; output: SyncBinding };
  status: { input: Empty; output: SyncStatus };
  log: { input: In<typeof SyncLogInput>; output: Page<SyncLogItem> };
  /** a dead item back to pending (sent at once) */
  retry: { input: { id: string }; output: { retried: boolean } };
  /** runs both directions now (what the timer does) */
  runNow: { input: Empty; output: SyncRunReport };
  reconcile: { input: In<typeof ReconcileInput>; output: ReconcileReport };
  /**
   * the paid orders of a date range (Beijing days) that never went to the ERP (paid while not bound), queued once
   * each; closed ones are left out
   */
  sendPaidOrders: { input: In<typeof SendPaidOrdersInput>; output: SendPaidOrdersResult };
  /** the last reconciliation report (null before the first) */
  lastReconcile: { input: Empty; output: ReconcileReport | null };
}
