/** WeChat Pay merchant settings: secrets go in, and only whether they are set comes out. */
import { z } from 'zod';
import { Fen, Id, PageInput } from './common';

const Pem = (kind: string) =>
  z
    .string()
    .trim()
    .max(10_000)
    .regex(new RegExp(`^-----BEGIN ${kind}-----[\\s\\S]+-----END ${kind}-----$`), `a PEM ${kind.toLowerCase()}`);

export const WXPAY_BASE_URL = 'https://api.mch.weixin.qq.com';

export const PaymentSettingsInput = z
  .object({
    mchid: z.string().trim().regex(/^\d{8,12}$/, 'the 商户号: 8–12 digits'),
    appid: z.string().trim().regex(/^wx[0-9a-f]{16}$/, 'the mini-program AppID: wx + 16 hex characters'),
    /** the merchant API certificate's serial number */
    serialNo: z.string().trim().regex(/^[0-9A-Fa-f]{8,40}$/, 'the certificate serial number (hex)'),
    /** omitted on a later save: the stored key stays */
    privateKey: z.union([Pem('PRIVATE KEY'), Pem('RSA PRIVATE KEY')]).optional(),
    /** the APIv3 key, 32 characters; omitted on a later save: the stored key stays */
    apiV3Key: z.string().length(32, 'the APIv3 key is 32 characters').optional(),
    /** WeChat's platform certificates or public keys (public-key mode: PUB_KEY_ID_...), by serial */
    platformKeys: z
      .array(z.object({ serial: z.string().trim().min(8).max(64), publicKey: z.union([Pem('PUBLIC KEY'), Pem('CERTIFICATE')]) }).strict())
      .max(5)
      .optional(),
    /** WeChat Pay, or the local simulator */
    baseUrl: z.string().trim().url().default(WXPAY_BASE_URL),
  })
  .strict();
export type PaymentSettingsInput = z.input<typeof PaymentSettingsInput>;

/** What any response may show: never a key, only whether one is set. */
export interface PaymentSettingsView {
  configured: boolean;
  mchid: string | null;
  appid: string | null;
  serialNo: string | null;
  privateKeySet: boolean;
  apiV3KeySet: boolean;
  platformSerials: string[];
  baseUrl: string;
  updatedAt: string | null;
}

export interface PaymentAdminApi {
  settings: { input: Record<string, never>; output: PaymentSettingsView };
  saveSettings: { input: PaymentSettingsInput; output: PaymentSettingsView };
}

// ---------------------------------------------------------------------------------------------------------------
// Paying an order

/**
 * One JSAPI order at WeChat Pay (collection `payments`, `_id` = out_trade_no). An order gets a new one only when
 * its amount changed (merchant price change) or the last prepay expired; otherwise paying again reuses it.
 */
export interface PaymentAttempt {
  _id: string;
  orderId: string;
  openid: string;
  /** fen, from the order when the prepay was made */
  amount: number;
  description: string;
  prepayId: string;
  createdAt: string;
  /** the prepay is reused until here (WeChat keeps a prepay_id two hours; never past the order's close time) */
  reuseUntil: string;
  /** open: not known to be paid; paid: WeChat confirmed; closed: closed at WeChat (or never payable) */
  state: 'open' | 'paid' | 'closed';
  transactionId: string | null;
  paidAt: string | null;
  /** the last active query (recovery job, shopper's return) */
  checkedAt: string | null;
}

/** What `Taro.requestPayment` takes (appId for H5's cashier page; weapp ignores it). */
export interface PayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface PayResult {
  orderId: string;
  outTradeNo: string;
  amount: number;
  params: PayParams;
  /** H5 only: the simulator's cashier page when the shop is connected to the local simulator, else null */
  cashierUrl: string | null;
}

export const PayInput = z
  .object({
    id: Id,
    /** H5: where the cashier page sends the shopper back (http/https) */
    returnUrl: z.string().trim().url().max(500).optional(),
  })
  .strict();

/** A payment issue the merchant must see: a paid amount that does not match, a payment on a closed order … */
export interface PaymentIssue {
  at: string;
  kind: 'amount_mismatch' | 'merchant_mismatch' | 'late_payment';
  outTradeNo: string;
  transactionId: string;
  /** fen WeChat says were paid */
  paid: number;
  /** fen the order asked for */
  expected: number;
  /** late payments are refunded automatically: the refund's out_refund_no */
  refundNo: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Refunds

/**
 * PENDING: reserved here, not yet accepted by WeChat (sent again by the jobs timer); PROCESSING: accepted;
 * SUCCESS / CLOSED: settled (CLOSED frees the amount); ABNORMAL: WeChat could not pay it back (e.g. the merchant's
 * balance was short); FAILED: WeChat refused it. ABNORMAL and FAILED keep the amount reserved and can be retried.
 */
export type RefundStatus = 'PENDING' | 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED' | 'FAILED';
export type RefundSource = 'merchant' | 'cancel' | 'aftersale' | 'late_payment';

/** Collection `refunds`, `_id` = out_refund_no. */
export interface Refund {
  _id: string;
  orderId: string;
  openid: string;
  outTradeNo: string;
  transactionId: string;
  /** fen refunded, and the payment's total (WeChat wants both) */
  amount: number;
  total: number;
  reason: string;
  source: RefundSource;
  aftersaleId: string | null;
  status: RefundStatus;
  wechatRefundId: string | null;
  /** the last error from WeChat Pay, shown to the merchant */
  error: string | null;
  attempts: number;
  /** PENDING refunds are sent again from here on */
  nextAttemptAt: string | null;
  by: string;
  createdAt: string;
  updatedAt: string;
  successAt: string | null;
  history: { at: string; status: RefundStatus; note: string }[];
}

export const RefundInput = z
  .object({
    id: Id,
    /** fen, at most what is left of the payment */
    amount: Fen.min(1),
    reason: z.string().trim().min(1).max(80),
  })
  .strict();
export const RefundNoInput = z.object({ refundNo: z.string().trim().min(1).max(64) }).strict();
export const RefundListInput = z
  .object({
    status: z.enum(['PENDING', 'PROCESSING', 'SUCCESS', 'ABNORMAL', 'CLOSED', 'FAILED']).optional(),
    /** several at once (e.g. PENDING and PROCESSING for 退款中); ignored when `status` is given */
    statuses: z.array(z.enum(['PENDING', 'PROCESSING', 'SUCCESS', 'ABNORMAL', 'CLOSED', 'FAILED'])).max(6).optional(),
    orderId: z.string().trim().max(64).optional(),
    ...PageInput,
  })
  .strict();
