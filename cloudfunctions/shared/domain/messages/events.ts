/**
 * Pure: the message each event sends, as a draft for the outbox (values by template keyword, see MESSAGE_FIELDS in
 * types/src/messages.ts, and the storefront page it opens).
 */
import type { Aftersale, Order } from '@shop/types';
import type { ShipStep } from '../orders/participant';
import type { MessageDraft } from './outbox';
import { goodsSummary } from './format';

const orderPage = (id: string) => `pages/order-detail/index?id=${encodeURIComponent(id)}`;

export function orderPaidMessage(o: Order, now: Date): MessageDraft {
  return {
    event: 'orderPaid',
    ref: o._id,
    orderId: o._id,
    openid: o.openid,
    values: { character_string1: o._id, thing2: goodsSummary(o.lines), amount3: o.amounts.payable, date4: o.paidAt ?? now.toISOString() },
    page: orderPage(o._id),
  };
}

/** a pickup order's code was issued (it is paid): the goods wait at the store; null for other orders */
export function pickupReadyMessage(o: Order): MessageDraft | null {
  const store = o.delivery.method === 'pickup' ? o.delivery.store : null;
  if (!store) return null;
  return {
    event: 'pickupReady',
    ref: o._id,
    orderId: o._id,
    openid: o.openid,
    values: { character_string1: o._id, thing2: goodsSummary(o.lines), thing3: store.name, thing4: store.address },
    page: orderPage(o._id),
  };
}

export function orderShippedMessage(o: Order, p: ShipStep): MessageDraft {
  const names = p.lines ? p.lines.map((l) => ({ name: o.lines.find((x) => x.skuId === l.skuId)?.name ?? '', quantity: l.quantity })) : o.lines;
  return {
    event: 'orderShipped',
    ref: `${o._id}:${p.key}`,
    orderId: o._id,
    openid: o.openid,
    values: { character_string1: o._id, thing2: goodsSummary(names), thing3: p.company, character_string4: p.trackingNo, date5: p.at },
    page: orderPage(o._id),
  };
}

/** a refund WeChat Pay settled (ok) or could not pay out (abnormal) */
export function refundResultMessage(o: Pick<Order, '_id' | 'openid'>, r: { refundNo: string; amount: number; ok: boolean }, now: Date): MessageDraft {
  return {
    event: 'refundResult',
    ref: `${r.refundNo}:${r.ok ? 'ok' : 'failed'}`,
    orderId: o._id,
    openid: o.openid,
    values: { character_string1: o._id, amount2: r.amount, phrase3: r.ok ? '退款成功' : '退款异常', date4: now.toISOString() },
    page: orderPage(o._id),
  };
}

/** the merchant agreed to or rejected an after-sales request */
export function aftersaleResultMessage(a: Pick<Aftersale, '_id' | 'orderId' | 'openid' | 'lines'>, d: { agreed: boolean; note: string }, now: Date): MessageDraft {
  return {
    event: 'aftersaleResult',
    ref: `${a._id}:${d.agreed ? 'agreed' : 'rejected'}`,
    orderId: a.orderId,
    openid: a.openid,
    values: { character_string1: a._id, thing2: goodsSummary(a.lines), phrase3: d.agreed ? '已同意' : '已拒绝', thing4: d.note, date5: now.toISOString() },
    page: `pages/aftersale-detail/index?id=${encodeURIComponent(a._id)}`,
  };
}

/** a held coupon expires soon */
export function couponExpiringMessage(c: { codeId: string; openid: string; name: string; terms: string; validTo: string }): MessageDraft {
  return {
    event: 'couponExpiring',
    ref: c.codeId,
    orderId: null,
    openid: c.openid,
    values: { thing1: c.name, thing2: c.terms, date3: c.validTo },
    page: 'pages/coupons/index',
  };
}
