/** The seam's Database interface over a DocEngine (shared by the PGlite and the PostgreSQL-server adapters). */
import {
  DbError,
  type Collection,
  type CollectionOptions,
  type Database,
  type DatabaseAdmin,
  type Doc,
  type DocRef,
  type IndexSpec,
  type Order,
  type Projection,
  type Query,
  type Transaction,
  type TxCollection,
  type TxDocRef,
  type UpdateData,
  type Where,
} from '../../../cloudfunctions/shared/db/types';
import { checkDocData, encodeUpdate, encodeWhere, localCommand, localRegExp } from './command';
import { type DocEngine, type FindOptions, MAX_LIMIT, type TxOps } from './engine';
import type { MProjection, MQuery } from './mongo';

interface QState {
  where: MQuery;
  order: { field: string; dir: 'asc' | 'desc' }[];
  skip?: number;
  limit?: number;
  projection?: MProjection;
}

const invalid = (msg: string) => new DbError('DATABASE_INVALID_ARGUMENT', msg);

function checkField(field: unknown, what: string): string {
  if (typeof field !== 'string' || !field || field.split('.').some((p) => !p || p.startsWith('$'))) {
    throw invalid(`${what}: invalid field path ${JSON.stringify(field)}`);
  }
  return field;
}

class LocalQuery implements Query {
  constructor(
    protected readonly engine: DocEngine,
    protected readonly coll: string,
    protected readonly st: QState,
  ) {}

  private with(patch: Partial<QState>): LocalQuery {
    return new LocalQuery(this.engine, this.coll, { ...this.st, ...patch });
  }

  where(q: Where): Query {
    return this.with({ where: encodeWhere(q) });
  }
  orderBy(field: string, order: Order): Query {
    checkField(field, 'orderBy');
    if (order !== 'asc' && order !== 'desc') throw invalid(`orderBy: order must be 'asc' or 'desc'`);
    return this.with({ order: [...this.st.order, { field, dir: order }] });
  }
  skip(n: number): Query {
    if (!Number.isInteger(n) || n < 0) throw invalid('skip() needs a non-negative integer');
    return this.with({ skip: n });
  }
  limit(n: number): Query {
    if (!Number.isInteger(n) || n < 0) throw invalid('limit() needs a non-negative integer');
    return this.with({ limit: Math.min(n, MAX_LIMIT) });
  }
  field(p: Projection): Query {
    if (!p || typeof p !== 'object') throw invalid('field() needs an object');
    const out: MProjection = {};
    for (const [k, v] of Object.entries(p)) {
      checkField(k, 'field');
      out[k] = v === true || v === 1 ? 1 : 0;
    }
    return this.with({ projection: out });
  }
  async get(): Promise<{ data: Doc[] }> {
    this.engine.guard('where().get()');
    const o: FindOptions = { order: this.st.order, skip: this.st.skip, limit: this.st.limit, projection: this.st.projection };
    return { data: await this.engine.find(this.coll, this.st.where, o) };
  }
  async count(): Promise<{ total: number }> {
    this.engine.guard('count()');
    return { total: await this.engine.count(this.coll, this.st.where) };
  }
  async update(data: UpdateData): Promise<{ updated: number }> {
    this.engine.guard('where().update()');
    const u = encodeUpdate(data);
    return { updated: await this.engine.updateMany(this.coll, this.st.where, u) };
  }
  async remove(): Promise<{ deleted: number }> {
    this.engine.guard('where().remove()');
    return { deleted: await this.engine.deleteMany(this.coll, this.st.where) };
  }
}

class LocalCollection extends LocalQuery implements Collection {
  constructor(engine: DocEngine, coll: string) {
    super(engine, coll, { where: {}, order: [] });
    engine.table(coll);
  }
  doc(id: string): DocRef {
    return new LocalDocRef(this.engine, this.coll, id);
  }
  add(data: Record<string, unknown>): Promise<{ id: string }>;
  add(data: Record<string, unknown>[]): Promise<{ ids: string[] }>;
  async add(data: Record<string, unknown> | Record<string, unknown>[]): Promise<{ id: string } | { ids: string[] }> {
    this.engine.guard('add()');
    if (Array.isArray(data)) {
      if (data.length === 0) throw invalid('add([]) needs at least one document');
      data.forEach((d) => checkDocData(d, 'add()'));
      return { ids: await this.engine.insert(this.coll, data) };
    }
    checkDocData(data, 'add()');
    const [id] = await this.engine.insert(this.coll, [data]);
    return { id };
  }
}

function checkSetData(data: Record<string, unknown>): Record<string, unknown> {
  checkDocData(data, 'set()');
  if (Object.prototype.hasOwnProperty.call(data, '_id')) throw invalid('set() data may not contain _id');
  return data;
}

class LocalDocRef implements DocRef {
  constructor(
    private readonly engine: DocEngine,
    private readonly coll: string,
    private readonly id: string,
  ) {}
  async get(): Promise<{ data: Doc[] }> {
    this.engine.guard('doc().get()');
    const d = await this.engine.getById(this.coll, this.id);
    return { data: d ? [d] : [] };
  }
  async set(data: Record<string, unknown>): Promise<{ updated: number; upsertedId?: string }> {
    this.engine.guard('doc().set()');
    return this.engine.replace(this.coll, this.id, checkSetData(data));
  }
  async update(data: UpdateData): Promise<{ updated: number }> {
    this.engine.guard('doc().update()');
    const u = encodeUpdate(data);
    return { updated: await this.engine.updateMany(this.coll, { _id: checkId(this.id) }, u) };
  }
  async remove(): Promise<{ deleted: number }> {
    this.engine.guard('doc().remove()');
    return { deleted: await this.engine.removeById(this.coll, this.id) };
  }
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || !id) throw invalid(`a document id must be a non-empty string, got ${JSON.stringify(id)}`);
  return id;
}

class LocalTransaction implements Transaction {
  constructor(private readonly ops: TxOps) {}
  collection(name: string): TxCollection {
    const ops = this.ops;
    return {
      doc(id: string): TxDocRef {
        return {
          async get() {
            return { data: await ops.get(name, id) };
          },
          async set(data) {
            return ops.replace(name, id, checkSetData(data));
          },
          async update(data) {
            return { updated: await ops.update(name, id, encodeUpdate(data)) };
          },
          async remove() {
            return { deleted: await ops.remove(name, id) };
          },
        };
      },
      async add(data) {
        checkDocData(data, 'add()');
        return { id: await ops.insert(name, data) };
      },
      where(): never {
        throw new DbError(
          'DATABASE_INVALID_OPERATION',
          'where() is not supported inside a transaction (CloudBase would silently run it outside the transaction); use doc(id) operations',
        );
      },
    };
  }
  async rollback(reason?: unknown): Promise<void> {
    this.ops.rollback(reason);
  }
}

/** Wraps a DocEngine as the seam's Database plus the admin calls. */
export function createAdmin(engine: DocEngine): DatabaseAdmin {
  const db: Database = {
    command: localCommand,
    collection: (name: string) => new LocalCollection(engine, name),
    RegExp: localRegExp,
    runTransaction: <T>(cb: (t: Transaction) => Promise<T>, times?: number) => engine.runTransaction((ops) => cb(new LocalTransaction(ops)), times),
  };
  return {
    db,
    ensureCollection: (name: string, indexes?: IndexSpec[], options?: CollectionOptions) => engine.ensureCollection(name, indexes, options),
    close: () => engine.close(),
  };
}
