/**
 * The home page's decoration (decoration owns `decorations`; see schema.ts): one document, `home`, holding the
 * draft, the published page and the one published before it. Publishing and restoring are each one write of that
 * document in a transaction, so the storefront reads either the old page or the new one, never a mix.
 */
import type { z } from 'zod';
import type { DecorationModule, DecorationPage, DecorationSaveInput, DecorationState } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { checkReferences } from './references';

const DECORATIONS = 'decorations';
const HOME = 'home';

interface Stored {
  draft: DecorationPage | null;
  published: DecorationPage | null;
  previous: DecorationPage | null;
}
const EMPTY: Stored = { draft: null, published: null, previous: null };

const stateOf = (s: Stored): DecorationState => ({
  draft: s.draft,
  published: s.published,
  previous: s.previous && { version: s.previous.version, at: s.previous.at, by: s.previous.by },
});
const storedOf = (d: Record<string, unknown> | null | undefined): Stored => ({
  draft: (d?.draft as DecorationPage | null) ?? null,
  published: (d?.published as DecorationPage | null) ?? null,
  previous: (d?.previous as DecorationPage | null) ?? null,
});
const body = (s: Stored) => ({ draft: s.draft, published: s.published, previous: s.previous });

export async function decorationState(db: Database): Promise<DecorationState> {
  return stateOf(storedOf((await db.collection(DECORATIONS).doc(HOME).get()).data[0]));
}

/** The published page only (one read; the storefront's path). */
export async function publishedPage(db: Database): Promise<DecorationPage | null> {
  const { data } = await db.collection(DECORATIONS).where({ _id: HOME }).field({ published: true }).limit(1).get();
  return (data[0]?.published as DecorationPage | null | undefined) ?? null;
}

/** One write of the document, in a transaction over what it read. */
async function change(db: Database, step: (s: Stored) => Stored): Promise<DecorationState> {
  const next = await db.runTransaction(async (t) => {
    const ref = t.collection(DECORATIONS).doc(HOME);
    const s = step(storedOf((await ref.get()).data));
    await ref.set(body(s));
    return s;
  });
  return stateOf(next);
}

/** Saves the draft (every module checked by the schema; what it points at must exist). */
export async function saveDraft(db: Database, input: z.output<typeof DecorationSaveInput>, by: string, now: Date): Promise<DecorationState> {
  await checkReferences(db, input.modules);
  return change(db, (s) => ({ ...s, draft: { modules: input.modules, version: (s.draft?.version ?? 0) + 1, at: now.toISOString(), by } }));
}

/**
 * Publishes the draft: it becomes the published page and the page it replaces is kept as `previous`.
 * `draftVersion`, when given, must be the draft's version (the editor published what it showed).
 */
export async function publishDraft(db: Database, draftVersion: number | undefined, by: string, now: Date): Promise<DecorationState> {
  const current = await db.collection(DECORATIONS).doc(HOME).get();
  const draft = storedOf(current.data[0]).draft;
  // what the draft points at may have gone since it was saved: checked again before the storefront sees it
  if (draft) await checkReferences(db, draft.modules);
  return change(db, (s) => {
    if (!s.draft) throw new AppError('INVALID_STATE', '还没有保存草稿，无法发布');
    if (draftVersion !== undefined && s.draft.version !== draftVersion) {
      throw new AppError('CONFLICT', '草稿已被修改，请刷新后再发布', { draftVersion: s.draft.version });
    }
    const version = (s.published?.version ?? s.previous?.version ?? 0) + 1;
    return { draft: s.draft, published: { modules: s.draft.modules, version, at: now.toISOString(), by }, previous: s.published ?? s.previous };
  });
}

/**
 * 恢复上一版: the page published before the current one is published again and becomes the draft too (the editor
 * shows what the shoppers see); the page it replaces becomes `previous`, so restoring twice undoes the restore.
 */
export async function restorePrevious(db: Database, by: string, now: Date): Promise<DecorationState> {
  return change(db, (s) => {
    if (!s.previous) throw new AppError('INVALID_STATE', '没有可以恢复的上一版');
    const version = Math.max(s.published?.version ?? 0, s.previous.version) + 1;
    const page: DecorationPage = { modules: s.previous.modules, version, at: now.toISOString(), by };
    return {
      draft: { modules: s.previous.modules, version: (s.draft?.version ?? 0) + 1, at: page.at, by },
      published: page,
      previous: s.published,
    };
  });
}

/** The demo seed's page, saved and published once (a shop that has any decoration keeps it). */
export async function publishIfUndecorated(db: Database, modules: DecorationModule[], by: string, now: Date): Promise<boolean> {
  if ((await db.collection(DECORATIONS).doc(HOME).get()).data.length) return false;
  await saveDraft(db, { modules }, by, now);
  await publishDraft(db, undefined, by, now);
  return true;
}
