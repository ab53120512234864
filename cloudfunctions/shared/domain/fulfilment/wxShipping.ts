/**
 * WeChat's shipping-information upload (发货信息录入): a mini-program that takes WeChat Pay must tell WeChat how each
 * paid order left (express with tracking numbers, same-city, virtual goods, pickup), or the merchant's money stays frozen. Each
 * fulfilment step writes one upload into an outbox (`wx_shipping_uploads`, id `<order>:<n>`) in the shape of
 * `wxa.sec.order.uploadShippingInfo`; the jobs timer sends them through an uploader. Locally the uploader is
 * simulated (it records the request); a production uploader (CloudBase's cloud call, or HTTPS with an access
 * token) plugs into the same interface and is not built yet: uploads then wait, visible, as `pending`.
 */
import type { Order } from '@shop/types';
import type { Database } from '../../db/types';
import { wxTime } from '../payments/wxcrypto';
import { clientConfig } from '../payments/settings';

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

const mask = (phone: string) => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone);
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
    const contact = o.delivery.address ? { receiver_contact: mask(o.delivery.address.phone) } : undefined;
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

/** After a fulfilment step: queue the order's upload (a later step of a split shipment queues another). */
export async function queueShippingInfo(db: Database, o: Order, now: Date): Promise<string | null> {
  const cfg = await clientConfig(db, '');
  if (!cfg) return null;
  const info = shippingInfoFor(o, cfg.mchid, now);
  if (!info) return null;
  const n = o.delivery.method === 'express' ? o.shipments.length : 1;
  const id = `${o._id}:${n}`;
  if ((await db.collection(OUTBOX).doc(id).get()).data.length) return id;
  await db.collection(OUTBOX).doc(id).set({ orderId: o._id, payload: info, status: 'pending', attempts: 0, error: null, createdAt: now.toISOString(), sentAt: null });
  return id;
}

export interface ShippingUploader {
  readonly name: string;
  upload(info: ShippingInfo): Promise<void>;
}
/** Locally: accepts every upload (the outbox keeps what would have been sent). */
export const simulatedUploader: ShippingUploader = { name: 'sim', upload: async () => undefined };

/** The jobs timer: sends what waits, when there is an uploader for this environment. */
export async function sendShippingInfo(db: Database, now: Date, uploader: ShippingUploader | null, limit = 50): Promise<{ sent: number; waiting: number }> {
  const { data } = await db.collection(OUTBOX).where({ status: 'pending' }).orderBy('createdAt', 'asc').limit(limit).get();
  if (!uploader) return { sent: 0, waiting: data.length };
  let sent = 0;
  for (const d of data) {
    try {
      await uploader.upload(d.payload as ShippingInfo);
      await db.collection(OUTBOX).doc(d._id).update({ status: 'sent', sentAt: now.toISOString(), uploader: uploader.name, error: null });
      sent++;
    } catch (e) {
      await db.collection(OUTBOX).doc(d._id).update({ attempts: Number(d.attempts ?? 0) + 1, error: (e as Error).message });
    }
  }
  return { sent, waiting: data.length - sent };
}

export async function shippingUploadsOf(db: Database, orderId: string) {
  const { data } = await db.collection(OUTBOX).where({ orderId }).orderBy('createdAt', 'asc').limit(20).get();
  return data;
}
