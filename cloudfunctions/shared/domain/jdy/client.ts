/**
 * The product's client for the Jingdou Cloud (Kingdee 新一代精斗云) open API, family `/jdy/v2` on the api.kingdee.com
 * gateway. Plain TypeScript over `fetch` (runs in a CloudBase function): signing (`./sign`), authorisation and a
 * cached app-token kept in a `TokenStore`, the router address, the `{errcode, description, data}` envelope, client-side
 * pacing under the 500 calls/minute limit (`./pacer`), and typed helpers with the API's own (snake_case) field names
 * (the shapes are in `./api`).
 *
 * What it does on its own, once per call: fetch a new app-token when the gateway says the token is invalid or
 * expired; authorise again when the token call says the appSecret changed (1030002006) or the app_key is unknown
 * (1030002003), or when a call is refused with HTTP 502 and authorising again gives another domain (tenant moved).
 * Everything else is thrown as a `JdyError` (see ./errors) for the caller's outbox to retry with backoff or park.
 */
import { JDY_ERR, classifyJdyError, errorFromErrcode, errorFromStatus, JdyError } from './errors';
import { appSignature, buildQueryString, type JdyQuery, signedHeaders } from './sign';
import type { JdyAuth, TokenStore } from './tokens';
import type { BdQuery, BdSave, Customer, DocQuery, IdOrNumber, InventoryQuery, InventoryRow, JdyAccountSet, JdyEnvelope, JdyPage, JdySaveResult, Material, MaterialDetail, MaterialListQuery, OperateInput, OutboundDetail, OutboundDoc, OutboundRow, ReturnDetail, ReturnDoc, ReturnRow, SettlementAccount, SettlementAccountSave, Store } from './api';
import { Pacer } from './pacer';

// the API's shapes (./api) and the pacer (./pacer), still importable from here
export type { AuxEntity, BdQuery, BdRow, BdSave, BillStatus, Customer, DocDetail, DocDetailLine, DocLine, DocQuery, DocRow, EntityNumber, IdOrNumber, InventoryQuery, InventoryRow, JdyAccountSet, JdyEnvelope, JdyPage, JdySaveResult, Material, MaterialDetail, MaterialListQuery, MaterialUnit, ModifyWindow, OperateInput, OperateType, OutboundDetail, OutboundDoc, OutboundRow, PageQuery, PaymentEntry, PriceEntity, ReturnDetail, ReturnDoc, ReturnLine, ReturnRow, SettlementAccount, SettlementAccountSave, Store } from './api';
export { Pacer } from './pacer';

export const AUTHORIZE_PATH = '/jdyconnector/app_management/push_app_authorize';
export const TOKEN_PATH = '/jdyconnector/app_management/kingdee_auth_token';
/** a cached app-token is replaced this long before it expires */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** lifetime assumed when the token answer has no expiry (the reference: "about 24 h"; integrators cache ~23 h) */
export const TOKEN_DEFAULT_TTL_MS = 23 * 3600_000;
/** suggested wait after an HTTP 429 without Retry-After: the gateway counts calls per minute */
export const RATE_LIMIT_RETRY_MS = 60_000;
/** the gateway cuts page_size above 100 */
export const MAX_PAGE_SIZE = 100;

// ---------------------------------------------------------------------------------------------------------------
// configuration

export interface JdyClientConfig {
  /** the gateway, e.g. https://api.kingdee.com (locally the simulator's URL) */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  outerInstanceId: string;
  /** the account set to use when the instance has several; default: the first one with status 1 */
  accountId?: string;
}

export interface JdyClientOptions {
  fetch?: typeof fetch;
  now?: () => Date;
  /** how the pacer waits (tests pass one that moves a fake clock) */
  sleep?: (ms: number) => Promise<void>;
  /** per call, default 30 s (the gateway's own timeout) */
  timeoutMs?: number;
  /** client-side pacing of `/jdy/v2` calls, default 450 (the gateway allows 500 per account set); 0 = off */
  maxPerMinute?: number;
  /** calls that may go out back to back before pacing starts; default one second's worth (ceil(maxPerMinute / 60)) */
  burst?: number;
  /** share one pacer between clients of the same account set in a process (maxPerMinute / burst are then ignored) */
  pacer?: Pacer;
}

