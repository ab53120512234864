/**
 * 商品分组: named lists of products in the merchant's order (catalog owns `product_groups`; see schema.ts). The
 * decoration's product-group module shows one; a group that is gone, or products taken off shelf, simply show less.
 */
import type { z } from 'zod';
import type { ProductGroup, ProductGroupInput } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { existingProductIds } from './lookup';
import { newId } from './products';

const GROUPS = 'product_groups';

export async function listGroups(db: Database): Promise<ProductGroup[]> {
  const { data } = await db.collection(GROUPS).orderBy('createdAt', 'asc').orderBy('_id', 'asc').limit(1000).get();
  return data as unknown as ProductGroup[];
}

/** The groups of these ids, by id (one read; absent ids left out). */
export async function groupsByIds(db: Database, ids: string[]): Promise<Map<string, ProductGroup>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const { data } = await db.collection(GROUPS).where({ _id: db.command.in(unique) }).limit(1000).get();
  return new Map((data as unknown as ProductGroup[]).map((g) => [g._id, g]));
}

/** Creates or updates a group; every product must exist (a wrong id is named by its path). */
export async function saveGroup(db: Database, input: z.output<typeof ProductGroupInput>, now: Date): Promise<ProductGroup> {
  const known = input.productIds.length ? await existingProductIds(db, input.productIds) : new Set<string>();
  const missing = input.productIds.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id));
  if (missing.length) {
    throw new AppError('VALIDATION_FAILED', 'some products do not exist', missing.map(({ i }) => ({ path: `productIds.${i}`, code: 'not_found', message: 'no such product' })));
  }
  const at = now.toISOString();
  const fields = { name: input.name, productIds: input.productIds, updatedAt: at };
  if (input._id) {
    const ref = db.collection(GROUPS).doc(input._id);
    const old = (await ref.get()).data[0] as unknown as ProductGroup | undefined;
    if (!old) throw notFound('product group');
    await ref.update({ ...fields, productIds: db.command.set(input.productIds) });
    return { ...old, ...fields };
  }
  const doc = { ...fields, createdAt: at };
  const id = newId();
  await db.collection(GROUPS).doc(id).set(doc);
  return { _id: id, ...doc };
}

export async function deleteGroup(db: Database, id: string): Promise<{ deleted: number }> {
  return db.collection(GROUPS).doc(id).remove();
}
