/**
 * Shopper documents as the other folders see them (members owns `shoppers`; see schema.ts): read by openid (the
 * document id), created at first login, patched, searched and named. The rules of an account (points, levels,
 * blocking) stay in the other members modules.
 */
import type { Page, ShopperBrief } from '@shop/types';
import type { Database, Doc } from '../../db/types';
import { escapeRegExp } from '../catalog/rules';
import { pageOf } from '../paging';
import { instanceCache } from '../../runtime/instanceCache';

/** One shopper's document, or undefined. */
export async function shopperDoc(db: Database, openid: string): Promise<Doc | undefined> {
  return (await db.collection('shoppers').doc(openid).get()).data[0];
}

const blockedCache = instanceCache<Set<string>>();

/**
 * Whether a shopper is blacklisted, from this instance's list of blocked shoppers (one query per cache life, not one
 * per request): blocking in this instance counts at once, in another within the cache's life (and blocking ends the
 * shopper's sessions besides).
 */
export async function isBlocked(db: Database, openid: string): Promise<boolean> {
  const blocked = await blockedCache.get(db, 'all', async () => {
    const out = new Set<string>();
    for (let skip = 0; ; skip += 1000) {
      const { data } = await db.collection('shoppers').where({ blocked: true }).orderBy('_id', 'asc').field({ _id: true }).skip(skip).limit(1000).get();
      for (const d of data) out.add(d._id);
      if (data.length < 1000) return out;
    }
  });
  return blocked.has(openid);
}

/** A shopper was blocked or restored in this instance. */
export const blockedChanged = (db: Database) => blockedCache.invalidate(db);

/** Creates a shopper's document (fails with a duplicate-write error when it exists). */
export async function addShopper(db: Database, openid: string, fields: Record<string, unknown>): Promise<void> {
  await db.collection('shoppers').add({ _id: openid, ...fields });
}

/** Sets fields of a shopper's document. */
export async function updateShopper(db: Database, openid: string, patch: Record<string, unknown>): Promise<void> {
  await db.collection('shoppers').doc(openid).update(patch);
}

/** Which of these openids are shoppers (up to 1000). */
export async function knownShoppers(db: Database, openids: string[]): Promise<Set<string>> {
  const { data } = await db.collection('shoppers').where({ _id: db.command.in(openids) }).field({ _id: true }).limit(1000).get();
  return new Set(data.map((d) => d._id));
}

/** Shopper nicknames by openid (up to 1000 per call; no query for none). */
export async function nicknames(db: Database, openids: (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(openids.filter((x): x is string => !!x))];
  if (!ids.length) return new Map();
  const _ = db.command;
  const { data } = await db.collection('shoppers').where({ _id: _.in(ids) }).field({ nickname: true }).limit(1000).get();
  return new Map(data.map((d) => [d._id, String((d as { nickname?: unknown }).nickname ?? '')]));
}

/** For the coupon distribute dialog: shoppers by nickname (or exact openid), newest first. */
export async function searchShoppers(db: Database, input: { keyword?: string; page: number; pageSize: number }): Promise<Page<ShopperBrief>> {
  const _ = db.command;
  const k = input.keyword?.trim();
  const where = k ? _.or([{ nickname: db.RegExp({ regexp: escapeRegExp(k), options: 'i' }) }, { _id: k }]) : {};
  const q = db.collection('shoppers').where(where).orderBy('createdAt', 'desc').orderBy('_id', 'asc').field({ nickname: true, createdAt: true });
  return pageOf(q, input, (d) => ({ openid: d._id, nickname: String((d as { nickname?: unknown }).nickname ?? ''), createdAt: ((d as { createdAt?: string }).createdAt as string) ?? null }));
}
