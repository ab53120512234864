/**
 * Pure mapping between the mall and Jingdou Cloud's field names: an order becomes a sales outbound document
 * (sal_out_bound), a return and refund a sales return document (sal_in_bound), an ERP material a mall product.
 * Money leaves the mall as yuan strings with two decimals; quantities are whole base units.
 */
import type { Order, ProductErpLink, SkuErpLink } from '@shop/types';

export interface Defaults {
  /** 微商城客户 */
  customer: string;
  /** 微商城仓库 */
  warehouse: string;
  /** 微商城现金 */
  account: string;
}
export const DEFAULTS: Defaults = { customer: 'WSCKH', warehouse: 'WSCCK', account: 'WSCXJ' };
export const DEFAULT_NAMES = { customer: '微商城客户', warehouse: '微商城仓库', account: '微商城现金' } as const;

const yuan = (fen: number) => (fen / 100).toFixed(2);
/** The unit price, in yuan, of `fen` spread over `quantity` units (up to 6 decimals, as the ERP keeps them). */
const unitYuan = (fen: number, quantity: number) => (fen / 100 / quantity).toFixed(6).replace(/\.?0+$/, '') || '0';
/** The Beijing calendar date of an instant (the ERP's bill_date). */
export const beijingDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

const METHOD_NAMES: Record<string, string> = { express: '物流配送', pickup: '门店自提', local: '同城配送' };

export interface LineLink {
  product: ProductErpLink | null;
  sku: SkuErpLink | null;
}
export type Mapped<T> = { ok: true; doc: T } | { ok: false; reason: string };

export interface OutboundEntry {
  material_number: string;
  aux_prop_id?: string;
  stock_number: string;
  unit_id: string;
  qty: number;
  price: string;
  tax_price: string;
  remark: string;
}
export interface OutboundDoc {
  bill_no: string;
  bill_date: string;
  customer_number: string;
  remark: string;
  total_amount: string;
  material_entity: OutboundEntry[];
  payment_entry: { settle_account_number: string; paid_amount: string }[];
}

/** A document line: `quantity` units of the ERP material from the mall's warehouse, at the unit price of `fen` for them all. */
const entryOf = (product: ProductErpLink, sku: SkuErpLink, d: Defaults, quantity: number, fen: number, remark: string): OutboundEntry => {
  const unit = unitYuan(fen, quantity);
  return {
    material_number: product.materialNumber,
    ...(sku.auxPropId ? { aux_prop_id: sku.auxPropId } : {}),
    stock_number: d.warehouse,
    unit_id: product.unitId,
    qty: quantity,
    price: unit,
    tax_price: unit,
    remark,
  };
};

/**
 * The outbound document of a paid order. Each line's amount is what it really cost the shopper (its share of every
 * discount and price change), so the document's lines add up to the goods paid for, and the payment entry pays
 * exactly that total. Freight is not synced (seed 000, FAQ 6: the ERP keeps no freight): the freight the shopper
 * paid stays in the mall and is only named in the remark, for the clerk's information. Lines of products that do
 * not come from the ERP make the whole order unmappable (the merchant sees why).
 */
export function outboundOf(o: Order, links: LineLink[], d: Defaults): Mapped<OutboundDoc> {
  const entries: OutboundEntry[] = [];
  for (const [i, l] of o.lines.entries()) {
    const link = links[i];
    if (!link?.product) return { ok: false, reason: `商品「${l.name}」不是从精斗云同步的商品，无法生成出库单` };
    if (!link.sku) return { ok: false, reason: `商品「${l.name}」的规格没有对应的精斗云辅助属性` };
    // the unit price of the apportioned amount; the ERP multiplies back, so the line amount is kept in the remark
    entries.push(entryOf(link.product, link.sku, d, l.quantity, l.payable, `${l.specValues.join('/') || l.name} 实付${yuan(l.payable)}`));
  }
  const goods = o.lines.reduce((n, l) => n + l.payable, 0);
  return {
    ok: true,
    doc: {
      bill_no: o._id,
      bill_date: beijingDate(o.paidAt ?? o.createdAt),
      customer_number: d.customer,
      remark: [`微商城订单 ${o._id}`, METHOD_NAMES[o.delivery.method] ?? o.delivery.method, o.amounts.freightPayable ? `运费${yuan(o.amounts.freightPayable)}由商城收取，未计入本单` : ''].filter(Boolean).join('；'),
      total_amount: yuan(goods),
      material_entity: entries,
      payment_entry: [{ settle_account_number: d.account, paid_amount: yuan(goods) }],
    },
  };
}

export interface ReturnDoc {
  bill_no: string;
  bill_date: string;
  customer_number: string;
  remark: string;
  material_entity: (OutboundEntry & { src_bill_type_id: 'sal_bill_outbound'; src_inter_id: string; src_entry_id: string })[];
}

/** The outbound line a returned unit comes from: the outbound detail's lines, matched by material and SKU. */
export interface OutboundLine {
  id: string;
  material_number: string;
  aux_prop_id: string;
}

/** The sales return document of an after-sales return: its lines point back at the outbound document's lines. */
export function returnOf(
  o: Order,
  a: { _id: string; lines: { skuId: string; quantity: number; share: number }[]; amount: number; receivedAt?: string | null },
  links: Map<string, LineLink>,
  outbound: { id: string; lines: OutboundLine[] },
  d: Defaults,
  now: Date,
): Mapped<ReturnDoc> {
  const entries: ReturnDoc['material_entity'] = [];
  for (const l of a.lines) {
    const link = links.get(l.skuId);
    const line = o.lines.find((x) => x.skuId === l.skuId);
    if (!link?.product || !link.sku || !line) return { ok: false, reason: `退货商品 ${l.skuId} 没有对应的精斗云商品` };
    const src = outbound.lines.find((x) => x.material_number === link.product!.materialNumber && (x.aux_prop_id ?? '') === link.sku!.auxPropId);
    if (!src) return { ok: false, reason: `出库单中没有「${line.name}」这一行` };
    entries.push({
      ...entryOf(link.product, link.sku, d, l.quantity, l.share, `售后 ${a._id}`),
      src_bill_type_id: 'sal_bill_outbound',
      src_inter_id: outbound.id,
      src_entry_id: src.id,
    });
  }
  return { ok: true, doc: { bill_no: a._id, bill_date: beijingDate(now.toISOString()), customer_number: d.customer, remark: `微商城售后 ${a._id}（订单 ${o._id}，退款 ${yuan(a.amount)}）`, material_entity: entries } };
}
