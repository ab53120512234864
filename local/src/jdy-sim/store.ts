/**
 * The ERP side of the Jingdou Cloud simulator: one account set's data (materials with SKUs and units, warehouses,
 * customers, settlement accounts, inventory, sales outbound and return documents) and the business rules of the
 * `/jdy/v2` endpoints. Plain JSON-able data (persisted as is); every rule failure is a `JdyError` with the errcode
 * the envelope carries. No HTTP here: sim.ts maps requests onto these functions.
 */

import {
  BD_LABEL,
  type BdKind,
  bdBy,
  bdList,
  bdRowView,
  dec,
  docDetail,
  docRow,
  inventoryRow,
  materialBy,
  materialDetail,
  materialRow,
  skuOf,
  unitById,
} from './views';

export * from './views';

/** errcodes of the envelope (see README, CHOICES) */
export const ERR = {
  REQUIRED: 1030002000,
  EXISTS: 1030002002,
  NOT_FOUND: 1030002003,
  TOO_MANY: 1030002005,
  FORMAT: 1030002006,
  /** chosen: the document's state does not allow the operation (audited, shipped, returned, ...) */
  STATE: 1030002007,
  /** chosen: app-token missing, unknown or expired */
  TOKEN: 1030001002,
  SYSTEM: 2000002000,
} as const;

