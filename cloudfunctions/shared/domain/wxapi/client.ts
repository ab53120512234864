/**
 * One client for the mini-program server APIs the shop calls, over one of two transports:
 * - `cloudTransport`: CloudBase's cloud call (`app.callWxOpenApi` of @cloudbase/node-sdk, action `wx.api`): WeChat
 *   is reached through CloudBase, no access token (the production path inside a CloudBase function);
 * - `httpsTransport`: plain HTTPS to api.weixin.qq.com with an access token from `stable_token` (AppID + AppSecret),
 *   cached in the database for every instance and replaced 5 minutes before it expires.
 * A token error (40001 / 42001 / 40014) drops the cached token and retries once; everything else comes back as a
 * typed `WxApiError` (./errors): retryable (rate limited, busy, 5xx, no answer) or permanent (errcode + errmsg).
 */
import { classifyWxError, errorFromAnswer, kindOfErrcode, WxApiError } from './errors';
import type { WxTokenStore } from './tokens';

/** A server API: its HTTPS path and its cloud-call name. */
export interface WxApi {
  path: string;
  name: string;
}
export const WX_APIS = {
  uploadShippingInfo: { path: '/wxa/sec/order/upload_shipping_info', name: 'wxa.sec.order.uploadShippingInfo' },
  sendSubscribeMessage: { path: '/cgi-bin/message/subscribe/send', name: 'subscribeMessage.send' },
} as const satisfies Record<string, WxApi>;

export type WxAnswer = Record<string, unknown> & { errcode?: number; errmsg?: string };

export interface WxTransport {
  readonly name: 'cloud' | 'https';
  /** sends one request; WeChat's JSON answer as is (errcode may be ≠ 0); throws a WxApiError when there is none */
  call(api: WxApi, body: unknown): Promise<WxAnswer>;
  /** WeChat refused the token used by the last call: forget it (HTTPS only) */
  tokenRejected?(): Promise<void>;
}

/** the part of the CloudBase app the cloud transport uses */
export interface CloudCaller {
  callWxOpenApi(o: { apiName: string; requestData: unknown }): Promise<{ result?: unknown; requestId?: string; code?: string; message?: string }>;
}

export function cloudTransport(app: CloudCaller): WxTransport {
  return {
    name: 'cloud',
    async call(api, body) {
      let r: Awaited<ReturnType<CloudCaller['callWxOpenApi']>>;
      try {
        r = await app.callWxOpenApi({ apiName: api.path, requestData: body });
      } catch (e) {
        // CloudBase's own refusals ({code, message}, e.g. SYS_ERR, permission) and transport failures
        const x = classifyWxError(e, api.name);
        throw x.kind === 'network' && typeof (e as { code?: unknown })?.code === 'string' ? new WxApiError({ kind: 'server', errmsg: x.errmsg, api: api.name, cause: e }) : x;
      }
      if (r.code) throw new WxApiError({ kind: 'server', errmsg: `${r.code} ${r.message ?? ''}`.trim(), api: api.name });
      if (!r.result || typeof r.result !== 'object') throw new WxApiError({ kind: 'server', errmsg: `not a JSON answer: ${String(r.result).slice(0, 200)}`, api: api.name });
      return r.result as WxAnswer;
    },
  };
}

export interface HttpsTransportOptions {
  /** WeChat's host (https://api.weixin.qq.com) or the local simulator */
  baseUrl: string;
  appid: string;
  secret: string;
  tokens: WxTokenStore;
  fetch?: typeof fetch;
  now?: () => Date;
  /** per request, default 10 s */
  timeoutMs?: number;
}
/** a cached token is replaced this long before it expires */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

