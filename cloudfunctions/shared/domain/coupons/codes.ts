/** Normal codes: generation, distribution (all or nothing), import, listing, usage, export. */
import type { CodeStatus, CouponCodeRow, CouponStats, CouponUsageRow, ImportCodesResult, Page } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { codesFromRows, rowsFromCsv, rowsFromXlsx, type Rejected } from './importFile';
import { assertGivable, assignCodes, revertAssignment } from './assign';
import { canDo, csvLine, generateCode } from './rules';
import { knownShoppers } from '../members/shoppers';
import { shoppersWithPaidOrders } from '../orders/records';
import { asCode, CODES, COUPONS, isDuplicate, loadCoupon, newId, nicknames, statsOf, USES, type CodeDoc } from './store';
import { pageOf } from '../paging';

const CHUNK = 500;

const codeDoc = (couponId: string, code: string, source: 'generated' | 'imported', nowIso: string): CodeDoc => ({
  _id: newId(),
  couponId,
  code,
  kind: 'normal',
  source,
  status: 'available',
  openid: null,
  via: null,
  assignedAt: null,
  assignId: null,
  grantKey: null,
  validFrom: null,
  validTo: null,
  orderId: null,
  usedAt: null,
  everUsed: false,
  voidedAt: null,
  createdAt: nowIso,
});

/** Inserts one code; on a clash of the code, `retry` gives another code (null: give up). Answers whether it landed. */
async function addOne(db: Database, doc: CodeDoc, retry: () => string | null): Promise<boolean> {
  const codes = db.collection(CODES);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await codes.add(doc as unknown as Record<string, unknown>);
      return true;
    } catch (e) {
      if (!isDuplicate(e)) throw e;
      // on CloudBase a batch insert may have stored this very document before failing on another one
      if ((await codes.doc(doc._id).get()).data.length) return true;
      const next = retry();
      if (next === null) return false;
      doc = { ...doc, code: next };
    }
  }
  throw new AppError('CONFLICT', 'could not find a free code, please try again');
}

/** Generates `n` codes `prefix + 12 random symbols` for a coupon, in chunks. */
export async function generateCodes(db: Database, couponId: string, prefix: string, n: number, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const codes = db.collection(CODES);
  for (let done = 0; done < n; ) {
    const size = Math.min(CHUNK, n - done);
    const docs = Array.from({ length: size }, () => codeDoc(couponId, generateCode(prefix), 'generated', nowIso));
    try {
      await codes.add(docs as unknown as Record<string, unknown>[]);
    } catch (e) {
      if (!isDuplicate(e)) throw e;
      for (const d of docs) await addOne(db, d, () => generateCode(prefix));
    }
    done += size;
  }
  return n;
}

/** 派发: all or nothing. Refused with COUPON_SOLD_OUT (nothing changed) when there are not enough unassigned codes. */
export async function distribute(
  db: Database,
  couponId: string,
  grants: { openid: string; quantity: number }[],
  now: Date,
): Promise<{ distributed: number; stats: CouponStats }> {
  const c = await loadCoupon(db, couponId);
  assertGivable(c, now);
  const seen = new Map<string, number>();
  const details: { path: string; message: string }[] = [];
  grants.forEach((g, i) => {
    if (seen.has(g.openid)) details.push({ path: `grants.${i}.openid`, message: `repeats grants.${seen.get(g.openid)}` });
    else seen.set(g.openid, i);
  });
  if (details.length) throw new AppError('VALIDATION_FAILED', 'a customer is listed twice', details);
  const knownIds = await knownShoppers(db, [...seen.keys()]);
  grants.forEach((g, i) => {
    if (!knownIds.has(g.openid)) details.push({ path: `grants.${i}.openid`, message: 'unknown customer' });
  });
  if (details.length) throw new AppError('VALIDATION_FAILED', 'unknown customer', details);
  if (c.audience === 'new') {
    const openids = await shoppersWithPaidOrders(db, [...seen.keys()]);
    if (openids.length) {
      throw new AppError('COUPON_NEW_CUSTOMERS_ONLY', `该券为新人专享，${openids.length} 位顾客已有付款订单，不能派发`, { couponId, openids });
    }
  }

  const need = grants.reduce((a, g) => a + g.quantity, 0);
  const { total: available } = await db.collection(CODES).where({ couponId, status: 'available' }).count();
  const soldOut = (left: number) =>
    new AppError('COUPON_SOLD_OUT', `only ${left} unassigned codes left, ${need} requested`, { available: left, requested: need });
  if (available < need) throw soldOut(available);

  const assignId = newId();
  for (const g of grants) {
    const got = await assignCodes(db, c, g.openid, g.quantity, { via: 'distribute', assignId }, now);
    if (got < g.quantity) {
      await revertAssignment(db, assignId);
      const { total } = await db.collection(CODES).where({ couponId, status: 'available' }).count();
      throw soldOut(total);
    }
  }
  return { distributed: need, stats: await statsOf(db, c) };
}

