/** Reading orders: one, a shopper's own, the admin's search, pending counts. */
import type { z } from 'zod';
import type { AdminOrderListInput, MyOrdersInput, Order, OrderCounts, OrderSummary, Page } from '@shop/types';
import type { Database, Doc } from '../../db/types';
import { notFound } from '../../runtime/errors';
import { escapeRegExp } from '../catalog/rules';
import { goodsByCode } from '../catalog/lookup';
import { openAftersaleCount, orderIdsWithAftersaleStatus } from '../aftersales/records';
import { pageOf } from '../paging';

const HIDDEN = ['clientRequestId', 'campaignKinds'] as const;
export const asOrder = (d: Doc): Order => {
  const o = { ...d } as Record<string, unknown>;
  for (const k of HIDDEN) delete o[k];
  // orders written before payments existed lack these
  o.payment ??= null;
  o.refund ??= { requested: 0, refunded: 0, count: 0 };
  o.paymentIssues ??= [];
  o.cancelRequest ??= null;
  o.aftersaleClaims ??= {};
  o.shipments ??= [];
  o.pickup ??= null;
  o.localDelivery ??= null;
  return o as unknown as Order;
};

/**
 * Whether the shopper has paid an order, ever (a new customer has not: the 首单 campaign audience and 新人专享 coupons).
 * An order counts once paid, whatever happened to it later; unpaid orders that closed do not.
 */
export async function hasPaidOrder(db: Database, openid: string): Promise<boolean> {
  const { total } = await db.collection('orders').where({ openid, paidAt: db.command.neq(null) }).count();
  return total > 0;
}

export async function getOrder(db: Database, id: string): Promise<Order> {
  const d = (await db.collection('orders').doc(id).get()).data[0];
  if (!d) throw notFound('order');
  return asOrder(d);
}

/** A shopper sees only their own orders: someone else's answers NOT_FOUND, not FORBIDDEN (no probing). */
export async function getOwnOrder(db: Database, openid: string, id: string): Promise<Order> {
  const o = await getOrder(db, id);
  if (o.openid !== openid) throw notFound('order');
  return o;
}

export const toSummary = (o: Order): OrderSummary => ({
  _id: o._id,
  openid: o.openid,
  status: o.status,
  amounts: o.amounts,
  createdAt: o.createdAt,
  closeAt: o.closeAt,
  star: o.star,
  delivery: o.delivery,
  refund: o.refund,
  cancelRequest: o.cancelRequest?.status ?? null,
  paymentIssues: o.paymentIssues.length,
  itemCount: o.lines.reduce((n, l) => n + l.quantity, 0),
  lines: o.lines.map((l) => ({ skuId: l.skuId, name: l.name, image: l.image, specValues: l.specValues, quantity: l.quantity, price: l.price, payable: l.payable })),
});

const SHIPPED_TAB = ['partly_shipped', 'shipped'];

export async function listMyOrders(db: Database, openid: string, input: z.output<typeof MyOrdersInput>): Promise<Page<OrderSummary>> {
  const _ = db.command;
  const where: Record<string, unknown> = { openid };
  if (input.status === 'shipped') where.status = _.in(SHIPPED_TAB);
  else if (input.status) where.status = input.status;
  // 待发货 and 待自提: both paid, told apart by how the order is fulfilled
  if (input.tab === 'to_ship') Object.assign(where, { status: 'paid', 'delivery.method': _.neq('pickup') });
  if (input.tab === 'to_pickup') Object.assign(where, { status: 'paid', 'delivery.method': 'pickup' });
  return pageOf(db.collection('orders').where(where).orderBy('createdAt', 'desc'), input, (d) => toSummary(asOrder(d)));
}

/**
 * The 我的 shortcuts' counts: `paid` is 待发货 (paid, not pickup) and `pickup` is 待自提, as the order tabs split them;
 * `aftersales` is 退款/售后, the shopper's requests still open.
 */
export async function myCounts(db: Database, openid: string): Promise<Record<'unpaid' | 'paid' | 'pickup' | 'shipped' | 'aftersales', number>> {
  const _ = db.command;
  const c = (where: Record<string, unknown>) => db.collection('orders').where({ openid, ...where }).count().then((r) => r.total);
  const [unpaid, paid, pickup, shipped, aftersales] = await Promise.all([
    c({ status: 'unpaid' }),
    c({ status: 'paid', 'delivery.method': _.neq('pickup') }),
    c({ status: 'paid', 'delivery.method': 'pickup' }),
    c({ status: _.in(SHIPPED_TAB) }),
    openAftersaleCount(db, openid),
  ]);
  return { unpaid, paid, pickup, shipped, aftersales };
}

/** The admin's filters, without paging (the list and the export share them). */
export type AdminOrderFilters = Omit<z.output<typeof AdminOrderListInput>, 'page' | 'pageSize'>;

/** What the admin's search found in other folders first: the goods a code names, the orders with after-sales in a state. */
export interface AdminSearchFound {
  goods?: { productIds: string[]; skuIds: string[] };
  aftersaleOrderIds?: string[];
}