export function httpsTransport(o: HttpsTransportOptions): WxTransport & { tokenCalls: number; freshToken(): Promise<string> } {
  const f = o.fetch ?? fetch;
  const now = o.now ?? (() => new Date());
  const base = o.baseUrl.replace(/\/+$/, '');
  let lastToken: string | null = null;

  const post = async (path: string, body: unknown, apiName: string): Promise<WxAnswer> => {
    let res: Response;
    let text: string;
    try {
      res = await f(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
      text = await res.text();
    } catch (e) {
      throw classifyWxError(e, apiName);
    }
    if (res.status >= 500) throw new WxApiError({ kind: 'server', httpStatus: res.status, errmsg: text.slice(0, 200) || res.statusText, api: apiName });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new WxApiError({ kind: res.ok ? 'server' : 'permanent', httpStatus: res.status, errmsg: `not a JSON answer: ${text.slice(0, 200)}`, api: apiName });
    }
    if (!json || typeof json !== 'object') throw new WxApiError({ kind: 'server', httpStatus: res.status, errmsg: 'not a JSON object', api: apiName });
    return json as WxAnswer;
  };

  const t: ReturnType<typeof httpsTransport> = {
    name: 'https',
    tokenCalls: 0,
    /** asks stable_token whatever is cached (the admin's connection test: are the AppID and AppSecret right?) */
    freshToken: () => accessToken(true),
    async call(api, body) {
      const token = await accessToken();
      lastToken = token;
      return post(`${api.path}?access_token=${encodeURIComponent(token)}`, body, api.name);
    },
    async tokenRejected() {
      if (lastToken) await o.tokens.drop(o.appid, lastToken);
      lastToken = null;
    },
  };

  async function accessToken(fresh = false): Promise<string> {
    const cached = fresh ? null : await o.tokens.load(o.appid);
    if (cached && Date.parse(cached.expiresAt) - now().getTime() > TOKEN_REFRESH_MARGIN_MS) return cached.accessToken;
    // normal mode (no force_refresh): WeChat answers the current token, or a new one in its last 5 minutes; every
    // instance asking at once gets the same token
    t.tokenCalls++;
    const a = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: o.appid, secret: o.secret, force_refresh: false }, 'stable_token');
    if (a.errcode) {
      const e = errorFromAnswer(a.errcode, String(a.errmsg ?? ''), 'stable_token');
      // a token call that fails for a token reason is not fixed by asking again
      throw e.kind === 'token' ? new WxApiError({ kind: 'config', errcode: e.errcode, errmsg: e.errmsg, api: 'stable_token' }) : e;
    }
    if (typeof a.access_token !== 'string' || !a.access_token) throw new WxApiError({ kind: 'server', errmsg: 'stable_token answered no access_token', api: 'stable_token' });
    const ttl = typeof a.expires_in === 'number' && a.expires_in > 0 ? a.expires_in : 7200;
    await o.tokens.save(o.appid, { accessToken: a.access_token, expiresAt: new Date(now().getTime() + ttl * 1000).toISOString() });
    return a.access_token;
  }
  return t;
}

export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

export interface WxApiClient {
  readonly transport: WxTransport['name'];
  /** any server API: the answer when errcode is 0, else a WxApiError (a token error is retried once first) */
  call(api: WxApi, body: unknown): Promise<WxAnswer>;
  uploadShippingInfo(info: unknown): Promise<void>;
  sendSubscribeMessage(m: SubscribeMessage): Promise<{ msgid: string | null }>;
}

export function createWxApiClient(transport: WxTransport): WxApiClient {
  const call = async (api: WxApi, body: unknown): Promise<WxAnswer> => {
    let a = await transport.call(api, body);
    if (a.errcode && kindOfErrcode(a.errcode) === 'token') {
      await transport.tokenRejected?.();
      a = await transport.call(api, body);
    }
    if (a.errcode) throw errorFromAnswer(a.errcode, String(a.errmsg ?? ''), api.name);
    return a;
  };
  return {
    transport: transport.name,
    call,
    async uploadShippingInfo(info) {
      await call(WX_APIS.uploadShippingInfo, info);
    },
    async sendSubscribeMessage(m) {
      const a = await call(WX_APIS.sendSubscribeMessage, m);
      return { msgid: a.msgid != null ? String(a.msgid) : null };
    },
  };
}
