/**
 * A local fake of CloudBase's database endpoint (`POST https://{env}.tcb-api.tencentcloudapi.com/admin`), for
 * the contract tests of the production adapter: the real @cloudbase/node-sdk is initialised with
 * `serviceUrl: fake.serviceUrl` and dummy credentials, and its requests are executed on a local DocEngine.
 *
 * What it checks and answers, read from the SDK's source (@cloudbase/node-sdk utils/tcbapirequester.ts,
 * @cloudbase/database document.ts, query.ts, collection.ts, transaction/index.ts):
 * - the TC3-HMAC-SHA256 `Authorization` header of @cloudbase/signature-nodejs (service 'tcb', the SDK's
 *   lower-case method, the URL without its scheme, the signed headers and every non-empty body parameter),
 *   when the fake is given the credentials;
 * - the body `{action, collectionName, queryType: 'DOC'|'WHERE', query, data, multi, merge, upsert, order,
 *   offset, limit, projection, transactionId, envName, ...}`, with query/data/order/projection (and each
 *   inserted document) as MongoDB canonical Extended JSON strings;
 * - answers `{requestId, data: {list}}` (documents as canonical EJSON strings), `{data: {total}}`,
 *   `{data: {insertedIds}}`, `{data: {updated, upsert_id}}`, `{data: {deleted}}`, `{transactionId}`, or an
 *   error `{code, message, requestId}` (HTTP 200; the SDK throws it as a TcbError).
 * - `app.callWxOpenApi` (action `wx.api`, `{apiName, requestData: JSON string}`): forwarded to the local WeChat
 *   server-API simulator (`wxApiUrl`, its `/_sim/cloud/wx.api`), answered `{data: {responseData}}` with WeChat's
 *   JSON as a string, as CloudBase does; without a simulator, or when it does not answer, `SYS_ERR`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DbError } from '../../../cloudfunctions/shared/db/types';
import type { DocEngine, FindOptions, TxOps } from './engine';
import { isPlainObject } from './json';
import type { MQuery, MUpdate } from './mongo';
import { Tc3Error, verifyTc3 } from './tc3';

/* eslint-disable @typescript-eslint/no-require-imports */
// bson (EJSON) is a dependency of @cloudbase/node-sdk; loaded lazily so that only the fake needs it (the signature check: tc3.ts).
type EjsonApi = { parse(s: string, o?: { relaxed?: boolean }): unknown; stringify(v: unknown, o?: { relaxed?: boolean }): string };
const EJSON = (): EjsonApi => (require('bson') as { EJSON: EjsonApi }).EJSON;

export interface RecordedRequest {
  action: string;
  collectionName?: string;
  queryType?: string;
  query?: unknown;
  data?: unknown;
  order?: unknown;
  offset?: number;
  limit?: number;
  projection?: unknown;
  multi?: boolean;
  merge?: boolean;
  upsert?: boolean;
  transactionId?: string;
}

export interface CloudbaseFake {
  /** Pass as `serviceUrl` to tcb.init. */
  serviceUrl: string;
  /** Every request the SDK sent, decoded (most recent last). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface CloudbaseFakeOptions {
  engine: DocEngine;
  /** When given, every request's signature is checked against these credentials. */
  credentials?: { secretId: string; secretKey: string };
  /** Transactions left open longer than this are aborted (CloudBase: 30 s). */
  transactionTimeoutMs?: number;
  /** the WeChat server-API simulator's base URL: `callWxOpenApi` is forwarded there */
  wxApiUrl?: string;
}

class FakeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const invalidParam = (msg: string) => new FakeError('INVALID_PARAM', msg);

