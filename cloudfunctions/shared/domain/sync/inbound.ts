/**
 * What comes from Jingdou Cloud: materials (商品), the mall warehouse's stock, and shipping done in the ERP.
 * Each pull is incremental by `modify_time`, from a cursor kept in `sync_state/cursors`, read again from 10 minutes
 * before the cursor (rows written at the window's edge are not missed; applying one twice changes nothing).
 * - A material becomes a mall product keyed by its number: a changed number makes a new product. The mall's own
 *   products are never adopted (seed 000, FAQ 5: they cannot be linked; binding took them off shelf): when one
 *   holds the material's number as its code, its code (and its SKUs' codes and its slug) get the suffix -OLD, so
 *   that the ERP's number stays the product code. New products arrive off shelf: the merchant decorates and
 *   shelves them. Only the base unit is sold (multi-unit materials too); a material
 *   with decimal quantities is skipped with the reason kept in `sync_state/skipped` for the merchant.
 * - A linked material's later edits reach its product: name, price and new auxiliary-attribute SKUs (applyErpEdits).
 * - Stock of the default warehouse sets the linked SKUs' stock (whole units, never below zero).
 * - An outbound document shipped in the ERP ships its express order (the seed's express scenario).
 */
import { CARRIERS, ProductInput, type Sku } from '@shop/types';
import type { Database } from '../../db/types';
import type { JdyClient, MaterialDetail } from '../jdy/client';
import { createProduct, getProduct, updateProduct } from '../catalog/products';
import { freeCode, linkProduct, productByMaterial, refreshStockTotals, setLinkedStock } from '../catalog/erpLinks';
import { orderDoc } from '../orders/records';
import { shipOrder } from '../fulfilment/shipping';
import { SYNC_STATE } from './outbox';
import { ERP_SHIPPER } from './erpShipping';
import type { Defaults } from './mapping';

const OVERLAP_MS = 10 * 60_000;
const CURSORS = 'cursors';
const SKIPPED = 'skipped';

type CursorName = 'materials' | 'stock' | 'shipments';

async function cursorOf(db: Database, name: CursorName): Promise<number> {
  const d = (await db.collection(SYNC_STATE).doc(CURSORS).get()).data[0] as Record<string, unknown> | undefined;
  return Number(d?.[name] ?? 0);
}
async function moveCursor(db: Database, name: CursorName, to: number) {
  const cur = (await db.collection(SYNC_STATE).doc(CURSORS).get()).data[0];
  if (cur) await db.collection(SYNC_STATE).doc(CURSORS).update({ [name]: to });
  else await db.collection(SYNC_STATE).doc(CURSORS).set({ [name]: to });
}
const since = (cursor: number) => String(Math.max(0, cursor - OVERLAP_MS));
const num = (v: unknown) => Number(v ?? 0);

async function recordSkipped(db: Database, number: string, name: string, reason: string | null, now: Date) {
  const d = (await db.collection(SYNC_STATE).doc(SKIPPED).get()).data[0] as { items?: Record<string, unknown> } | undefined;
  const items = { ...(d?.items ?? {}) } as Record<string, unknown>;
  if (reason) items[number] = { number, name, reason, at: now.toISOString() };
  else if (!(number in items)) return;
  else delete items[number];
  await db.collection(SYNC_STATE).doc(SKIPPED).set({ items });
}

const specValuesOf = (a: MaterialDetail['aux_entity'][number]) =>
  [a.aux_name1, a.aux_name2, a.aux_name3, a.aux_name4, a.aux_name5].filter((x): x is string => typeof x === 'string' && x !== '');

/** Specs of a material: one per aux type, values in the order the SKUs first use them. */
function specsOf(m: MaterialDetail): { name: string; values: string[] }[] {
  const skus = (m.aux_entity ?? []).filter((a) => a.aux_enable !== false && (a.aux_enable as unknown) !== '0');
  if (!skus.length) return [];
  const n = specValuesOf(skus[0]).length;
  const names = [1, 2, 3, 4, 5].slice(0, n).map((i) => String((skus[0] as unknown as Record<string, unknown>)[`aux_type_name${i}`] ?? `属性${i}`));
  return names.map((name, i) => ({ name, values: [...new Set(skus.map((s) => specValuesOf(s)[i]))] }));
}

