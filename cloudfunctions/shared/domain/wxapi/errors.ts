/**
 * Errors of the WeChat mini-program server APIs (`{errcode, errmsg}`), sorted into what the caller does about them:
 * - `token`: the access token is invalid or expired (40001, 42001, 40014): the client fetches a new one and retries once;
 * - `rate_limited` (45009 quota, 45011 frequency) and `busy` (-1): retry later with backoff;
 * - `server` (HTTP 5xx) and `network` / `timeout` (no answer): retry later (a write may have been applied: callers
 *   send idempotent requests, keyed by the order);
 * - `permanent`: anything else, recorded with WeChat's errcode and errmsg for a person to look at.
 */
export type WxApiErrorKind = 'token' | 'rate_limited' | 'busy' | 'server' | 'network' | 'timeout' | 'config' | 'permanent';

/** errcodes whose meaning is documented by WeChat (global codes and the ones of the calls the product makes) */
export const WX_ERRCODES: Readonly<Record<number, { kind: WxApiErrorKind; meaning: string }>> = {
  [-1]: { kind: 'busy', meaning: '系统繁忙，此时请开发者稍候再试' },
  40001: { kind: 'token', meaning: 'access_token 无效或不是最新' },
  40014: { kind: 'token', meaning: '不合法的 access_token' },
  42001: { kind: 'token', meaning: 'access_token 超时' },
  45009: { kind: 'rate_limited', meaning: '接口调用超过限额' },
  45011: { kind: 'rate_limited', meaning: 'API 调用太频繁，请稍候再试' },
  40013: { kind: 'config', meaning: '不合法的 AppID' },
  40125: { kind: 'config', meaning: '不合法的 secret' },
  40164: { kind: 'config', meaning: '调用接口的 IP 地址不在白名单中' },
  // subscribeMessage.send
  40003: { kind: 'permanent', meaning: 'touser 不是正确的 openid' },
  40037: { kind: 'permanent', meaning: 'template_id 不正确' },
  43101: { kind: 'permanent', meaning: '用户拒绝接受消息（没有可用的订阅）' },
  47003: { kind: 'permanent', meaning: '模板参数不准确' },
  41030: { kind: 'permanent', meaning: 'page 路径不正确' },
  // uploadShippingInfo
  10060001: { kind: 'permanent', meaning: '支付单不存在' },
  10060002: { kind: 'permanent', meaning: '支付单已完成发货，无法继续发货' },
  10060003: { kind: 'permanent', meaning: '支付单已使用重新发货机会' },
  10060004: { kind: 'permanent', meaning: '支付单处于不可发货的状态' },
  10060005: { kind: 'permanent', meaning: '物流类型有误' },
  10060006: { kind: 'permanent', meaning: '非快递发货时不允许分拆发货' },
  10060007: { kind: 'permanent', meaning: '分拆发货模式下必须填写 is_all_delivered' },
  10060008: { kind: 'permanent', meaning: '商品描述 item_desc 不能为空' },
  10060009: { kind: 'permanent', meaning: '商品描述 item_desc 过长' },
  10060014: { kind: 'permanent', meaning: '参数错误' },
  47001: { kind: 'permanent', meaning: '数据格式错误' },
};

/** suggested wait after a rate-limited or busy answer, before the first retry */
export const RATE_LIMIT_BACKOFF_MS = 60_000;

export const kindOfErrcode = (errcode: number): WxApiErrorKind => WX_ERRCODES[errcode]?.kind ?? 'permanent';

export class WxApiError extends Error {
  readonly kind: WxApiErrorKind;
  readonly errcode: number | null;
  readonly errmsg: string;
  readonly httpStatus: number | null;
  /** for rate_limited / busy: how long to wait before trying again */
  readonly retryAfterMs?: number;
  constructor(i: { kind: WxApiErrorKind; errcode?: number | null; errmsg: string; httpStatus?: number | null; api?: string; retryAfterMs?: number; cause?: unknown }) {
    const code = i.errcode != null ? ` [${i.errcode}]` : i.httpStatus != null ? ` [HTTP ${i.httpStatus}]` : '';
    super(`wx ${i.api ? `${i.api}: ` : ''}${i.kind}${code} ${i.errmsg}`, i.cause !== undefined ? { cause: i.cause } : undefined);
    this.name = 'WxApiError';
    this.kind = i.kind;
    this.errcode = i.errcode ?? null;
    this.errmsg = i.errmsg;
    this.httpStatus = i.httpStatus ?? null;
    if (i.retryAfterMs !== undefined) this.retryAfterMs = i.retryAfterMs;
  }
  /** worth trying again later (token errors too: the client already retried once) */
  get retryable(): boolean {
    return this.kind !== 'permanent' && this.kind !== 'config';
  }
}

export const isWxApiError = (e: unknown): e is WxApiError => e instanceof WxApiError;

/** A WeChat answer with errcode ≠ 0. */
export function errorFromAnswer(errcode: number, errmsg: string, api?: string): WxApiError {
  const kind = kindOfErrcode(errcode);
  return new WxApiError({ kind, errcode, errmsg, httpStatus: 200, api, ...(kind === 'rate_limited' || kind === 'busy' ? { retryAfterMs: RATE_LIMIT_BACKOFF_MS } : {}) });
}

/** Anything thrown on the way (fetch, the SDK, our timer) → WxApiError. */
export function classifyWxError(e: unknown, api?: string): WxApiError {
  if (e instanceof WxApiError) return e;
  const name = (e as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new WxApiError({ kind: 'timeout', errmsg: 'no answer within the timeout', api, cause: e });
  const msg = e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  const detail = (e as { cause?: { code?: string } } | null)?.cause?.code;
  return new WxApiError({ kind: 'network', errmsg: `${code ? `${String(code)} ` : ''}${msg}${detail ? ` (${detail})` : ''}`, api, cause: e });
}
