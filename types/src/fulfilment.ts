/** Fulfilment (issue 5): express shipping, split into parcels, batch shipping from a file, receipt. */
import { z } from 'zod';
import { Id } from './common';

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
  rows: BatchShipRowResult[];
}