const priceOf = (m: MaterialDetail): number => {
  const p = (m.price_entity ?? []).find((x) => String(x.unit_id) === String(m.base_unit_id)) ?? (m.price_entity ?? [])[0];
  return Math.round(Number(p?.price_retail_price ?? p?.price_sale_price1 ?? 0) * 100);
};

/**
 * What the clerk changed in the ERP reaches a linked product (seed 000, 二.2): its name, its price (the base unit's
 * retail price, as at creation; a material without a price keeps the mall's) and SKUs for new auxiliary-attribute
 * combinations (stock 0 until WSCCK has some). Everything else is the merchant's decoration and stays: images,
 * detail, summary, categories, shelf state, SKU ids and stock. A material whose attribute types changed (names or
 * count) gets no new SKUs (its unmatched SKUs lose their link, as before). Nothing is written when nothing differs.
 */
async function applyErpEdits(db: Database, productId: string, m: MaterialDetail, enabled: MaterialDetail['aux_entity'], now: Date): Promise<void> {
  const p = await getProduct(db, productId);
  const incoming = specsOf(m);
  const erpPrice = priceOf(m);
  const price = (s: Sku) => (erpPrice > 0 ? erpPrice : s.price);
  const sameShape = incoming.length === p.specs.length && incoming.every((x, i) => x.name === p.specs[i].name);
  const specs = sameShape ? p.specs.map((x, i) => ({ name: x.name, values: [...x.values, ...incoming[i].values.filter((v) => !x.values.includes(v))] })) : p.specs;
  const have = new Set(p.skus.map((x) => x.specValues.join('/')));
  const added = sameShape && incoming.length ? enabled.map(specValuesOf).filter((v) => !have.has(v.join('/'))) : [];
  const name = m.name.slice(0, 100);
  if (name === p.name && !added.length && p.skus.every((x) => x.price === price(x))) return;
  await updateProduct(
    db,
    p._id,
    ProductInput.parse({
      name,
      summary: p.summary,
      slug: p.slug,
      code: p.code,
      type: p.type,
      categoryIds: p.categoryIds,
      brandId: p.brandId ?? null,
      images: p.images,
      detail: p.detail,
      onShelf: p.onShelf,
      stockStrategy: p.stockStrategy,
      pointsCoefficient: p.pointsCoefficient,
      freightTemplateId: p.freightTemplateId ?? null,
      weightGrams: p.weightGrams ?? 0,
      specs,
      skus: [
        ...p.skus.map((x) => ({ _id: x._id, specValues: x.specValues, code: x.code, price: price(x), originalPrice: x.originalPrice, stock: x.stock })),
        ...added.map((v) => ({ specValues: v, price: erpPrice, stock: 0 })),
      ],
    }),
    now,
  );
}

async function applyMaterial(db: Database, m: MaterialDetail, now: Date): Promise<'created' | 'updated' | 'skipped'> {
  const precision = num(m.base_unit_precision);
  if (precision > 0) {
    await recordSkipped(db, m.number, m.name, `基本单位允许${precision}位小数，商城不支持小数数量，未同步`, now);
    return 'skipped';
  }
  await recordSkipped(db, m.number, m.name, null, now);
  const link = { materialId: String(m.id), materialNumber: m.number, unitId: String(m.base_unit_id), unitName: String(m.base_unit_name ?? ''), modifiedAt: String(m.modify_time ?? '') };
  const enabled = (m.aux_entity ?? []).filter((a) => a.aux_enable !== false && (a.aux_enable as unknown) !== '0');
  let product = await productByMaterial(db, m.number);
  let outcome: 'created' | 'updated' = 'updated';
  if (!product) {
    await freeCode(db, m.number, now);
    const specs = specsOf(m);
    const price = priceOf(m);
    const made = await createProduct(
      db,
      ProductInput.parse({
        name: m.name.slice(0, 100),
        code: m.number,
        specs,
        // SKU codes are the mall's own (an ERP sku_number keeps its material's old code after a renumbering)
        skus: specs.length ? enabled.map((a) => ({ specValues: specValuesOf(a), price, stock: 0 })) : [{ specValues: [], price, stock: 0 }],
        onShelf: false,
      }),
      now,
    );
    product = made;
    outcome = 'created';
  }
  if (outcome === 'updated') await applyErpEdits(db, product._id, m, enabled, now);
  await linkProduct(db, product._id, link, (s) => {
    const a = enabled.length ? enabled.find((x) => specValuesOf(x).join('/') === s.specValues.join('/')) : null;
    return enabled.length ? (a ? { auxPropId: String(a.sku_id), skuNumber: String(a.sku_number) } : null) : { auxPropId: '', skuNumber: m.number };
  }, now);
  return outcome;
}

