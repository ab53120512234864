/**
 * A Jingdou Cloud (Kingdee 新一代精斗云) open-API simulator, family `/jdy/v2` (see README.md): signed requests
 * (`@shop/functions/shared/domain/jdy/sign`), authorisation and app-token, router address, envelope, paging, rate
 * limits, the material / inventory / master data / sales outbound / return endpoints, plus a JSON control API and a
 * console page under `/_sim/` that play the ERP clerk, fault injection and a call log. State lives in memory and,
 * when `file` is given, in a JSON file (written shortly after every change and on close).
 */
import { loopbackOnlyControl } from '../loopback';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { appSignature, safeEqual, verifyRequest } from '@shop/functions/shared/domain/jdy/sign';
import { newAccountSet, randomSecret } from './control';
import { registerControl } from './routes-control';
import {
  type AccountSetData,
  commonOperate,
  type Ctx,
  ERR,
  getDoc,
  getMaterial,
  JdyError,
  listAuxValues,
  listBd,
  listDocs,
  listInventory,
  listMaterials,
  listUnits,
  type Query,
  saveBd,
  saveDoc,
} from './store';
import type { CallLogEntry, FaultKind, FaultRule, JdySimConfig, JdySimOptions, JdySimState, JdySimulator } from './types';

export type { CallLogEntry, FaultKind, FaultRule, JdyClient, JdySimConfig, JdySimOptions, JdySimState, JdySimulator, TokenRecord } from './types';

