/**
 * After-sales requests (售后): refund only, return and refund, exchange. A request lives beside its order; every
 * step is recorded in its history, which both the shopper and the merchant see.
 */
import { z } from 'zod';
import { Fen, Id, PageInput, type Page, type SchemaIn as In } from './common';
import type { Refund } from './payments';
import { Instant } from './pricing';

export * from './aftersaleTexts';
import { AFTERSALE_STATUSES, type AftersaleStatus, type AftersaleType } from './aftersaleTexts';

export interface AftersaleLine {
  skuId: string;
  name: string;
  image: string | null;
  specValues: string[];
  quantity: number;
  /** this quantity's share of what the line really cost (fen) */
  share: number;
}
export interface Parcel {
  company: string;
  trackingNo: string;
  at: string;
}
export interface ReturnAddress {
  name: string;
  phone: string;
  address: string;
}
export interface AftersaleStep {
  at: string;
  /** 'shopper', 'merchant:<username>' or 'system' */
  by: string;
  action: string;
  note: string;
}

export interface Aftersale {
  _id: string;
  orderId: string;
  openid: string;
  type: AftersaleType;
  lines: AftersaleLine[];
  reason: string;
  description: string;
  /** refund only: whether the shopper has the goods (货物状态) */
  goodsReceived: boolean;
  /** fen asked back (0 for an exchange) */
  amount: number;
  /** the most it could have been when asked */
  maxAmount: number;
  evidence: string[];
  status: AftersaleStatus;
  rejectReason: string | null;
  returnAddress: ReturnAddress | null;
  returnParcel: Parcel | null;
  exchangeParcel: Parcel | null;
  refundNo: string | null;
  createdAt: string;
  updatedAt: string;
  history: AftersaleStep[];
}

export const AftersaleApplyInput = z
  .object({
    orderId: Id,
    type: z.enum(['refund', 'return_refund', 'exchange']),
    lines: z
      .array(z.object({ skuId: Id, quantity: z.number().int().min(1).max(9999) }).strict())
      .min(1)
      .max(50),
    reason: z.string().trim().min(1).max(40),
    description: z.string().trim().max(200).default(''),
    goodsReceived: z.boolean().default(false),
    /** fen; at most the chosen lines' share of what was paid; 0 for an exchange */
    amount: Fen,
    evidence: z.array(z.string().trim().min(1).max(500)).max(9).default([]),
  })
  .strict();
export type AftersaleApplyInput = z.input<typeof AftersaleApplyInput>;

/** What the shopper may ask for each line of an order, and the most it pays back. */
export interface AftersaleQuote {
  orderId: string;
  types: AftersaleType[];
  lines: { skuId: string; name: string; specValues: string[]; image: string | null; quantity: number; available: number; shareEach: number }[];
  /** what is still refundable of the payment */
  refundable: number;
  /** the most the asked `lines` may refund (0 without lines) */
  max: number;
}
export const AftersaleQuoteInput = z
  .object({ orderId: Id, lines: z.array(z.object({ skuId: Id, quantity: z.number().int().min(1) }).strict()).max(50).optional() })
  .strict();

export const AftersaleIdInput = z.object({ id: Id }).strict();
export const AftersaleDecideInput = z
  .object({
    id: Id,
    decision: z.enum(['agree', 'reject']),
    reason: z.string().trim().max(100).default(''),
    /** agreeing to a return or an exchange: where the goods go back */
    returnAddress: z
      .object({ name: z.string().trim().min(1).max(20), phone: z.string().trim().min(5).max(20), address: z.string().trim().min(5).max(200) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((v) => v.decision !== 'reject' || v.reason.length > 0, { path: ['reason'], message: 'say why the request is rejected' });
export const ParcelInput = z
  .object({ id: Id, company: z.string().trim().min(1).max(30), trackingNo: z.string().trim().regex(/^[A-Za-z0-9-]{6,40}$/, '6–40 letters or digits') })
  .strict();
export const AftersaleListInput = z
  .object({
    status: z.enum(AFTERSALE_STATUSES).optional(),
    /** only the requests waiting for the merchant (pending or returned: 概况's 售后待处理); with `status`, that one */
    open: z.boolean().optional(),
    type: z.enum(['refund', 'return_refund', 'exchange']).optional(),
    orderId: z.string().trim().max(64).optional(),
    /** one shopper's requests (the customer page links here) */
    openid: z.string().trim().min(1).max(64).optional(),
    createdFrom: Instant.optional(),
    createdTo: Instant.optional(),
    ...PageInput,
  })
  .strict();
export const MyAftersalesInput = z.object({ orderId: z.string().trim().max(64).optional(), ...PageInput }).strict();

export type AftersaleDetail = Aftersale & { refund: Pick<Refund, '_id' | 'status' | 'amount' | 'error' | 'successAt'> | null };

export interface AftersaleApi {
  /** the order's lines, how many of each may still be asked for, and what each is worth */
  quote: { input: In<typeof AftersaleQuoteInput>; output: AftersaleQuote };
  apply: { input: AftersaleApplyInput; output: AftersaleDetail };
  mine: { input: In<typeof MyAftersalesInput>; output: Page<Aftersale> };
  get: { input: In<typeof AftersaleIdInput>; output: AftersaleDetail };
  /** withdraw a request the merchant has not agreed to yet */
  cancel: { input: In<typeof AftersaleIdInput>; output: AftersaleDetail };
  /** the courier and tracking number of the goods sent back */
  shipBack: { input: In<typeof ParcelInput>; output: AftersaleDetail };
  /** the exchanged goods arrived */
  confirmExchange: { input: In<typeof AftersaleIdInput>; output: AftersaleDetail };
  /** an evidence picture (JPEG/PNG/WebP/GIF, at most 2 MB) */
  uploadEvidence: { input: { filename: string; contentBase64: string }; output: { url: string } };
}
export interface AftersaleAdminApi {
  list: { input: In<typeof AftersaleListInput>; output: Page<Aftersale> };
  get: { input: In<typeof AftersaleIdInput>; output: AftersaleDetail };
  /** agree (a return or exchange needs the return address; a refund-only request refunds at once) or reject with a reason */
  decide: { input: In<typeof AftersaleDecideInput>; output: AftersaleDetail };
  /** the returned goods arrived: a return is refunded; an exchange waits for shipExchange */
  receive: { input: In<typeof AftersaleIdInput>; output: AftersaleDetail };
  shipExchange: { input: In<typeof ParcelInput>; output: AftersaleDetail };
}
