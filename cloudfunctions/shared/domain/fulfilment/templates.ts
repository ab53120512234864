/** Freight templates (collection `freight_templates`): the merchant's CRUD and the checkout's loader. */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { FreightTemplate, FreightTemplateInput } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { productsUsingTemplate } from '../catalog/lookup';

const COLL = 'freight_templates';

export async function loadTemplates(db: Database, ids: (string | null | undefined)[]): Promise<Map<string, FreightTemplate>> {
  const want = [...new Set(ids.filter((x): x is string => !!x))];
  if (!want.length) return new Map();
  const { data } = await db.collection(COLL).where({ _id: db.command.in(want) }).limit(100).get();
  return new Map(data.map((d) => [d._id, d as unknown as FreightTemplate]));
}

/** Whether a freight template exists. */
export async function templateExists(db: Database, id: string): Promise<boolean> {
  return (await db.collection(COLL).doc(id).get()).data.length > 0;
}

export async function listTemplates(db: Database): Promise<(FreightTemplate & { productCount: number })[]> {
  const { data } = await db.collection(COLL).orderBy('createdAt', 'asc').limit(100).get();
  return Promise.all(
    data.map(async (d) => ({ ...(d as unknown as FreightTemplate), productCount: await productsUsingTemplate(db, d._id) })),
  );
}

export async function getTemplate(db: Database, id: string): Promise<FreightTemplate> {
  const d = (await db.collection(COLL).doc(id).get()).data[0];
  if (!d) throw notFound('freight template');
  return d as unknown as FreightTemplate;
}

export async function saveTemplate(db: Database, input: z.output<typeof FreightTemplateInput> & { id?: string }, now: Date): Promise<FreightTemplate> {
  const { id, ...fields } = input;
  const t = now.toISOString();
  const same = (await db.collection(COLL).where({ name: fields.name }).limit(2).get()).data.find((d) => d._id !== id);
  if (same) throw new AppError('NAME_TAKEN', `a freight template named ${fields.name} exists`, [{ path: 'name', message: 'name taken' }]);
  if (id) {
    const existing = await getTemplate(db, id);
    await db.collection(COLL).doc(id).set({ ...fields, createdAt: existing.createdAt, updatedAt: t });
    return getTemplate(db, id);
  }
  const newId = randomUUID();
  await db.collection(COLL).doc(newId).set({ ...fields, createdAt: t, updatedAt: t });
  return getTemplate(db, newId);
}

export async function deleteTemplate(db: Database, id: string): Promise<{ deleted: number }> {
  const used = await productsUsingTemplate(db, id);
  if (used) throw new AppError('IN_USE', `${used} product(s) use this freight template`, { products: used });
  const { deleted } = await db.collection(COLL).doc(id).remove();
  return { deleted };
}
