/**
 * The outbox worker: sends what `enqueueSync` queued, right after the change (a kick) and on the timer.
 * - Claimed with a conditional update (`claimedUntil`), so two workers never send one item at the same time.
 * - Idempotent by bill number (the order number, or the after-sales number for a return): a retry first looks the
 *   document up by `bill_no`, and a `duplicate` answer counts as done. A resend never makes a second one.
 * - Failures the ERP may get over (network, timeout, 429, 5xx, system error) are retried with exponential backoff
 *   and jitter (429: at least the gateway's wait); after MAX_ATTEMPTS, or at once for a refusal that will not change
 *   (unmappable order, invalid field), the item is `dead`: the merchant reads why and retries it.
 */
import type { Order } from '@shop/types';
import type { Database } from '../../db/types';
import { JdyError, classifyJdyError } from '../jdy/errors';
import type { JdyClient } from '../jdy/client';
import { skusWithProducts } from '../catalog/goods';
import { orderDoc } from '../orders/records';
import { aftersaleDoc } from '../aftersales/records';
import { OUTBOX, type SyncItem } from './outbox';
import { DEFAULTS, outboundOf, returnOf, type Defaults, type LineLink } from './mapping';

export const MAX_ATTEMPTS = 8;
const CLAIM_MS = 2 * 60_000;
const BASE_MS = 2_000;
const CAP_MS = 10 * 60_000;

/** The wait before attempt n+1 (n ≥ 1): 2 s × 2^(n−1), capped at 10 min, with ±25 % jitter (`rand` in [0, 1)). */
export function backoffMs(attempts: number, rand: number, atLeast = 0): number {
  const base = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(atLeast, Math.round(base * (0.75 + rand * 0.5)));
}

export interface SyncDeps {
  db: Database;
  client: JdyClient;
  now: () => Date;
  defaults?: Defaults;
  random?: () => number;
}

type Outcome = { status: 'sent' | 'skipped'; erpId: string | null; erpNumber: string | null; request?: unknown; response?: unknown };

class Unmappable extends Error {}

export async function linksOf(db: Database, skuIds: string[]): Promise<Map<string, LineLink>> {
  const { skus, products } = await skusWithProducts(db, skuIds);
  return new Map(skus.map((s) => [s._id, { product: products.get(s.productId)?.erp ?? null, sku: s.erp ?? null }]));
}

async function readOrderDoc(db: Database, id: string): Promise<Order> {
  const d = await orderDoc(db, id);
  if (!d) throw new Unmappable(`订单 ${id} 不存在`);
  return d;
}

async function findOutbound(client: JdyClient, billNo: string) {
  const page = await client.listOutbound({ bill_no: billNo });
  return page.rows.find((r) => r.bill_no === billNo) ?? null;
}

async function sendOut(d: SyncDeps, item: SyncItem): Promise<Outcome> {
  const o = await readOrderDoc(d.db, item.orderId);
  const links = await linksOf(d.db, o.lines.map((l) => l.skuId));
  const mapped = outboundOf(o, o.lines.map((l) => links.get(l.skuId) ?? { product: null, sku: null }), d.defaults ?? DEFAULTS);
  if (!mapped.ok) throw new Unmappable(mapped.reason);
  // a first attempt saves at once (the bill number is unique in the ERP: a duplicate answer says it is there); a
  // later one looks first, since an attempt that timed out may have been applied
  const existing = item.attempts > 0 ? await findOutbound(d.client, o._id) : null;
  if (existing) return { status: 'sent', erpId: existing.id, erpNumber: existing.bill_no, request: mapped.doc, response: { found: existing } };
  try {
    const r = await d.client.saveOutbound(mapped.doc);
    return { status: 'sent', erpId: r.ids[0] ?? null, erpNumber: o._id, request: mapped.doc, response: r };
  } catch (e) {
    if (e instanceof JdyError && e.kind === 'duplicate') {
      const again = await findOutbound(d.client, o._id);
      return { status: 'sent', erpId: again?.id ?? null, erpNumber: o._id, request: mapped.doc, response: { duplicate: true } };
    }
    throw e;
  }
}

/** A cancellation: the outbound document goes (unaudited first when the clerk had audited it). */
async function sendCancel(d: SyncDeps, item: SyncItem): Promise<Outcome> {
  const _ = d.db.command;
  const now = d.now();
  // never sent (and not being sent now): it simply never goes
  await d.db
    .collection(OUTBOX)
    .where({ _id: `out:${item.orderId}`, status: _.in(['pending', 'dead']), claimedUntil: _.lte(now.toISOString()) })
    .update({ status: 'skipped', updatedAt: now.toISOString(), lastError: '订单已取消，出库单无需创建' });
  const out = (await d.db.collection(OUTBOX).doc(`out:${item.orderId}`).get()).data[0] as unknown as SyncItem | undefined;
  if (out && out.status === 'pending') throw new JdyError({ kind: 'conflict', retryable: true, description: '出库单正在发送，稍后再删除' });
  const existing = await findOutbound(d.client, item.orderId);
  if (!existing) return { status: 'skipped', erpId: null, erpNumber: null, response: { notFound: item.orderId } };
  if (existing.ship_status === 'shipped') throw new Unmappable(`精斗云已发货（${existing.logistics_company ?? ''} ${existing.logistics_number ?? ''}），出库单不能删除，请在精斗云处理`);
  if (existing.bill_status === 'C') await d.client.operate({ entity_number: 'sal_bill_outbound', ids: [existing.id], operate_type: 'unaudit' });
  const r = await d.client.operate({ entity_number: 'sal_bill_outbound', ids: [existing.id], operate_type: 'delete' });
  return { status: 'sent', erpId: existing.id, erpNumber: existing.bill_no, request: { delete: existing.id }, response: r };
}

