/**
 * A protocol-faithful WeChat Pay API v3 simulator (JSAPI orders, query, close, refunds, signed notifications).
 * Merchant requests are verified like WeChat does (signature, serial, 5-minute window); every `/v3/*` answer is
 * signed with the platform key; notifications are AEAD_AES_256_GCM-encrypted with the merchant's APIv3 key and
 * retried on WeChat's schedule. A JSON control API under `/_sim/` plays the shopper (pay) and the bank (settle),
 * injects faults (`/_sim/faults`) and changes settings (`/_sim/config`); `/_sim/cashier` is an H5 cashier page that
 * checks paySign like the WeChat client and `/_sim/` a console page. See README.md.
 */
import { loopbackOnlyControl } from '../loopback';
import { createVerify, randomBytes, randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  encryptResource,
  signWechatpay,
  verifyRequest,
  WxSignatureError,
  wxTime,
  type EncryptedResource,
  type Key,
} from '@shop/functions/shared/domain/payments/wxcrypto';

import { cashierPage, consolePage, errorPage } from './pages';

export interface SimMerchant {
  mchid: string;
  appid: string;
  /** the merchant certificate's serial (Authorization serial_no) */
  serialNo: string;
  publicKey: Key;
  /** 32-byte APIv3 key (notifications are encrypted with it) */
  apiV3Key: string;
  /** shown on the cashier page (default `商户<mchid>`) */
  name?: string;
}

export interface RefundAutoSettle {
  status: 'SUCCESS' | 'ABNORMAL';
  afterMs: number;
}

export type ApiFaultKind = 'status500' | 'status503' | 'status429' | 'timeout';
export type NotifyFaultKind = 'drop' | 'duplicate' | 'delay' | 'reorder';
export interface ApiFaultRule {
  /** prefix of the request path (without the query), e.g. '/v3/refund'; any /v3 path when missing */
  path?: string;
  method?: 'GET' | 'POST';
  kind: ApiFaultKind;
  /** how many matching requests it still applies to */
  times: number;
}
export interface NotifyFaultRule {
  kind: NotifyFaultKind;
  /** matching events it still applies to: delivery attempts for `drop`, notifications for the others */
  times: number;
  /** for `delay` (default 1000) */
  delayMs?: number;
  /** only notifications of this event type, e.g. 'TRANSACTION.SUCCESS' */
  eventType?: string;
}
export interface FaultRules {
  api?: ApiFaultRule[];
  notify?: NotifyFaultRule[];
}
export interface SimFaults {
  /** appends rules (validated; throws SimError PARAM_ERROR) */
  add(rules: FaultRules): void;
  clear(): void;
  /** the remaining rules */
  list(): { api: ApiFaultRule[]; notify: NotifyFaultRule[] };
}

/** runtime settings (`POST /_sim/config` changes them) */
export interface SimConfig {
  refundAutoSettle: RefundAutoSettle | null;
  /** applies once, to the next auto-settled refund */
  nextRefundOutcome: 'SUCCESS' | 'ABNORMAL' | null;
  refundMinIntervalMs: number;
  faultTimeoutMs: number;
}

export interface SimOptions {
  merchants: SimMerchant[];
  platform: { serial: string; privateKey: Key };
  now?: () => Date;
  notify?: {
    /** ms between attempts after a failed one; default WeChat's 15s, 15s, 30s, 3m, 10m, 20m, 30m, 30m, 30m, 60m, 3h, 3h, 3h, 6h, 6h */
    retrySchedule?: number[];
    /** divides the schedule (1000 → 15 s becomes 15 ms) */
    timeScale?: number;
    /** how long a receiver may take (ms, default 5000) */
    timeoutMs?: number;
  };
  logger?: boolean;
  refunds?: {
    /** settle every new PROCESSING refund after `afterMs` (default null: stays PROCESSING until `/_sim/refunds/:no/settle`) */
    autoSettle?: RefundAutoSettle | null;
  };
  /** minimum time between two refunds (new out_refund_no) of one transaction, by the simulator clock (default 60000) */
  refundMinIntervalMs?: number;
  /** how long a `timeout` API fault holds the request before dropping the connection (default 15000) */
  faultTimeoutMs?: number;
}

export const MAX_REFUNDS_PER_TRANSACTION = 50;

export const DEFAULT_RETRY_SCHEDULE = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600].map((s) => s * 1000);

export type TradeState = 'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'REFUND' | 'PAYERROR';
export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';

export interface SimTransaction {
  mchid: string;
  appid: string;
  out_trade_no: string;
  description: string;
  notify_url: string;
  attach?: string;
  time_expire?: string;
  total: number;
  openid: string;
  prepay_id: string;
  /** canonical JSON of the order's parameters (idempotency check) */
  params: string;
  trade_state: TradeState;
  transaction_id?: string;
  success_time?: string;
  bank_type?: string;
  create_time: string;
}

export interface SimRefund {
  mchid: string;
  refund_id: string;
  out_refund_no: string;
  out_trade_no: string;
  transaction_id: string;
  reason?: string;
  notify_url: string;
  refund: number;
  total: number;
  status: RefundStatus;
  create_time: string;
  /** create time in ms by the simulator clock (the 1-minute rule) */
  created_at_ms: number;
  success_time?: string;
}

export interface NotificationAttempt {
  at: string;
  status?: number;
  error?: string;
  /** 'drop' (not sent) or 'duplicate' (the extra copy) */
  fault?: 'drop' | 'duplicate';
}
export interface SimNotification {
  id: string;
  event_type: 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';
  url: string;
  /** the decrypted resource (for inspection) */
  plaintext: unknown;
  /** the envelope as sent (the body is re-serialised identically on every attempt) */
  body: string;
  attempts: NotificationAttempt[];
  delivered: boolean;
  /** true when the schedule ran out without a 200/204 */
  gaveUp: boolean;
  /** notification faults applied to it (duplicate, delay, reorder; drops show on the attempts) */
  faults: NotifyFaultKind[];
}

