/**
 * After-sales requests. Each change runs in one transaction over the request and its order: the order keeps what
 * open requests claim per SKU (`aftersaleClaims`), so two requests can never ask for the same units or more money
 * than the lines cost; a refund is reserved in the same transaction as the step that triggers it and sent after.
 */
import type { z } from 'zod';
import {
  type Aftersale,
  type AftersaleApplyInput,
  type AftersaleDetail,
  type AftersaleLine,
  type AftersaleListInput,
  type AftersaleQuote,
  type AftersaleStatus,
  type AftersaleType,
  type Order,
  type OrderStatus,
  type Page,
  type ReturnAddress,
  unitsShare,
} from '@shop/types';
import type { Database, Doc, Transaction } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { readOrder, TX_RETRIES } from '../orders/lifecycle';
import { getOrder } from '../orders/queries';
import { updateOrder } from '../orders/records';
import { moveStock, readSku } from '../catalog/stock';
import { enqueueSync } from '../sync/outbox';
import { kickSync } from '../sync/kick';
import { notifyAftersaleDecision } from '../messages/notify';
import { getRefund, reserveRefund, sendRefund } from '../payments/refunds';
import type { PayDeps } from '../payments/deps';
import type { ObjectStorage } from '../../storage/types';
import { pageOf } from '../paging';
import { OPEN_AFTERSALE_STATUSES } from './pending';

const COLL = 'aftersales';
type Claims = Record<string, { quantity: number; amount: number }>;

/**
 * Which kinds of request an order in this state allows (seed: returns and exchanges need the goods received).
 * Virtual goods have nothing to send back or swap: 仅退款 only, whatever the state.
 */
export function typesFor(status: OrderStatus, deliveryMethod?: string): AftersaleType[] {
  if (deliveryMethod === 'virtual') return typesFor(status).filter((t) => t === 'refund');
  if (status === 'paid') return ['refund'];
  if (status === 'partly_shipped' || status === 'shipped' || status === 'completed') return ['refund', 'return_refund', 'exchange'];
  return [];
}

/** The step table: which event moves a request from which states to which. */
export const AFTERSALE_FLOW = {
  cancel: { from: ['pending'], to: 'cancelled' },
  reject: { from: ['pending'], to: 'rejected' },
  agreeRefund: { from: ['pending'], to: 'refunding' },
  agreeReturn: { from: ['pending'], to: 'awaiting_return' },
  shipBack: { from: ['awaiting_return'], to: 'returned' },
  receive: { from: ['returned'], to: 'refunding' },
  shipExchange: { from: ['returned'], to: 'exchange_shipped' },
  confirmExchange: { from: ['exchange_shipped'], to: 'completed' },
} as const satisfies Record<string, { from: readonly AftersaleStatus[]; to: AftersaleStatus }>;
export type AftersaleEvent = keyof typeof AFTERSALE_FLOW;

export function nextAftersale(from: AftersaleStatus, event: AftersaleEvent): AftersaleStatus {
  const t = AFTERSALE_FLOW[event];
  if (!(t.from as readonly AftersaleStatus[]).includes(from)) {
    throw new AppError('ILLEGAL_TRANSITION', `an after-sales request that is ${from} cannot ${event}`, { from, event });
  }
  return t.to;
}

/** The after-sales share rule lives with the money helpers (the storefront shows the same maximum). */
export const shareOf = unitsShare;

const claimsOf = (o: Order): Claims => o.aftersaleClaims ?? {};
const countOf = (o: Order): number => (o as unknown as { aftersaleCount?: number }).aftersaleCount ?? 0;
const asAftersale = (d: Doc) => d as unknown as Aftersale;

export function quoteFor(o: Order, wanted?: { skuId: string; quantity: number }[]): AftersaleQuote {
  const claims = claimsOf(o);
  const lines = o.lines.map((l) => {
    const c = claims[l.skuId] ?? { quantity: 0, amount: 0 };
    return { skuId: l.skuId, name: l.name, specValues: l.specValues, image: l.image, quantity: l.quantity, available: l.quantity - c.quantity, shareEach: Math.floor(l.payable / l.quantity) };
  });
  const refundable = o.payment ? o.payment.amount - o.refund.requested : 0;
  let max = 0;
  for (const w of wanted ?? []) {
    const l = o.lines.find((x) => x.skuId === w.skuId);
    if (!l) continue;
    max += shareOf(l, claims[l.skuId] ?? { quantity: 0, amount: 0 }, Math.min(w.quantity, l.quantity - (claims[l.skuId]?.quantity ?? 0)));
  }
  return { orderId: o._id, types: o.payment ? typesFor(o.status, o.delivery.method) : [], lines, refundable, max: Math.min(max, refundable) };
}