export class JdyError extends Error {
  constructor(
    public readonly errcode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface UnitRow {
  id: string;
  number: string;
  name: string;
  /** decimal places allowed for quantities in this unit (0 = whole numbers only) */
  precision: number;
}
export interface MaterialUnit {
  unit_id: string;
  /** how many base units one of this unit holds (base unit: 1) */
  coefficient: number;
  is_default: boolean;
}
export interface AuxValue {
  id: string;
  number: string;
  name: string;
  /** the attribute it belongs to, e.g. 颜色 */
  group_name: string;
}
export interface Sku {
  sku_id: string;
  sku_number: string;
  /** aux value ids, one per attribute of the material, in the material's attribute order */
  aux_ids: string[];
  aux_enable: boolean;
}
export interface Material {
  id: string;
  number: string;
  name: string;
  model: string;
  barcode: string;
  enable: boolean;
  base_unit_id: string;
  /** the base unit first (coefficient 1), then any auxiliary units */
  units: MaterialUnit[];
  /** attribute names (颜色, 尺码 ...), at most 5 */
  aux_types: string[];
  skus: Sku[];
  retail_price: number;
  sale_price: number;
  images: string[];
  create_time: number;
  modify_time: number;
}
export interface BdRow {
  id: string;
  number: string;
  name: string;
  enable: boolean;
  currency_number?: string;
  create_time: number;
  modify_time: number;
}
export interface StockRow {
  material_id: string;
  stock_id: string;
  /** sku_id, or '' for a material without aux attributes */
  aux_prop_id: string;
  /** in the base unit */
  qty: number;
  modify_time: number;
}
export interface DocLine {
  id: string;
  seq: number;
  material_id: string;
  stock_id: string;
  unit_id: string;
  aux_prop_id: string;
  qty: number;
  /** qty × the unit's coefficient */
  base_qty: number;
  price: number;
  tax_price: number;
  dis_rate: number;
  is_free: boolean;
  amount: number;
  remark: string;
  src_bill_type_id?: string;
  src_inter_id?: string;
  src_entry_id?: string;
}
export type BillStatus = 'A' | 'B' | 'C';
export interface SalDoc {
  id: string;
  bill_no: string;
  bill_date: string;
  customer_id: string;
  remark: string;
  /** A saved, B submitted, C audited */
  bill_status: BillStatus;
  lines: DocLine[];
  payments: { settle_account_id: string; pay_type_id: string; paid_amount: number }[];
  total_amount: number;
  create_time: number;
  modify_time: number;
  audit_time?: number;
  /** outbound only: set when the clerk ships it (the express scenario) */
  shipping?: { company: string; number: string; time: number };
}
export interface PendingStock {
  stock_number: string;
  material_number: string;
  /** sku_number, or '' */
  sku_number: string;
  qty: number;
}

export interface AccountSetData {
  accountId: string;
  accountName: string;
  groupName: string;
  serviceId: string;
  outerInstanceId: string;
  /** the client (X-Api-ClientID) that may authorise it */
  clientId: string;
  /** data-centre domain: the X-GW-Router-Addr it answers to */
  domain: string;
  appKey: string;
  appSecret: string;
  /** prefix of the ids made here (keeps ids distinct between account sets) */
  idPrefix: string;
  seq: number;
  units: UnitRow[];
  auxValues: AuxValue[];
  materials: Material[];
  stores: BdRow[];
  customers: BdRow[];
  settlementAccounts: BdRow[];
  inventory: StockRow[];
  outbounds: SalDoc[];
  inbounds: SalDoc[];
  /** stock waiting for a warehouse that does not exist yet (applied when it is created) */
  pendingStock: PendingStock[];
}

export interface Ctx {
  a: AccountSetData;
  now: () => number;
  allowNegativeStock: boolean;
}

export const MAX_SAVE_ROWS = 500;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 10;

// ---------- small helpers ----------
export const nextId = (a: AccountSetData) => `${a.idPrefix}${String(++a.seq).padStart(10, '0')}`;
const round = (n: number) => Math.round(n * 1e6) / 1e6;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const required = (field: string) => new JdyError(ERR.REQUIRED, `${field} 不能为空`);
const format = (msg: string) => new JdyError(ERR.FORMAT, msg);
const notFound = (msg: string) => new JdyError(ERR.NOT_FOUND, msg);

function text(o: Record<string, unknown>, field: string, opts: { optional?: boolean; max?: number } = {}): string | undefined {
  const v = o[field];
  if (v === undefined || v === null || v === '') {
    if (opts.optional) return undefined;
    throw required(field);
  }
  if (typeof v !== 'string' && typeof v !== 'number') throw format(`${field} 应为字符串`);
  const s = String(v);
  if (opts.max && s.length > opts.max) throw format(`${field} 长度不能超过 ${opts.max}`);
  return s;
}
function numberOf(o: Record<string, unknown>, field: string, opts: { optional?: boolean; min?: number } = {}): number | undefined {
  const v = o[field];
  if (v === undefined || v === null || v === '') {
    if (opts.optional) return undefined;
    throw required(field);
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw format(`${field} 应为数字`);
  if (opts.min !== undefined && n < opts.min) throw format(`${field} 不能小于 ${opts.min}`);
  return n;
}
const decimals = (n: number) => {
  const s = String(round(n));
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
};

/** A save body is one object or a list of them (at most 500). */
export function saveRows(body: unknown): Record<string, unknown>[] {
  const rows = Array.isArray(body) ? body : [body];
  if (rows.length === 0) throw required('data');
  if (rows.length > MAX_SAVE_ROWS) throw new JdyError(ERR.TOO_MANY, `单次最多保存 ${MAX_SAVE_ROWS} 条`);
  rows.forEach((r, i) => {
    if (!isObj(r)) throw format(`第 ${i + 1} 条数据应为 JSON 对象`);
  });
  return rows as Record<string, unknown>[];
}
export const saveResult = (saved: { id: string; number: string }[]) => ({ ids: saved.map((s) => s.id), id_number_map: Object.fromEntries(saved.map((s) => [s.id, s.number])) });

// ---------- query parameters and paging ----------
export type Query = Record<string, string | string[] | undefined>;
const one = (q: Query, k: string) => {
  const v = q[k] ?? q[`${k}[]`];
  return Array.isArray(v) ? v[0] : v;
};
/** a list parameter: repeated keys, `key[]`, or comma separated */
export const list = (q: Query, k: string): string[] | undefined => {
  const v = q[k] ?? q[`${k}[]`];
  if (v === undefined) return undefined;
  const all = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return all.length ? all : undefined;
};
function msParam(q: Query, k: string): number | undefined {
  const v = one(q, k);
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,13}$/.test(v)) throw format(`${k} 应为毫秒时间戳字符串`);
  return Number(v);
}
/** modify_start_time ≤ t ≤ modify_end_time (both optional, inclusive) */
export function modifyFilter(q: Query) {
  const start = msParam(q, 'modify_start_time');
  const end = msParam(q, 'modify_end_time');
  return (t: number) => (start === undefined || t >= start) && (end === undefined || t <= end);
}
export function paged<T>(rows: T[], q: Query) {
  const pageRaw = one(q, 'page');
  const sizeRaw = one(q, 'page_size');
  if (pageRaw !== undefined && !/^\d+$/.test(pageRaw)) throw format('page 应为正整数');
  if (sizeRaw !== undefined && !/^\d+$/.test(sizeRaw)) throw format('page_size 应为正整数');
  const page = Math.max(1, Number(pageRaw ?? 1));
  // the gateway cuts page_size above 100 without a word
  const page_size = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(sizeRaw ?? DEFAULT_PAGE_SIZE)));
  const slice = rows.slice((page - 1) * page_size, page * page_size);
  return { count: String(rows.length), total_page: String(Math.ceil(rows.length / page_size)), page: String(page), page_size: String(page_size), current_page_size: String(slice.length), rows: slice };
}
const byModify = <T extends { modify_time: number; id?: string }>(a: T, b: T) => a.modify_time - b.modify_time || String(a.id ?? '').localeCompare(String(b.id ?? ''));
const truthy = (v: string | undefined) => v === 'true' || v === '1';

