/**
 * What the ERP clerk does in the simulator (control API and console): create account sets, create or edit
 * materials (SKUs from aux attributes, auxiliary units, decimals), set stock, find documents.
 */
import { randomBytes } from 'node:crypto';
import { type AccountSetData, type Ctx, type DocKind, docsOf, ERR, JdyError, type Material, type MaterialUnit, materialBy, nextId, setStock, type Sku, skuName } from './store';

export interface AccountSetSeed {
  accountId: string;
  accountName: string;
  /** the X-Api-ClientID allowed to authorise it */
  clientId: string;
  /** push_app_authorize?outerInstanceId= selects the account sets of one instance */
  outerInstanceId: string;
  /** data-centre domain (X-GW-Router-Addr), e.g. https://tf.jdy.com */
  domain: string;
  groupName?: string;
  serviceId?: string;
  appKey?: string;
  appSecret?: string;
}

export const randomSecret = () => randomBytes(16).toString('hex');

export function newAccountSet(seed: AccountSetSeed, index: number): AccountSetData {
  return {
    accountId: seed.accountId,
    accountName: seed.accountName,
    groupName: seed.groupName ?? '精斗云演示集团',
    serviceId: seed.serviceId ?? '2001',
    outerInstanceId: seed.outerInstanceId,
    clientId: seed.clientId,
    domain: seed.domain,
    appKey: seed.appKey ?? `APP${randomBytes(5).toString('hex').toUpperCase()}`,
    appSecret: seed.appSecret ?? randomSecret(),
    idPrefix: `${17 + index}`,
    seq: 0,
    units: [],
    auxValues: [],
    materials: [],
    stores: [],
    customers: [],
    settlementAccounts: [],
    inventory: [],
    outbounds: [],
    inbounds: [],
    pendingStock: [],
  };
}

export interface MaterialInput {
  number: string;
  name: string;
  /** base unit name, e.g. 件 (created when missing); default: the material's current base unit, else 件 */
  unit?: string;
  /** decimal places of the base unit (default 0; >0 means decimal quantities, which the mall skips) */
  precision?: number;
  /** auxiliary units: 1 of `name` = `coefficient` base units (replaces the list; missing keeps it) */
  units?: { name: string; coefficient: number }[];
  /** aux attributes and their values, e.g. [['颜色', ['白色', '黑色']], ['尺码', ['S', 'M']]]: one SKU per combination (missing keeps them) */
  aux?: [string, string[]][];
  model?: string;
  barcode?: string;
  enable?: boolean;
  /** yuan */
  retail_price?: number;
  sale_price?: number;
  images?: string[];
}