async function detail(db: Database, a: Aftersale): Promise<AftersaleDetail> {
  const r = a.refundNo ? await getRefund(db, a.refundNo).catch(() => null) : null;
  return { ...a, refund: r ? { _id: r._id, status: r.status, amount: r.amount, error: r.error, successAt: r.successAt } : null };
}

export async function getAftersale(db: Database, id: string, openid?: string): Promise<AftersaleDetail> {
  const d = (await db.collection(COLL).doc(id).get()).data[0];
  if (!d || (openid !== undefined && d.openid !== openid)) throw notFound('after-sales request');
  return detail(db, asAftersale(d));
}

export async function quoteAftersale(db: Database, openid: string, orderId: string, wanted?: { skuId: string; quantity: number }[]): Promise<AftersaleQuote> {
  const o = await getOrder(db, orderId);
  if (o.openid !== openid) throw notFound('order');
  return quoteFor(o, wanted);
}

const step = (at: string, by: string, action: string, note: string) => ({ at, by, action, note });

/**
 * Evidence pictures are the shop's own uploads (`aftersale.uploadEvidence`) and nothing else: the merchant's browser
 * loads them, so a URL elsewhere would let a shopper make it fetch anything (and learn who looked, and when).
 */
export function assertOwnEvidence(storage: ObjectStorage, urls: string[]): void {
  const bad = urls.flatMap((u, k) => (storage.isOwnUrl(u) ? [] : [{ path: `evidence.${k}`, code: 'not_own_upload', message: 'upload the picture with aftersale.uploadEvidence' }]));
  if (bad.length) throw new AppError('VALIDATION_FAILED', 'evidence pictures must be uploaded to the shop first', bad);
}

export async function applyAftersale(d: PayDeps, openid: string, i: z.output<typeof AftersaleApplyInput>): Promise<AftersaleDetail> {
  const now = d.now();
  const t = now.toISOString();
  const id = await d.db.runTransaction(async (tx) => {
    const o = await readOrder(tx, i.orderId);
    if (o.openid !== openid) throw notFound('order');
    if (!o.payment) throw new AppError('INVALID_STATE', '该订单没有在线支付的款项，不能申请售后');
    if (o.delivery.method === 'virtual' && i.type !== 'refund') {
      throw new AppError('INVALID_STATE', '虚拟商品无需寄回或更换，只能申请仅退款', { status: o.status, deliveryMethod: 'virtual', types: typesFor(o.status, 'virtual') });
    }
    if (!typesFor(o.status).includes(i.type)) {
      throw new AppError('INVALID_STATE', i.type === 'refund' ? '该订单当前不能申请退款' : '确认收到货后才能申请退货退款或换货', { status: o.status });
    }
    const claims = claimsOf(o);
    const lines: AftersaleLine[] = [];
    const seen = new Set<string>();
    for (const [k, w] of i.lines.entries()) {
      const l = o.lines.find((x) => x.skuId === w.skuId);
      if (!l || seen.has(w.skuId)) throw new AppError('VALIDATION_FAILED', 'a line is not in the order, or chosen twice', [{ path: `lines.${k}.skuId`, message: 'not in the order' }]);
      seen.add(w.skuId);
      const c = claims[l.skuId] ?? { quantity: 0, amount: 0 };
      if (w.quantity > l.quantity - c.quantity) {
        throw new AppError('VALIDATION_FAILED', `${l.name}: at most ${l.quantity - c.quantity} more`, [{ path: `lines.${k}.quantity`, message: `at most ${l.quantity - c.quantity}` }]);
      }
      lines.push({ skuId: l.skuId, name: l.name, image: l.image, specValues: l.specValues, quantity: w.quantity, share: shareOf(l, c, w.quantity) });
    }
    const refundable = o.payment.amount - o.refund.requested;
    const max = i.type === 'exchange' ? 0 : Math.min(refundable, lines.reduce((n, l) => n + l.share, 0));
    if (i.type === 'exchange' && i.amount !== 0) throw new AppError('VALIDATION_FAILED', 'an exchange refunds nothing', [{ path: 'amount', message: 'must be 0' }]);
    if (i.type !== 'exchange' && i.amount < 1) throw new AppError('VALIDATION_FAILED', 'say how much to refund', [{ path: 'amount', message: 'at least 0.01' }]);
    if (i.amount > max) throw new AppError('AFTERSALE_AMOUNT_TOO_HIGH', `最多可退 ${(max / 100).toFixed(2)} 元`, { max });
    const n = countOf(o) + 1;
    const id = `${o._id}A${n}`;
    const a: Omit<Aftersale, '_id'> = {
      orderId: o._id,
      openid,
      type: i.type,
      lines,
      reason: i.reason,
      description: i.description,
      goodsReceived: i.type === 'refund' ? i.goodsReceived : true,
      amount: i.amount,
      maxAmount: max,
      evidence: i.evidence,
      status: 'pending',
      rejectReason: null,
      returnAddress: null,
      returnParcel: null,
      exchangeParcel: null,
      refundNo: null,
      createdAt: t,
      updatedAt: t,
      history: [step(t, 'shopper', 'apply', `${i.reason}${i.description ? `：${i.description}` : ''}`)],
    };
    const next: Claims = { ...claims };
    for (const l of lines) {
      const c = next[l.skuId] ?? { quantity: 0, amount: 0 };
      next[l.skuId] = { quantity: c.quantity + l.quantity, amount: c.amount + l.share };
    }
    await tx.collection(COLL).doc(id).set(a as unknown as Record<string, unknown>);
    await updateOrder(tx, o._id, { aftersaleClaims: d.db.command.set(next), aftersaleCount: n });
    return id;
  }, TX_RETRIES);
  return getAftersale(d.db, id);
}