/** A return and refund: a sales return document whose lines point at the outbound lines. */
async function sendReturn(d: SyncDeps, item: SyncItem): Promise<Outcome> {
  const o = await readOrderDoc(d.db, item.orderId);
  const a = await aftersaleDoc(d.db, item.aftersaleId!);
  if (!a) throw new Unmappable(`售后单 ${item.aftersaleId} 不存在`);
  const found = await d.client.listReturns({ bill_no: a._id });
  const existing = found.rows.find((r) => r.bill_no === a._id);
  if (existing) return { status: 'sent', erpId: existing.id, erpNumber: existing.bill_no, response: { found: existing } };
  const out = await findOutbound(d.client, o._id);
  if (!out) throw new JdyError({ kind: 'not_found', retryable: true, description: `精斗云中还没有订单 ${o._id} 的出库单` });
  if (out.bill_status !== 'C') throw new Unmappable(`订单 ${o._id} 的出库单尚未审核，审核后再重试`);
  const detail = await d.client.outboundDetail({ id: out.id });
  const links = await linksOf(d.db, a.lines.map((l) => l.skuId));
  const mapped = returnOf(o, a, links, { id: out.id, lines: detail.material_entity.map((l) => ({ id: String(l.id), material_number: String(l.material_number), aux_prop_id: String(l.aux_prop_id ?? '') })) }, d.defaults ?? DEFAULTS, d.now());
  if (!mapped.ok) throw new Unmappable(mapped.reason);
  const r = await d.client.saveReturn(mapped.doc);
  return { status: 'sent', erpId: r.ids[0] ?? null, erpNumber: a._id, request: mapped.doc, response: r };
}

const SENDERS = { order_out: sendOut, order_cancel: sendCancel, return_in: sendReturn } as const;

/** Sends one claimed item and records the outcome. */
async function handle(d: SyncDeps, item: SyncItem): Promise<'sent' | 'skipped' | 'retry' | 'dead'> {
  const t = d.now().toISOString();
  try {
    const r = await SENDERS[item.kind](d, item);
    await d.db.collection(OUTBOX).doc(item._id).update({
      status: r.status,
      erpId: r.erpId,
      erpNumber: r.erpNumber,
      sentAt: t,
      updatedAt: t,
      lastError: null,
      // objects replace what was there (a plain object would be merged field by field, as CloudBase does)
      lastRequest: r.request == null ? null : d.db.command.set(r.request),
      lastResponse: r.response == null ? null : d.db.command.set(r.response),
      attempts: item.attempts + 1,
      claimedUntil: t,
    });
    return r.status;
  } catch (e) {
    const err = e instanceof Unmappable ? null : classifyJdyError(e);
    const attempts = item.attempts + 1;
    const dead = !err || !err.retryable || attempts >= MAX_ATTEMPTS;
    const wait = err ? backoffMs(attempts, (d.random ?? Math.random)(), err.kind === 'rate_limited' ? (err.retryAfterMs ?? 0) : 0) : 0;
    await d.db.collection(OUTBOX).doc(item._id).update({
      status: dead ? 'dead' : 'pending',
      attempts,
      lastError: (e as Error).message.slice(0, 1000),
      nextAttemptAt: new Date(d.now().getTime() + wait).toISOString(),
      claimedUntil: t,
      updatedAt: t,
    });
    return dead ? 'dead' : 'retry';
  }
}

export interface RunReport {
  sent: number;
  skipped: number;
  retry: number;
  dead: number;
}

/**
 * Sends every item that is due, `concurrency` at a time (the client paces itself under the ERP's rate limit),
 * until none is due. Items of one order go in their order of creation (an outbound before its cancellation).
 */
export async function runOutbox(d: SyncDeps, opts: { limit?: number; concurrency?: number } = {}): Promise<RunReport> {
  const report: RunReport = { sent: 0, skipped: 0, retry: 0, dead: 0 };
  const _ = d.db.command;
  const limit = opts.limit ?? 1000;
  let handled = 0;
  while (handled < limit) {
    const t = d.now().toISOString();
    const { data } = await d.db
      .collection(OUTBOX)
      .where({ status: 'pending', nextAttemptAt: _.lte(t) })
      .orderBy('nextAttemptAt', 'asc')
      .orderBy('createdAt', 'asc')
      .limit(Math.min(100, limit - handled))
      .get();
    if (!data.length) break;
    const claimed: SyncItem[] = [];
    const until = new Date(d.now().getTime() + CLAIM_MS).toISOString();
    for (const doc of data as unknown as SyncItem[]) {
      const { updated } = await d.db.collection(OUTBOX).where({ _id: doc._id, status: 'pending', claimedUntil: _.lte(t) }).update({ claimedUntil: until });
      if (updated === 1) claimed.push(doc);
    }
    if (!claimed.length) break;
    // one order's items one after the other; different orders side by side
    const byOrder = new Map<string, SyncItem[]>();
    for (const c of claimed) byOrder.set(c.orderId, [...(byOrder.get(c.orderId) ?? []), c]);
    const queues = [...byOrder.values()];
    const workers = Math.max(1, opts.concurrency ?? 4);
    let next = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < queues.length) {
          const q = queues[next++];
          for (const item of q) {
            report[await handle(d, item)]++;
            handled++;
          }
        }
      }),
    );
  }
  return report;
}

/** The merchant's retry of a dead item: back to pending, attempts reset. */
export async function retryItem(db: Database, id: string, now: Date): Promise<boolean> {
  const t = now.toISOString();
  const { updated } = await db.collection(OUTBOX).where({ _id: id, status: 'dead' }).update({ status: 'pending', attempts: 0, nextAttemptAt: t, updatedAt: t, lastError: null });
  return updated === 1;
}
