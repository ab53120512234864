/** Stores: pickup points with address and opening hours; clerks (staff accounts) belong to one. */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Store, StoreInput } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { CODES } from './pickupCodes';
import { clerkCountOf, clerkNamesOf } from '../auth/clerks';
import { instanceCache } from '../../runtime/instanceCache';

type StoreChoice = { _id: string; name: string; address: string; pickupEnabled: boolean };
/** The stores as this instance last read them for checkouts (short life; saving or deleting one here drops them). */
const choices = instanceCache<StoreChoice[]>();

/** `storeChoices` from this instance's short-lived copy: what every checkout offers for pickup. */
export const storeChoicesCached = (db: Database): Promise<StoreChoice[]> => choices.get(db, 'all', () => storeChoices(db), (l) => l.map((s) => ({ ...s })));

const asStore = (d: Record<string, unknown> & { _id: string }): Store => ({
  _id: d._id,
  name: String(d.name ?? ''),
  address: String(d.address ?? ''),
  phone: String(d.phone ?? ''),
  openingHours: String(d.openingHours ?? ''),
  pickupEnabled: d.pickupEnabled !== false,
  updatedAt: String(d.updatedAt ?? ''),
});

/** Whether a store exists. */
export async function storeExists(db: Database, id: string): Promise<boolean> {
  return (await db.collection('stores').doc(id).get()).data.length > 0;
}

/** Every store (up to 100) as a name and an address, with whether pickup is on: for checkout and staff forms. */
export async function storeChoices(db: Database): Promise<{ _id: string; name: string; address: string; pickupEnabled: boolean }[]> {
  const { data } = await db.collection('stores').limit(100).get();
  return data.map((d) => ({ _id: d._id, name: String(d.name ?? ''), address: String(d.address ?? ''), pickupEnabled: d.pickupEnabled !== false }));
}

export async function listStoresAdmin(db: Database) {
  const { data } = await db.collection('stores').orderBy('_id', 'asc').limit(100).get();
  return Promise.all(
    data.map(async (d) => {
      const [clerks, waiting] = await Promise.all([clerkNamesOf(db, d._id), db.collection(CODES).where({ storeId: d._id, status: 'active' }).count()]);
      return { ...asStore(d), clerks, waiting: waiting.total };
    }),
  );
}

export async function saveStore(db: Database, i: z.output<typeof StoreInput>, now: Date): Promise<Store> {
  const { id, ...fields } = i;
  if (id && !(await db.collection('stores').doc(id).get()).data.length) throw notFound('store');
  const storeId = id ?? `store-${randomUUID().slice(0, 8)}`;
  await db.collection('stores').doc(storeId).set({ ...fields, updatedAt: now.toISOString() });
  choices.invalidate(db);
  return asStore({ ...(await db.collection('stores').doc(storeId).get()).data[0], _id: storeId });
}

export async function deleteStore(db: Database, id: string): Promise<{ deleted: number }> {
  const [clerks, waiting] = await Promise.all([clerkCountOf(db, id), db.collection(CODES).where({ storeId: id, status: 'active' }).count()]);
  if (clerks || waiting.total) {
    throw new AppError('IN_USE', `${clerks} clerk(s) belong to this store and ${waiting.total} pickup order(s) wait there`, { clerks, waiting: waiting.total });
  }
  const { deleted } = await db.collection('stores').doc(id).remove();
  choices.invalidate(db);
  return { deleted };
}