interface Step {
  event: AftersaleEvent;
  by: string;
  note: string;
  set?: Partial<Aftersale>;
  /** reserve the request's refund in the same transaction */
  refund?: boolean;
  /** give the returned units back to stock */
  restock?: boolean;
  /** the merchant's decision, told to the shopper (a subscribe message) */
  decision?: { agreed: boolean; note: string };
}

/** One step of a request, in one transaction with its order. Answers the request after it (and after its refund was sent). */
async function advance(d: PayDeps, id: string, s: Step, guard?: (a: Aftersale, o: Order) => void): Promise<AftersaleDetail> {
  const now = d.now();
  const t = now.toISOString();
  const refundNo = await d.db.runTransaction(async (tx) => {
    const found = (await tx.collection(COLL).doc(id).get()).data;
    if (!found) throw notFound('after-sales request');
    const a = asAftersale({ ...found, _id: id } as Doc);
    const o = await readOrder(tx, a.orderId);
    guard?.(a, o);
    const to = nextAftersale(a.status, s.event);
    let no: string | null = null;
    if (s.refund) {
      no = await reserveRefund(tx, d.db, o, { amount: a.amount, reason: `售后 ${id}: ${a.reason}`, source: 'aftersale', by: s.by, aftersaleId: id }, now);
    }
    if (s.restock) await restock(tx, o, a);
    // goods back and refunded: the ERP gets a sales return document (scenario 5)
    if (s.restock) await enqueueSync(tx, 'return_in', o._id, now, id);
    // whole values: update() would otherwise flatten an object into dotted fields of a null
    const set = Object.fromEntries(Object.entries(s.set ?? {}).map(([k, v]) => [k, v !== null && typeof v === 'object' ? d.db.command.set(v as object) : v]));
    await tx.collection(COLL).doc(id).update({
      ...set,
      status: to,
      ...(no ? { refundNo: no } : {}),
      updatedAt: t,
      history: d.db.command.push(step(t, s.by, s.event, s.note)),
    });
    if (to === 'cancelled' || to === 'rejected') await release(tx, d.db, o, a);
    if (s.decision) await notifyAftersaleDecision(tx, a, s.decision, now);
    return no;
  }, TX_RETRIES);
  if (refundNo) await sendRefund(d, refundNo).catch((e) => console.warn(`[aftersales] refund ${refundNo} will be sent again: ${(e as Error).message}`));
  if (s.restock) kickSync();
  return getAftersale(d.db, id);
}

