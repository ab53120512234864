import { ShopSettings, type ShopSettingsPatch } from '@shop/types';
import type { Database, Transaction } from '../../db/types';
import { instanceCache } from '../../runtime/instanceCache';

const DOC = 'shop';

/**
 * The settings documents as this instance last read them (a short life; see runtime/instanceCache.ts): a write
 * through this module drops them here at once, other instances read them again within the cache's life.
 */
const docs = instanceCache<Record<string, unknown> | undefined>();
const readDoc = (db: Database, name: string) => docs.get(db, name, async () => (await db.collection('settings').doc(name).get()).data[0], (d) => (d ? structuredClone(d) : d));

/** The shop's settings with every default filled in. */
export async function getSettings(db: Database): Promise<ShopSettings> {
  const doc = await readDoc(db, DOC);
  const { _id, updatedAt, ...stored } = doc ?? {};
  return ShopSettings.parse(stored);
}

/** The shop's settings read inside a transaction (the caller's work stays self-contained). */
export async function getSettingsTx(tx: Transaction): Promise<ShopSettings> {
  const doc = (await tx.collection('settings').doc(DOC).get()).data as Record<string, unknown> | null;
  const { _id, updatedAt, ...stored } = doc ?? {};
  return ShopSettings.parse(stored);
}

/** What the storefront shows of the shop (店铺信息): name, logo, customer-service phone, share title and picture. */
export async function getShopInfo(db: Database): Promise<ShopSettings['shop']> {
  return (await getSettings(db)).shop;
}

/** Another feature's settings document (`settings/<name>`, e.g. the registration gift), or undefined. */
export async function readSettingsDoc(db: Database, name: string): Promise<Record<string, unknown> | undefined> {
  return readDoc(db, name);
}

/** Replaces another feature's settings document. */
export async function writeSettingsDoc(db: Database, name: string, doc: Record<string, unknown>): Promise<void> {
  try {
    await db.collection('settings').doc(name).set(doc);
  } finally {
    docs.invalidate(db, name);
  }
}

/**
 * Applies a validated patch and answers the full settings. Only the named fields are written (dotted paths), so
 * two admins saving different sections at once do not undo each other.
 */
export async function updateSettings(db: Database, patch: ShopSettingsPatch, now: Date): Promise<ShopSettings> {
  const current = await getSettings(db);
  const next = ShopSettings.parse({
    orders: { ...current.orders, ...patch.orders },
    points: { ...current.points, ...patch.points },
    experience: { ...current.experience, ...patch.experience },
    coupons: { ...current.coupons, ...patch.coupons },
    local: { ...current.local, ...patch.local },
    shop: { ...current.shop, ...patch.shop },
  });
  const fields: Record<string, unknown> = { updatedAt: now.toISOString() };
  for (const [section, values] of Object.entries(patch)) {
    for (const [k, v] of Object.entries(values ?? {})) if (v !== undefined) fields[`${section}.${k}`] = v;
  }
  const ref = db.collection('settings').doc(DOC);
  try {
    const { updated } = await ref.update(fields);
    if (!updated) {
      try {
        await db.collection('settings').add({ _id: DOC, ...next, updatedAt: now.toISOString() });
      } catch {
        await ref.update(fields); // someone created it meanwhile: apply ours on top
      }
    }
  } finally {
    docs.invalidate(db, DOC);
  }
  return getSettings(db);
}