// ---------- master data ----------
export function listMaterials(c: Ctx, q: Query) {
  const inWindow = modifyFilter(q);
  const enable = one(q, 'enable');
  const search = one(q, 'search');
  const ids = list(q, 'ids');
  const numbers = list(q, 'numbers');
  const rows = c.a.materials
    .filter((m) => inWindow(m.modify_time))
    .filter((m) => enable === undefined || enable === '' || (truthy(enable) ? m.enable : !m.enable))
    .filter((m) => !search || m.number.includes(search) || m.name.includes(search))
    .filter((m) => !ids || ids.includes(m.id))
    .filter((m) => !numbers || numbers.includes(m.number))
    .sort(byModify);
  const showUnits = one(q, 'show_units');
  const p = paged(rows, q);
  return { ...p, rows: p.rows.map((m) => materialRow(c.a, m, showUnits === undefined || truthy(showUnits))) };
}
export function getMaterial(c: Ctx, q: Query) {
  const id = one(q, 'id');
  const number = one(q, 'number');
  if (!id && !number) throw required('id 或 number');
  const m = materialBy(c.a, id, number);
  if (!m) throw notFound(`物料 ${id ?? number} 不存在`);
  return materialDetail(c.a, m);
}

export function listBd(c: Ctx, kind: BdKind, q: Query) {
  const inWindow = modifyFilter(q);
  const enable = one(q, 'enable');
  const search = one(q, 'search');
  const number = one(q, 'number');
  const ids = list(q, 'ids');
  const rows = bdList(c.a, kind)
    .filter((r) => inWindow(r.modify_time))
    .filter((r) => enable === undefined || enable === '' || (truthy(enable) ? r.enable : !r.enable))
    .filter((r) => !search || r.number.includes(search) || r.name.includes(search))
    .filter((r) => !number || r.number === number)
    .filter((r) => !ids || ids.includes(r.id))
    .sort(byModify);
  const p = paged(rows, q);
  return { ...p, rows: p.rows.map(bdRowView) };
}

/** Saves customers, warehouses or settlement accounts (create, or update with `id`); `number` is unique. */
export function saveBd(c: Ctx, kind: BdKind, body: unknown) {
  const rows = saveRows(body);
  const all = bdList(c.a, kind);
  const seen = new Set<string>();
  const plan = rows.map((r) => {
    const id = text(r, 'id', { optional: true });
    const number = text(r, 'number', { max: 80 })!;
    const name = text(r, 'name', { max: 80 })!;
    const existing = id ? all.find((x) => x.id === id) : undefined;
    if (id && !existing) throw notFound(`${BD_LABEL[kind]} id ${id} 不存在`);
    const clash = all.find((x) => x.number === number && x.id !== id);
    if (clash || seen.has(number)) throw new JdyError(ERR.EXISTS, `${BD_LABEL[kind]}编码 ${number} 已存在`);
    seen.add(number);
    const enable = r.enable === undefined ? undefined : r.enable === true || r.enable === 1 || r.enable === '1' || r.enable === 'true';
    const currency = kind === 'settlement_account' ? (text(r, 'currency_number', { optional: true }) ?? existing?.currency_number ?? 'CNY') : undefined;
    return { existing, number, name, enable, currency };
  });
  const t = c.now();
  const saved = plan.map((p) => {
    if (p.existing) {
      Object.assign(p.existing, { number: p.number, name: p.name, modify_time: t, ...(p.enable !== undefined ? { enable: p.enable } : {}), ...(p.currency ? { currency_number: p.currency } : {}) });
      return p.existing;
    }
    const row: BdRow = { id: nextId(c.a), number: p.number, name: p.name, enable: p.enable ?? true, ...(p.currency ? { currency_number: p.currency } : {}), create_time: t, modify_time: t };
    all.push(row);
    if (kind === 'store') applyPendingStock(c, row);
    return row;
  });
  return saveResult(saved);
}

