/** The `/jdy/v2` answer shapes of the simulator's records (ids, numbers, names; quantities and amounts as decimal strings). */
import type { AccountSetData, BdRow, Material, SalDoc, Sku, StockRow } from './model';

/** numbers go out as decimal strings, like the ERP's */
export const dec = (n: number) => String(Math.round(n * 1e6) / 1e6);
export const ms = (n: number | undefined) => (n === undefined ? '' : String(n));

// ---------- lookups ----------
export const unitById = (a: AccountSetData, id: string) => a.units.find((u) => u.id === id);
export const materialBy = (a: AccountSetData, id?: string, number?: string) => a.materials.find((m) => (id ? m.id === id : m.number === number));
export const auxById = (a: AccountSetData, id: string) => a.auxValues.find((v) => v.id === id);
export const skuOf = (m: Material, id: string) => m.skus.find((s) => s.sku_id === id);
export const skuName = (a: AccountSetData, s: Sku) => s.aux_ids.map((id) => auxById(a, id)?.name ?? '').join('/');

export type BdKind = 'store' | 'customer' | 'settlement_account';
export const bdList = (a: AccountSetData, kind: BdKind) => (kind === 'store' ? a.stores : kind === 'customer' ? a.customers : a.settlementAccounts);
export const bdBy = (a: AccountSetData, kind: BdKind, id?: string, number?: string) => bdList(a, kind).find((r) => (id ? r.id === id : r.number === number));
export const BD_LABEL: Record<BdKind, string> = { store: '仓库', customer: '客户', settlement_account: '结算账户' };


function unitsView(a: AccountSetData, m: Material) {
  return m.units.map((u) => {
    const row = unitById(a, u.unit_id);
    return { unit_id: u.unit_id, unit_number: row?.number ?? '', unit_name: row?.name ?? '', coefficient: dec(u.coefficient), is_default: u.is_default, precision: row?.precision ?? 0 };
  });
}
export function materialRow(a: AccountSetData, m: Material, showUnits = true) {
  const base = unitById(a, m.base_unit_id);
  return {
    id: m.id,
    number: m.number,
    name: m.name,
    model: m.model,
    barcode: m.barcode,
    enable: m.enable ? '1' : '0',
    base_unit_id: m.base_unit_id,
    base_unit_number: base?.number ?? '',
    base_unit_name: base?.name ?? '',
    base_unit_precision: base?.precision ?? 0,
    is_multi_unit: m.units.length > 1,
    is_asst_attr: m.aux_types.length > 0,
    create_time: ms(m.create_time),
    modify_time: ms(m.modify_time),
    ...(showUnits ? { units: unitsView(a, m) } : {}),
  };
}
export function materialDetail(a: AccountSetData, m: Material) {
  return {
    ...materialRow(a, m, true),
    aux_types: m.aux_types,
    aux_entity: m.skus.map((s) => {
      const row: Record<string, unknown> = { sku_id: s.sku_id, sku_number: s.sku_number, aux_combination_name: skuName(a, s), aux_enable: s.aux_enable };
      for (let i = 0; i < 5; i++) {
        const v = s.aux_ids[i] ? auxById(a, s.aux_ids[i]) : undefined;
        row[`aux_id${i + 1}`] = v?.id ?? '';
        row[`aux_name${i + 1}`] = v?.name ?? '';
        row[`aux_type_name${i + 1}`] = m.aux_types[i] ?? '';
      }
      return row;
    }),
    price_entity: [{ unit_id: m.base_unit_id, price_retail_price: dec(m.retail_price), price_sale_price1: dec(m.sale_price) }],
    images: m.images,
  };
}
export function bdRowView(r: BdRow) {
  return { id: r.id, number: r.number, name: r.name, enable: r.enable ? '1' : '0', ...(r.currency_number !== undefined ? { currency_number: r.currency_number } : {}), create_time: ms(r.create_time), modify_time: ms(r.modify_time) };
}
/** A row's material: its id, number and name (empty when the material is gone). */
const materialFields = (id: string, m: Material | undefined) => ({ material_id: id, material_number: m?.number ?? '', material_name: m?.name ?? '' });
/** A row's auxiliary property (the SKU): its id, number and combined name (empty without one). */
const auxFields = (a: AccountSetData, m: Material | undefined, id: string) => {
  const sku = m && id ? skuOf(m, id) : undefined;
  return { aux_prop_id: id, aux_prop_number: sku?.sku_number ?? '', aux_prop_name: sku ? skuName(a, sku) : '' };
};
export function inventoryRow(a: AccountSetData, r: StockRow) {
  const m = materialBy(a, r.material_id);
  const s = bdBy(a, 'store', r.stock_id);
  const unit = m ? unitById(a, m.base_unit_id) : undefined;
  return {
    ...materialFields(r.material_id, m),
    stock_id: r.stock_id,
    stock_number: s?.number ?? '',
    stock_name: s?.name ?? '',
    ...auxFields(a, m, r.aux_prop_id),
    base_unit_id: m?.base_unit_id ?? '',
    base_unit_name: unit?.name ?? '',
    qty: dec(r.qty),
    valid_qty: dec(r.qty),
    batch_no: '',
    modify_time: ms(r.modify_time),
  };
}
function docHead(a: AccountSetData, d: SalDoc) {
  const c = bdBy(a, 'customer', d.customer_id);
  return {
    id: d.id,
    bill_no: d.bill_no,
    bill_date: d.bill_date,
    bill_status: d.bill_status,
    customer_id: d.customer_id,
    customer_number: c?.number ?? '',
    customer_name: c?.name ?? '',
    total_amount: dec(d.total_amount),
    remark: d.remark,
    create_time: ms(d.create_time),
    modify_time: ms(d.modify_time),
    audit_time: ms(d.audit_time),
    ship_status: d.shipping ? 'shipped' : 'unshipped',
    logistics_company: d.shipping?.company ?? '',
    logistics_number: d.shipping?.number ?? '',
    ship_time: ms(d.shipping?.time),
  };
}
export const docRow = docHead;
export function docDetail(a: AccountSetData, d: SalDoc) {
  return {
    ...docHead(a, d),
    material_entity: d.lines.map((l) => {
      const m = materialBy(a, l.material_id);
      const s = bdBy(a, 'store', l.stock_id);
      const u = unitById(a, l.unit_id);
      return {
        id: l.id,
        seq: l.seq,
        ...materialFields(l.material_id, m),
        stock_id: l.stock_id,
        stock_number: s?.number ?? '',
        unit_id: l.unit_id,
        unit_number: u?.number ?? '',
        unit_name: u?.name ?? '',
        ...auxFields(a, m, l.aux_prop_id),
        qty: dec(l.qty),
        base_qty: dec(l.base_qty),
        price: dec(l.price),
        tax_price: dec(l.tax_price),
        dis_rate: dec(l.dis_rate),
        is_free: l.is_free,
        amount: dec(l.amount),
        remark: l.remark,
        ...(l.src_inter_id ? { src_bill_type_id: l.src_bill_type_id ?? 'sal_bill_outbound', src_inter_id: l.src_inter_id, src_entry_id: l.src_entry_id ?? '' } : {}),
      };
    }),
    payment_entry: d.payments.map((p) => {
      const acc = bdBy(a, 'settlement_account', p.settle_account_id);
      return { settle_account_id: p.settle_account_id, settle_account_number: acc?.number ?? '', pay_type_id: p.pay_type_id, paid_amount: dec(p.paid_amount) };
    }),
  };
}