/** The admin's quick tabs and advanced search; null when a looked-up filter matched nothing (no order can match). */
export function adminWhere(db: Database, input: AdminOrderFilters, now: Date, found: AdminSearchFound = {}): Record<string, unknown> | null {
  const _ = db.command;
  const where: Record<string, unknown> = {};
  const created: unknown[] = [];
  switch (input.tab) {
    case 'recent3m':
      created.push(_.gte(new Date(now.getTime() - 92 * 86400_000).toISOString()));
      break;
    case 'starred':
      where.star = _.neq(null);
      break;
    case 'cancelRequests':
      where['cancelRequest.status'] = 'pending';
      break;
    case 'shipped':
      where.status = _.in(SHIPPED_TAB);
      break;
    case undefined:
      break;
    default:
      where.status = input.tab;
  }
  if (input.status) where.status = input.status;
  if (input.star) where.star = input.star;
  const like = (v: string) => db.RegExp({ regexp: escapeRegExp(v), options: 'i' });
  // an order number is typed from its start (the full 20 digits, or the first few)
  if (found.aftersaleOrderIds) {
    const ids = found.aftersaleOrderIds.filter((id) => !input.orderId || id.startsWith(input.orderId));
    if (!ids.length) return null;
    where._id = _.in(ids);
  } else if (input.orderId) where._id = db.RegExp({ regexp: `^${escapeRegExp(input.orderId)}` });
  if (found.goods) {
    // a product's code finds every SKU of it; a SKU's code that one SKU
    const { productIds, skuIds } = found.goods;
    if (productIds.length) {
      const ids = input.productId ? productIds.filter((id) => id === input.productId) : productIds;
      if (!ids.length) return null;
      where['lines.productId'] = _.in(ids);
    } else if (skuIds.length) where['lines.skuId'] = _.in(skuIds);
    else return null;
  }
  if (input.productId && !found.goods) where['lines.productId'] = input.productId;
  if (input.trackingNo) where['shipments.trackingNo'] = input.trackingNo;
  if (input.transactionId) where['payment.transactionId'] = input.transactionId;
  if (input.deliveryMethod) where['delivery.method'] = input.deliveryMethod;
  if (input.activityKind) where['lines.activity.kind'] = input.activityKind;
  if (input.campaignKind) where.campaignKinds = input.campaignKind;
  if (input.productName) where['lines.name'] = like(input.productName);
  if (input.phone) where['delivery.address.phone'] = like(input.phone);
  if (input.consignee) where['delivery.address.name'] = like(input.consignee);
  if (input.openid) where.openid = input.openid;
  if (input.createdFrom) created.push(_.gte(input.createdFrom));
  if (input.createdTo) created.push(_.lte(input.createdTo));
  if (created.length) where.createdAt = created.length === 1 ? created[0] : _.and(...created);
  const paid: unknown[] = [];
  if (input.paidFrom) paid.push(_.gte(input.paidFrom));
  if (input.paidTo) paid.push(_.lte(input.paidTo));
  if (paid.length) where.paidAt = paid.length === 1 ? paid[0] : _.and(...paid);
  const payable: unknown[] = [];
  if (input.minPayable !== undefined) payable.push(_.gte(input.minPayable));
  if (input.maxPayable !== undefined) payable.push(_.lte(input.maxPayable));
  if (payable.length) where['amounts.payable'] = payable.length === 1 ? payable[0] : _.and(...payable);
  return where;
}

/** The admin's search with its lookups in other folders done first; null when nothing can match. */
export async function searchWhere(db: Database, input: AdminOrderFilters, now: Date): Promise<Record<string, unknown> | null> {
  const [goods, aftersaleOrderIds] = await Promise.all([
    input.productCode ? goodsByCode(db, input.productCode) : undefined,
    input.aftersaleStatus ? orderIdsWithAftersaleStatus(db, input.aftersaleStatus) : undefined,
  ]);
  return adminWhere(db, input, now, { goods, aftersaleOrderIds });
}

export async function listForAdmin(db: Database, input: z.output<typeof AdminOrderListInput>, now: Date): Promise<Page<OrderSummary>> {
  const where = await searchWhere(db, input, now);
  if (!where) return { items: [], total: 0, page: input.page, pageSize: input.pageSize };
  return pageOf(db.collection('orders').where(where).orderBy('createdAt', 'desc').orderBy('_id', 'desc'), input, (d) => toSummary(asOrder(d)));
}

/** The orders' own share of the admin's counts; after-sales requests are counted by their domain (aftersales/pending). */
export async function orderCounts(db: Database): Promise<Pick<OrderCounts, 'unpaid' | 'paid' | 'cancelRequests'>> {
  const c = (status: string) => db.collection('orders').where({ status }).count().then((r) => r.total);
  const [unpaid, paid, cancels] = await Promise.all([
    c('unpaid'),
    c('paid'),
    db.collection('orders').where({ 'cancelRequest.status': 'pending' }).count().then((r) => r.total),
  ]);
  return { unpaid, paid, cancelRequests: cancels };
}