/** stock the demo (or the console) set for a warehouse that did not exist yet */
function applyPendingStock(c: Ctx, store: BdRow) {
  const mine = c.a.pendingStock.filter((p) => p.stock_number === store.number);
  c.a.pendingStock = c.a.pendingStock.filter((p) => p.stock_number !== store.number);
  for (const p of mine) {
    const m = materialBy(c.a, undefined, p.material_number);
    if (!m) continue;
    const sku = p.sku_number ? m.skus.find((s) => s.sku_number === p.sku_number) : undefined;
    if (p.sku_number && !sku) continue;
    setStock(c, store.id, m.id, sku?.sku_id ?? '', p.qty);
  }
}

export function setStock(c: Ctx, stockId: string, materialId: string, auxPropId: string, qty: number) {
  const r = c.a.inventory.find((x) => x.stock_id === stockId && x.material_id === materialId && x.aux_prop_id === auxPropId);
  if (r) {
    r.qty = round(qty);
    r.modify_time = c.now();
  } else c.a.inventory.push({ stock_id: stockId, material_id: materialId, aux_prop_id: auxPropId, qty: round(qty), modify_time: c.now() });
}
const addStock = (c: Ctx, stockId: string, materialId: string, auxPropId: string, delta: number) => {
  const r = c.a.inventory.find((x) => x.stock_id === stockId && x.material_id === materialId && x.aux_prop_id === auxPropId);
  setStock(c, stockId, materialId, auxPropId, (r?.qty ?? 0) + delta);
};

export function listInventory(c: Ctx, q: Query) {
  const inWindow = modifyFilter(q);
  const stocks = list(q, 'stock_numbers');
  const materials = list(q, 'material_numbers');
  const aux = list(q, 'aux_prop_ids');
  const rows = c.a.inventory
    .filter((r) => inWindow(r.modify_time))
    .filter((r) => !stocks || stocks.includes(bdBy(c.a, 'store', r.stock_id)?.number ?? ''))
    .filter((r) => !materials || materials.includes(materialBy(c.a, r.material_id)?.number ?? ''))
    .filter((r) => !aux || aux.includes(r.aux_prop_id))
    .sort((x, y) => x.modify_time - y.modify_time || (x.material_id + x.aux_prop_id + x.stock_id).localeCompare(y.material_id + y.aux_prop_id + y.stock_id));
  const p = paged(rows, q);
  return { ...p, rows: p.rows.map((r) => inventoryRow(c.a, r)) };
}

export function listAuxValues(c: Ctx, q: Query) {
  const group = one(q, 'group_name');
  return paged(
    c.a.auxValues.filter((v) => !group || v.group_name === group),
    q,
  );
}
export function listUnits(c: Ctx, q: Query) {
  return paged(c.a.units, q);
}

// ---------- sales documents ----------
export type DocKind = 'out' | 'in';
export const docsOf = (a: AccountSetData, kind: DocKind) => (kind === 'out' ? a.outbounds : a.inbounds);
const DOC_LABEL: Record<DocKind, string> = { out: '销售出库单', in: '销售退货单' };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function refId(o: Record<string, unknown>, idField: string, numberField: string, what: string, find: (id?: string, number?: string) => { id: string } | undefined, at: string) {
  const id = text(o, idField, { optional: true });
  const number = text(o, numberField, { optional: true });
  if (!id && !number) throw required(`${at}${idField}`);
  const found = find(id, number);
  if (!found) throw notFound(`${what} ${id ?? number} 不存在`);
  return found.id;
}