export interface JdyClientStats {
  /** `/jdy/v2` calls sent (retries included) */
  requests: number;
  authorizeCalls: number;
  tokenCalls: number;
  /** how often, and how long in total, the pacer made a call wait */
  pacingWaits: number;
  pacingWaitedMs: number;
}

export interface RequestOptions {
  query?: JdyQuery;
  body?: unknown;
}

// ---------------------------------------------------------------------------------------------------------------
// the client

interface HttpAnswer {
  status: number;
  /** the parsed envelope, when the body was one */
  env?: JdyEnvelope;
  text: string;
  retryAfterMs?: number;
}

const trimDomain = (d: string) => d.replace(/\/+$/, '');
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function parseRetryAfter(v: string | null, nowMs: number): number | undefined {
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.ceil(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - nowMs) : undefined;
}

/** a list query as the signer wants it: undefined left out, numbers and booleans as text */
function toQuery(q: object | undefined): JdyQuery {
  const out: JdyQuery = {};
  for (const [k, v] of Object.entries(q ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      if (v.length) out[k] = v.map(String);
    } else out[k] = String(v);
  }
  return out;
}

export class JdyClient {
  private readonly counts = { requests: 0, authorizeCalls: 0, tokenCalls: 0 };
  private readonly fetchFn: typeof fetch;
  private readonly now: () => Date;
  private readonly timeoutMs: number;
  private readonly pacer: Pacer;
  private readonly baseUrl: string;
  /** the authorisation in use (a copy of the store's) */
  private auth: JdyAuth | null = null;
  /** the last token the gateway refused: never used again, even if a store still returns it */
  private refused: string | null = null;
  private tokenInFlight?: Promise<JdyAuth>;
  private authorizeInFlight?: Promise<JdyAccountSet[]>;
  /**
   * A token the gateway handed back although it ends within the refresh margin (it returns the current token while
   * valid): used until it really expires instead of asking again on every call (the token call allows ~2/min).
   */
  private lateToken: string | null = null;

  constructor(
    private readonly config: JdyClientConfig,
    private readonly store: TokenStore,
    options: JdyClientOptions = {},
  ) {
    this.fetchFn = options.fetch ?? ((...a) => fetch(...a));
    this.now = options.now ?? (() => new Date());
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    const sleep = options.sleep ?? defaultSleep;
    this.pacer = options.pacer ?? new Pacer(options.maxPerMinute ?? 450, options.burst, () => this.now().getTime(), sleep);
  }

  /** counters since construction (a snapshot) */
  get stats(): JdyClientStats {
    return { ...this.counts, pacingWaits: this.pacer.waits, pacingWaitedMs: this.pacer.waitedMs };
  }

  // ---------- authorisation ----------

  /**
   * push_app_authorize: the instance's account sets. Picks the configured one (or the first live one), keeps it in the
   * store, and keeps a cached app-token when the account set and appKey did not change (a tenant move, say).
   */
  authorize(): Promise<JdyAccountSet[]> {
    // concurrent callers (say several calls refused with 502 at once) share one authorisation
    if (!this.authorizeInFlight) this.authorizeInFlight = this.doAuthorize().finally(() => (this.authorizeInFlight = undefined));
    return this.authorizeInFlight;
  }