/** A gateway-level refusal: HTTP `status`, body `{errcode: status, description, data: null}`. */
export class GatewayError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const FAULT_KINDS: FaultKind[] = ['error', 'timeout', 'status429', 'status500', 'status503', 'down'];
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** the decoded query of a raw URL; repeated keys as lists */
export function parseQuery(url: string): Query {
  const i = url.indexOf('?');
  const out: Query = {};
  if (i < 0) return out;
  for (const [k, v] of new URLSearchParams(url.slice(i + 1))) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
const pathOf = (url: string) => url.split('?')[0];
const one = (q: Query, k: string) => (Array.isArray(q[k]) ? q[k]![0] : (q[k] as string | undefined));

export function createJdySimulator(opts: JdySimOptions): JdySimulator {
  const now = opts.now ?? (() => new Date());
  const nowMs = () => now().getTime();
  const logSize = opts.logSize ?? 300;
  const config: JdySimConfig = {
    rateLimitPerMinute: 500,
    tokenCallsPerMinute: 2,
    tokenTtlMs: 24 * 3600_000,
    allowNegativeStock: true,
    faultTimeoutMs: 30_000,
    ...opts.config,
  };
  const secrets = new Map(opts.clients.map((c) => [c.clientId, c.clientSecret]));
  const state: JdySimState = { accountSets: [], tokens: [] };
  const faults: FaultRule[] = [];
  let faultSeq = 0;
  const log: CallLogEntry[] = [];
  let logSeq = 0;
  /** call times of the last minute: per account set, and per app_key for the token call */
  const windows = new Map<string, number[]>();
  const held = new Set<{ timer: NodeJS.Timeout; release: () => void }>();
  let closed = false;

  // ---------- persistence ----------
  let saveTimer: NodeJS.Timeout | undefined;
  let saving: Promise<void> = Promise.resolve();
  const writeNow = () => {
    if (!opts.file) return Promise.resolve();
    const file = opts.file;
    const text = JSON.stringify({ version: 1, ...state }, null, 1);
    saving = saving.then(async () => {
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, file);
    });
    return saving;
  };
  const dirty = () => {
    if (!opts.file || saveTimer || closed) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      void writeNow().catch((e) => app.log.error(e));
    }, 100);
  };
  function load(): boolean {
    if (!opts.file) return false;
    let text: string;
    try {
      text = readFileSync(opts.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    const v = JSON.parse(text) as Partial<JdySimState> & { version?: number };
    if (v.version !== 1 || !Array.isArray(v.accountSets)) throw new Error(`${opts.file} is not a jdy-sim state file (delete it to start afresh)`);
    state.accountSets = v.accountSets;
    state.tokens = Array.isArray(v.tokens) ? v.tokens : [];
    // account sets added to the options since the file was written
    for (const seed of opts.accountSets) if (!state.accountSets.some((a) => a.accountId === seed.accountId)) state.accountSets.push(newAccountSet(seed, state.accountSets.length));
    return true;
  }

  const account = (accountId?: string) => {
    const a = accountId ? state.accountSets.find((x) => x.accountId === accountId) : state.accountSets[0];
    if (!a) throw new JdyError(ERR.NOT_FOUND, `账套 ${accountId ?? ''} 不存在`);
    return a;
  };
  const ctxOf = (a: AccountSetData): Ctx => ({ a, now: nowMs, allowNegativeStock: config.allowNegativeStock });

  const sim: JdySimulator = {
    app: undefined as unknown as FastifyInstance,
    state,
    config,
    log,
    listen: async (port = 0, host = '127.0.0.1') => {
      sim.url = await app.listen({ port, host });
      return sim.url;
    },
    close: async () => {
      closed = true;
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = undefined;
      for (const h of held) {
        clearTimeout(h.timer);
        h.release();
      }
      held.clear();
      await app.close();
      await writeNow();
    },
    account,
    ctx: (id) => ctxOf(account(id)),
    faults: {
      add: (rule) => {
        const r = parseFault(rule);
        faults.push(r);
        return { ...r };
      },
      clear: () => void (faults.length = 0),
      list: () => faults.map((r) => ({ ...r })),
    },
    expireTokens: (accountId) => {
      let n = 0;
      for (const t of state.tokens) {
        if ((!accountId || t.accountId === accountId) && t.expiresAt > nowMs()) {
          t.expiresAt = nowMs() - 1;
          n++;
        }
      }
      dirty();
      return n;
    },
    rotateSecret: (accountId) => {
      const a = account(accountId);
      a.appSecret = randomSecret();
      dirty();
      return a.appSecret;
    },
    moveDomain: (domain, accountId) => {
      account(accountId).domain = domain;
      dirty();
    },
    reset: () => {
      state.accountSets = opts.accountSets.map((s, i) => newAccountSet(s, i));
      state.tokens = [];
      faults.length = 0;
      log.length = 0;
      windows.clear();
      opts.seed?.(sim);
      dirty();
    },
    save: () => writeNow(),
  };

  function parseFault(v: unknown): FaultRule {
    if (!isObj(v)) throw new JdyError(ERR.FORMAT, 'fault: expected {match?, kind, count? | forMs?, errcode?}');
    if (!FAULT_KINDS.includes(v.kind as FaultKind)) throw new JdyError(ERR.FORMAT, `fault.kind should be one of ${FAULT_KINDS.join(', ')}`);
    if (v.match !== undefined && typeof v.match !== 'string') throw new JdyError(ERR.FORMAT, 'fault.match should be a path prefix');
    const count = v.count === undefined || v.count === null || v.count === '' ? undefined : Number(v.count);
    const forMs = v.forMs === undefined || v.forMs === null || v.forMs === '' ? undefined : Number(v.forMs);
    if (count !== undefined && !(Number.isInteger(count) && count > 0)) throw new JdyError(ERR.FORMAT, 'fault.count should be a positive integer');
    if (forMs !== undefined && !(forMs > 0)) throw new JdyError(ERR.FORMAT, 'fault.forMs should be > 0');
    if (count !== undefined && forMs !== undefined) throw new JdyError(ERR.FORMAT, 'fault: give count or forMs, not both');
    const errcode = v.errcode === undefined || v.errcode === null || v.errcode === '' ? undefined : Number(v.errcode);
    if (errcode !== undefined && !Number.isInteger(errcode)) throw new JdyError(ERR.FORMAT, 'fault.errcode should be an integer');
    const kind = v.kind as FaultKind;
    return {
      id: ++faultSeq,
      match: (v.match as string | undefined) ?? '',
      kind,
      ...(forMs !== undefined ? { until: nowMs() + forMs } : { count: count ?? 1 }),
      ...(errcode !== undefined ? { errcode } : {}),
      ...(typeof v.description === 'string' ? { description: v.description } : {}),
    };
  }
  /** the rule that applies to this call (a count rule is used up by one); expired rules are dropped */
  function takeFault(path: string): FaultRule | undefined {
    for (let i = faults.length - 1; i >= 0; i--) if (faults[i].until !== undefined && faults[i].until! <= nowMs()) faults.splice(i, 1);
    const i = faults.findIndex((r) => path.startsWith(r.match));
    if (i < 0) return undefined;
    const r = faults[i];
    if (r.count !== undefined) {
      r.count -= 1;
      if (r.count <= 0) faults.splice(i, 1);
    }
    return { ...r };
  }
  /** sliding one-minute window; false when `limit` calls were already made */
  function allow(key: string, limit: number): boolean {
    if (limit <= 0) return true;
    const t = nowMs();
    const w = (windows.get(key) ?? []).filter((x) => x > t - 60_000);
    windows.set(key, w);
    if (w.length >= limit) return false;
    w.push(t);
    return true;
  }

  // ---------- the HTTP app ----------
  const app = Fastify({ logger: opts.logger ?? false, forceCloseConnections: true, bodyLimit: 20 * 1024 * 1024 });
  sim.app = app;
  // the ERP clerk's control API and console answer only on this machine
  loopbackOnlyControl(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const rawBody = (req: FastifyRequest) => (typeof req.body === 'string' ? req.body : '');
  const jsonBody = (req: FastifyRequest): unknown => {
    const text = rawBody(req).trim();
    if (!text) return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new JdyError(ERR.FORMAT, '请求体不是合法的 JSON');
    }
  };
  const isApi = (url: string) => !url.startsWith('/_sim');

  // call log: every API answer (control calls are not logged)
  const started = new WeakMap<FastifyRequest, number>();
  const accountOfReq = new WeakMap<FastifyRequest, string>();
  const faultOfReq = new WeakMap<FastifyRequest, FaultKind>();
  function record(req: FastifyRequest, status: number, payload: string | undefined) {
    let errcode: number | undefined;
    let description: string | undefined;
    try {
      const v = payload ? JSON.parse(payload) : undefined;
      if (isObj(v)) {
        errcode = typeof v.errcode === 'number' ? v.errcode : undefined;
        description = typeof v.description === 'string' ? v.description : undefined;
      }
    } catch {
      /* not JSON */
    }
    let request: unknown;
    const text = rawBody(req);
    if (text) {
      try {
        request = JSON.parse(text);
      } catch {
        request = text.slice(0, 2000);
      }
    }
    log.push({
      seq: ++logSeq,
      at: now().toISOString(),
      method: req.method,
      url: req.url,
      ...(accountOfReq.has(req) ? { accountId: accountOfReq.get(req) } : {}),
      status,
      ...(errcode !== undefined ? { errcode } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(request !== undefined ? { request } : {}),
      ...(payload !== undefined ? { response: payload.length > 2000 ? `${payload.slice(0, 2000)}…` : payload } : {}),
      ...(faultOfReq.has(req) ? { fault: faultOfReq.get(req) } : {}),
      ms: Date.now() - (started.get(req) ?? Date.now()),
    });
    if (log.length > logSize) log.splice(0, log.length - logSize);
  }
  app.addHook('onSend', async (req, reply, payload) => {
    if (isApi(req.url)) record(req, reply.statusCode, typeof payload === 'string' ? payload : undefined);
    return payload;
  });
  app.addHook('onResponse', async (req) => {
    if (req.method !== 'GET' || isApi(req.url)) dirty();
  });

  const gatewayBody = (status: number, description: string) => ({ errcode: status, description, data: null });

  // faults come first: a faulted call changes nothing, even an unsigned one
  app.addHook('onRequest', async (req, reply) => {
    started.set(req, Date.now());
    if (!isApi(req.url)) return;
    const f = takeFault(pathOf(req.url));
    if (!f) return;
    faultOfReq.set(req, f.kind);
    if (f.kind === 'down') {
      reply.hijack();
      record(req, 0, undefined);
      req.raw.socket.destroy();
      return reply;
    }
    if (f.kind === 'timeout') {
      await new Promise<void>((resolve) => {
        const h = { timer: setTimeout(() => (held.delete(h), resolve()), config.faultTimeoutMs), release: resolve };
        held.add(h);
      });
      if (closed) {
        reply.hijack();
        req.raw.socket.destroy();
        return reply;
      }
      return reply.status(504).send(gatewayBody(504, 'Gateway Timeout: 上游服务响应超时'));
    }
    if (f.kind === 'error') return reply.status(200).send({ errcode: f.errcode ?? ERR.SYSTEM, description: f.description ?? '系统异常，请稍后重试（故障注入）', data: null });
    const status = f.kind === 'status429' ? 429 : f.kind === 'status500' ? 500 : 503;
    const text = status === 429 ? 'Too Many Requests: 请求过于频繁' : status === 500 ? 'Internal Server Error' : 'Service Unavailable: 服务暂不可用';
    return reply.status(status).send(gatewayBody(status, text));
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof GatewayError) return reply.status(err.status).send(gatewayBody(err.status, err.message));
    if (err instanceof JdyError) {
      if (!isApi(req.url)) return reply.status(err.errcode === ERR.NOT_FOUND ? 404 : 400).send({ errcode: err.errcode, description: err.message });
      return reply.status(200).send({ errcode: err.errcode, description: err.message, data: null });
    }
    req.log.error(err);
    if (!isApi(req.url)) return reply.status(500).send({ errcode: ERR.SYSTEM, description: String((err as Error).message ?? err) });
    return reply.status(200).send({ errcode: ERR.SYSTEM, description: `系统异常：${(err as Error).message ?? err}`, data: null });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send(gatewayBody(404, `Not Found: ${req.method} ${pathOf(req.url)}`)));

  /** signature and 5-minute window (X-Api-* headers): the client id */
  function checkSignature(req: FastifyRequest): string {
    const r = verifyRequest({
      method: req.method,
      path: pathOf(req.url),
      query: parseQuery(req.url),
      headers: req.headers,
      secretFor: (id) => secrets.get(id),
      now: nowMs(),
    });
    if (!r.ok) throw new GatewayError(401, `签名校验失败（${r.reason}）：${r.message}`);
    return r.clientId;
  }
  /** app-token, router address and the per-account-set rate limit: the account set */
  function checkToken(req: FastifyRequest, clientId: string): AccountSetData {
    const token = req.headers['app-token'];
    if (typeof token !== 'string' || !token) throw new JdyError(ERR.TOKEN, 'app-token 缺失，请先获取 app-token');
    const rec = state.tokens.find((t) => t.token === token);
    if (!rec) throw new JdyError(ERR.TOKEN, 'app-token 无效，请重新获取');
    if (rec.expiresAt <= nowMs()) throw new JdyError(ERR.TOKEN, 'app-token 已过期，请重新获取');
    const a = state.accountSets.find((x) => x.accountId === rec.accountId);
    if (!a || a.clientId !== clientId) throw new JdyError(ERR.TOKEN, 'app-token 不属于该应用');
    accountOfReq.set(req, a.accountId);
    const router = req.headers['x-gw-router-addr'];
    if (typeof router !== 'string' || !router) throw new GatewayError(400, 'X-GW-Router-Addr 缺失');
    if (router.replace(/\/+$/, '') !== a.domain.replace(/\/+$/, '')) throw new GatewayError(502, `Bad Gateway: 账套 ${a.accountId} 不在数据中心 ${router}，请重新授权获取 domain`);
    if (!allow(`acct:${a.accountId}`, config.rateLimitPerMinute)) throw new GatewayError(429, `Too Many Requests: 每个账套每分钟最多 ${config.rateLimitPerMinute} 次调用`);
    return a;
  }

  // ---------- authorisation ----------
  app.post('/jdyconnector/app_management/push_app_authorize', async (req) => {
    const clientId = checkSignature(req);
    const outer = one(parseQuery(req.url), 'outerInstanceId');
    if (!outer) throw new JdyError(ERR.REQUIRED, 'outerInstanceId 不能为空');
    const apps = state.accountSets.filter((a) => a.outerInstanceId === outer && a.clientId === clientId);
    return {
      errcode: 0,
      description: '成功',
      data: apps.map((a) => ({
        appKey: a.appKey,
        appSecret: a.appSecret,
        domain: a.domain,
        accountId: a.accountId,
        accountName: a.accountName,
        groupName: a.groupName,
        serviceId: a.serviceId,
        outerInstanceId: a.outerInstanceId,
        clientId: a.clientId,
        status: 1,
      })),
    };
  });

  app.get('/jdyconnector/app_management/kingdee_auth_token', async (req) => {
    const clientId = checkSignature(req);
    const q = parseQuery(req.url);
    const appKey = one(q, 'app_key');
    const sig = one(q, 'app_signature');
    if (!appKey) throw new JdyError(ERR.REQUIRED, 'app_key 不能为空');
    if (!sig) throw new JdyError(ERR.REQUIRED, 'app_signature 不能为空');
    const a = state.accountSets.find((x) => x.appKey === appKey && x.clientId === clientId);
    if (!a) throw new JdyError(ERR.NOT_FOUND, `app_key ${appKey} 不存在或未授权给该应用`);
    accountOfReq.set(req, a.accountId);
    if (!allow(`token:${appKey}`, config.tokenCallsPerMinute)) throw new GatewayError(429, `Too Many Requests: 获取 app-token 每分钟最多 ${config.tokenCallsPerMinute} 次`);
    if (!safeEqual(sig, appSignature(appKey, a.appSecret))) throw new JdyError(ERR.FORMAT, 'app_signature 校验失败（appSecret 可能已更新，请重新授权）');
    let rec = state.tokens.find((t) => t.appKey === appKey && t.accountId === a.accountId && t.expiresAt > nowMs());
    if (!rec) {
      state.tokens = state.tokens.filter((t) => t.expiresAt > nowMs() - 24 * 3600_000);
      rec = { token: randomBytes(24).toString('hex'), accountId: a.accountId, appKey, expiresAt: nowMs() + config.tokenTtlMs };
      state.tokens.push(rec);
    }
    return {
      errcode: 0,
      description: '成功',
      data: { 'app-token': rec.token, access_token: rec.token, expires: rec.expiresAt, expires_in: Math.max(0, Math.floor((rec.expiresAt - nowMs()) / 1000)) },
    };
  });

  // ---------- /jdy/v2 ----------
  type Handler = (c: Ctx, q: Query, body: unknown) => unknown;
  const api = (method: 'GET' | 'POST', url: string, fn: Handler) =>
    app.route({
      method,
      url,
      handler: async (req) => {
        const a = checkToken(req, checkSignature(req));
        const body = method === 'POST' ? jsonBody(req) : undefined;
        const data = fn(ctxOf(a), parseQuery(req.url), body);
        return { errcode: 0, description: '成功', data };
      },
    });
  api('GET', '/jdy/v2/bd/material', listMaterials);
  api('GET', '/jdy/v2/bd/material_detail', getMaterial);
  api('GET', '/jdy/v2/bd/aux_attribute', listAuxValues);
  api('GET', '/jdy/v2/bd/material_unit', listUnits);
  api('GET', '/jdy/v2/scm/inventory', listInventory);
  for (const kind of ['customer', 'store', 'settlement_account'] as const) {
    api('GET', `/jdy/v2/bd/${kind}`, (c, q) => listBd(c, kind, q));
    api('POST', `/jdy/v2/bd/${kind}`, (c, _q, b) => saveBd(c, kind, b));
  }
  api('GET', '/jdy/v2/scm/sal_out_bound', (c, q) => listDocs(c, 'out', q));
  api('POST', '/jdy/v2/scm/sal_out_bound', (c, _q, b) => saveDoc(c, 'out', b));
  api('GET', '/jdy/v2/scm/sal_out_bound_detail', (c, q) => getDoc(c, 'out', q));
  api('GET', '/jdy/v2/scm/sal_in_bound', (c, q) => listDocs(c, 'in', q));
  api('POST', '/jdy/v2/scm/sal_in_bound', (c, _q, b) => saveDoc(c, 'in', b));
  api('GET', '/jdy/v2/scm/sal_in_bound_detail', (c, q) => getDoc(c, 'in', q));
  api('POST', '/jdy/v2/sys/common_operate', (c, _q, b) => commonOperate(c, b));

  registerControl(app, sim, { jsonBody, rawBody });

  if (!load()) sim.reset();
  log.length = 0;
  return sim;
}

export type { AccountSetSeed } from './control';