function parseLine(c: Ctx, kind: DocKind, r: unknown, i: number, old: SalDoc | undefined): DocLine {
  const at = `material_entity[${i}].`;
  if (!isObj(r)) throw format(`${at.slice(0, -1)} 应为对象`);
  const a = c.a;
  const materialId = refId(r, 'material_id', 'material_number', '物料', (id, n) => materialBy(a, id, n), at);
  const m = materialBy(a, materialId)!;
  if (!m.enable) throw new JdyError(ERR.STATE, `物料 ${m.number} 已禁用`);
  const stockId = refId(r, 'stock_id', 'stock_number', '仓库', (id, n) => bdBy(a, 'store', id, n), at);
  if (!bdBy(a, 'store', stockId)!.enable) throw new JdyError(ERR.STATE, `仓库 ${bdBy(a, 'store', stockId)!.number} 已禁用`);
  const unitId = refId(
    r,
    'unit_id',
    'unit_number',
    '计量单位',
    (id, n) => {
      const u = id ? unitById(a, id) : a.units.find((x) => x.number === n);
      return u && m.units.some((mu) => mu.unit_id === u.id) ? u : undefined;
    },
    at,
  );
  const mu = m.units.find((u) => u.unit_id === unitId)!;
  const precision = unitById(a, unitId)!.precision;
  const qty = numberOf(r, 'qty')!;
  if (!(qty > 0)) throw format(`${at}qty 应大于 0`);
  if (decimals(qty) > precision) throw format(`${at}qty 的小数位数超过单位精度 ${precision}`);
  const auxRaw = text(r, 'aux_prop_id', { optional: true });
  let auxPropId = '';
  if (m.aux_types.length > 0) {
    if (!auxRaw || auxRaw === '0') throw required(`${at}aux_prop_id（物料 ${m.number} 启用了辅助属性）`);
    const sku = skuOf(m, auxRaw);
    if (!sku) throw notFound(`物料 ${m.number} 没有辅助属性 ${auxRaw}`);
    if (!sku.aux_enable) throw new JdyError(ERR.STATE, `辅助属性 ${sku.sku_number} 已禁用`);
    auxPropId = sku.sku_id;
  } else if (auxRaw && auxRaw !== '0') throw format(`物料 ${m.number} 未启用辅助属性，不能传 aux_prop_id`);
  const price = numberOf(r, 'price', { min: 0 })!;
  const taxPrice = numberOf(r, 'tax_price', { optional: true, min: 0 }) ?? price;
  const disRate = numberOf(r, 'dis_rate', { optional: true, min: 0 }) ?? 0;
  if (disRate > 100) throw format(`${at}dis_rate 不能大于 100`);
  const isFree = r.is_free === true || r.is_free === 1 || r.is_free === '1' || r.is_free === 'true';
  const line: DocLine = {
    id: '',
    seq: i + 1,
    material_id: m.id,
    stock_id: stockId,
    unit_id: unitId,
    aux_prop_id: auxPropId,
    qty,
    base_qty: round(qty * mu.coefficient),
    price,
    tax_price: taxPrice,
    dis_rate: disRate,
    is_free: isFree,
    amount: isFree ? 0 : round(qty * taxPrice * (1 - disRate / 100)),
    remark: text(r, 'remark', { optional: true, max: 255 }) ?? '',
  };
  const lineId = text(r, 'id', { optional: true });
  line.id = lineId && old?.lines.some((l) => l.id === lineId) ? lineId : '';
  if (kind === 'in') {
    const src = text(r, 'src_inter_id', { optional: true });
    if (src) {
      const type = text(r, 'src_bill_type_id', { optional: true }) ?? 'sal_bill_outbound';
      if (type !== 'sal_bill_outbound') throw format(`${at}src_bill_type_id 只支持 sal_bill_outbound`);
      const out = a.outbounds.find((d) => d.id === src);
      if (!out) throw notFound(`源销售出库单 ${src} 不存在`);
      if (out.bill_status !== 'C') throw new JdyError(ERR.STATE, `源销售出库单 ${out.bill_no} 未审核，不能退货`);
      const entry = text(r, 'src_entry_id')!;
      const srcLine = out.lines.find((l) => l.id === entry);
      if (!srcLine) throw notFound(`源单 ${out.bill_no} 没有分录 ${entry}`);
      if (srcLine.material_id !== line.material_id || srcLine.aux_prop_id !== line.aux_prop_id) throw format(`${at}物料或辅助属性与源单分录不一致`);
      Object.assign(line, { src_bill_type_id: type, src_inter_id: src, src_entry_id: entry });
    }
  }
  return line;
}

