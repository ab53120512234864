/** Fulfilment (issue 5): express shipping, split into parcels, batch shipping from a file, receipt. */
import { z } from 'zod';
import { Id, type SchemaIn as In } from './common';

/** The carriers the shop ships with; a batch file must name one of these exactly (seed: else no tracking shows). */
export const CARRIERS = ['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递', '京东物流', 'EMS', '邮政快递包裹', '德邦快递'] as const;
export const TrackingNo = z.string().trim().regex(/^[A-Za-z0-9-]{6,40}$/, '6–40 letters, digits or -');

/** One parcel sent for an order (a split order has several). */
export interface Shipment {
  no: number;
  company: string;
  trackingNo: string;
  lines: { skuId: string; quantity: number }[];
  at: string;
  by: string;
}

/** 修改物流 (issue 17): a parcel's carrier and tracking number corrected after it left, with the reason */
export const CorrectTrackingInput = z
  .object({ id: Id, no: z.number().int().min(1).max(100), company: z.enum(CARRIERS), trackingNo: TrackingNo, reason: z.string().trim().min(1).max(100) })
  .strict();
export const ShipInput = z
  .object({
    id: Id,
    company: z.enum(CARRIERS),
    trackingNo: TrackingNo,
    /** the parcel's lines (split shipping); absent: everything not shipped yet */
    lines: z
      .array(z.object({ skuId: Id, quantity: z.number().int().min(1) }).strict())
      .min(1)
      .max(50)
      .optional(),
  })
  .strict();

export const SHIP_BATCH_MAX_ROWS = 1000;
export const SHIP_BATCH_MAX_BYTES = 1024 * 1024;
export const BatchShipInput = z
  .object({
    filename: z.string().trim().min(1).max(200),
    /** the CSV, XLS or XLSX file, base64 (at most 1 MB decoded) */
    contentBase64: z.string().min(1).max(Math.ceil((SHIP_BATCH_MAX_BYTES * 4) / 3) + 8),
  })
  .strict();
export type BatchShipRowResult =
  | { line: number; orderId: string; result: 'shipped'; company: string; trackingNo: string }
  | { line: number; orderId: string; result: 'failed'; code: string; message: string };
export interface BatchShipResult {
  shipped: number;
  failed: number;
  /** rows with neither carrier nor tracking number, and further lines of an order repeating its parcel */
  skipped: number;
  rows: BatchShipRowResult[];
}

// ---------------------------------------------------------------------------------------------------------------
// Virtual goods (虚拟商品, no logistics): the merchant fulfils a paid order with a note the shopper reads

export const VIRTUAL_NOTE_MAX = 500;
export const FulfilVirtualInput = z
  .object({ id: Id, note: z.string().trim().min(1, 'write what the shopper receives').max(VIRTUAL_NOTE_MAX) })
  .strict();
export interface VirtualDelivery {
  note: string;
  at: string;
  by: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Store pickup codes

/** The code a pickup order gets when it is paid: 12 random digits (shown 4-4-4), unique while active. */
export const PICKUP_CODE_DIGITS = 12;
export const PickupCodeText = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{12}$/, 'a pickup code is 12 digits'));

/** On the order: where it is in its life (the code itself only goes to the shopper, by `order.pickupCode`). */
export interface OrderPickup {
  storeId: string;
  status: 'active' | 'used' | 'void';
  usedAt: string | null;
  usedBy: string | null;
}

export const PickupVerifyInput = z.object({ code: PickupCodeText }).strict();
export interface PickupVerifyResult {
  orderId: string;
  storeId: string;
  usedAt: string;
  usedBy: string;
  lines: { name: string; specValues: string[]; quantity: number }[];
  /** the shopper's name, masked (张**) */
  consignee: string | null;
}
/** What a clerk sees before using a code (`pickup.preview`): the code is not used, only looked up. */
export interface PickupPreview {
  orderId: string;
  storeId: string;
  lines: { name: string; specValues: string[]; quantity: number }[];
  /** the shopper's name, masked (张**) */
  consignee: string | null;
  paidAt: string | null;
}

/** One verification attempt, kept for the audit log (the code is kept as its last 4 digits only). */
export interface PickupAttempt {
  _id: string;
  at: string;
  clerk: string;
  storeId: string | null;
  codeTail: string;
  result: 'ok' | 'wrong' | 'used' | 'other_store' | 'not_ready' | 'throttled' | 'locked';
  orderId: string | null;
}
export const PickupLogInput = z
  .object({
    storeId: z.string().trim().max(64).optional(),
    result: z.enum(['ok', 'wrong', 'used', 'other_store', 'not_ready', 'throttled', 'locked']).optional(),
    page: z.number().int().min(1).max(10_000).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
  })
  .strict();