/** A rejected or withdrawn request gives its units and amount back to the order's claims. */
async function release(tx: Transaction, db: Database, o: Order, a: Aftersale) {
  const next: Claims = { ...claimsOf(o) };
  for (const l of a.lines) {
    const c = next[l.skuId];
    if (c) next[l.skuId] = { quantity: Math.max(0, c.quantity - l.quantity), amount: Math.max(0, c.amount - l.share) };
  }
  await updateOrder(tx, o._id, { aftersaleClaims: db.command.set(next) });
}

async function restock(tx: Transaction, o: Order, a: Aftersale) {
  for (const l of a.lines) {
    const line = o.lines.find((x) => x.skuId === l.skuId);
    const sku = await readSku(tx, l.skuId);
    if (line && sku) await moveStock(tx, sku, line, l.quantity);
  }
}

const mine = (openid: string) => (a: Aftersale) => {
  if (a.openid !== openid) throw notFound('after-sales request');
};

export const cancelAftersale = (d: PayDeps, openid: string, id: string) => advance(d, id, { event: 'cancel', by: 'shopper', note: '买家撤销申请' }, mine(openid));

export const shipBack = (d: PayDeps, openid: string, id: string, p: { company: string; trackingNo: string }) =>
  advance(d, id, { event: 'shipBack', by: 'shopper', note: `${p.company} ${p.trackingNo}`, set: { returnParcel: { ...p, at: d.now().toISOString() } } }, mine(openid));

export const confirmExchange = (d: PayDeps, openid: string, id: string) => advance(d, id, { event: 'confirmExchange', by: 'shopper', note: '买家确认收到换货' }, mine(openid));

/** The merchant agrees (refund only: the refund runs now; return or exchange: the goods come back first) or rejects. */
export async function decideAftersale(d: PayDeps, id: string, i: { decision: 'agree' | 'reject'; reason: string; returnAddress?: ReturnAddress }, by: string) {
  if (i.decision === 'reject') return advance(d, id, { event: 'reject', by, note: i.reason, set: { rejectReason: i.reason }, decision: { agreed: false, note: i.reason } });
  const a = await getAftersale(d.db, id);
  if (a.type === 'refund') {
    const note = `同意退款 ${(a.amount / 100).toFixed(2)} 元`;
    return advance(d, id, { event: 'agreeRefund', by, note, refund: true, decision: { agreed: true, note } });
  }
  if (!i.returnAddress) throw new AppError('VALIDATION_FAILED', 'give the address the goods go back to', [{ path: 'returnAddress', message: 'required to agree to a return or exchange' }]);
  return advance(d, id, { event: 'agreeReturn', by, note: `退货地址：${i.returnAddress.address}`, set: { returnAddress: i.returnAddress }, decision: { agreed: true, note: '请按退货地址寄回商品' } });
}

/** The returned goods arrived: the refund runs and the units go back to stock. */
export async function receiveReturn(d: PayDeps, id: string, by: string) {
  return advance(d, id, { event: 'receive', by, note: '商家确认收到退货', refund: true, restock: true }, (a) => {
    if (a.type !== 'return_refund') throw new AppError('INVALID_STATE', 'an exchange ships the new goods instead (shipExchange)');
  });
}

export async function shipExchange(d: PayDeps, id: string, p: { company: string; trackingNo: string }, by: string) {
  return advance(d, id, { event: 'shipExchange', by, note: `换货发出 ${p.company} ${p.trackingNo}`, set: { exchangeParcel: { ...p, at: d.now().toISOString() } } }, (a) => {
    if (a.type !== 'exchange') throw new AppError('INVALID_STATE', 'only an exchange ships new goods');
  });
}

export async function listAftersales(db: Database, i: z.output<typeof AftersaleListInput> & { openid?: string }): Promise<Page<Aftersale>> {
  const where: Record<string, unknown> = {};
  if (i.openid) where.openid = i.openid;
  if (i.status) where.status = i.status;
  else if (i.open) where.status = db.command.in(OPEN_AFTERSALE_STATUSES);
  if (i.type) where.type = i.type;
  if (i.orderId) where.orderId = i.orderId;
  const _ = db.command;
  if (i.createdFrom && i.createdTo) where.createdAt = _.and(_.gte(i.createdFrom), _.lte(i.createdTo));
  else if (i.createdFrom) where.createdAt = _.gte(i.createdFrom);
  else if (i.createdTo) where.createdAt = _.lte(i.createdTo);
  return pageOf(db.collection(COLL).where(where).orderBy('createdAt', 'desc'), i, asAftersale);
}
