/**
 * A protocol-faithful WeChat Pay API v3 simulator (JSAPI orders, query, close, refunds, signed notifications).
 * Merchant requests are verified like WeChat does (signature, serial, 5-minute window); every `/v3/*` answer is
 * signed with the platform key; notifications are AEAD_AES_256_GCM-encrypted with the merchant's APIv3 key and
 * retried on WeChat's schedule. A JSON control API under `/_sim/` plays the shopper (pay) and the bank (settle).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  encryptResource,
  signWechatpay,
  verifyRequest,
  WxSignatureError,
  type EncryptedResource,
  type Key,
} from '@shop/functions/shared/domain/payments/wxcrypto';

export interface SimMerchant {
  mchid: string;
  appid: string;
  /** the merchant certificate's serial (Authorization serial_no) */
  serialNo: string;
  publicKey: Key;
  /** 32-byte APIv3 key (notifications are encrypted with it) */
  apiV3Key: string;
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
}

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
  success_time?: string;
}

export interface NotificationAttempt {
  at: string;
  status?: number;
  error?: string;
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
}

const TRADE_STATE_DESC: Record<TradeState, string> = {
  SUCCESS: '支付成功',
  NOTPAY: '订单未支付',
  CLOSED: '订单已关闭',
  REFUND: '转入退款',
  PAYERROR: '支付失败，请重新下单支付',
};

/** WeChat's time format: RFC 3339 in Beijing time, `2026-11-25T20:41:05+08:00`. */
export function wxTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
}
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
      inflight.abort();
      await app.close();
    },
  };

  // ---------- notifications ----------
  function notify(apiV3Key: string, url: string, eventType: SimNotification['event_type'], originalType: 'transaction' | 'refund', summary: string, plaintext: unknown) {
    const resource: EncryptedResource = encryptResource(JSON.stringify(plaintext), apiV3Key, originalType, originalType);
    const id = randomUUID();
    const body = JSON.stringify({ id, create_time: wxTime(now()), resource_type: 'encrypt-resource', event_type: eventType, summary, resource });
    const n: SimNotification = { id, event_type: eventType, url, plaintext, body, attempts: [], delivered: false, gaveUp: false };
    state.notifications.push(n);
    void attempt(n, 0);
    return n;
  }

  async function attempt(n: SimNotification, index: number): Promise<void> {
    if (closed) return;
    const a: NotificationAttempt = { at: now().toISOString() };
    n.attempts.push(a);
    try {
      a.status = await sim.sender(n.url, n.body, { ...signWechatpay(n.body, opts.platform, nowSeconds()) }, timeoutMs, inflight.signal);
    } catch (e) {
      a.error = e instanceof Error ? e.message : String(e);
    }
    if (a.status === 200 || a.status === 204) {
      n.delivered = true;
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
  const app = Fastify({ logger: opts.logger ?? false });
  sim.app = app;
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
    if (existing) return sendSigned(reply, 200, refundView(existing));

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
    };
    state.refunds.set(refundKey(mchid, outRefundNo), r);
    t.trade_state = 'REFUND';
    return sendSigned(reply, 200, refundView(r));
  });

  app.get<{ Params: { no: string } }>('/v3/refund/domestic/refunds/:no', async (req, reply) => {
    const r = state.refunds.get(refundKey(mchidOf(req), req.params.no));
    if (!r) throw new SimError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return sendSigned(reply, 200, refundView(r));
  });

  // ---------- control API (unsigned JSON) ----------
  app.post('/_sim/pay', async (req) => {
    const b = jsonBody(req);
    const outTradeNo = str(b, 'out_trade_no')!;
    const outcome = b.outcome ?? 'success';
    if (outcome !== 'success' && outcome !== 'fail') throw param('outcome is success or fail');
    const mchid = typeof b.mchid === 'string' ? b.mchid : undefined;
    const t = [...state.transactions.values()].find((x) => x.out_trade_no === outTradeNo && (!mchid || x.mchid === mchid));
    if (!t) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (t.trade_state !== 'NOTPAY' && t.trade_state !== 'PAYERROR') throw new SimError(409, 'INVALID_STATE', `the order is ${t.trade_state}`);
    if (t.time_expire && Date.parse(t.time_expire) <= now().getTime()) throw new SimError(409, 'ORDER_EXPIRED', `the order expired at ${t.time_expire}`);
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
  });

  app.post<{ Params: { no: string } }>('/_sim/refunds/:no/settle', async (req) => {
    const b = jsonBody(req);
    const status = b.status;
    if (status !== 'SUCCESS' && status !== 'ABNORMAL' && status !== 'CLOSED') throw param('status is SUCCESS, ABNORMAL or CLOSED');
    const mchid = typeof b.mchid === 'string' ? b.mchid : undefined;
    const r = [...state.refunds.values()].find((x) => x.out_refund_no === req.params.no && (!mchid || x.mchid === mchid));
    if (!r) throw new SimError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    if (r.status !== 'PROCESSING') throw new SimError(409, 'INVALID_STATE', `the refund is ${r.status}`);
    r.status = status;
    if (status === 'SUCCESS') r.success_time = wxTime(now());
    const summary = status === 'SUCCESS' ? '退款成功' : status === 'ABNORMAL' ? '退款异常' : '退款关闭';
    notify(merchantsById.get(r.mchid)!.apiV3Key, r.notify_url, `REFUND.${status}`, 'refund', summary, refundNotice(r));
    return refundView(r);
  });

  app.get('/_sim/state', async () => ({
    transactions: [...state.transactions.values()].map((t) => ({ ...transactionView(t), description: t.description, notify_url: t.notify_url, prepay_id: t.prepay_id })),
    refunds: [...state.refunds.values()].map((r) => ({ ...refundView(r), mchid: r.mchid, notify_url: r.notify_url })),
    notifications: state.notifications.map(({ body: _b, ...n }) => n),
  }));

  return sim;
}