/** 文件导入 (draft normal coupons): codes that are well formed and new anywhere in the shop are added; the rest are listed. */
export async function importCodes(db: Database, couponId: string, file: { csv?: string; xlsxBase64?: string }, now: Date): Promise<ImportCodesResult> {
  const c = await loadCoupon(db, couponId);
  if (c.kind !== 'normal') throw new AppError('INVALID_STATE', 'a reusable coupon has one code chosen by the merchant; files are for normal coupons');
  if (!canDo('importCodes', c.status)) throw new AppError('INVALID_STATE', 'a published coupon cannot change: create a new coupon for more codes');
  const rows = file.csv !== undefined ? rowsFromCsv(file.csv) : await rowsFromXlsx(file.xlsxBase64 ?? '');
  const { codes: wanted, rejected } = codesFromRows(rows);
  if (!wanted.length && !rejected.length) throw new AppError('IMPORT_INVALID', 'the file has no codes');

  const _ = db.command;
  const coll = db.collection(CODES);
  const exists = (r: { line: number; code: string }): Rejected => ({ line: r.line, code: r.code, reason: 'ALREADY_EXISTS', message: 'this code already exists' });
  const fresh: typeof wanted = [];
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const chunk = wanted.slice(i, i + CHUNK);
    const { data } = await coll.where({ code: _.in(chunk.map((r) => r.code)) }).field({ code: true }).limit(1000).get();
    const taken = new Set(data.map((d) => String(d.code)));
    for (const r of chunk) {
      if (taken.has(r.code)) rejected.push(exists(r));
      else fresh.push(r);
    }
  }
  const nowIso = now.toISOString();
  let imported = 0;
  for (let i = 0; i < fresh.length; i += CHUNK) {
    const chunk = fresh.slice(i, i + CHUNK);
    const docs = chunk.map((r) => codeDoc(couponId, r.code, 'imported', nowIso));
    try {
      await coll.add(docs as unknown as Record<string, unknown>[]);
      imported += docs.length;
    } catch (e) {
      if (!isDuplicate(e)) throw e;
      // someone added one of these codes meanwhile: one by one, the clashing ones are listed
      for (let k = 0; k < docs.length; k++) {
        if (await addOne(db, docs[k], () => null)) imported++;
        else rejected.push(exists(chunk[k]));
      }
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  const { total } = await coll.where({ couponId }).count();
  return { imported, rejected, total };
}

const toRow = (d: CodeDoc, names: Map<string, string>): CouponCodeRow => ({
  _id: d._id,
  code: d.code,
  status: d.status as CodeStatus,
  source: d.source === 'imported' ? 'imported' : 'generated',
  openid: d.openid,
  nickname: d.openid ? (names.get(d.openid) ?? null) : null,
  via: d.via,
  assignedAt: d.assignedAt,
  orderId: d.orderId,
  usedAt: d.usedAt,
});

/** The codes of a normal coupon, paged, optionally by status. */
export async function listCodes(db: Database, input: { couponId: string; status?: CodeStatus; page: number; pageSize: number }): Promise<Page<CouponCodeRow>> {
  await loadCoupon(db, input.couponId);
  const where: Record<string, unknown> = { couponId: input.couponId, kind: 'normal' };
  if (input.status) where.status = input.status;
  const p = await pageOf(db.collection(CODES).where(where).orderBy('_id', 'asc'), input, asCode);
  const names = await nicknames(db, p.items.map((d) => d.openid));
  return { ...p, items: p.items.map((d) => toRow(d, names)) };
}

/** Who used the coupon, in which order, when (newest first). */
export async function usage(db: Database, input: { couponId: string; page: number; pageSize: number }): Promise<Page<CouponUsageRow>> {
  const c = await loadCoupon(db, input.couponId);
  const p =
    c.kind === 'normal'
      ? await pageOf(db.collection(CODES).where({ couponId: c._id, status: 'used' }).orderBy('usedAt', 'desc').orderBy('_id', 'desc'), input, (doc) => {
          const d = asCode(doc);
          return { code: d.code, openid: d.openid ?? '', orderId: d.orderId ?? '', usedAt: d.usedAt ?? '' };
        })
      : await pageOf(db.collection(USES).where({ couponId: c._id, kind: 'use', status: 'used' }).orderBy('at', 'desc').orderBy('_id', 'desc'), input, (doc) => {
          const d = doc as unknown as { openid: string; orderId: string; at: string };
          return { code: c.code ?? '', openid: d.openid, orderId: d.orderId, usedAt: d.at };
        });
  const names = await nicknames(db, p.items.map((r) => r.openid));
  return { ...p, items: p.items.map((r) => ({ ...r, nickname: names.get(r.openid) ?? null })) };
}

const STATUS_TEXT: Record<string, string> = { available: '未发放', held: '已发放', used: '已使用', void: '已作废' };
const VIA_TEXT: Record<string, string> = { distribute: '商家派发', claim: '顾客领取', registration: '注册送券', gift: '满赠' };
/** Beijing time (no daylight saving), for spreadsheets. */
const local = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3600e3).toISOString().slice(0, 19).replace('T', ' ') : '');

