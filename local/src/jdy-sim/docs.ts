/**
 * Sales documents of the `/jdy/v2` endpoints: outbound (`out`) and return (`in`) save, list, detail, audit / unaudit
 * with their stock moves, the clerk's ship, and `common_operate` (documents and master data).
 */
import { type AccountSetData, type Ctx, type DocKind, type DocLine, ERR, JdyError, MAX_SAVE_ROWS, nextId, type SalDoc } from './model';
import { addStock } from './master';
import { byModify, decimals, format, isObj, modifyFilter, notFound, numberOf, one, paged, type Query, required, round, saveResult, saveRows, text } from './params';
import { bdBy, bdList, dec, docDetail, docRow, materialBy, skuOf, unitById } from './views';

// ---------- sales documents ----------
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
