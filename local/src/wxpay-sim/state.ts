/**
 * What the simulator holds: the merchants, the transactions, refunds and notifications it keeps, its runtime
 * settings, its clock and timers (`SimContext`), and the records in WeChat's API shape.
 */
import { randomBytes } from 'node:crypto';
import type { Key } from '@shop/functions/shared/domain/payments/wxcrypto';
import type { NotifyFaultKind } from './faults';

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

/** One simulator's stores, settings, clock and timers, shared by its notifier, bank and routes. */
export interface SimContext {
  opts: SimOptions;
  state: SimState;
  config: SimConfig;
  now: () => Date;
  nowSeconds: () => number;
  merchantsById: Map<string, SimMerchant>;
  /** by certificate serial: whose signature a request carries */
  merchantKeys: Map<string, { mchid: string; publicKey: Key }>;
  /** pending timers (notification retries, delays, auto-settlement); cancelled at close */
  timers: Set<NodeJS.Timeout>;
  /** runs `fn` after `ms` unless the simulator closes first */
  later(ms: number, fn: () => void): NodeJS.Timeout;
  /** aborts notifications in flight at close */
  inflight: AbortController;
  closed: boolean;
}

export function createContext(opts: SimOptions): SimContext {
  const now = opts.now ?? (() => new Date());
  const timers = new Set<NodeJS.Timeout>();
  return {
    opts,
    state: { transactions: new Map(), refunds: new Map(), notifications: [] },
    config: {
      refundAutoSettle: opts.refunds?.autoSettle ?? null,
      nextRefundOutcome: null,
      refundMinIntervalMs: opts.refundMinIntervalMs ?? 60_000,
      faultTimeoutMs: opts.faultTimeoutMs ?? 15_000,
    },
    now,
    nowSeconds: () => Math.floor(now().getTime() / 1000),
    merchantsById: new Map(opts.merchants.map((m) => [m.mchid, m])),
    merchantKeys: new Map(opts.merchants.map((m) => [m.serialNo, { mchid: m.mchid, publicKey: m.publicKey }])),
    timers,
    later: (ms, fn) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
      return t;
    },
    inflight: new AbortController(),
    closed: false,
  };
}

export const transactionKey = (mchid: string, outTradeNo: string) => `${mchid}|${outTradeNo}`;
export const refundKey = (mchid: string, outRefundNo: string) => `${mchid}|${outRefundNo}`;
export const findTransaction = (state: SimState, mchid: string, outTradeNo: string) => state.transactions.get(transactionKey(mchid, outTradeNo));
export const findByTransactionId = (state: SimState, mchid: string, id: string) => [...state.transactions.values()].find((t) => t.mchid === mchid && t.transaction_id === id);
export const findByPrepayId = (state: SimState, prepayId: string) => [...state.transactions.values()].find((t) => t.prepay_id === prepayId);
export const findRefund = (state: SimState, outRefundNo: string, mchid?: string) =>
  [...state.refunds.values()].find((x) => x.out_refund_no === outRefundNo && (!mchid || x.mchid === mchid));

/** `n` random decimal digits (ids). */
export const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
/** `yyyyMMddHHmmss` in Beijing time. */
export const compact = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);

const TRADE_STATE_DESC: Record<TradeState, string> = {
  SUCCESS: '支付成功',
  NOTPAY: '订单未支付',
  CLOSED: '订单已关闭',
  REFUND: '转入退款',
  PAYERROR: '支付失败，请重新下单支付',
};

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
export function refundNotice(r: SimRefund) {
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