/** The codes as CSV (UTF-8 with BOM so that Excel reads the Chinese headers). */
export async function exportCodes(db: Database, input: { couponId: string; status?: CodeStatus }): Promise<{ filename: string; csv: string; rows: number }> {
  const c = await loadCoupon(db, input.couponId);
  const lines: string[] = [];
  const safeName = c.name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40);
  if (c.kind === 'reusable') {
    lines.push(csvLine(['优惠码', '顾客OpenID', '昵称', '订单号', '使用时间']));
    const coll = db.collection(USES);
    const all: { openid: string; orderId: string; at: string }[] = [];
    for (let skip = 0; ; skip += 1000) {
      const { data } = await coll.where({ couponId: c._id, kind: 'use', status: 'used' }).orderBy('at', 'asc').orderBy('_id', 'asc').skip(skip).limit(1000).get();
      all.push(...data.map((d) => d as unknown as { openid: string; orderId: string; at: string }));
      if (data.length < 1000) break;
    }
    const names = await nicknames(db, all.map((u) => u.openid));
    for (const u of all) lines.push(csvLine([c.code, u.openid, names.get(u.openid) ?? '', u.orderId, local(u.at)]));
    return { filename: `coupon-${safeName}-uses.csv`, csv: '\uFEFF' + lines.join('\r\n') + '\r\n', rows: all.length };
  }
  lines.push(csvLine(['优惠码', '状态', '来源', '顾客OpenID', '昵称', '获得方式', '获得时间', '订单号', '使用时间']));
  const where: Record<string, unknown> = { couponId: c._id, kind: 'normal' };
  if (input.status) where.status = input.status;
  const coll = db.collection(CODES);
  const all: CodeDoc[] = [];
  for (let skip = 0; ; skip += 1000) {
    const { data } = await coll.where(where).orderBy('_id', 'asc').skip(skip).limit(1000).get();
    all.push(...data.map(asCode));
    if (data.length < 1000) break;
  }
  const names = new Map<string, string>();
  const holders = [...new Set(all.map((d) => d.openid).filter((x): x is string => !!x))];
  for (let i = 0; i < holders.length; i += 1000) for (const [k, v] of await nicknames(db, holders.slice(i, i + 1000))) names.set(k, v);
  for (const d of all) {
    lines.push(
      csvLine([
        d.code,
        STATUS_TEXT[d.status] ?? d.status,
        d.source === 'imported' ? '导入' : '系统生成',
        d.openid ?? '',
        d.openid ? (names.get(d.openid) ?? '') : '',
        d.via ? VIA_TEXT[d.via] : '',
        local(d.assignedAt),
        d.orderId ?? '',
        local(d.usedAt),
      ]),
    );
  }
  return { filename: `coupon-${safeName}${input.status ? `-${input.status}` : ''}.csv`, csv: '\uFEFF' + lines.join('\r\n') + '\r\n', rows: all.length };
}

/** Everything of a coupon: its codes and its use / claim / grant records (used by delete). */
export async function removeCouponData(db: Database, couponId: string): Promise<number> {
  const { deleted } = await db.collection(CODES).where({ couponId }).remove();
  await db.collection(USES).where({ couponId }).remove();
  await db.collection(COUPONS).doc(couponId).remove();
  return deleted;
}
