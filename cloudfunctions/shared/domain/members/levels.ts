/**
 * Member levels (会员等级): name and experience threshold unique (unique indexes in schema.ts, checked first for a
 * precise answer), a discount rate per mille, an icon. The default level (`_id` "default", 普通会员, threshold 0)
 * is created on first use, can be renamed and given an icon, keeps threshold 0 and cannot be deleted.
 * A shopper's level is computed from their experience when read, so nothing goes stale when levels change.
 */
import type { z } from 'zod';
import { DEFAULT_LEVEL_ID, DEFAULT_LEVEL_NAME, type LevelInput, type MemberLevel, type MemberLevelRow } from '@shop/types';
import type { Database, Doc, QueryOperand } from '../../db/types';
import { isDbError } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { instanceCache } from '../../runtime/instanceCache';

/** The levels as this instance last read them (short life; saving or deleting a level here drops them at once). */
const cached = instanceCache<MemberLevel[]>();

const asLevel = (d: Doc): MemberLevel => ({
  _id: d._id,
  name: String(d.name),
  threshold: Number(d.threshold ?? 0),
  discountRate: Number(d.discountRate ?? 1000),
  icon: (d.icon as string | null | undefined) ?? null,
  isDefault: d._id === DEFAULT_LEVEL_ID,
  createdAt: String(d.createdAt ?? ''),
  updatedAt: String(d.updatedAt ?? d.createdAt ?? ''),
});

/** Creates the default level once (an insert with a fixed id: a second, concurrent insert changes nothing). */
export async function ensureDefaultLevel(db: Database, now: Date): Promise<void> {
  const ref = db.collection('member_levels').doc(DEFAULT_LEVEL_ID);
  if ((await ref.get()).data.length) return;
  const at = now.toISOString();
  try {
    await db.collection('member_levels').add({ _id: DEFAULT_LEVEL_ID, name: DEFAULT_LEVEL_NAME, threshold: 0, discountRate: 1000, icon: null, createdAt: at, updatedAt: at });
  } catch (e) {
    if (!isDbError(e, 'DATABASE_DUPLICATE_WRITE')) throw e;
  }
}

/** Every level, lowest threshold first (the default level included). */
export async function listLevels(db: Database, now: Date): Promise<MemberLevel[]> {
  return cached.get(
    db,
    'all',
    async () => {
      await ensureDefaultLevel(db, now);
      const { data } = await db.collection('member_levels').orderBy('threshold', 'asc').limit(1000).get();
      return data.map(asLevel);
    },
    (ls) => ls.map((l) => ({ ...l })),
  );
}

/** The level for an amount of experience: the highest threshold at or below it (levels sorted by threshold). */
export function levelFor<L extends { threshold: number }>(levels: L[], experience: number): L {
  let found = levels[0];
  for (const l of levels) if (l.threshold <= experience) found = l;
  if (!found) throw new Error('no member levels');
  return found;
}

/** The next level above an amount of experience, or null at the top. */
export function nextLevelFor<L extends { threshold: number }>(levels: L[], experience: number): L | null {
  return levels.find((l) => l.threshold > experience) ?? null;
}

/** The where-condition on `experience` for the shoppers of level `i` (levels sorted; missing experience is 0). */
export function experienceRange(db: Database, levels: { threshold: number }[], i: number): Record<string, unknown> | QueryOperand {
  const _ = db.command;
  const lo = levels[i].threshold;
  const hi = levels[i + 1]?.threshold;
  const range = hi === undefined ? _.gte(lo) : _.gte(lo).and(_.lt(hi));
  return lo <= 0 ? _.or([{ experience: range }, { experience: _.exists(false) }]) : { experience: range };
}

export async function listLevelsWithCounts(db: Database, now: Date): Promise<MemberLevelRow[]> {
  const levels = await listLevels(db, now);
  return Promise.all(
    levels.map(async (l, i) => ({ ...l, customerCount: (await db.collection('shoppers').where(experienceRange(db, levels, i)).count()).total })),
  );
}

const taken = (path: 'name' | 'threshold', message: string) => new AppError('NAME_TAKEN', message, [{ path, message: 'taken' }]);

/** Creates or edits a level. NAME_TAKEN (details path `name` or `threshold`) when another level has either. */
export async function saveLevel(db: Database, input: z.output<typeof LevelInput>, now: Date): Promise<MemberLevel> {
  await ensureDefaultLevel(db, now);
  const _ = db.command;
  const id = input._id;
  if (id === DEFAULT_LEVEL_ID && input.threshold !== 0) {
    throw new AppError('VALIDATION_FAILED', `the default level ${DEFAULT_LEVEL_NAME} keeps threshold 0`, [{ path: 'threshold', message: 'the default level stays at 0' }]);
  }
  const others = (w: Record<string, unknown>) => db.collection('member_levels').where(id ? { ...w, _id: _.neq(id) } : w).count();
  const [byName, byThreshold] = await Promise.all([others({ name: input.name }), others({ threshold: input.threshold })]);
  if (byName.total) throw taken('name', `a level named "${input.name}" already exists`);
  if (byThreshold.total) throw taken('threshold', `a level with threshold ${input.threshold} already exists`);
  const fields = { name: input.name, threshold: input.threshold, discountRate: input.discountRate, icon: input.icon, updatedAt: now.toISOString() };
  cached.invalidate(db);
  try {
    if (id) {
      const ref = db.collection('member_levels').doc(id);
      const old = (await ref.get()).data[0];
      if (!old) throw notFound('member level');
      await ref.update(fields);
      return asLevel({ ...old, ...fields, _id: id });
    }
    const doc = { ...fields, createdAt: now.toISOString() };
    const { id: newId } = await db.collection('member_levels').add(doc);
    return asLevel({ ...doc, _id: newId });
  } catch (e) {
    // two saves at once: the unique index refuses the second
    if (isDbError(e, 'DATABASE_DUPLICATE_WRITE')) {
      throw /threshold/.test(e.message) ? taken('threshold', 'a level with this threshold already exists') : taken('name', 'a level with this name already exists');
    }
    throw e;
  } finally {
    cached.invalidate(db);
  }
}

/** Deletes a level (its shoppers fall to the level below at once, as levels are computed on read). */
export async function deleteLevel(db: Database, id: string): Promise<{ deleted: number }> {
  if (id === DEFAULT_LEVEL_ID) throw new AppError('INVALID_STATE', `the default level ${DEFAULT_LEVEL_NAME} cannot be deleted`);
  const r = await db.collection('member_levels').doc(id).remove();
  cached.invalidate(db);
  if (!r.deleted) throw notFound('member level');
  return { deleted: r.deleted };
}
