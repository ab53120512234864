/**
 * The local database adapters behind the seam (cloudfunctions/shared/db/types.ts): PGlite (embedded, on disk
 * or in memory) and a PostgreSQL server. See README.md in this folder for the semantics and the differences
 * from CloudBase.
 */
export { createPgliteDatabase, createPgliteEngine, type PgliteOptions } from './pglite';
export { createPgDatabase, createPgEngine, type PgOptions } from './pg';
export { startCloudbaseFake, type CloudbaseFake, type CloudbaseFakeOptions } from './cloudbase-fake';
export { findPgBinDir, startPgCluster, type PgCluster } from './pg-cluster';
export type { DocEngine } from './engine';
export type { Database, DatabaseAdmin, IndexSpec } from '../../../cloudfunctions/shared/db/types';