/** EJSON → the engine's plain JSON / MongoDB query syntax (regexes become {$regex, $options}). */
function fromEjson(v: unknown, path = ''): unknown {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw invalidParam(`${path}: ${v} is not supported`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => fromEjson(x, `${path}.${i}`));
  const bsontype = (v as { _bsontype?: string })._bsontype;
  if (bsontype === 'BSONRegExp') {
    const r = v as { pattern: string; options: string };
    return { $regex: r.pattern, $options: r.options };
  }
  if (bsontype === 'Int32' || bsontype === 'Double' || bsontype === 'Long') return Number((v as { valueOf(): unknown }).valueOf());
  if (bsontype) throw invalidParam(`${path}: BSON ${bsontype} is not supported by the local fake`);
  if (v instanceof Date) throw invalidParam(`${path}: dates are not plain JSON (store ISO-8601 strings)`);
  if (v instanceof RegExp) return { $regex: v.source, $options: v.flags };
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = fromEjson(x, path ? `${path}.${k}` : k);
  return out;
}

function parseEjson(s: unknown, what: string): unknown {
  if (s === undefined || s === null || s === '') return undefined;
  if (typeof s !== 'string') throw invalidParam(`${what} must be an Extended JSON string`);
  let parsed: unknown;
  try {
    parsed = EJSON().parse(s, { relaxed: true });
  } catch (e) {
    throw invalidParam(`${what}: ${(e as Error).message}`);
  }
  return fromEjson(parsed, what);
}

const toEjson = (doc: unknown) => EJSON().stringify(doc, { relaxed: false });

function docIdOf(query: unknown): string {
  const id = isPlainObject(query) ? query._id : undefined;
  if (typeof id !== 'string' && typeof id !== 'number') throw invalidParam('a DOC request needs query {_id}');
  return String(id);
}

interface OpenTx {
  ops: TxOps;
  finish(commit: boolean): void;
  done: Promise<unknown>;
  timer: NodeJS.Timeout;
}

const ABORT = Symbol('abort');