  private async doAuthorize(): Promise<JdyAccountSet[]> {
    const endpoint = `POST ${AUTHORIZE_PATH}`;
    this.counts.authorizeCalls++;
    const res = await this.http('POST', AUTHORIZE_PATH, { outerInstanceId: this.config.outerInstanceId }, {});
    const data = this.unwrap(endpoint, res);
    const sets = (Array.isArray(data) ? data : []) as JdyAccountSet[];
    const live = (s: JdyAccountSet) => Number(s.status) === 1;
    const chosen = this.config.accountId ? sets.find((s) => s.accountId === this.config.accountId) : sets.find(live);
    if (!chosen || !live(chosen)) {
      const what = this.config.accountId ? `account set ${this.config.accountId}` : 'a live account set';
      throw new JdyError({ kind: 'auth', retryable: false, description: `instance ${this.config.outerInstanceId} has no ${what} for client ${this.config.clientId} (${sets.length} returned)`, endpoint });
    }
    const prev = this.auth ?? (await this.store.load());
    const keep = prev && prev.accountId === chosen.accountId && prev.appKey === chosen.appKey && prev.appToken && prev.appToken !== this.refused;
    const auth: JdyAuth = {
      appKey: chosen.appKey,
      appSecret: chosen.appSecret,
      domain: chosen.domain,
      accountId: chosen.accountId,
      accountName: chosen.accountName,
      appToken: keep ? prev.appToken : null,
      tokenExpiresAt: keep ? prev.tokenExpiresAt : null,
      authorizedAt: this.now().toISOString(),
    };
    await this.store.save(auth);
    this.auth = auth;
    return sets;
  }

  /** the authorisation with an app-token good for at least 5 more minutes (one token call at a time per client) */
  async ensureToken(): Promise<JdyAuth> {
    if (this.auth && this.usable(this.auth)) return this.auth;
    if (!this.tokenInFlight) this.tokenInFlight = this.obtainToken().finally(() => (this.tokenInFlight = undefined));
    return this.tokenInFlight;
  }

  /** the account set in use, once known */
  get account(): { accountId: string; accountName: string; domain: string } | null {
    return this.auth ? { accountId: this.auth.accountId, accountName: this.auth.accountName, domain: this.auth.domain } : null;
  }

  private usable(a: JdyAuth): boolean {
    if (!a.appToken || !a.tokenExpiresAt || a.appToken === this.refused) return false;
    const margin = a.appToken === this.lateToken ? 0 : TOKEN_REFRESH_MARGIN_MS;
    return Date.parse(a.tokenExpiresAt) - margin > this.now().getTime();
  }

  private mine(a: JdyAuth | null): a is JdyAuth {
    return !!a && (!this.config.accountId || a.accountId === this.config.accountId);
  }

  private async obtainToken(): Promise<JdyAuth> {
    // another instance may have stored a fresh token meanwhile
    const stored = await this.store.load();
    if (this.mine(stored) && this.usable(stored)) return (this.auth = stored);
    let authorized = false;
    if (this.mine(stored)) this.auth = stored;
    else {
      await this.authorize();
      authorized = true;
    }
    try {
      return await this.tokenCall(this.auth!);
    } catch (e) {
      // appSecret rotated (1030002006), app_key gone (1030002003), tenant moved (502): authorise again, once
      const again = e instanceof JdyError && (e.errcode === JDY_ERR.FORMAT || e.errcode === JDY_ERR.NOT_FOUND || e.httpStatus === 502);
      if (authorized || !again) throw e;
      await this.authorize();
      return this.tokenCall(this.auth!);
    }
  }

  private async tokenCall(auth: JdyAuth): Promise<JdyAuth> {
    const endpoint = `GET ${TOKEN_PATH}`;
    this.counts.tokenCalls++;
    const res = await this.http('GET', TOKEN_PATH, { app_key: auth.appKey, app_signature: appSignature(auth.appKey, auth.appSecret) });
    const data = this.unwrap(endpoint, res);
    const token = isObj(data) ? (data['app-token'] ?? data.access_token) : undefined;
    if (typeof token !== 'string' || !token) throw new JdyError({ kind: 'server', retryable: true, httpStatus: res.status, description: 'token answer without app-token', endpoint });
    const nowMs = this.now().getTime();
    const d = data as Record<string, unknown>;
    const expires = Number(d.expires) > nowMs ? Number(d.expires) : Number(d.expires_in) > 0 ? nowMs + Number(d.expires_in) * 1000 : nowMs + TOKEN_DEFAULT_TTL_MS;
    const next: JdyAuth = { ...auth, appToken: token, tokenExpiresAt: new Date(expires).toISOString() };
    await this.store.save(next);
    if (this.refused === token) this.refused = null;
    if (expires - TOKEN_REFRESH_MARGIN_MS <= nowMs) this.lateToken = token;
    this.auth = next;
    return next;
  }