/** Saves a sales outbound (`out`) or return (`in`) document: create, or update an unaudited one with `id`. */
export function saveDoc(c: Ctx, kind: DocKind, body: unknown) {
  const rows = saveRows(body);
  const docs = docsOf(c.a, kind);
  const seen = new Set<string>();
  const plans = rows.map((r) => {
    const id = text(r, 'id', { optional: true });
    const old = id ? docs.find((d) => d.id === id) : undefined;
    if (id && !old) throw notFound(`${DOC_LABEL[kind]} ${id} 不存在`);
    if (old && old.bill_status === 'C') throw new JdyError(ERR.STATE, `${DOC_LABEL[kind]} ${old.bill_no} 已审核，不能修改`);
    const billNo = text(r, 'bill_no', { optional: true, max: 80 });
    if (billNo && (docs.some((d) => d.bill_no === billNo && d.id !== id) || seen.has(billNo))) throw new JdyError(ERR.EXISTS, `单据编号 ${billNo} 已存在`);
    if (billNo) seen.add(billNo);
    const billDate = text(r, 'bill_date')!;
    if (!DATE.test(billDate) || Number.isNaN(Date.parse(billDate))) throw format('bill_date 格式应为 YYYY-MM-DD');
    const customerId = refId(r, 'customer_id', 'customer_number', '客户', (cid, n) => bdBy(c.a, 'customer', cid, n), '');
    const entries = r.material_entity;
    if (!Array.isArray(entries) || entries.length === 0) throw required('material_entity');
    if (entries.length > MAX_SAVE_ROWS) throw new JdyError(ERR.TOO_MANY, `分录最多 ${MAX_SAVE_ROWS} 行`);
    const lines = entries.map((e, i) => parseLine(c, kind, e, i, old));
    const pay = r.payment_entry;
    if (pay !== undefined && pay !== null && !Array.isArray(pay)) throw format('payment_entry 应为数组');
    const payments = ((pay as unknown[] | undefined) ?? []).map((p, i) => {
      if (!isObj(p)) throw format(`payment_entry[${i}] 应为对象`);
      const accId = refId(p, 'settle_account_id', 'settle_account_number', '结算账户', (aid, n) => bdBy(c.a, 'settlement_account', aid, n), `payment_entry[${i}].`);
      return { settle_account_id: accId, pay_type_id: text(p, 'pay_type_id', { optional: true }) ?? '', paid_amount: numberOf(p, 'paid_amount', { min: 0 })! };
    });
    const op = text(r, 'operation_key', { optional: true });
    if (op !== undefined && op !== 'audit' && op !== 'submit' && op !== 'save') throw format('operation_key 只支持 audit、submit');
    const computed = round(lines.reduce((s, l) => s + l.amount, 0));
    const total = numberOf(r, 'total_amount', { optional: true, min: 0 }) ?? computed;
    return { old, billNo, billDate, customerId, lines, payments, op, total, remark: text(r, 'remark', { optional: true, max: 255 }) ?? '' };
  });
  // returned quantities may not exceed what the source line shipped (this save included)
  if (kind === 'in') checkReturnQty(c, plans.flatMap((p) => p.lines.map((l) => ({ line: l, docId: p.old?.id }))));
  const t = c.now();
  const saved = plans.map((p) => {
    const doc: SalDoc = p.old ?? {
      id: nextId(c.a),
      bill_no: '',
      bill_date: p.billDate,
      customer_id: p.customerId,
      remark: '',
      bill_status: 'A',
      lines: [],
      payments: [],
      total_amount: 0,
      create_time: t,
      modify_time: t,
    };
    doc.bill_no = p.billNo ?? (p.old ? p.old.bill_no : newBillNo(c, kind, p.billDate));
    Object.assign(doc, { bill_date: p.billDate, customer_id: p.customerId, remark: p.remark, payments: p.payments, total_amount: p.total, modify_time: t });
    doc.lines = p.lines.map((l) => ({ ...l, id: l.id || nextId(c.a) }));
    if (!p.old) docs.push(doc);
    if (p.op === 'submit' && doc.bill_status === 'A') doc.bill_status = 'B';
    if (p.op === 'audit') audit(c, kind, doc);
    return { id: doc.id, number: doc.bill_no };
  });
  return saveResult(saved);
}

function newBillNo(c: Ctx, kind: DocKind, date: string) {
  const prefix = `${kind === 'out' ? 'XSCKD' : 'XSTHD'}${date.replace(/-/g, '')}`;
  const docs = docsOf(c.a, kind);
  for (let n = 1; ; n++) {
    const no = `${prefix}${String(n).padStart(4, '0')}`;
    if (!docs.some((d) => d.bill_no === no)) return no;
  }
}

function checkReturnQty(c: Ctx, incoming: { line: DocLine; docId?: string }[]) {
  const want = new Map<string, number>();
  for (const { line } of incoming) if (line.src_entry_id) want.set(line.src_entry_id, (want.get(line.src_entry_id) ?? 0) + line.base_qty);
  const replaced = new Set(incoming.map((x) => x.docId).filter(Boolean));
  for (const [entry, qty] of want) {
    const src = c.a.outbounds.flatMap((d) => d.lines).find((l) => l.id === entry)!;
    const before = c.a.inbounds
      .filter((d) => !replaced.has(d.id))
      .flatMap((d) => d.lines)
      .filter((l) => l.src_entry_id === entry)
      .reduce((s, l) => s + l.base_qty, 0);
    if (round(before + qty) > src.base_qty) throw new JdyError(ERR.STATE, `退货数量超过源单分录 ${entry} 的出库数量（已退 ${dec(before)}，出库 ${dec(src.base_qty)}）`);
  }
}