export async function startCloudbaseFake(opts: CloudbaseFakeOptions): Promise<CloudbaseFake> {
  const { engine } = opts;
  const requests: RecordedRequest[] = [];
  const txs = new Map<string, OpenTx>();

  function verifySignature(req: IncomingMessage, body: Record<string, unknown>): void {
    if (!opts.credentials) return;
    try {
      verifyTc3(req, body, opts.credentials, { kind: 'tcb' });
    } catch (e) {
      if (e instanceof Tc3Error) throw new FakeError('SIGN_PARAM_INVALID', e.message);
      throw e;
    }
  }

  function tx(id: unknown): OpenTx | undefined {
    if (id === undefined || id === null || id === '') return undefined;
    const t = txs.get(String(id));
    if (!t) throw new FakeError('DATABASE_TRANSACTION_FAIL', `transaction ${String(id)} is not open`);
    return t;
  }

  async function startTransaction(): Promise<string> {
    const id = randomUUID().replace(/-/g, '');
    let started!: (ops: TxOps) => void;
    const ready = new Promise<TxOps>((r) => (started = r));
    let finish!: (commit: boolean) => void;
    const finished = new Promise<boolean>((r) => (finish = r));
    const done = engine.runTransaction(async (ops) => {
      started(ops);
      if (!(await finished)) ops.rollback(ABORT);
    }, 0);
    const ops = await Promise.race([ready, done.then(() => Promise.reject(new Error('transaction ended early')))]);
    const timer = setTimeout(() => {
      txs.delete(id);
      finish(false);
    }, opts.transactionTimeoutMs ?? 30_000);
    timer.unref();
    txs.set(id, { ops, finish, done, timer });
    return id;
  }

  async function endTransaction(id: unknown, commit: boolean): Promise<void> {
    const t = tx(id)!;
    if (!t) throw invalidParam('transactionId is required');
    txs.delete(String(id));
    clearTimeout(t.timer);
    t.finish(commit);
    try {
      await t.done;
    } catch (e) {
      if (e === ABORT) return;
      throw e;
    }
  }

  /** A failed write inside a transaction aborts it, as CloudBase does for conflicts. */
  async function inTx<T>(t: OpenTx, id: unknown, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof DbError && e.code === 'DATABASE_TRANSACTION_CONFLICT') {
        txs.delete(String(id));
        clearTimeout(t.timer);
        t.finish(false);
        await t.done.catch(() => undefined);
      }
      throw e;
    }
  }

  /** CloudBase's cloud call: WeChat's answer body, as text */
  async function forwardWxApi(body: Record<string, unknown>): Promise<string> {
    if (!opts.wxApiUrl) throw new FakeError('SYS_ERR', 'no WeChat server-API simulator behind the local fake');
    if (typeof body.apiName !== 'string' || !body.apiName) throw invalidParam('apiName is required');
    let res: Response;
    try {
      res = await fetch(`${opts.wxApiUrl.replace(/\/+$/, '')}/_sim/cloud/wx.api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiName: body.apiName, requestData: body.requestData ?? '' }),
        signal: AbortSignal.timeout(20_000),
      });
    } catch (e) {
      throw new FakeError('SYS_ERR', `WeChat did not answer: ${(e as Error).message}`);
    }
    const text = await res.text();
    if (res.status !== 200) throw new FakeError(res.status === 400 ? 'INVALID_PARAM' : 'SYS_ERR', `WeChat answered HTTP ${res.status}: ${text.slice(0, 200)}`);
    return text;
  }

  async function handle(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const action = String(body.action ?? '');
    const coll = body.collectionName as string | undefined;
    const needColl = () => {
      if (typeof coll !== 'string' || !coll) throw invalidParam('collectionName is required');
      return coll;
    };
    const rec: RecordedRequest = { action, collectionName: coll, queryType: body.queryType as string | undefined, transactionId: body.transactionId as string | undefined };
    requests.push(rec);
    if (requests.length > 10_000) requests.splice(0, requests.length - 5_000);
    const query = (rec.query = parseEjson(body.query, 'query')) as MQuery | undefined;
    switch (action) {
      case 'database.startTransaction':
        return { transactionId: await startTransaction() };
      case 'database.commitTransaction':
        await endTransaction(body.transactionId, true);
        return {};
      case 'database.abortTransaction':
        await endTransaction(body.transactionId, false);
        return {};
      case 'database.addCollection':
        await engine.ensureCollection(needColl());
        return {};
      case 'database.getDocument': {
        const t = tx(body.transactionId);
        if (t) {
          const d = await inTx(t, body.transactionId, () => t.ops.get(needColl(), docIdOf(query)));
          return { data: { list: d ? [toEjson(d)] : [] } };
        }
        const order = (rec.order = parseEjson(body.order, 'order')) as Record<string, number> | undefined;
        const projection = (rec.projection = parseEjson(body.projection, 'projection')) as FindOptions['projection'];
        rec.offset = body.offset as number | undefined;
        rec.limit = body.limit as number | undefined;
        if (body.queryType === 'DOC') {
          const d = await engine.getById(needColl(), docIdOf(query));
          return { data: { list: d ? [toEjson(d)] : [] } };
        }
        const limit = Number(body.limit ?? 100);
        const offset = Number(body.offset ?? 0);
        if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(offset) || offset < 0) throw invalidParam('bad limit/offset');
        const docs = await engine.find(needColl(), query ?? {}, {
          order: Object.entries(order ?? {}).map(([field, dir]) => ({ field, dir: dir === -1 ? 'desc' : 'asc' })),
          skip: offset,
          limit: Math.min(limit || 100, 1000),
          projection,
        });
        return { data: { list: docs.map(toEjson) }, limit, offset };
      }
      case 'database.calculateDocument':
        return { data: { total: await engine.count(needColl(), query ?? {}) } };
      case 'database.insertDocument': {
        if (!Array.isArray(body.data) || body.data.length === 0) throw invalidParam('data must be a non-empty array');
        const docs = (rec.data = body.data.map((s, i) => parseEjson(s, `data.${i}`))) as Record<string, unknown>[];
        const t = tx(body.transactionId);
        if (t) {
          if (docs.length !== 1) throw invalidParam('one document per insert inside a transaction');
          const id = await inTx(t, body.transactionId, () => t.ops.insert(needColl(), docs[0]));
          return { data: { insertedIds: [id] } };
        }
        return { data: { insertedIds: await engine.insert(needColl(), docs) } };
      }
      case 'database.modifyDocument': {
        const data = (rec.data = parseEjson(body.data, 'data')) as Record<string, unknown> | undefined;
        rec.multi = body.multi as boolean | undefined;
        rec.merge = body.merge as boolean | undefined;
        rec.upsert = body.upsert as boolean | undefined;
        if (!isPlainObject(data)) throw invalidParam('data must be an object');
        const t = tx(body.transactionId);
        if (body.merge === false) {
          // doc().set(): replace or insert
          if (body.queryType !== 'DOC') throw invalidParam('replace needs queryType DOC');
          const id = docIdOf(query);
          if (Object.keys(data).some((k) => k.startsWith('$'))) throw invalidParam('set() data may not contain operators');
          const r = t ? await inTx(t, body.transactionId, () => t.ops.replace(needColl(), id, data)) : await engine.replace(needColl(), id, data);
          return { data: { updated: r.updated, upsert_id: r.upsertedId ?? null } };
        }
        if (body.upsert === true) throw invalidParam('upsert with update operators is not supported by the local fake');
        if (Object.keys(data).some((k) => !k.startsWith('$'))) throw invalidParam('update data must use update operators');
        if (body.queryType === 'DOC') {
          const id = docIdOf(query);
          const n = t ? await inTx(t, body.transactionId, () => t.ops.update(needColl(), id, data as MUpdate)) : await engine.updateMany(needColl(), { _id: id }, data as MUpdate);
          return { data: { updated: n } };
        }
        if (t) throw invalidParam('where().update() inside a transaction is not supported by the local fake');
        if (body.multi === false) throw invalidParam('multi: false with a WHERE query is not supported by the local fake');
        return { data: { updated: await engine.updateMany(needColl(), query ?? {}, data as MUpdate) } };
      }
      case 'database.removeDocument': {
        const t = tx(body.transactionId);
        if (body.queryType === 'DOC') {
          const id = docIdOf(query);
          const n = t ? await inTx(t, body.transactionId, () => t.ops.remove(needColl(), id)) : await engine.removeById(needColl(), id);
          return { data: { deleted: n } };
        }
        if (t) throw invalidParam('where().remove() inside a transaction is not supported by the local fake');
        return { data: { deleted: await engine.deleteMany(needColl(), query ?? {}) } };
      }
      case 'wx.api':
        return { data: { responseData: await forwardWxApi(body) } };
      default:
        throw new FakeError('INVALID_ACTION', `action ${action} is not supported by the local fake`);
    }
  }

  const errorBody = (e: unknown) => {
    if (e instanceof FakeError) return { code: e.code, message: e.message };
    if (e instanceof DbError) {
      const code = {
        DATABASE_INVALID_ARGUMENT: 'INVALID_PARAM',
        DATABASE_INVALID_OPERATION: 'DATABASE_REQUEST_FAILED',
      }[e.code as string] ?? e.code;
      return { code, message: e.message };
    }
    return { code: 'SYS_ERR', message: String((e as Error)?.message ?? e) };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const requestId = randomUUID();
        let out: Record<string, unknown>;
        try {
          if (req.method !== 'POST' || !String(req.url).startsWith('/admin')) throw new FakeError('INVALID_PARAM', `${req.method} ${req.url}: not the admin endpoint`);
          let body: Record<string, unknown>;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {
            throw invalidParam('the body is not JSON');
          }
          verifySignature(req, body);
          out = { requestId, ...(await handle(body)) };
        } catch (e) {
          out = { requestId, ...errorBody(e) };
        }
        const payload = JSON.stringify(out);
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
        res.end(payload);
      })();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/admin`,
    requests,
    async close() {
      for (const [id, t] of txs) {
        txs.delete(id);
        clearTimeout(t.timer);
        t.finish(false);
        await t.done.catch(() => undefined);
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
