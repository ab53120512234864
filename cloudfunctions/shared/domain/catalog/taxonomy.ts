/** Categories, brands and banners. */
import type { z } from 'zod';
import type { Banner, Brand, BrandInput, Category, CategoryInput } from '@shop/types';
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
export async function listBanners(db: Database): Promise<Banner[]> {
  const { data } = await db.collection('banners').orderBy('sort', 'asc').limit(20).get();
  return data as unknown as Banner[];
}

export async function withProductCounts<T extends { _id: string }>(db: Database, items: T[], field: 'categoryIds' | 'brandId') {
  return Promise.all(items.map(async (c) => ({ ...c, productCount: (await db.collection('products').where({ [field]: c._id }).count()).total })));
}

export async function saveCategory(db: Database, input: z.output<typeof CategoryInput>, now: Date): Promise<Category> {
  const _ = db.command;
  const dup = await db.collection('categories').where({ name: input.name, _id: _.neq(input._id ?? '') }).count();
  if (dup.total) throw new AppError('NAME_TAKEN', `category "${input.name}" already exists`, [{ path: 'name', message: 'name already used' }]);
  if (input._id) {
    const ref = db.collection('categories').doc(input._id);
    const old = (await ref.get()).data[0] as unknown as Category | undefined;
    if (!old) throw notFound('category');
    const next = { ...old, name: input.name, icon: input.icon, sort: input.sort };
    await ref.update({ name: input.name, icon: input.icon, sort: input.sort });
    return next;
  }
  const doc = { name: input.name, icon: input.icon, sort: input.sort, createdAt: now.toISOString() };
  const id = newId();
  await db.collection('categories').doc(id).set(doc);
  return { _id: id, ...doc };
}

export async function saveBrand(db: Database, input: z.output<typeof BrandInput>, now: Date): Promise<Brand> {
  try {
    if (input._id) {
      const ref = db.collection('brands').doc(input._id);
      const old = (await ref.get()).data[0] as unknown as Brand | undefined;
      if (!old) throw notFound('brand');
      await ref.update({ name: input.name, logo: input.logo });
      return { ...old, name: input.name, logo: input.logo };
    }
    const doc = { name: input.name, logo: input.logo, createdAt: now.toISOString() };
    const id = newId();
    await db.collection('brands').doc(id).set(doc);
    return { _id: id, ...doc };
  } catch (e) {
    if (e instanceof DbError && e.code === 'DATABASE_DUPLICATE_WRITE') {
      throw new AppError('NAME_TAKEN', `brand "${input.name}" already exists`, [{ path: 'name', message: 'name already used' }]);
    }
    throw e;
  }
}

/** A category or brand still used by products is not deleted (IN_USE), so no product points at nothing. */
export async function deleteTaxon(db: Database, coll: 'categories' | 'brands', id: string) {
  const field = coll === 'categories' ? 'categoryIds' : 'brandId';
  const { total } = await db.collection('products').where({ [field]: id }).count();
  if (total) throw new AppError('IN_USE', `still used by ${total} product(s); move them first`, { productCount: total });
  return db.collection(coll).doc(id).remove();
}
