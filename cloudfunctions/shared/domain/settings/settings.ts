import { ShopSettings, type ShopSettingsPatch } from '@shop/types';
import type { Database } from '../../db/types';

const DOC = 'shop';

/** The shop's settings with every default filled in. */
export async function getSettings(db: Database): Promise<ShopSettings> {
  const doc = (await db.collection('settings').doc(DOC).get()).data[0] as Record<string, unknown> | undefined;
  const { _id, updatedAt, ...stored } = doc ?? {};
  return ShopSettings.parse(stored);
}

/** Applies a validated patch section by section and answers the full settings. */
export async function updateSettings(db: Database, patch: ShopSettingsPatch, now: Date): Promise<ShopSettings> {
  const current = await getSettings(db);
  const next = ShopSettings.parse({
    orders: { ...current.orders, ...patch.orders },
    points: { ...current.points, ...patch.points },
    experience: { ...current.experience, ...patch.experience },
    coupons: { ...current.coupons, ...patch.coupons },
  });
  await db.collection('settings').doc(DOC).set({ ...next, updatedAt: now.toISOString() });
  return next;
}
