/** Categories and brands. */
import type { z } from 'zod';
import type { Brand, BrandInput, Category, CategoryInput } from '@shop/types';
import type { Database } from '../../db/types';
import { DbError } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { newId } from './products';

export async function listCategories(db: Database): Promise<Category[]> {
  const { data } = await db.collection('categories').orderBy('sort', 'asc').orderBy('_id', 'asc').limit(1000).get();
  return data as unknown as Category[];
}
export async function listBrands(db: Database): Promise<Brand[]> {
  const { data } = await db.collection('brands').orderBy('name', 'asc').limit(1000).get();
  return data as unknown as Brand[];
}

export async function withProductCounts<T extends { _id: string }>(db: Database, items: T[], field: 'categoryIds' | 'brandId') {
  return Promise.all(items.map(async (c) => ({ ...c, productCount: (await db.collection('products').where({ [field]: c._id }).count()).total })));
}

/**
 * Creates or renames a category or brand. Names are unique by a unique index (schema.ts), so two admins saving the
 * same name at once cannot both succeed; the index's refusal becomes NAME_TAKEN.
 */
async function saveNamed<T extends { _id: string }>(
  db: Database,
  coll: 'categories' | 'brands',
  noun: string,
  id: string | undefined,
  fields: { name: string } & Record<string, unknown>,
  now: Date,
): Promise<T> {
  try {
    if (id) {
      const ref = db.collection(coll).doc(id);
      const old = (await ref.get()).data[0] as unknown as T | undefined;
      if (!old) throw notFound(noun);
      await ref.update(fields);
      return { ...old, ...fields };
    }
    const doc = { ...fields, createdAt: now.toISOString() };
    const newDocId = newId();
    await db.collection(coll).doc(newDocId).set(doc);
    return { _id: newDocId, ...doc } as unknown as T;
  } catch (e) {
    if (e instanceof DbError && e.code === 'DATABASE_DUPLICATE_WRITE') {
      throw new AppError('NAME_TAKEN', `${noun} "${fields.name}" already exists`, [{ path: 'name', message: 'name already used' }]);
    }
    throw e;
  }
}

export const saveCategory = (db: Database, input: z.output<typeof CategoryInput>, now: Date): Promise<Category> =>
  saveNamed(db, 'categories', 'category', input._id, { name: input.name, icon: input.icon, sort: input.sort }, now);

export const saveBrand = (db: Database, input: z.output<typeof BrandInput>, now: Date): Promise<Brand> =>
  saveNamed(db, 'brands', 'brand', input._id, { name: input.name, logo: input.logo }, now);

/** A category or brand still used by products is not deleted (IN_USE), so no product points at nothing. */
async function deleteTaxon(db: Database, coll: 'categories' | 'brands', id: string) {
  const field = coll === 'categories' ? 'categoryIds' : 'brandId';
  const { total } = await db.collection('products').where({ [field]: id }).count();
  if (total) throw new AppError('IN_USE', `still used by ${total} product(s); move them first`, { productCount: total });
  return db.collection(coll).doc(id).remove();
}
export const deleteCategory = (db: Database, id: string) => deleteTaxon(db, 'categories', id);
export const deleteBrand = (db: Database, id: string) => deleteTaxon(db, 'brands', id);