/** refuses an outbound audit that would take stock below zero (only when negative stock is not allowed) */
function ensureStock(c: Ctx, lines: DocLine[]) {
  if (c.allowNegativeStock) return;
  const need = new Map<string, { l: DocLine; qty: number }>();
  for (const l of lines) {
    const k = `${l.stock_id}|${l.material_id}|${l.aux_prop_id}`;
    need.set(k, { l, qty: (need.get(k)?.qty ?? 0) + l.base_qty });
  }
  for (const { l, qty } of need.values()) {
    const have = c.a.inventory.find((x) => x.stock_id === l.stock_id && x.material_id === l.material_id && x.aux_prop_id === l.aux_prop_id)?.qty ?? 0;
    if (round(have - qty) < 0) throw new JdyError(ERR.STATE, `库存不足：物料 ${materialBy(c.a, l.material_id)?.number} 可用 ${dec(have)}，需要 ${dec(qty)}`);
  }
}

function stockMoves(c: Ctx, kind: DocKind, doc: SalDoc, sign: 1 | -1) {
  // an outbound takes stock out when audited, a return puts it back; unaudit reverses
  const dir = (kind === 'out' ? -1 : 1) * sign;
  for (const l of doc.lines) addStock(c, l.stock_id, l.material_id, l.aux_prop_id, dir * l.base_qty);
}

export function audit(c: Ctx, kind: DocKind, doc: SalDoc) {
  if (doc.bill_status === 'C') return;
  if (kind === 'out') ensureStock(c, doc.lines);
  stockMoves(c, kind, doc, 1);
  doc.bill_status = 'C';
  doc.audit_time = c.now();
  doc.modify_time = c.now();
}
function unaudit(c: Ctx, kind: DocKind, doc: SalDoc) {
  if (doc.bill_status !== 'C') return;
  stockMoves(c, kind, doc, -1);
  doc.bill_status = 'A';
  doc.audit_time = undefined;
  doc.modify_time = c.now();
}
const returnsOf = (a: AccountSetData, outId: string) => a.inbounds.filter((d) => d.lines.some((l) => l.src_inter_id === outId));

/** The clerk ships an outbound document: audits it when needed, then records the carrier and tracking number. */
export function ship(c: Ctx, doc: SalDoc, company: string, number: string) {
  if (!company || !number) throw required('logistics_company / logistics_number');
  audit(c, 'out', doc);
  doc.shipping = { company, number, time: c.now() };
  doc.modify_time = c.now();
}

export function listDocs(c: Ctx, kind: DocKind, q: Query) {
  const inWindow = modifyFilter(q);
  const billNo = one(q, 'bill_no');
  const status = one(q, 'bill_status');
  const search = one(q, 'search');
  const rows = docsOf(c.a, kind)
    .filter((d) => inWindow(d.modify_time))
    .filter((d) => !billNo || d.bill_no === billNo)
    .filter((d) => !status || d.bill_status === status)
    .filter((d) => !search || d.bill_no.includes(search))
    .sort(byModify);
  const p = paged(rows, q);
  return { ...p, rows: p.rows.map((d) => docRow(c.a, d)) };
}
export function getDoc(c: Ctx, kind: DocKind, q: Query) {
  const id = one(q, 'id');
  const number = one(q, 'number') ?? one(q, 'bill_no');
  if (!id && !number) throw required('id 或 number');
  const d = docsOf(c.a, kind).find((x) => (id ? x.id === id : x.bill_no === number));
  if (!d) throw notFound(`${DOC_LABEL[kind]} ${id ?? number} 不存在`);
  return docDetail(c.a, d);
}

// ---------- common_operate ----------
const ENTITIES = ['sal_bill_outbound', 'sal_bill_inbound', 'bd_customer', 'bd_store', 'bd_material', 'bd_settlement_account'] as const;
const OPERATIONS = ['delete', 'audit', 'unaudit', 'invalid', 'valid'] as const;