export interface SimState {
  transactions: Map<string, SimTransaction>;
  refunds: Map<string, SimRefund>;
  notifications: SimNotification[];
}

/** One delivery attempt: POST the signed envelope, resolve with the HTTP status (rejects on network errors/timeouts). Wrap it to inject faults. */
export type NotificationSender = (url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal) => Promise<number>;

export const sendNotification: NotificationSender = async (url, body, headers, timeoutMs, signal) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
  });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
};

export class SimError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface WxpaySimulator {
  app: FastifyInstance;
  state: SimState;
  /** listens on 127.0.0.1 (port 0 by default) and returns the base URL */
  listen(port?: number, host?: string): Promise<string>;
  url?: string;
  /** cancels pending notification retries and stops the server */
  close(): Promise<void>;
  /** the sender used for notifications (replace it to inject faults) */
  sender: NotificationSender;
  /** fault injection (same as `/_sim/faults`) */
  faults: SimFaults;
  /** runtime settings (same as `/_sim/config`); mutate freely */
  config: SimConfig;
}

const TRADE_STATE_DESC: Record<TradeState, string> = {
  SUCCESS: '支付成功',
  NOTPAY: '订单未支付',
  CLOSED: '订单已关闭',
  REFUND: '转入退款',
  PAYERROR: '支付失败，请重新下单支付',
};

/** WeChat's time format: RFC 3339 in Beijing time, `2026-11-25T20:41:05+08:00`. */
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
const compact = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);

const OUT_TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const param = (message: string) => new SimError(400, 'PARAM_ERROR', message);
function str(o: Record<string, unknown>, field: string, opts: { optional?: boolean; max?: number; pattern?: RegExp } = {}): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) {
    if (opts.optional) return undefined;
    throw param(`输入源“/body/${field}”映射到字段“${field}”必填性规则校验失败，此字段为必填项`);
  }
  if (typeof v !== 'string') throw param(`字段${field}类型错误，应为字符串`);
  if (!opts.optional && v.length === 0) throw param(`字段${field}不能为空`);
  if (opts.max !== undefined && v.length > opts.max) throw param(`字段${field}长度超过${opts.max}`);
  if (opts.pattern && !opts.pattern.test(v)) throw param(`字段${field}格式错误`);
  return v;
}
function posInt(o: Record<string, unknown>, field: string, path: string): number {
  const v = o[field];
  if (v === undefined) throw param(`字段${path}为必填项`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw param(`字段${path}应为不小于1的整数`);
  return v;
}
function currency(o: Record<string, unknown>, path: string) {
  const c = o.currency;
  if (c !== undefined && c !== 'CNY') throw param(`字段${path}.currency只支持CNY`);
}
const transactionKey = (mchid: string, outTradeNo: string) => `${mchid}|${outTradeNo}`;
const refundKey = (mchid: string, outRefundNo: string) => `${mchid}|${outRefundNo}`;

/** The transaction in WeChat's query/notification shape. */
export function transactionView(t: SimTransaction) {
  const paid = t.transaction_id !== undefined && (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND');
  return {
    appid: t.appid,
    mchid: t.mchid,
    out_trade_no: t.out_trade_no,
    ...(t.transaction_id ? { transaction_id: t.transaction_id } : {}),
    ...(paid ? { trade_type: 'JSAPI' } : {}),
    trade_state: t.trade_state,
    trade_state_desc: TRADE_STATE_DESC[t.trade_state],
    ...(t.bank_type ? { bank_type: t.bank_type } : {}),
    attach: t.attach ?? '',
    ...(t.success_time ? { success_time: t.success_time } : {}),
    payer: { openid: t.openid },
    amount: paid ? { total: t.total, payer_total: t.total, currency: 'CNY', payer_currency: 'CNY' } : { total: t.total, currency: 'CNY', payer_currency: 'CNY' },
    promotion_detail: [],
  };
}

/** The refund in WeChat's API shape. */
export function refundView(r: SimRefund) {
  return {
    refund_id: r.refund_id,
    out_refund_no: r.out_refund_no,
    transaction_id: r.transaction_id,
    out_trade_no: r.out_trade_no,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(r.success_time ? { success_time: r.success_time } : {}),
    create_time: r.create_time,
    status: r.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: r.total,
      refund: r.refund,
      payer_total: r.total,
      payer_refund: r.refund,
      settlement_total: r.total,
      settlement_refund: r.refund,
      discount_refund: 0,
      currency: 'CNY',
      refund_fee: 0,
      from: [],
    },
    promotion_detail: [],
  };
}

/** The refund notification's plaintext. */
function refundNotice(r: SimRefund) {
  return {
    mchid: r.mchid,
    transaction_id: r.transaction_id,
    out_trade_no: r.out_trade_no,
    refund_id: r.refund_id,
    out_refund_no: r.out_refund_no,
    refund_status: r.status,
    ...(r.success_time ? { success_time: r.success_time } : {}),
    user_received_account: '支付用户零钱',
    amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
  };
}

/** how long a `reorder`-held notification waits for the next one before it is sent anyway */
export const REORDER_WAIT_MS = 2000;

const API_FAULT_KINDS: ApiFaultKind[] = ['status500', 'status503', 'status429', 'timeout'];
const NOTIFY_FAULT_KINDS: NotifyFaultKind[] = ['drop', 'duplicate', 'delay', 'reorder'];
const API_FAULT_ANSWERS: Record<Exclude<ApiFaultKind, 'timeout'>, [number, string, string]> = {
  status500: [500, 'SYSTEM_ERROR', '系统错误'],
  status503: [503, 'SERVICE_UNAVAILABLE', '服务不可用，请稍后重试'],
  status429: [429, 'RATELIMIT_EXCEEDED', 'too many requests'],
};

/** Validates `{api?, notify?}` fault rules (PARAM_ERROR naming the field); `times` defaults to 1. */
export function parseFaultRules(v: unknown): { api: ApiFaultRule[]; notify: NotifyFaultRule[] } {
  if (!isObj(v)) throw param('faults: expected a JSON object {api?: [...], notify?: [...]}');
  const list = (field: 'api' | 'notify') => {
    const l = v[field];
    if (l === undefined) return [];
    if (!Array.isArray(l)) throw param(`faults.${field} should be an array`);
    return l.map((r, i) => {
      if (!isObj(r)) throw param(`faults.${field}[${i}] should be an object`);
      const times = r.times ?? 1;
      if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) throw param(`faults.${field}[${i}].times should be a positive integer`);
      return { r, times, at: `faults.${field}[${i}]` };
    });
  };
  const api = list('api').map(({ r, times, at }): ApiFaultRule => {
    if (!API_FAULT_KINDS.includes(r.kind as ApiFaultKind)) throw param(`${at}.kind should be one of ${API_FAULT_KINDS.join(', ')}`);
    if (r.path !== undefined && typeof r.path !== 'string') throw param(`${at}.path should be a string`);
    if (r.method !== undefined && r.method !== 'GET' && r.method !== 'POST') throw param(`${at}.method should be GET or POST`);
    return { ...(r.path !== undefined ? { path: r.path as string } : {}), ...(r.method !== undefined ? { method: r.method as 'GET' | 'POST' } : {}), kind: r.kind as ApiFaultKind, times };
  });
  const notify = list('notify').map(({ r, times, at }): NotifyFaultRule => {
    if (!NOTIFY_FAULT_KINDS.includes(r.kind as NotifyFaultKind)) throw param(`${at}.kind should be one of ${NOTIFY_FAULT_KINDS.join(', ')}`);
    if (r.delayMs !== undefined && (typeof r.delayMs !== 'number' || !(r.delayMs >= 0))) throw param(`${at}.delayMs should be a number >= 0`);
    if (r.eventType !== undefined && typeof r.eventType !== 'string') throw param(`${at}.eventType should be a string`);
    return {
      kind: r.kind as NotifyFaultKind,
      times,
      ...(r.delayMs !== undefined ? { delayMs: r.delayMs as number } : {}),
      ...(r.eventType !== undefined ? { eventType: r.eventType as string } : {}),
    };
  });
  return { api, notify };
}