const bad = (msg: string) => new JdyError(ERR.FORMAT, msg);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a control-API material body. */
export function parseMaterialInput(v: unknown): MaterialInput {
  if (!isObj(v)) throw bad('material: expected an object');
  const str = (k: string, req = false) => {
    const x = v[k];
    if (x === undefined || x === null || x === '') {
      if (req) throw new JdyError(ERR.REQUIRED, `${k} 不能为空`);
      return undefined;
    }
    if (typeof x !== 'string') throw bad(`${k} should be a string`);
    return x;
  };
  const num = (k: string) => {
    const x = v[k];
    if (x === undefined || x === null || x === '') return undefined;
    const n = Number(x);
    if (!Number.isFinite(n) || n < 0) throw bad(`${k} should be a number >= 0`);
    return n;
  };
  const precision = num('precision');
  if (precision !== undefined && (!Number.isInteger(precision) || precision > 6)) throw bad('precision should be an integer 0..6');
  let units: MaterialInput['units'];
  if (v.units !== undefined && v.units !== null) {
    if (!Array.isArray(v.units)) throw bad('units should be an array');
    units = v.units.map((u, i) => {
      if (!isObj(u) || typeof u.name !== 'string' || !u.name || !(Number(u.coefficient) > 0)) throw bad(`units[${i}] should be {name, coefficient > 0}`);
      return { name: u.name, coefficient: Number(u.coefficient) };
    });
  }
  let aux: MaterialInput['aux'];
  if (v.aux !== undefined && v.aux !== null) {
    if (!Array.isArray(v.aux) || v.aux.length > 5) throw bad('aux should be a list of at most 5 [name, values[]] pairs');
    aux = v.aux.map((g, i) => {
      if (!Array.isArray(g) || typeof g[0] !== 'string' || !Array.isArray(g[1]) || !g[1].length || !g[1].every((x: unknown) => typeof x === 'string' && x)) throw bad(`aux[${i}] should be [name, [value, ...]]`);
      return [g[0], g[1] as string[]];
    });
  }
  const images = Array.isArray(v.images) ? v.images.map(String) : undefined;
  return {
    number: str('number', true)!,
    name: str('name', true)!,
    ...(str('unit') !== undefined ? { unit: str('unit') } : {}),
    ...(precision !== undefined ? { precision } : {}),
    ...(units ? { units } : {}),
    ...(aux ? { aux } : {}),
    ...(str('model') !== undefined ? { model: str('model') } : {}),
    ...(str('barcode') !== undefined ? { barcode: str('barcode') } : {}),
    ...(v.enable !== undefined ? { enable: v.enable === true || v.enable === 'true' || v.enable === '1' || v.enable === 1 } : {}),
    ...(num('retail_price') !== undefined ? { retail_price: num('retail_price') } : {}),
    ...(num('sale_price') !== undefined ? { sale_price: num('sale_price') } : {}),
    ...(images ? { images } : {}),
  };
}

function unitId(c: Ctx, name: string, precision?: number) {
  let u = c.a.units.find((x) => x.name === name);
  if (!u) {
    u = { id: nextId(c.a), number: `UNIT${String(c.a.units.length + 1).padStart(3, '0')}`, name, precision: precision ?? 0 };
    c.a.units.push(u);
  } else if (precision !== undefined) u.precision = precision;
  return u.id;
}
function auxValueId(c: Ctx, group: string, name: string) {
  let v = c.a.auxValues.find((x) => x.group_name === group && x.name === name);
  if (!v) {
    v = { id: nextId(c.a), number: `AUX${String(c.a.auxValues.length + 1).padStart(4, '0')}`, name, group_name: group };
    c.a.auxValues.push(v);
  }
  return v.id;
}
const combinations = (groups: string[][]): string[][] => groups.reduce<string[][]>((acc, g) => acc.flatMap((p) => g.map((x) => [...p, x])), [[]]);

