/**
 * WeChat's shipping-information upload (发货信息录入): a mini-program that takes WeChat Pay must tell WeChat how each
 * paid order left (express with tracking numbers, same-city, virtual goods, pickup), or the merchant's money stays frozen. Each
 * fulfilment step writes one upload into an outbox (`wx_shipping_uploads`, id `<order>:<n>`) in the shape of
 * `wxa.sec.order.uploadShippingInfo`; the jobs timer sends them through an uploader: `wxShippingUploader` over the
 * WeChat server-API client (../wxapi: CloudBase's cloud call in production, HTTPS with an access token elsewhere,
 * locally pointed at the simulator). Retryable failures wait with backoff; permanent ones are kept as `failed` with
 * WeChat's errcode and errmsg; WeChat's "already shipped" answer to the same upload counts as done.
 */
import { maskPhone, NOT_UPLOADED_LOOKBACK_DAYS, type NotUploadedOrder, type NotUploadedPage, type Order, type Page, type WxShippingUpload } from '@shop/types';
import type { Database, Doc } from '../../db/types';
import { pageOf, type PageAt } from '../paging';
import { paidOrdersBetween } from '../orders/paidBetween';
import { wxTime } from '../payments/wxcrypto';
import { clientConfig } from '../payments/settings';
import { isWxApiError } from '../wxapi/errors';
import type { WxApiClient } from '../wxapi/client';

const OUTBOX = 'wx_shipping_uploads';

/** WeChat's delivery_id codes (get_delivery_list) for the carriers the shop ships with */
export const CARRIER_CODES: Record<string, string> = {
  顺丰速运: 'SF',
  中通快递: 'ZTO',
  圆通速递: 'YTO',
  韵达快递: 'YD',
  申通快递: 'STO',
  极兔速递: 'JTSD',
  京东物流: 'JD',
  EMS: 'EMS',
  邮政快递包裹: 'YZPY',
  德邦快递: 'DBL',
};

export interface ShippingInfo {
  order_key: { order_number_type: 1; mchid: string; out_trade_no: string };
  logistics_type: 1 | 2 | 3 | 4;
  delivery_mode: 1 | 2;
  is_all_delivered?: boolean;
  shipping_list: { tracking_no?: string; express_company?: string; item_desc: string; contact?: { receiver_contact: string } }[];
  upload_time: string;
  payer: { openid: string };
}

const itemDesc = (o: Pick<Order, 'lines'>, skus?: { skuId: string; quantity: number }[]) =>
  [...(skus ?? o.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })))]
    .map((s) => `${o.lines.find((l) => l.skuId === s.skuId)?.name ?? s.skuId}×${s.quantity}`)
    .join('，')
    .slice(0, 120);

/** Pure: the upload for an order as it is now (null when nothing to tell: not paid through WeChat, or not yet left). */
export function shippingInfoFor(o: Order, mchid: string, now: Date): ShippingInfo | null {
  if (!o.payment) return null;
  const base = {
    order_key: { order_number_type: 1 as const, mchid, out_trade_no: o.payment.outTradeNo },
    upload_time: wxTime(now, { ms: true }),
    payer: { openid: o.openid },
  };
  if (o.delivery.method === 'express') {
    if (!o.shipments.length) return null;
    const split = o.shipments.length > 1 || o.status === 'partly_shipped';
    const contact = o.delivery.address ? { receiver_contact: maskPhone(o.delivery.address.phone) } : undefined;
    return {
      ...base,
      logistics_type: 1,
      delivery_mode: split ? 2 : 1,
      ...(split ? { is_all_delivered: o.status !== 'partly_shipped' } : {}),
      shipping_list: o.shipments.map((s) => ({
        tracking_no: s.trackingNo,
        express_company: CARRIER_CODES[s.company] ?? s.company,
        item_desc: itemDesc(o, split ? s.lines : undefined),
        ...(contact ? { contact } : {}),
      })),
    };
  }
  if (o.delivery.method === 'virtual') {
    // virtual goods: delivered when the merchant has handed them over with a note (nothing about the note itself)
    if (!o.virtualDelivery) return null;
    return { ...base, logistics_type: 3, delivery_mode: 1, shipping_list: [{ item_desc: itemDesc(o) }] };
  }
  if (o.delivery.method === 'local') {
    if (!o.localDelivery) return null;
    return { ...base, logistics_type: 2, delivery_mode: 1, shipping_list: [{ item_desc: itemDesc(o) }] };
  }
  if (!o.pickup || o.pickup.status !== 'used') return null;
  return { ...base, logistics_type: 4, delivery_mode: 1, shipping_list: [{ item_desc: itemDesc(o) }] };
}