  /** forget a token the gateway refused (here and, if still the same, in the store) */
  private async dropToken(token: string) {
    this.refused = token;
    if (this.auth?.appToken === token) this.auth = { ...this.auth, appToken: null, tokenExpiresAt: null };
    await this.store.dropToken(token);
  }

  // ---------- calls ----------

  /**
   * One `/jdy/v2` call: paced, signed, with app-token and router address; returns `data` of a successful envelope.
   * Invalid/expired token → a new token and one retry; HTTP 502 → authorise again and one retry when the domain
   * changed. Throws JdyError otherwise (429 → `rate_limited` with `retryAfterMs`).
   */
  async request<T = unknown>(method: 'GET' | 'POST', path: string, o: RequestOptions = {}): Promise<T> {
    const endpoint = `${method} ${path}`;
    let retokened = false;
    let reauthorized = false;
    for (;;) {
      // pace first: the token and domain are read just before sending, not before a wait
      await this.pacer.take();
      const auth = await this.ensureToken();
      this.counts.requests++;
      const res = await this.http(method, path, o.query, o.body, auth);
      if (res.status === 502 && !reauthorized) {
        reauthorized = true;
        const sent = trimDomain(auth.domain);
        // a concurrent call may already have found the new domain
        if (!this.auth || trimDomain(this.auth.domain) === sent) await this.authorize();
        if (trimDomain(this.auth!.domain) !== sent) continue;
      }
      if (res.status === 429) this.pacer.drain();
      if (res.status === 200 && res.env?.errcode === JDY_ERR.TOKEN && !retokened) {
        retokened = true;
        await this.dropToken(auth.appToken!);
        continue;
      }
      return this.unwrap(endpoint, res) as T;
    }
  }