/** Creates the material, or edits the one with this number (SKU ids stay stable; dropped combinations are disabled). */
export function upsertMaterial(c: Ctx, input: MaterialInput): Material {
  const t = c.now();
  const existing = materialBy(c.a, undefined, input.number);
  const baseName = input.unit ?? (existing ? c.a.units.find((u) => u.id === existing.base_unit_id)?.name : undefined) ?? '件';
  const base = unitId(c, baseName, input.precision);
  const units: MaterialUnit[] = [{ unit_id: base, coefficient: 1, is_default: true }];
  const auxUnits = input.units ?? existing?.units.slice(1).map((u) => ({ name: c.a.units.find((x) => x.id === u.unit_id)?.name ?? '', coefficient: u.coefficient })) ?? [];
  for (const u of auxUnits) {
    const id = unitId(c, u.name);
    if (id === base) throw bad(`auxiliary unit ${u.name} is the base unit`);
    units.push({ unit_id: id, coefficient: u.coefficient, is_default: false });
  }
  const m: Material = existing ?? {
    id: nextId(c.a),
    number: input.number,
    name: input.name,
    model: '',
    barcode: '',
    enable: true,
    base_unit_id: base,
    units,
    aux_types: [],
    skus: [],
    retail_price: 0,
    sale_price: 0,
    images: [],
    create_time: t,
    modify_time: t,
  };
  if (existing && existing.base_unit_id !== base && c.a.inventory.some((r) => r.material_id === existing.id && r.qty !== 0)) {
    throw new JdyError(ERR.STATE, `物料 ${existing.number} 已有库存，不能更换基本单位`);
  }
  Object.assign(m, {
    name: input.name,
    base_unit_id: base,
    units,
    modify_time: t,
    ...(input.model !== undefined ? { model: input.model } : {}),
    ...(input.barcode !== undefined ? { barcode: input.barcode } : {}),
    ...(input.enable !== undefined ? { enable: input.enable } : {}),
    ...(input.retail_price !== undefined ? { retail_price: input.retail_price } : {}),
    ...(input.sale_price !== undefined ? { sale_price: input.sale_price } : {}),
    ...(input.images !== undefined ? { images: input.images } : {}),
  });
  if (input.aux !== undefined) {
    const types = input.aux.map((g) => g[0]);
    if (existing && existing.skus.length && types.join('|') !== existing.aux_types.join('|')) {
      // another set of attributes: the old SKUs stay (disabled) so documents and stock keep resolving
      for (const s of existing.skus) s.aux_enable = false;
    }
    const wanted = combinations(input.aux.map(([g, values]) => values.map((v) => auxValueId(c, g, v))));
    const keep: Sku[] = [];
    for (const ids of wanted) {
      const key = ids.join('|');
      const old = m.skus.find((s) => s.aux_ids.join('|') === key);
      if (old) {
        old.aux_enable = true;
        keep.push(old);
      } else {
        const sku: Sku = { sku_id: nextId(c.a), sku_number: `${m.number}-${String(m.skus.length + 1).padStart(3, '0')}`, aux_ids: ids, aux_enable: true };
        m.skus.push(sku);
        keep.push(sku);
      }
    }
    for (const s of m.skus) if (!keep.includes(s)) s.aux_enable = false;
    m.aux_types = types;
  }
  if (!existing) c.a.materials.push(m);
  return m;
}

export interface StockInput {
  stock_number: string;
  material_number: string;
  /** sku_number, sku_id or the combination name (白色/M); empty for a material without SKUs */
  sku?: string;
  qty: number;
}

/** Sets a stock level (base unit). A warehouse that does not exist yet keeps it pending until it is created. */
export function setStockByNumbers(c: Ctx, s: StockInput): 'set' | 'pending' {
  const m = materialBy(c.a, undefined, s.material_number);
  if (!m) throw new JdyError(ERR.NOT_FOUND, `物料 ${s.material_number} 不存在`);
  if (!Number.isFinite(s.qty)) throw bad('qty should be a number');
  let sku: Sku | undefined;
  if (m.aux_types.length) {
    if (!s.sku) throw new JdyError(ERR.REQUIRED, `物料 ${m.number} 启用了辅助属性，需要 sku`);
    sku = m.skus.find((x) => x.sku_number === s.sku || x.sku_id === s.sku || skuName(c.a, x) === s.sku);
    if (!sku) throw new JdyError(ERR.NOT_FOUND, `物料 ${m.number} 没有 SKU ${s.sku}`);
  } else if (s.sku) throw bad(`物料 ${m.number} 没有辅助属性`);
  const precision = c.a.units.find((u) => u.id === m.base_unit_id)?.precision ?? 0;
  if (Math.abs(s.qty * 10 ** precision - Math.round(s.qty * 10 ** precision)) > 1e-9) throw bad(`qty 的小数位数超过单位精度 ${precision}`);
  const store = c.a.stores.find((x) => x.number === s.stock_number);
  if (!store) {
    c.a.pendingStock = c.a.pendingStock.filter((p) => !(p.stock_number === s.stock_number && p.material_number === m.number && p.sku_number === (sku?.sku_number ?? '')));
    c.a.pendingStock.push({ stock_number: s.stock_number, material_number: m.number, sku_number: sku?.sku_number ?? '', qty: s.qty });
    return 'pending';
  }
  setStock(c, store.id, m.id, sku?.sku_id ?? '', s.qty);
  return 'set';
}

export function findDoc(a: AccountSetData, kind: DocKind, idOrNo: string) {
  return docsOf(a, kind).find((d) => d.id === idOrNo || d.bill_no === idOrNo);
}