export interface PickupApi {
  /** a clerk of the order's store: the code is used, the order completes */
  verify: { input: In<typeof PickupVerifyInput>; output: PickupVerifyResult };
  /** a clerk of the order's store looks a code up without using it (throttled as verify is) */
  preview: { input: In<typeof PickupVerifyInput>; output: PickupPreview };
  /** every attempt; clerks see their own store's */
  log: { input: In<typeof PickupLogInput>; output: import('./common').Page<PickupAttempt> };
}

// ---------------------------------------------------------------------------------------------------------------
// Freight templates (运费模板)

const FreightRule = {
  /** units (by count) or grams (by weight) the first fee covers */
  first: z.number().int().min(1).max(1_000_000),
  firstFee: z.number().int().min(0).max(100_000_00),
  /** each further step of units or grams */
  additional: z.number().int().min(1).max(1_000_000),
  additionalFee: z.number().int().min(0).max(100_000_00),
};
const Provinces = z.array(z.string().trim().min(2).max(20)).max(40);
export const FreightTemplateInput = z
  .object({
    name: z.string().trim().min(1).max(30),
    pricing: z.enum(['count', 'weight']).default('count'),
    /** everywhere not named by a region rule */
    defaultRule: z.object(FreightRule).strict(),
    regionRules: z
      .array(z.object({ provinces: Provinces.min(1), ...FreightRule }).strict())
      .max(40)
      .default([]),
    /** provinces this template does not ship to */
    excludedProvinces: Provinces.default([]),
    /** 条件包邮: free when the template's lines reach a count or an amount (optionally only in some provinces) */
    freeRules: z
      .array(
        z
          .object({ provinces: Provinces.default([]), minQuantity: z.number().int().min(1).optional(), minAmount: z.number().int().min(1).optional() })
          .strict()
          .refine((r) => r.minQuantity !== undefined || r.minAmount !== undefined, { message: 'give a count or an amount' }),
      )
      .max(20)
      .default([]),
    allowExpress: z.boolean().default(true),
    /** 自提 */
    allowPickup: z.boolean().default(true),
    /** 同城配送 */
    allowLocal: z.boolean().default(false),
  })
  .strict();
export type FreightTemplateInput = z.input<typeof FreightTemplateInput>;
export type FreightTemplate = z.output<typeof FreightTemplateInput> & { _id: string; createdAt: string; updatedAt: string };

type PageOf<T> = import('./common').Page<T>;
export interface FreightAdminApi {
  list: { input: Record<string, never>; output: (FreightTemplate & { productCount: number })[] };
  get: { input: { id: string }; output: FreightTemplate };
  /** `id` present: update */
  save: { input: FreightTemplateInput & { id?: string }; output: FreightTemplate };
  /** IN_USE while products use it */
  delete: { input: { id: string }; output: { deleted: number } };
}
export type { PageOf };

// ---------------------------------------------------------------------------------------------------------------
// Stores (pickup points; clerks belong to one)

export const StoreInput = z
  .object({
    id: z.string().trim().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(30),
    address: z.string().trim().min(5).max(200),
    phone: z.string().trim().max(20).default(''),
    /** e.g. 09:00-21:00 */
    openingHours: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'HH:mm-HH:mm')
      .default('09:00-21:00'),
    /** shoppers may choose it at checkout */
    pickupEnabled: z.boolean().default(true),
  })
  .strict();
export interface Store {
  _id: string;
  name: string;
  address: string;
  phone: string;
  openingHours: string;
  pickupEnabled: boolean;
  updatedAt: string;
}
export interface StoreAdminApi {
  /** each with its clerks' usernames and the pickup orders waiting there */
  list: { input: Record<string, never>; output: (Store & { clerks: string[]; waiting: number })[] };
  save: { input: z.input<typeof StoreInput>; output: Store };
  /** IN_USE while clerks belong to it or pickup codes wait there */
  delete: { input: { id: string }; output: { deleted: number } };
}

// ---------------------------------------------------------------------------------------------------------------
// Same-city delivery (同城配送)

export type LocalStatus = 'dispatched' | 'picked_up' | 'delivered' | 'cancelled';
export interface LocalDelivery {
  /** 'self' (the merchant's staff) or a courier platform ('sim' locally; Dada / Meituan behind the same interface) */
  provider: string;
  deliveryId: string;
  status: LocalStatus;
  rider: { name: string; phone: string } | null;
  history: { at: string; status: LocalStatus; note: string }[];
}
export const LocalStatusInput = z
  .object({ id: Id, status: z.enum(['picked_up', 'delivered']), rider: z.object({ name: z.string().trim().min(1).max(20), phone: z.string().trim().min(5).max(20) }).strict().optional() })
  .strict();