  private async http(method: 'GET' | 'POST', path: string, query: JdyQuery | undefined, body?: unknown, auth?: JdyAuth): Promise<HttpAnswer> {
    const endpoint = `${method} ${path}`;
    const headers = signedHeaders({
      clientId: this.config.clientId,
      clientSecret: this.config.clientSecret,
      method,
      path,
      query,
      timestamp: this.now().getTime(),
      ...(auth ? { appToken: auth.appToken ?? '', routerAddr: auth.domain } : {}),
    });
    const qs = buildQueryString(query);
    const url = `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new DOMException('jdy call timed out', 'TimeoutError')), this.timeoutMs);
    try {
      const res = await this.fetchFn(url, { method, headers, body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined, signal: ac.signal });
      const text = await res.text();
      let env: JdyEnvelope | undefined;
      try {
        const v = text ? JSON.parse(text) : undefined;
        if (isObj(v) && 'errcode' in v) env = { errcode: Number(v.errcode), description: String(v.description ?? ''), data: v.data };
      } catch {
        /* not JSON: judged by the status below */
      }
      return { status: res.status, env, text, retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), this.now().getTime()) };
    } catch (e) {
      if (ac.signal.aborted) throw new JdyError({ kind: 'timeout', retryable: true, description: `no answer within ${this.timeoutMs} ms`, endpoint, cause: e });
      throw classifyJdyError(e, endpoint);
    } finally {
      clearTimeout(timer);
    }
  }

  private unwrap(endpoint: string, res: HttpAnswer): unknown {
    if (res.status !== 200) {
      const description = res.env?.description || res.text.slice(0, 300) || `HTTP ${res.status}`;
      const retryAfterMs = res.status === 429 ? (res.retryAfterMs ?? RATE_LIMIT_RETRY_MS) : undefined;
      throw errorFromStatus(res.status, description, { errcode: res.env?.errcode ?? null, retryAfterMs, endpoint });
    }
    if (!res.env) throw new JdyError({ kind: 'server', retryable: true, httpStatus: 200, description: `answer is not an envelope: ${res.text.slice(0, 200)}`, endpoint });
    if (res.env.errcode !== 0) throw errorFromErrcode(res.env.errcode, res.env.description, endpoint);
    return res.env.data;
  }

  // ---------- typed helpers ----------

  listMaterials(q: MaterialListQuery = {}) {
    return this.request<JdyPage<Material>>('GET', '/jdy/v2/bd/material', { query: toQuery(q) });
  }
  materialDetail(q: IdOrNumber) {
    return this.request<MaterialDetail>('GET', '/jdy/v2/bd/material_detail', { query: toQuery(q) });
  }
  listInventory(q: InventoryQuery = {}) {
    return this.request<JdyPage<InventoryRow>>('GET', '/jdy/v2/scm/inventory', { query: toQuery(q) });
  }

  listCustomers(q: BdQuery = {}) {
    return this.request<JdyPage<Customer>>('GET', '/jdy/v2/bd/customer', { query: toQuery(q) });
  }
  saveCustomer(c: BdSave | BdSave[]) {
    return this.request<JdySaveResult>('POST', '/jdy/v2/bd/customer', { body: c });
  }
  listStores(q: BdQuery = {}) {
    return this.request<JdyPage<Store>>('GET', '/jdy/v2/bd/store', { query: toQuery(q) });
  }
  saveStore(s: BdSave | BdSave[]) {
    return this.request<JdySaveResult>('POST', '/jdy/v2/bd/store', { body: s });
  }
  listSettlementAccounts(q: BdQuery = {}) {
    return this.request<JdyPage<SettlementAccount>>('GET', '/jdy/v2/bd/settlement_account', { query: toQuery(q) });
  }
  saveSettlementAccount(a: SettlementAccountSave | SettlementAccountSave[]) {
    return this.request<JdySaveResult>('POST', '/jdy/v2/bd/settlement_account', { body: a });
  }

  /** sales outbound (销售出库单); a repeated bill_no answers JdyError kind `duplicate` */
  saveOutbound(doc: OutboundDoc | OutboundDoc[]) {
    return this.request<JdySaveResult>('POST', '/jdy/v2/scm/sal_out_bound', { body: doc });
  }
  listOutbound(q: DocQuery = {}) {
    return this.request<JdyPage<OutboundRow>>('GET', '/jdy/v2/scm/sal_out_bound', { query: toQuery(q) });
  }
  outboundDetail(q: IdOrNumber) {
    return this.request<OutboundDetail>('GET', '/jdy/v2/scm/sal_out_bound_detail', { query: toQuery(q) });
  }
  /** sales return (销售退货单, sal_in_bound) */
  saveReturn(doc: ReturnDoc | ReturnDoc[]) {
    return this.request<JdySaveResult>('POST', '/jdy/v2/scm/sal_in_bound', { body: doc });
  }
  listReturns(q: DocQuery = {}) {
    return this.request<JdyPage<ReturnRow>>('GET', '/jdy/v2/scm/sal_in_bound', { query: toQuery(q) });
  }
  returnDetail(q: IdOrNumber) {
    return this.request<ReturnDetail>('GET', '/jdy/v2/scm/sal_in_bound_detail', { query: toQuery(q) });
  }
  /** audit / unaudit / delete / invalid / valid (all or nothing) */
  operate(o: OperateInput) {
    return this.request<JdySaveResult>('POST', '/jdy/v2/sys/common_operate', { body: o });
  }

  /**
   * Every row of a list, page by page (page_size 100, the gateway's maximum), until `total_page` or a short page.
   * Pages are positions in a list ordered by modify_time: rows changed during the walk can move between pages, so
   * callers that need every change use a modify window and dedupe by id.
   */
  async listAll<T>(fetchPage: (q: { page: number; page_size: number }) => Promise<JdyPage<T>>): Promise<T[]> {
    const out: T[] = [];
    for (let page = 1; ; page++) {
      const p = await fetchPage({ page, page_size: MAX_PAGE_SIZE });
      const rows = Array.isArray(p.rows) ? p.rows : [];
      out.push(...rows);
      const total = Number(p.total_page);
      if (rows.length === 0 || (Number.isFinite(total) && page >= total) || (!Number.isFinite(total) && rows.length < MAX_PAGE_SIZE)) return out;
    }
  }
}