/** Uses up one application of the first rule that matches (removed when used up); a copy of it, or undefined. */
function take<R extends { times: number }>(rules: R[], match: (r: R) => boolean): R | undefined {
  const i = rules.findIndex((r) => r.times > 0 && match(r));
  if (i < 0) return undefined;
  const r = rules[i];
  r.times -= 1;
  if (r.times <= 0) rules.splice(i, 1);
  return { ...r };
}

export const isHttpUrl = (u: string) => {
  try {
    const p = new URL(u);
    return (p.protocol === 'http:' || p.protocol === 'https:') && !!p.host;
  } catch {
    return false;
  }
};

/**
 * Adds `key=value` to a return URL's query. A hash-router URL (`#/path?x=1`, or any hash holding a `?`) gets it in
 * the hash's query, where the front-end router reads it; otherwise it goes in the real query (before any `#anchor`).
 * The rest of the URL is kept byte for byte; an existing `key` is replaced.
 */
export function withQueryParam(url: string, key: string, value: string): string {
  const hashAt = url.indexOf('#');
  const base = hashAt < 0 ? url : url.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : url.slice(hashAt + 1);
  const addTo = (part: string) => {
    const q = part.indexOf('?');
    const path = q < 0 ? part : part.slice(0, q);
    const query = q < 0 ? '' : part.slice(q + 1);
    const name = (kv: string) => {
      try {
        return decodeURIComponent(kv.split('=')[0].replace(/\+/g, ' '));
      } catch {
        return kv.split('=')[0];
      }
    };
    const kept = query.split('&').filter((kv) => kv !== '' && name(kv) !== key);
    kept.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
    return `${path}?${kept.join('&')}`;
  };
  if (hashAt >= 0 && (hash.includes('?') || hash.startsWith('/') || hash.startsWith('!/'))) return `${base}#${addTo(hash)}`;
  return addTo(base) + (hashAt < 0 ? '' : `#${hash}`);
}