/** Materials changed since the cursor → products (created off shelf, or updated). */
export async function pullMaterials(db: Database, client: JdyClient, now: Date): Promise<Record<string, number>> {
  const cursor = await cursorOf(db, 'materials');
  const rows = await client.listAll((p) => client.listMaterials({ ...p, modify_start_time: since(cursor) }));
  const counts: Record<string, number> = { created: 0, updated: 0, skipped: 0 };
  let last = cursor;
  for (const r of rows) {
    const detail = await client.materialDetail({ id: String(r.id) });
    try {
      counts[await applyMaterial(db, detail, now)]++;
    } catch (e) {
      // one material the mall cannot take must not hold up the others: the merchant sees why, and the next change
      // of that material in the ERP tries again
      counts.skipped++;
      await recordSkipped(db, detail.number, detail.name, `同步失败：${(e as Error).message}`.slice(0, 300), now);
    }
    last = Math.max(last, num(r.modify_time));
  }
  await moveCursor(db, 'materials', last);
  return counts;
}

/** The default warehouse's stock → the linked SKUs (and their products' totals). */
export async function pullStock(db: Database, client: JdyClient, d: Defaults): Promise<{ updated: number }> {
  const cursor = await cursorOf(db, 'stock');
  const rows = await client.listAll((p) => client.listInventory({ ...p, stock_numbers: [d.warehouse], modify_start_time: since(cursor) } as never));
  let updated = 0;
  let last = cursor;
  const touched = new Set<string>();
  for (const r of rows) {
    last = Math.max(last, num((r as unknown as { modify_time?: unknown }).modify_time));
    const changed = await setLinkedStock(db, r.material_number, String(r.aux_prop_id ?? ''), Math.max(0, Math.floor(Number(r.qty))));
    if (changed) {
      updated++;
      touched.add(changed);
    }
  }
  await refreshStockTotals(db, touched);
  await moveCursor(db, 'stock', last);
  return { updated };
}

/** Outbound documents shipped in the ERP → their express orders ship with the ERP's carrier and number. */
export async function pullShipments(db: Database, client: JdyClient, now: Date): Promise<{ shipped: number }> {
  const cursor = await cursorOf(db, 'shipments');
  const rows = await client.listAll((p) => client.listOutbound({ ...p, modify_start_time: since(cursor) }));
  let shipped = 0;
  let last = cursor;
  for (const r of rows) {
    last = Math.max(last, num(r.modify_time));
    if (r.ship_status !== 'shipped' || !r.logistics_number) continue;
    const o = await orderDoc(db, r.bill_no);
    if (!o || o.delivery?.method !== 'express' || (o.status !== 'paid' && o.status !== 'partly_shipped')) continue;
    const company = (CARRIERS as readonly string[]).find((c) => (r.logistics_company ?? '').includes(c) || c.includes(r.logistics_company ?? '—')) ?? null;
    const trackingNo = r.logistics_number.replace(/[^A-Za-z0-9-]/g, '');
    if (!company || trackingNo.length < 6) continue;
    await shipOrder(db, { id: r.bill_no, company: company as (typeof CARRIERS)[number], trackingNo }, ERP_SHIPPER, now);
    shipped++;
  }
  await moveCursor(db, 'shipments', last);
  return { shipped };
}

export async function skippedMaterials(db: Database): Promise<{ number: string; name: string; reason: string; at: string }[]> {
  const d = (await db.collection(SYNC_STATE).doc(SKIPPED).get()).data[0] as { items?: Record<string, { number: string; name: string; reason: string; at: string }> } | undefined;
  return Object.values(d?.items ?? {});
}