/**
 * After a fulfilment step: queue the order's upload (a later step of a split shipment queues another). `key` names an
 * upload that is not a step: a correction (`fix<n>`).
 */
export async function queueShippingInfo(db: Database, o: Order, now: Date, key?: string): Promise<string | null> {
  const cfg = await clientConfig(db, '');
  if (!cfg) return null;
  const info = shippingInfoFor(o, cfg.mchid, now);
  if (!info) return null;
  const n = key ?? (o.delivery.method === 'express' ? o.shipments.length : 1);
  const id = `${o._id}:${n}`;
  if ((await db.collection(OUTBOX).doc(id).get()).data.length) return id;
  await db.collection(OUTBOX).doc(id).set({ orderId: o._id, payload: info, status: 'pending', attempts: 0, error: null, createdAt: now.toISOString(), sentAt: null });
  return id;
}

export interface ShippingUploader {
  readonly name: string;
  /** sends one upload; throws to be retried (a `retryable: false` error, e.g. a WxApiError, is not retried) */
  upload(info: ShippingInfo): Promise<void | { alreadyUploaded?: boolean }>;
}
/** Locally without a simulator: accepts every upload (the outbox keeps what would have been sent). */
export const simulatedUploader: ShippingUploader = { name: 'sim', upload: async () => undefined };

/** WeChat's answer to an upload identical to the one it already has: the order is shipped there, so it is done */
const ALREADY_UPLOADED = 10060002;

/** The production uploader: uploadShippingInfo through the server-API client. */
export function wxShippingUploader(client: WxApiClient): ShippingUploader {
  return {
    name: `wx-${client.transport}`,
    async upload(info) {
      try {
        await client.uploadShippingInfo(info);
      } catch (e) {
        if (isWxApiError(e) && e.errcode === ALREADY_UPLOADED) return { alreadyUploaded: true };
        throw e;
      }
    },
  };
}

/** attempts before a retryable failure is given up as `failed` (about a day with the backoff below) */
export const MAX_UPLOAD_ATTEMPTS = 10;
/** 1 min, 2, 4 … capped at 4 h */
export const uploadBackoffMs = (attempts: number) => Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 4 * 3600_000);

/**
 * The jobs timer: sends what waits and is due, when there is an uploader for this environment. A rate-limited or
 * busy answer stops this run (the rest waits for the next one).
 */
export async function sendShippingInfo(db: Database, now: Date, uploader: ShippingUploader | null, limit = 50): Promise<{ sent: number; waiting: number; failed?: number }> {
  const { data } = await db.collection(OUTBOX).where({ status: 'pending' }).orderBy('createdAt', 'asc').limit(limit).get();
  if (!uploader) return { sent: 0, waiting: data.length };
  const t = now.toISOString();
  let sent = 0;
  let failed = 0;
  for (const d of data) {
    if (typeof d.nextAttemptAt === 'string' && d.nextAttemptAt > t) continue;
    try {
      const r = await uploader.upload(d.payload as ShippingInfo);
      await db.collection(OUTBOX).doc(d._id).update({ status: 'sent', sentAt: t, uploader: uploader.name, error: null, errcode: null, alreadyUploaded: !!(r && r.alreadyUploaded) });
      sent++;
    } catch (e) {
      const attempts = Number(d.attempts ?? 0) + 1;
      const x = e as { retryable?: boolean; errcode?: number | null; errmsg?: string; retryAfterMs?: number; kind?: string; message?: string };
      const give = x.retryable === false || attempts >= MAX_UPLOAD_ATTEMPTS;
      if (give) failed++;
      await db.collection(OUTBOX).doc(d._id).update({
        status: give ? 'failed' : 'pending',
        attempts,
        error: String(x.message ?? e).slice(0, 500),
        errcode: x.errcode ?? null,
        errmsg: x.errmsg ?? null,
        nextAttemptAt: give ? null : new Date(now.getTime() + Math.max(uploadBackoffMs(attempts), x.retryAfterMs ?? 0)).toISOString(),
      });
      if (x.kind === 'rate_limited' || x.kind === 'busy') break;
    }
  }
  return { sent, waiting: data.length - sent - failed, failed };
}