/** The WeChat client's check of `wx.requestPayment` parameters: SHA256withRSA over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function verifyPaySign(p: { appId: string; timeStamp: string; nonceStr: string; package: string; paySign: string }, merchantPublicKey: Key): boolean {
  try {
    return createVerify('RSA-SHA256').update(`${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`).verify(merchantPublicKey, p.paySign, 'base64');
  } catch {
    return false;
  }
}

export function createWxpaySimulator(opts: SimOptions): WxpaySimulator {
  const now = opts.now ?? (() => new Date());
  const nowSeconds = () => Math.floor(now().getTime() / 1000);
  const schedule = opts.notify?.retrySchedule ?? DEFAULT_RETRY_SCHEDULE;
  const timeScale = opts.notify?.timeScale ?? 1;
  const timeoutMs = opts.notify?.timeoutMs ?? 5000;
  const merchantKeys = new Map<string, { mchid: string; publicKey: Key }>(opts.merchants.map((m) => [m.serialNo, { mchid: m.mchid, publicKey: m.publicKey }]));
  const merchantsById = new Map(opts.merchants.map((m) => [m.mchid, m]));
  const state: SimState = { transactions: new Map(), refunds: new Map(), notifications: [] };
  const timers = new Set<NodeJS.Timeout>();
  const inflight = new AbortController();
  let closed = false;
  const config: SimConfig = {
    refundAutoSettle: opts.refunds?.autoSettle ?? null,
    nextRefundOutcome: null,
    refundMinIntervalMs: opts.refundMinIntervalMs ?? 60_000,
    faultTimeoutMs: opts.faultTimeoutMs ?? 15_000,
  };
  const apiFaults: ApiFaultRule[] = [];
  const notifyFaults: NotifyFaultRule[] = [];
  /** requests held open by a `timeout` fault */
  const held = new Set<{ socket: Socket; timer: NodeJS.Timeout }>();
  /** notifications held by a `reorder` fault until the next one is sent */
  const reorderHeld: { n: SimNotification; timer: NodeJS.Timeout }[] = [];
  /** notifications that still owe their `duplicate` copy */
  const owesDuplicate = new WeakSet<SimNotification>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };

  const sim: WxpaySimulator = {
    app: undefined as unknown as FastifyInstance,
    state,
    sender: sendNotification,
    listen: async (port = 0, host = '127.0.0.1') => {
      sim.url = await app.listen({ port, host });
      return sim.url;
    },
    close: async () => {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const h of held) {
        clearTimeout(h.timer);
        h.socket.destroy();
      }
      held.clear();
      inflight.abort();
      await app.close();
    },
    faults: {
      add: (rules) => {
        const r = parseFaultRules(rules);
        apiFaults.push(...r.api);
        notifyFaults.push(...r.notify);
      },
      clear: () => {
        apiFaults.length = 0;
        notifyFaults.length = 0;
      },
      list: () => ({ api: apiFaults.map((r) => ({ ...r })), notify: notifyFaults.map((r) => ({ ...r })) }),
    },
    config,
  };

  // ---------- notifications ----------
  function notify(apiV3Key: string, url: string, eventType: SimNotification['event_type'], originalType: 'transaction' | 'refund', summary: string, plaintext: unknown) {
    const resource: EncryptedResource = encryptResource(JSON.stringify(plaintext), apiV3Key, originalType, originalType);
    const id = randomUUID();
    const body = JSON.stringify({ id, create_time: wxTime(now()), resource_type: 'encrypt-resource', event_type: eventType, summary, resource });
    const n: SimNotification = { id, event_type: eventType, url, plaintext, body, attempts: [], delivered: false, gaveUp: false, faults: [] };
    state.notifications.push(n);
    start(n);
    return n;
  }

  /** the first attempt, through the duplicate / delay / reorder faults */
  function start(n: SimNotification) {
    const applies = (kind: NotifyFaultKind) => take(notifyFaults, (r) => r.kind === kind && (!r.eventType || r.eventType === n.event_type));
    const duplicate = applies('duplicate');
    const delay = applies('delay');
    const reorder = applies('reorder');
    if (duplicate) {
      n.faults.push('duplicate');
      owesDuplicate.add(n);
    }
    if (delay) n.faults.push('delay');
    if (reorder) n.faults.push('reorder');
    const go = () => {
      if (!reorder) return void attempt(n, 0);
      const entry = { n, timer: later(REORDER_WAIT_MS, () => release(entry)) };
      reorderHeld.push(entry);
    };
    if (delay) later(delay.delayMs ?? 1000, go);
    else go();
  }
  function release(entry: { n: SimNotification; timer: NodeJS.Timeout }) {
    const i = reorderHeld.indexOf(entry);
    if (i < 0) return;
    reorderHeld.splice(i, 1);
    clearTimeout(entry.timer);
    timers.delete(entry.timer);
    void attempt(entry.n, 0);
  }

  const send = async (n: SimNotification, a: NotificationAttempt) => {
    try {
      a.status = await sim.sender(n.url, n.body, { ...signWechatpay(n.body, opts.platform, nowSeconds()) }, timeoutMs, inflight.signal);
    } catch (e) {
      a.error = e instanceof Error ? e.message : String(e);
    }
  };

  async function attempt(n: SimNotification, index: number): Promise<void> {
    if (closed) return;
    const a: NotificationAttempt = { at: now().toISOString() };
    n.attempts.push(a);
    if (take(notifyFaults, (r) => r.kind === 'drop' && (!r.eventType || r.eventType === n.event_type))) {
      a.fault = 'drop';
      a.error = 'dropped by fault injection (not sent)';
    } else {
      await send(n, a);
    }
    // a notification held by `reorder` goes out once another one has had its first attempt
    if (index === 0) for (const e of [...reorderHeld]) release(e);
    if (a.status === 200 || a.status === 204) {
      n.delivered = true;
      if (owesDuplicate.has(n) && !closed) {
        owesDuplicate.delete(n);
        const dup: NotificationAttempt = { at: now().toISOString(), fault: 'duplicate' };
        n.attempts.push(dup);
        await send(n, dup);
      }
      return;
    }
    if (closed) return;
    if (index >= schedule.length) {
      n.gaveUp = true;
      return;
    }
    const t = setTimeout(() => {
      timers.delete(t);
      void attempt(n, index + 1);
    }, schedule[index] / timeScale);
    timers.add(t);
  }

  // ---------- the HTTP app ----------
  // forceCloseConnections: close() never waits for keep-alive or held connections
  const app = Fastify({ logger: opts.logger ?? false, forceCloseConnections: true });
  sim.app = app;
  // the control API and console answer only on this machine; the cashier is the shopper's WeChat client, on any device
  loopbackOnlyControl(app, ['/_sim/cashier', '/_sim/cashier/pay']);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const sendSigned = (reply: FastifyReply, status: number, body?: unknown) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    reply.header('Request-ID', randomUUID().replace(/-/g, '').toUpperCase());
    const h = signWechatpay(text, opts.platform, nowSeconds());
    reply.header('Wechatpay-Timestamp', h['wechatpay-timestamp']);
    reply.header('Wechatpay-Nonce', h['wechatpay-nonce']);
    reply.header('Wechatpay-Signature', h['wechatpay-signature']);
    reply.header('Wechatpay-Serial', h['wechatpay-serial']);
    reply.status(status);
    if (body === undefined) return reply.send();
    return reply.type('application/json; charset=utf-8').send(text);
  };

  const rawBody = (req: FastifyRequest) => (typeof req.body === 'string' ? req.body : '');
  const jsonBody = (req: FastifyRequest): Record<string, unknown> => {
    let v: unknown;
    try {
      v = JSON.parse(rawBody(req));
    } catch {
      throw param('请求体不是合法的JSON');
    }
    if (!isObj(v)) throw param('请求体应为JSON对象');
    return v;
  };
  const mchidOf = (req: FastifyRequest) => (req as FastifyRequest & { wxMchid: string }).wxMchid;

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const isV3 = req.url.startsWith('/v3/');
    const e =
      err instanceof SimError
        ? err
        : err.statusCode && err.statusCode < 500
          ? new SimError(err.statusCode, 'PARAM_ERROR', err.message)
          : new SimError(500, 'SYSTEM_ERROR', '系统错误');
    if (e.status >= 500) console.error(err);
    if (isV3) return sendSigned(reply, e.status, { code: e.code, message: e.message });
    return reply.status(e.status).send({ code: e.code, message: e.message });
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/v3/')) return sendSigned(reply, 404, { code: 'NOT_FOUND', message: '无效的请求地址' });
    return reply.status(404).send({ code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` });
  });

  // API faults, before the signature check: a faulted request is answered (or held) without being looked at
  app.addHook('preHandler', async (req, reply) => {
    if (!req.url.startsWith('/v3/')) return;
    const path = req.url.split('?')[0];
    const rule = take(apiFaults, (r) => (!r.path || path.startsWith(r.path)) && (!r.method || r.method === req.method));
    if (!rule) return;
    if (rule.kind === 'timeout') {
      // never answered: the connection is dropped after faultTimeoutMs (or at close()); the handler never runs
      const socket = req.raw.socket;
      await new Promise<never>(() => {
        const entry = {
          socket,
          timer: setTimeout(() => {
            held.delete(entry);
            socket.destroy();
          }, config.faultTimeoutMs),
        };
        held.add(entry);
        socket.once('close', () => {
          clearTimeout(entry.timer);
          held.delete(entry);
        });
      });
    }
    const [status, code, message] = API_FAULT_ANSWERS[rule.kind as Exclude<ApiFaultKind, 'timeout'>];
    return sendSigned(reply, status, { code, message });
  });

  // every /v3 request: the merchant's signature, by serial, within 5 minutes
  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/v3/')) return;
    try {
      const a = verifyRequest({ method: req.method, pathWithQuery: req.url, body: rawBody(req), authorization: req.headers.authorization }, merchantKeys, nowSeconds());
      (req as FastifyRequest & { wxMchid: string }).wxMchid = a.mchid;
    } catch (e) {
      if (!(e instanceof WxSignatureError)) throw e;
      const message =
        e.reason === 'UNKNOWN_SERIAL'
          ? `商户证书序列号有误：${e.message}`
          : e.reason === 'STALE_TIMESTAMP'
            ? `请求时间戳超出允许范围（5分钟）：${e.message}`
            : e.reason === 'MALFORMED'
              ? `Authorization格式错误：${e.message}`
              : `签名错误，请检查后再试：${e.message}`;
      throw new SimError(401, 'SIGN_ERROR', message);
    }
  });

  const findTransaction = (mchid: string, outTradeNo: string) => state.transactions.get(transactionKey(mchid, outTradeNo));
  const findByTransactionId = (mchid: string, id: string) => [...state.transactions.values()].find((t) => t.mchid === mchid && t.transaction_id === id);
  const queryMchid = (req: FastifyRequest, signer: string) => {
    const m = (req.query as Record<string, unknown>).mchid;
    if (typeof m !== 'string' || !m) throw param('输入源“/querystring/mchid”映射到字段“mchid”必填性规则校验失败，此字段为必填项');
    if (m !== signer) throw param('mchid与请求签名的商户号不一致');
    return m;
  };

  app.post('/v3/pay/transactions/jsapi', async (req, reply) => {
    const signer = mchidOf(req);
    const b = jsonBody(req);
    const appid = str(b, 'appid', { max: 32 })!;
    const mchid = str(b, 'mchid', { max: 32 })!;
    const description = str(b, 'description', { max: 127 })!;
    const outTradeNo = str(b, 'out_trade_no', { pattern: OUT_TRADE_NO })!;
    const timeExpire = str(b, 'time_expire', { optional: true, max: 64 });
    const attach = str(b, 'attach', { optional: true, max: 128 });
    const notifyUrl = str(b, 'notify_url', { max: 256, pattern: /^https?:\/\/[^\s?#]+(\?[^\s#]*)?$/ })!;
    if (!isObj(b.amount)) throw param('字段amount为必填项');
    const total = posInt(b.amount, 'total', 'amount.total');
    currency(b.amount, 'amount');
    if (!isObj(b.payer)) throw param('字段payer为必填项');
    const openid = str(b.payer, 'openid', { max: 128 })!;
    if (mchid !== signer) throw param('mchid与请求签名的商户号不一致');
    const merchant = merchantsById.get(mchid)!;
    if (merchant.appid !== appid) throw new SimError(400, 'APPID_MCHID_NOT_MATCH', 'AppID和mch_id不匹配');
    if (timeExpire !== undefined && Number.isNaN(Date.parse(timeExpire))) throw param('字段time_expire格式错误');
    const params = JSON.stringify({ appid, description, time_expire: timeExpire ?? null, attach: attach ?? null, notify_url: notifyUrl, total, openid });
    const existing = findTransaction(mchid, outTradeNo);
    if (existing) {
      if (existing.trade_state === 'SUCCESS' || existing.trade_state === 'REFUND') throw new SimError(400, 'ORDERPAID', '该订单已支付');
      if (existing.trade_state === 'CLOSED') throw new SimError(400, 'ORDERCLOSED', '该订单已关闭');
      if (existing.params !== params) throw new SimError(400, 'INVALID_REQUEST', '参数与首次请求时不一致');
      return sendSigned(reply, 200, { prepay_id: existing.prepay_id });
    }
    const t: SimTransaction = {
      mchid,
      appid,
      out_trade_no: outTradeNo,
      description,
      notify_url: notifyUrl,
      attach,
      time_expire: timeExpire,
      total,
      openid,
      prepay_id: `wx${compact(now())}${digits(20)}`,
      params,
      trade_state: 'NOTPAY',
      create_time: wxTime(now()),
    };
    state.transactions.set(transactionKey(mchid, outTradeNo), t);
    return sendSigned(reply, 200, { prepay_id: t.prepay_id });
  });

  app.get<{ Params: { no: string } }>('/v3/pay/transactions/out-trade-no/:no', async (req, reply) => {
    const mchid = queryMchid(req, mchidOf(req));
    const t = findTransaction(mchid, req.params.no);
    if (!t) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return sendSigned(reply, 200, transactionView(t));
  });

  app.get<{ Params: { id: string } }>('/v3/pay/transactions/id/:id', async (req, reply) => {
    const mchid = queryMchid(req, mchidOf(req));
    const t = findByTransactionId(mchid, req.params.id);
    if (!t) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return sendSigned(reply, 200, transactionView(t));
  });

  app.post<{ Params: { no: string } }>('/v3/pay/transactions/out-trade-no/:no/close', async (req, reply) => {
    const b = jsonBody(req);
    const mchid = str(b, 'mchid')!;
    if (mchid !== mchidOf(req)) throw param('mchid与请求签名的商户号不一致');
    const t = findTransaction(mchid, req.params.no);
    if (!t) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND') throw new SimError(400, 'ORDERPAID', '该订单已支付');
    t.trade_state = 'CLOSED';
    return sendSigned(reply, 204);
  });

  app.post('/v3/refund/domestic/refunds', async (req, reply) => {
    const mchid = mchidOf(req);
    const b = jsonBody(req);
    const transactionId = str(b, 'transaction_id', { optional: true, max: 32 });
    const outTradeNo = str(b, 'out_trade_no', { optional: true, max: 32 });
    if (!transactionId && !outTradeNo) throw param('transaction_id和out_trade_no必须二选一进行传参');
    const outRefundNo = str(b, 'out_refund_no', { pattern: OUT_REFUND_NO })!;
    const reason = str(b, 'reason', { optional: true, max: 80 });
    const notifyUrl = str(b, 'notify_url', { optional: true, max: 256, pattern: /^https?:\/\/\S+$/ });
    if (!isObj(b.amount)) throw param('字段amount为必填项');
    const refund = posInt(b.amount, 'refund', 'amount.refund');
    const total = posInt(b.amount, 'total', 'amount.total');
    const cur = b.amount.currency;
    if (cur !== 'CNY') throw param('字段amount.currency为必填项，只支持CNY');

    const existing = state.refunds.get(refundKey(mchid, outRefundNo));
    if (existing) {
      // the simulator's choice: the same out_refund_no and amount on an ABNORMAL refund retries it
      if (existing.status === 'ABNORMAL' && existing.refund === refund) {
        existing.status = 'PROCESSING';
        scheduleAutoSettle(existing);
      }
      return sendSigned(reply, 200, refundView(existing));
    }

    const t = transactionId ? findByTransactionId(mchid, transactionId) : findTransaction(mchid, outTradeNo!);
    if (!t) throw new SimError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (outTradeNo && transactionId && t.out_trade_no !== outTradeNo) throw param('transaction_id与out_trade_no不匹配');
    if (t.trade_state !== 'SUCCESS' && t.trade_state !== 'REFUND') throw new SimError(400, 'RESOURCE_NOT_EXISTS', '订单未支付，不能退款');
    if (total !== t.total) throw param('订单金额total与原订单金额不一致');
    if (refund > total) throw param('退款金额refund不能大于订单金额total');
    const refunded = [...state.refunds.values()]
      .filter((r) => r.mchid === mchid && r.out_trade_no === t.out_trade_no && r.status !== 'CLOSED')
      .reduce((s, r) => s + r.refund, 0);
    if (refund > t.total - refunded) throw new SimError(400, 'NOT_ENOUGH', '订单可退金额不足');
    const ofTransaction = [...state.refunds.values()].filter((r) => r.mchid === mchid && r.out_trade_no === t.out_trade_no);
    if (ofTransaction.length >= MAX_REFUNDS_PER_TRANSACTION) {
      throw new SimError(403, 'FREQUENCY_LIMITED', `该笔订单的退款次数已达上限（${MAX_REFUNDS_PER_TRANSACTION}次），不能再申请退款`);
    }
    const last = Math.max(-Infinity, ...ofTransaction.map((r) => r.created_at_ms));
    if (config.refundMinIntervalMs > 0 && now().getTime() - last < config.refundMinIntervalMs) {
      throw new SimError(429, 'FREQUENCY_LIMITED', 'the refund frequency is limited, retry after 1 minute');
    }
    const r: SimRefund = {
      mchid,
      refund_id: `50${digits(27)}`,
      out_refund_no: outRefundNo,
      out_trade_no: t.out_trade_no,
      transaction_id: t.transaction_id!,
      reason,
      notify_url: notifyUrl ?? t.notify_url,
      refund,
      total,
      status: 'PROCESSING',
      create_time: wxTime(now()),
      created_at_ms: now().getTime(),
    };
    state.refunds.set(refundKey(mchid, outRefundNo), r);
    t.trade_state = 'REFUND';
    scheduleAutoSettle(r);
    return sendSigned(reply, 200, refundView(r));
  });

  app.get<{ Params: { no: string } }>('/v3/refund/domestic/refunds/:no', async (req, reply) => {
    const r = state.refunds.get(refundKey(mchidOf(req), req.params.no));
    if (!r) throw new SimError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return sendSigned(reply, 200, refundView(r));
  });

  // ---------- control API (unsigned JSON) ----------
  const payable = (t: SimTransaction) => t.trade_state === 'NOTPAY' || t.trade_state === 'PAYERROR';
  const expired = (t: SimTransaction) => !!t.time_expire && Date.parse(t.time_expire) <= now().getTime();

  /** the shopper pays (or the bank declines): what `/_sim/pay` and the cashier do */
  function payTransaction(t: SimTransaction, outcome: 'success' | 'fail') {
    if (!payable(t)) throw new SimError(409, 'INVALID_STATE', `the order is ${t.trade_state}`);
    if (expired(t)) throw new SimError(409, 'ORDER_EXPIRED', `the order expired at ${t.time_expire}`);
    if (outcome === 'fail') {
      t.trade_state = 'PAYERROR';
      return transactionView(t);
    }
    t.trade_state = 'SUCCESS';
    t.transaction_id = `4200${compact(now()).slice(0, 8)}${digits(16)}`;
    t.success_time = wxTime(now());
    t.bank_type = 'OTHERS';
    const view = transactionView(t);
    const { promotion_detail: _p, ...plaintext } = view;
    notify(merchantsById.get(t.mchid)!.apiV3Key, t.notify_url, 'TRANSACTION.SUCCESS', 'transaction', '支付成功', plaintext);
    return view;
  }

  /** the bank settles a PROCESSING refund: what `/_sim/refunds/:no/settle`, the console and auto-settlement do */
  function settleRefund(r: SimRefund, status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED') {
    if (r.status !== 'PROCESSING') throw new SimError(409, 'INVALID_STATE', `the refund is ${r.status}`);
    r.status = status;
    if (status === 'SUCCESS') r.success_time = wxTime(now());
    const summary = status === 'SUCCESS' ? '退款成功' : status === 'ABNORMAL' ? '退款异常' : '退款关闭';
    notify(merchantsById.get(r.mchid)!.apiV3Key, r.notify_url, `REFUND.${status}`, 'refund', summary, refundNotice(r));
    return refundView(r);
  }

  function scheduleAutoSettle(r: SimRefund) {
    const auto = config.refundAutoSettle;
    if (!auto || closed) return;
    const status = config.nextRefundOutcome ?? auto.status;
    config.nextRefundOutcome = null;
    later(auto.afterMs, () => {
      if (!closed && r.status === 'PROCESSING') settleRefund(r, status);
    });
  }

  const findRefund = (outRefundNo: string, mchid?: string) => [...state.refunds.values()].find((x) => x.out_refund_no === outRefundNo && (!mchid || x.mchid === mchid));
  const settleStatus = (v: unknown) => {
    if (v !== 'SUCCESS' && v !== 'ABNORMAL' && v !== 'CLOSED') throw param('status is SUCCESS, ABNORMAL or CLOSED');
    return v;
  };

  app.post('/_sim/pay', async (req) => {
    const b = jsonBody(req);
    const outTradeNo = str(b, 'out_trade_no')!;
    const outcome = b.outcome ?? 'success';
    if (outcome !== 'success' && outcome !== 'fail') throw param('outcome is success or fail');
    const mchid = typeof b.mchid === 'string' ? b.mchid : undefined;
    const t = [...state.transactions.values()].find((x) => x.out_trade_no === outTradeNo && (!mchid || x.mchid === mchid));
    if (!t) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return payTransaction(t, outcome);
  });

  app.post<{ Params: { no: string } }>('/_sim/refunds/:no/settle', async (req) => {
    const b = jsonBody(req);
    const status = settleStatus(b.status);
    const r = findRefund(req.params.no, typeof b.mchid === 'string' ? b.mchid : undefined);
    if (!r) throw new SimError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return settleRefund(r, status);
  });

  // ---------- faults and config ----------
  app.get('/_sim/faults', async () => sim.faults.list());
  app.post('/_sim/faults', async (req) => {
    sim.faults.add(jsonBody(req));
    return sim.faults.list();
  });
  app.delete('/_sim/faults', async () => {
    sim.faults.clear();
    return sim.faults.list();
  });

  app.get('/_sim/config', async () => config);
  app.post('/_sim/config', async (req) => {
    const b = jsonBody(req);
    const next: Partial<SimConfig> = {};
    if ('refundAutoSettle' in b) {
      const a = b.refundAutoSettle;
      if (a === null) next.refundAutoSettle = null;
      else if (isObj(a) && (a.status === 'SUCCESS' || a.status === 'ABNORMAL') && typeof a.afterMs === 'number' && a.afterMs >= 0) {
        next.refundAutoSettle = { status: a.status, afterMs: a.afterMs };
      } else throw param("refundAutoSettle is null or {status: 'SUCCESS'|'ABNORMAL', afterMs: number >= 0}");
    }
    if ('nextRefundOutcome' in b) {
      const o = b.nextRefundOutcome;
      if (o !== null && o !== 'SUCCESS' && o !== 'ABNORMAL') throw param("nextRefundOutcome is 'SUCCESS', 'ABNORMAL' or null");
      next.nextRefundOutcome = o;
    }
    for (const k of ['refundMinIntervalMs', 'faultTimeoutMs'] as const) {
      if (k in b) {
        const v = b[k];
        if (typeof v !== 'number' || !(v >= 0)) throw param(`${k} is a number >= 0`);
        next[k] = v;
      }
    }
    Object.assign(config, next);
    return config;
  });

  // ---------- the H5 cashier (the shopper's WeChat client and the bank) ----------
  const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  const findByPrepayId = (prepayId: string) => [...state.transactions.values()].find((t) => t.prepay_id === prepayId);
  const merchantName = (mchid: string) => merchantsById.get(mchid)?.name ?? `商户${mchid}`;
  /** why a transaction cannot be paid any more (or undefined) */
  const blockedReason = (t: SimTransaction): { state: string; message: string } | undefined => {
    if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND') return { state: t.trade_state, message: '该订单已支付，请勿重复支付' };
    if (t.trade_state === 'CLOSED') return { state: 'CLOSED', message: '该订单已关闭，无法支付' };
    if (expired(t)) return { state: 'EXPIRED', message: `该订单已过期（${t.time_expire}），无法支付` };
    return undefined;
  };
  /** form-encoded (the cashier's form) or JSON */
  const formBody = (req: FastifyRequest): Record<string, unknown> => {
    const ct = String(req.headers['content-type'] ?? '');
    if (ct.includes('application/json')) return jsonBody(req);
    return Object.fromEntries(new URLSearchParams(rawBody(req)));
  };

  app.get('/_sim/cashier', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const p = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : '');
    const fail = (reason: string) => html(reply, 400, errorPage('无法发起支付', reason));
    const returnUrl = p('return_url');
    if (!returnUrl || !isHttpUrl(returnUrl)) return fail('return_url 缺失或不是 http(s) 地址');
    for (const k of ['appId', 'timeStamp', 'nonceStr', 'package', 'signType', 'paySign']) if (!p(k)) return fail(`缺少支付参数 ${k}`);
    if (p('signType') !== 'RSA') return fail(`signType 应为 RSA，收到 ${p('signType')}`);
    const m = opts.merchants.find((x) => x.appid === p('appId'));
    if (!m) return fail(`appId ${p('appId')} 未绑定任何商户号`);
    const pm = /^prepay_id=(\S+)$/.exec(p('package'));
    if (!pm) return fail('package 格式错误，应为 prepay_id=...');
    const payParams = { appId: p('appId'), timeStamp: p('timeStamp'), nonceStr: p('nonceStr'), package: p('package'), paySign: p('paySign') };
    if (!verifyPaySign(payParams, m.publicKey)) {
      return fail(
        `支付验证签名失败：paySign 不是商户 ${m.mchid} 的私钥对“appId\\ntimeStamp\\nnonceStr\\npackage\\n”的 SHA256withRSA 签名${p('paySign').includes(' ') ? '（paySign 含空格：“+”未做 URL 编码？）' : ''}`,
      );
    }
    const t = findByPrepayId(pm[1]);
    if (!t || t.mchid !== m.mchid) return fail(`prepay_id ${pm[1]} 不存在（未下单，或不属于商户 ${m.mchid}）`);
    const blocked = blockedReason(t);
    return html(
      reply,
      200,
      cashierPage({
        merchantName: merchantName(t.mchid),
        mchid: t.mchid,
        description: t.description,
        total: t.total,
        outTradeNo: t.out_trade_no,
        prepayId: t.prepay_id,
        returnUrl,
        ...(blocked ? { blocked: { ...blocked, backUrl: returnUrl } } : {}),
      }),
    );
  });

  app.post('/_sim/cashier/pay', async (req, reply) => {
    const b = formBody(req);
    const prepayId = typeof b.prepay_id === 'string' ? b.prepay_id : '';
    const outcome = b.outcome;
    const returnUrl = typeof b.return_url === 'string' ? b.return_url : '';
    if (!returnUrl || !isHttpUrl(returnUrl)) return html(reply, 400, errorPage('支付失败', 'return_url 缺失或不是 http(s) 地址'));
    if (outcome !== 'success' && outcome !== 'fail' && outcome !== 'cancel') return html(reply, 400, errorPage('支付失败', 'outcome 应为 success、fail 或 cancel', returnUrl));
    const t = findByPrepayId(prepayId);
    if (!t) return html(reply, 400, errorPage('支付失败', `prepay_id ${prepayId} 不存在`, returnUrl));
    const back = (result: 'ok' | 'fail' | 'cancel') => reply.status(303).header('location', withQueryParam(returnUrl, 'wxpay', result)).send();
    if (outcome === 'cancel') return back('cancel');
    // a second "确认支付" on a paid order (a double submit) lands where the first one did
    if (outcome === 'success' && (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND')) return back('ok');
    const blocked = blockedReason(t);
    if (blocked) return html(reply, 409, errorPage('支付未完成', blocked.message, returnUrl));
    payTransaction(t, outcome);
    return back(outcome === 'success' ? 'ok' : 'fail');
  });

  // ---------- the console ----------
  const consoleHtml = (_req: FastifyRequest, reply: FastifyReply) =>
    html(
      reply,
      200,
      consolePage({
        transactions: [...state.transactions.values()].reverse(),
        refunds: [...state.refunds.values()].reverse(),
        notifications: state.notifications.slice(-50).reverse(),
        faults: sim.faults.list(),
        config,
      }),
    );
  app.get('/_sim', consoleHtml);
  app.get('/_sim/', consoleHtml);
  app.post('/_sim/console/settle', async (req, reply) => {
    const b = formBody(req);
    const r = findRefund(String(b.out_refund_no ?? ''), typeof b.mchid === 'string' && b.mchid ? b.mchid : undefined);
    if (!r) return html(reply, 404, errorPage('退款单不存在', String(b.out_refund_no ?? ''), '/_sim/'));
    try {
      settleRefund(r, settleStatus(b.status));
    } catch (e) {
      if (e instanceof SimError) return html(reply, e.status, errorPage('无法处理退款', e.message, '/_sim/'));
      throw e;
    }
    return reply.status(303).header('location', '/_sim/').send();
  });
  app.post('/_sim/console/faults/clear', async (_req, reply) => {
    sim.faults.clear();
    return reply.status(303).header('location', '/_sim/').send();
  });

  app.get('/_sim/state', async () => ({
    transactions: [...state.transactions.values()].map((t) => ({ ...transactionView(t), description: t.description, notify_url: t.notify_url, prepay_id: t.prepay_id })),
    refunds: [...state.refunds.values()].map((r) => ({ ...refundView(r), mchid: r.mchid, notify_url: r.notify_url })),
    notifications: state.notifications.map(({ body: _b, ...n }) => n),
    faults: sim.faults.list(),
    config,
  }));

  return sim;
}
