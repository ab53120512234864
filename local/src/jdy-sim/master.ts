/**
 * Master data of the `/jdy/v2` endpoints: materials, aux values, units, warehouses / customers / settlement
 * accounts (list and save) and inventory (list, and the stock setters the documents and the clerk use).
 */
import { type BdRow, type Ctx, ERR, JdyError, nextId } from './model';
import { byModify, list, modifyFilter, notFound, one, paged, type Query, required, round, saveResult, saveRows, text, truthy } from './params';
import { BD_LABEL, type BdKind, bdBy, bdList, bdRowView, inventoryRow, materialBy, materialDetail, materialRow } from './views';

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
export const addStock = (c: Ctx, stockId: string, materialId: string, auxPropId: string, delta: number) => {
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
