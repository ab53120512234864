/**
 * In-memory PGlite databases started from a template: a fresh PGlite runs initdb (tens of seconds of CPU on a loaded
 * 2-core machine, ~90% of opening a test database), and then every collection's table and indexes are made. Both are
 * the same for every test gateway, so the first open in a machine dumps the finished data directory to a file in
 * the temp dir, and every later one loads it (a few hundred ms). The file's name carries a hash of what shapes it
 * (the collections and their indexes, PGlite's version, this folder's sources), so a change to any of them makes a
 * new template instead of reusing a stale one; a database started from it takes the collections as they are
 * (adoptCollection), without running their statements again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CollectionOptions, DatabaseAdmin, IndexSpec } from '../../../cloudfunctions/shared/db/types';
import { createPgliteDatabase, createTemplatePgliteDatabase } from './pglite';

export interface CollectionsSpec {
  indexes: Record<string, IndexSpec[]>;
  options?: Record<string, CollectionOptions>;
}

/** The installed PGlite's version (its package.json, found above its entry: the package exports no such subpath). */
function pgliteVersion(): string {
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return String(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version);
}

function templateKey(spec: CollectionsSpec): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([spec.indexes, spec.options ?? {}]));
  h.update(pgliteVersion());
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')).sort()) h.update(f).update(readFileSync(join(__dirname, f)));
  return h.digest('hex').slice(0, 20);
}

async function ensureAll(admin: DatabaseAdmin, spec: CollectionsSpec) {
  for (const [name, indexes] of Object.entries(spec.indexes)) await admin.ensureCollection(name, indexes, spec.options?.[name]);
}

/**
 * An in-memory PGlite database with every collection of `spec`, started from the template file (made on first use).
 * `dir` defaults to the OS temp dir; PGLITE_TEMPLATE=0 turns templates off (each open runs initdb).
 */
export async function openPgliteFromTemplate(spec: CollectionsSpec, dir = tmpdir()): Promise<DatabaseAdmin> {
  if (process.env.PGLITE_TEMPLATE === '0') {
    const admin = await createPgliteDatabase();
    await ensureAll(admin, spec);
    return admin;
  }
  const file = join(dir, `wsc-pglite-${templateKey(spec)}.tar`);
  if (existsSync(file)) {
    const admin = await createTemplatePgliteDatabase({ loadDataDir: readFileSync(file) });
    for (const [name, indexes] of Object.entries(spec.indexes)) admin.adoptCollection(name, indexes);
    return admin;
  }
  const admin = await createTemplatePgliteDatabase();
  await ensureAll(admin, spec);
  // written under a unique name, then renamed: two processes making it at once each leave a whole file
  const part = `${file}.${process.pid}.${Date.now()}.part`;
  writeFileSync(part, await admin.dumpDataDir());
  renameSync(part, file);
  return admin;
}