/** audit / unaudit / delete documents, delete / disable / enable master data; all or nothing */
export function commonOperate(c: Ctx, body: unknown) {
  if (!isObj(body)) throw format('请求体应为 JSON 对象');
  const entity = text(body, 'entity_number')! as (typeof ENTITIES)[number];
  if (!ENTITIES.includes(entity)) throw format(`entity_number 不支持 ${entity}`);
  const op = text(body, 'operate_type')! as (typeof OPERATIONS)[number];
  if (!OPERATIONS.includes(op)) throw format(`operate_type 应为 ${OPERATIONS.join('、')}`);
  const ids = Array.isArray(body.ids) ? body.ids.map(String) : undefined;
  const numbers = Array.isArray(body.numbers) ? body.numbers.map(String) : undefined;
  if (!ids?.length && !numbers?.length) throw required('ids 或 numbers');
  if ((ids?.length ?? 0) + (numbers?.length ?? 0) > MAX_SAVE_ROWS) throw new JdyError(ERR.TOO_MANY, `单次最多操作 ${MAX_SAVE_ROWS} 条`);
  const a = c.a;

  if (entity === 'sal_bill_outbound' || entity === 'sal_bill_inbound') {
    const kind: DocKind = entity === 'sal_bill_outbound' ? 'out' : 'in';
    const docs = docsOf(a, kind);
    const targets = [...(ids ?? []).map((id) => ({ key: id, d: docs.find((x) => x.id === id) })), ...(numbers ?? []).map((n) => ({ key: n, d: docs.find((x) => x.bill_no === n) }))].map(({ key, d }) => {
      if (!d) throw notFound(`${DOC_LABEL[kind]} ${key} 不存在`);
      return d;
    });
    if (op === 'invalid' || op === 'valid') throw format(`${DOC_LABEL[kind]}不支持 ${op}`);
    for (const d of targets) {
      if (op === 'delete' && d.bill_status === 'C') throw new JdyError(ERR.STATE, `${DOC_LABEL[kind]} ${d.bill_no} 已审核，请先反审核再删除`);
      if (op === 'unaudit' && kind === 'out' && d.shipping) throw new JdyError(ERR.STATE, `销售出库单 ${d.bill_no} 已发货，不能反审核`);
      if ((op === 'unaudit' || op === 'delete') && kind === 'out' && returnsOf(a, d.id).length) {
        throw new JdyError(ERR.STATE, `销售出库单 ${d.bill_no} 已有退货单 ${returnsOf(a, d.id).map((x) => x.bill_no).join('、')}，不能${op === 'delete' ? '删除' : '反审核'}`);
      }
    }
    if (op === 'audit' && kind === 'out') ensureStock(c, targets.filter((d) => d.bill_status !== 'C').flatMap((d) => d.lines));
    for (const d of targets) {
      if (op === 'audit') audit(c, kind, d);
      else if (op === 'unaudit') unaudit(c, kind, d);
      else docs.splice(docs.indexOf(d), 1);
    }
    return saveResult(targets.map((d) => ({ id: d.id, number: d.bill_no })));
  }

  const pool: { id: string; number: string; enable: boolean; modify_time: number }[] =
    entity === 'bd_material' ? a.materials : bdList(a, entity === 'bd_customer' ? 'customer' : entity === 'bd_store' ? 'store' : 'settlement_account');
  const targets = [...(ids ?? []).map((id) => ({ key: id, r: pool.find((x) => x.id === id) })), ...(numbers ?? []).map((n) => ({ key: n, r: pool.find((x) => x.number === n) }))].map(({ key, r }) => {
    if (!r) throw notFound(`${entity} ${key} 不存在`);
    return r;
  });
  if (op === 'delete') {
    const used = (id: string) =>
      [...a.outbounds, ...a.inbounds].some((d) => d.customer_id === id || d.lines.some((l) => l.material_id === id || l.stock_id === id) || d.payments.some((p) => p.settle_account_id === id)) ||
      a.inventory.some((r) => (r.material_id === id || r.stock_id === id) && r.qty !== 0);
    for (const r of targets) if (used(r.id)) throw new JdyError(ERR.STATE, `${r.number} 已被单据或库存引用，不能删除`);
    for (const r of targets) pool.splice(pool.indexOf(r), 1);
    a.inventory = a.inventory.filter((s) => !targets.some((r) => r.id === s.material_id || r.id === s.stock_id));
  } else if (op === 'invalid' || op === 'valid') {
    for (const r of targets) {
      r.enable = op === 'valid';
      r.modify_time = c.now();
    }
  }
  // audit / unaudit of master data: accepted, nothing to do
  return saveResult(targets.map((r) => ({ id: r.id, number: r.number })));
}
