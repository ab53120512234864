/**
 * The database seam: the narrow subset of the @cloudbase/node-sdk database API that business code may use.
 *
 * Production passes an adapter over `tcb.init(...).database()`; locally an adapter over an embedded
 * PostgreSQL (PGlite) or a PostgreSQL server implements the same calls with the same atomicity and the
 * same transaction rules. Documents are plain JSON (string, number, boolean, null, arrays, objects):
 * times are stored as ISO-8601 UTC strings, money as integer fen.
 */

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type Doc = { _id: string; [k: string]: unknown };

/** An opaque query operand built by `db.command` (e.g. `_.gt(10)`) or `db.RegExp(...)`. */
export interface QueryOperand {
  readonly __queryOperand: true;
  and(...others: QueryOperand[]): QueryOperand;
  or(...others: QueryOperand[]): QueryOperand;
}
/** An opaque update operand built by `db.command` (e.g. `_.inc(-1)`). */
export interface UpdateOperand {
  readonly __updateOperand: true;
}

/** `db.command`: the query, logic and update operators business code may use. */
export interface Command {
  eq(v: unknown): QueryOperand;
  neq(v: unknown): QueryOperand;
  gt(v: unknown): QueryOperand;
  gte(v: unknown): QueryOperand;
  lt(v: unknown): QueryOperand;
  lte(v: unknown): QueryOperand;
  in(v: unknown[]): QueryOperand;
  nin(v: unknown[]): QueryOperand;
  exists(v: boolean): QueryOperand;
  /** Logic across fields: `_.and([{a: 1}, {b: _.gt(2)}])` or across operands on one field. */
  and(...conds: unknown[]): QueryOperand;
  or(...conds: unknown[]): QueryOperand;

  set(v: unknown): UpdateOperand;
  remove(): UpdateOperand;
  inc(n: number): UpdateOperand;
  mul(n: number): UpdateOperand;
  push(v: unknown | unknown[]): UpdateOperand;
  pull(v: unknown): UpdateOperand;
  addToSet(v: unknown): UpdateOperand;
}

export type Order = 'asc' | 'desc';
export type Projection = Record<string, boolean | 0 | 1>;
/** A where-object: field paths (dotted allowed) to values or query operands; or a top-level `_.and/_.or`. */
export type Where = Record<string, unknown> | QueryOperand;
/** An update object: nested objects are flattened to dotted paths (like the SDK's update); values may be update operands. */
export type UpdateData = Record<string, unknown>;

export interface Query {
  where(q: Where): Query;
  orderBy(field: string, order: Order): Query;
  skip(n: number): Query;
  /** Default 100, at most 1000 (as on CloudBase). */
  limit(n: number): Query;
  field(p: Projection): Query;
  get(): Promise<{ data: Doc[] }>;
  count(): Promise<{ total: number }>;
  /** Updates every matching document; each document atomically. Reports how many changed. */
  update(data: UpdateData): Promise<{ updated: number }>;
  remove(): Promise<{ deleted: number }>;
}

export interface DocRef {
  /** `data` is an array of 0 or 1 documents, as in the SDK. */
  get(): Promise<{ data: Doc[] }>;
  /** Replace or insert (no operators, no `_id` in data). */
  set(data: Record<string, unknown>): Promise<{ updated: number; upsertedId?: string }>;
  update(data: UpdateData): Promise<{ updated: number }>;
  remove(): Promise<{ deleted: number }>;
}

export interface Collection extends Query {
  doc(id: string): DocRef;
  /** An `_id` in data is kept; otherwise one is generated. */
  add(data: Record<string, unknown>): Promise<{ id: string }>;
  add(data: Record<string, unknown>[]): Promise<{ ids: string[] }>;
}

export interface TxDocRef {
  /** Inside a transaction `data` is the document or null, as in the SDK. */
  get(): Promise<{ data: Doc | null }>;
  set(data: Record<string, unknown>): Promise<{ updated: number; upsertedId?: string }>;
  update(data: UpdateData): Promise<{ updated: number }>;
  remove(): Promise<{ deleted: number }>;
}

export interface TxCollection {
  doc(id: string): TxDocRef;
  add(data: Record<string, unknown>): Promise<{ id: string }>;
  /**
   * Not supported inside a transaction on CloudBase (the SDK silently runs it outside the transaction).
   * Every adapter throws DATABASE_INVALID_OPERATION so that such code fails locally.
   */
  where(q: Where): never;
}

export interface Transaction {
  collection(name: string): TxCollection;
  /** Aborts the transaction; runTransaction rejects with `reason`. */
  rollback(reason?: unknown): Promise<void>;
}

export interface Database {
  readonly command: Command;
  collection(name: string): Collection;
  RegExp(opts: { regexp: string; options?: string }): QueryOperand;
  /**
   * Runs `cb` in a transaction with snapshot isolation; a write conflict re-runs the whole callback up to
   * `times` times (so it must be free of outside side effects). Throwing or calling rollback leaves nothing.
   * Only single-document operations (doc().get/set/update/remove, add) take part.
   */
  runTransaction<T>(cb: (t: Transaction) => Promise<T>, times?: number): Promise<T>;
}

/** Index declarations (created by the local adapters; on CloudBase, in the console or by `scripts/provision`). */
export interface IndexSpec {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  /**
   * 'text': serves substring search (`db.RegExp` over escaped user text, flags '' or 'i') on the keys' top-level
   * string fields. Locally a GIN index of the lower-cased text's characters and character pairs (works for
   * Chinese keywords of one or two characters, which trigrams cannot serve). CloudBase has no such index: the
   * deploy plan creates nothing for it and says so, and a regex search on CloudBase scans the collection.
   */
  kind?: 'text';
}

/** How the local adapters lay out a collection (no effect on CloudBase). */
export interface CollectionOptions {
  /**
   * The whole-document GIN index that serves equality on any field (default true). Off for collections read
   * only by `_id`: every write then skips it.
   */
  documentIndex?: boolean;
}

/** Stable error codes every adapter throws (as DbError). */
export type DbErrorCode =
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_INVALID_OPERATION'
  | 'DATABASE_INVALID_ARGUMENT'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_REQUEST_FAILED';

export class DbError extends Error {
  constructor(public readonly code: DbErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DbError';
  }
}

export function isDbError(e: unknown, code?: DbErrorCode): e is DbError {
  return e instanceof DbError && (code === undefined || e.code === code);
}

/** What an adapter offers beyond the SDK surface: setup and shutdown (not used by business code). */
export interface DatabaseAdmin {
  readonly db: Database;
  /** Creates the collection (idempotent) and its indexes; `IndexSpec.unique` makes violations DATABASE_DUPLICATE_WRITE. */
  ensureCollection(name: string, indexes?: IndexSpec[], options?: CollectionOptions): Promise<void>;
  close(): Promise<void>;
}
