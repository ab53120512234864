/**
 * The statements of one document operation, as one unit the driver runs next to the database: in-process over
 * a `pg` client, or inside the PGlite worker thread (this file is bundled into the worker, see pglite.ts), so that
 * an operation costs one message to the worker, not one round trip per statement.
 *
 * An `Envelope` is one call (a query, an insert, a replace, or an update applied in JS to locked rows) with its
 * wrapping: its own READ COMMITTED transaction (`tx`), or a savepoint inside the caller's transaction, and
 * statements to run first (the lazy `BEGIN` of a transaction).
 */
import { deepEqual } from './json';
import { applyUpdate, type MUpdate } from './mongo';

export interface QueryResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

export interface StatementOptions {
  /** The statement's text is one of a bounded set (a named prepared statement where the engine has them). */
  prepare?: boolean;
  /** Parameterless statements to run just before and just after this one (BEGIN, SAVEPOINT, COMMIT, ...): the PGlite
   * worker sends the three as one simple-protocol message to the engine; a failure skips the ones after. */
  before?: string[];
  after?: string[];
}

export interface StatementConn {
  query(sql: string, params?: unknown[], opts?: StatementOptions): Promise<QueryResult>;
}

/** The envelope's opening and closing statements, handed to the call's first and last statements. */
class Frame {
  constructor(
    private before: string[],
    private after: string[],
  ) {}
  /** Options for the next statement; `last`: the call runs nothing after it. */
  opts(prepare: boolean, last: boolean): StatementOptions {
    const o: StatementOptions = { prepare, before: this.before };
    this.before = [];
    if (last) {
      o.after = this.after;
      this.after = [];
    }
    return o;
  }
  /** Runs what no statement took (a call that stopped early). */
  async finish(c: StatementConn): Promise<void> {
    for (const s of [...this.before, ...this.after]) await c.query(s);
    this.before = this.after = [];
  }
}

export type Call =
  | { fn: 'query'; sql: string; params?: unknown[]; prepare?: boolean }
  | { fn: 'insertRows'; t: string; rows: { id: string; doc: Record<string, unknown> }[] }
  | { fn: 'replaceRow'; t: string; id: string; doc: Record<string, unknown> }
  | { fn: 'updateRows'; t: string; where: string; params: unknown[]; u: MUpdate };

export interface Envelope {
  call: Call;
  /** Statements to run first (a transaction's deferred BEGIN). */
  before?: string[];
  /** `tx`: in a transaction of its own; `savepoint`: inside the caller's transaction, undone alone on failure. */
  wrap?: 'tx' | 'savepoint';
  /** the savepoint's name (with wrap 'savepoint') */
  sp?: string;
}

function runCall(c: StatementConn, call: Call, f: Frame): Promise<unknown> {
  switch (call.fn) {
    case 'query':
      return c.query(call.sql, call.params, f.opts(Boolean(call.prepare), true));
    case 'insertRows':
      return insertRows(c, call.t, call.rows, f);
    case 'replaceRow':
      return replaceRow(c, call.t, call.id, call.doc, f);
    case 'updateRows':
      return updateRows(c, call.t, call.where, call.params, call.u, f);
  }
}

export async function runEnvelope(c: StatementConn, env: Envelope): Promise<unknown> {
  const before = [...(env.before ?? [])];
  const after: string[] = [];
  if (env.wrap === 'tx') {
    before.push('BEGIN');
    after.push('COMMIT');
  } else if (env.wrap === 'savepoint') {
    before.push(`SAVEPOINT ${env.sp}`);
    after.push(`RELEASE SAVEPOINT ${env.sp}`);
  }
  const f = new Frame(before, after);
  try {
    const r = await runCall(c, env.call, f);
    await f.finish(c);
    return r;
  } catch (e) {
    if (env.wrap === 'tx') await c.query('ROLLBACK').catch(() => undefined);
    if (env.wrap === 'savepoint') await c.query(`ROLLBACK TO SAVEPOINT ${env.sp}`).catch(() => undefined);
    throw e;
  }
}

async function insertRows(c: StatementConn, t: string, rows: { id: string; doc: Record<string, unknown> }[], f: Frame): Promise<void> {
  if (rows.length === 0) return;
  await c.query(`INSERT INTO ${t} (id, doc) SELECT v.id, v.doc FROM jsonb_to_recordset($1::jsonb) AS v(id text, doc jsonb)`, [JSON.stringify(rows)], f.opts(true, true));
}

async function replaceRow(c: StatementConn, t: string, id: string, doc: Record<string, unknown>, f: Frame): Promise<{ updated: number; upsertedId?: string }> {
  const r = await c.query(
    `INSERT INTO ${t} AS t (id, doc) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc ` +
      `WHERE t.doc IS DISTINCT FROM EXCLUDED.doc RETURNING (xmax = 0) AS inserted`,
    [id, JSON.stringify(doc)],
    f.opts(true, true),
  );
  if (r.rows.length === 0) return { updated: 0 };
  return r.rows[0].inserted ? { updated: 0, upsertedId: id } : { updated: 1 };
}

/** Locks the matching rows, applies the update in JS and writes back the documents that changed. */
async function updateRows(c: StatementConn, t: string, where: string, params: unknown[], u: MUpdate, f: Frame): Promise<number> {
  const r = await c.query(`SELECT id, doc FROM ${t} WHERE ${where} ORDER BY id FOR UPDATE`, params, f.opts(true, false));
  const changed: { id: string; doc: unknown }[] = [];
  for (const row of r.rows) {
    const before = row.doc as Record<string, unknown>;
    const after = applyUpdate(before, u);
    if (!deepEqual(before, after)) changed.push({ id: row.id as string, doc: after });
  }
  if (changed.length === 0) return 0;
  if (changed.length === 1) {
    await c.query(`UPDATE ${t} SET doc = $2::jsonb WHERE id = $1`, [changed[0].id, JSON.stringify(changed[0].doc)], f.opts(true, true));
    return 1;
  }
  await c.query(
    `UPDATE ${t} AS t SET doc = v.doc FROM jsonb_to_recordset($1::jsonb) AS v(id text, doc jsonb) WHERE t.id = v.id`,
    [JSON.stringify(changed)],
    f.opts(true, true),
  );
  return changed.length;
}

/** A parameter as an SQL literal (for statements sent over the simple protocol). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot inline ${v}`);
    return `(${String(v)})`;
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (Array.isArray(v)) return `ARRAY[${v.map(literal).join(', ')}]`;
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return `'${s.replace(/'/g, "''")}'`; // standard_conforming_strings: backslashes are literal
}

/**
 * The statement with its `$n` parameters replaced by literals, outside quoted literals and identifiers (a field
 * name such as `a$1` inside `doc -> 'a$1'` stays as it is).
 */
export function inlineParams(sql: string, params: unknown[] | undefined): string {
  if (!params?.length) return sql;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      for (;;) {
        const k = sql.indexOf(ch, j);
        if (k < 0) throw new Error('unterminated quote in a statement');
        if (sql[k + 1] === ch) j = k + 2;
        else {
          j = k + 1;
          break;
        }
      }
      out += sql.slice(i, j);
      i = j;
      continue;
    }
    if (ch === '$') {
      const m = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      if (m) {
        const n = Number(m[1]);
        if (n < 1 || n > params.length) throw new Error(`no parameter $${n}`);
        out += literal(params[n - 1]);
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}