/** An owner's retry of a failed upload: it waits again, due now, with its attempts counted afresh. */
export async function retryShippingUpload(db: Database, id: string, now: Date): Promise<boolean> {
  return (await retryFailed(db, { _id: id }, now)) === 1;
}
/** the same for every failed upload of an order (the admin retries an order) */
export const retryShippingUploadsOf = (db: Database, orderId: string, now: Date) => retryFailed(db, { orderId }, now);
async function retryFailed(db: Database, where: Record<string, unknown>, now: Date): Promise<number> {
  const { updated } = await db.collection(OUTBOX).where({ ...where, status: 'failed' }).update({ status: 'pending', attempts: 0, nextAttemptAt: now.toISOString() });
  return updated;
}

export async function shippingUploadsOf(db: Database, orderId: string) {
  const { data } = await db.collection(OUTBOX).where({ orderId }).orderBy('createdAt', 'asc').limit(20).get();
  return data;
}

/** An outbox document as the admin sees it (the payload stays inside). */
const asUpload = (d: Doc): WxShippingUpload => ({
  _id: d._id,
  orderId: String(d.orderId),
  status: d.status as WxShippingUpload['status'],
  logisticsType: ((d.payload as ShippingInfo | undefined)?.logistics_type ?? null) as WxShippingUpload['logisticsType'],
  attempts: Number(d.attempts ?? 0),
  errcode: typeof d.errcode === 'number' ? d.errcode : null,
  errmsg: typeof d.errmsg === 'string' ? d.errmsg : null,
  error: typeof d.error === 'string' ? d.error : null,
  alreadyUploaded: d.alreadyUploaded === true,
  createdAt: String(d.createdAt),
  sentAt: typeof d.sentAt === 'string' ? d.sentAt : null,
  nextAttemptAt: typeof d.nextAttemptAt === 'string' ? d.nextAttemptAt : null,
});

/** Every upload, newest first, by state and order. */
export function listShippingUploads(db: Database, input: PageAt & { status?: string; orderId?: string }): Promise<Page<WxShippingUpload>> {
  const where: Record<string, unknown> = {};
  if (input.status) where.status = input.status;
  if (input.orderId) where.orderId = input.orderId;
  return pageOf(db.collection(OUTBOX).where(where).orderBy('createdAt', 'desc').orderBy('_id', 'desc'), input, asUpload);
}

const DAY_MS = 86_400_000;
/** orders read per round, and at most in all (the look-back window bounds it; a shop past this is told by `total`) */
const SCAN_BATCH = 200;
const SCAN_MAX = 5000;

/**
 * The paid orders WeChat was never told about: paid more than `days` ago (within the look-back window before that),
 * not closed, and with no accepted upload, whatever the delivery (an express order not shipped yet, a pickup not
 * picked up, an upload that waits or failed). Oldest first.
 */
export async function notUploaded(db: Database, input: PageAt & { days: number }, now: Date): Promise<NotUploadedPage> {
  const before = new Date(now.getTime() - input.days * DAY_MS);
  const since = new Date(before.getTime() - NOT_UPLOADED_LOOKBACK_DAYS * DAY_MS);
  const found: NotUploadedOrder[] = [];
  for (let skip = 0; skip < SCAN_MAX; skip += SCAN_BATCH) {
    const orders = await paidOrdersBetween(db, since, before, skip, SCAN_BATCH);
    if (!orders.length) break;
    const { data } = await db
      .collection(OUTBOX)
      .where({ orderId: db.command.in(orders.map((o) => o._id)) })
      .orderBy('createdAt', 'asc')
      .limit(1000)
      .get();
    for (const o of orders) {
      const ups = data.filter((u) => u.orderId === o._id);
      if (ups.some((u) => u.status === 'sent')) continue;
      const last = ups.length ? asUpload(ups[ups.length - 1]) : null;
      found.push({
        orderId: o._id,
        status: o.status,
        method: o.delivery.method,
        payable: o.amounts.payable,
        paidAt: o.paidAt!,
        upload: last && { _id: last._id, status: last.status, errcode: last.errcode, errmsg: last.errmsg },
      });
    }
    if (orders.length < SCAN_BATCH) break;
  }
  const { page, pageSize } = input;
  return { items: found.slice((page - 1) * pageSize, page * pageSize), total: found.length, page, pageSize, since: since.toISOString(), before: before.toISOString() };
}
