/**
 * The admin side of WeChat's mini-program server APIs (issue 15): the AppID and AppSecret the HTTPS transport uses
 * (the secret goes in and is never answered), a connection test, and the shipping-information uploads
 * (发货信息录入): their states, a retry of a failed one, and the paid orders never uploaded.
 */
import { z } from 'zod';
import { Id, PageInput, type Page, type SchemaIn as In, type EmptyInput as Empty } from './common';
import type { OrderDeliveryMethod, OrderStatus } from './orders';

/** WeChat's server-API host */
export const WXAPI_BASE_URL = 'https://api.weixin.qq.com';

export const WxAppSettingsInput = z
  .object({
    appid: z.string().trim().regex(/^wx[0-9a-f]{16}$/, 'the mini-program AppID: wx + 16 hex characters'),
    /** 32 letters or digits; omitted or empty: the stored one stays (for the same AppID) */
    secret: z
      .string()
      .trim()
      .regex(/^([0-9A-Za-z]{32})?$/, 'the AppSecret: 32 letters or digits')
      .optional(),
  })
  .strict();
export type WxAppSettingsInput = z.input<typeof WxAppSettingsInput>;

/** What any answer may show: never the secret, only whether one is set. */
export interface WxAppSettingsView {
  /** AppID and AppSecret both set */
  configured: boolean;
  appid: string | null;
  secretSet: boolean;
  /** WeChat's host, or locally the simulator's address (not editable: the local stack points it at the simulator) */
  baseUrl: string;
  updatedAt: string | null;
}

/** testConnection: a fresh access token was fetched (never answered), or WeChat's refusal */
export interface WxConnectionTest {
  ok: boolean;
  errcode: number | null;
  errmsg: string | null;
  ms: number;
}

export type WxShippingUploadStatus = 'pending' | 'sent' | 'failed';
export const WX_SHIPPING_UPLOAD_STATUSES: WxShippingUploadStatus[] = ['pending', 'sent', 'failed'];

export const WxShippingUploadListInput = z
  .object({ status: z.enum(['pending', 'sent', 'failed']).optional(), orderId: Id.optional(), ...PageInput })
  .strict();
export const WxOrderInput = z.object({ orderId: Id }).strict();
export const NotUploadedInput = z
  .object({ days: z.number().int().min(1).max(60).default(3), ...PageInput })
  .strict();

/** One upload of the outbox (`<order>:<n>`: the n-th parcel of an express order, 1 otherwise). */
export interface WxShippingUpload {
  _id: string;
  orderId: string;
  status: WxShippingUploadStatus;
  /** WeChat's logistics_type: 1 express, 2 same-city, 3 virtual, 4 pickup */
  logisticsType: 1 | 2 | 3 | 4 | null;
  attempts: number;
  errcode: number | null;
  errmsg: string | null;
  /** the last error as the client saw it (a timeout or HTTP error has no errcode) */
  error: string | null;
  /** WeChat already had this upload (counted as done) */
  alreadyUploaded: boolean;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

/** A paid order WeChat was never told about (no accepted upload). */
export interface NotUploadedOrder {
  orderId: string;
  status: OrderStatus;
  method: OrderDeliveryMethod;
  payable: number;
  paidAt: string;
  /** its latest upload, when one waits or failed */
  upload: Pick<WxShippingUpload, '_id' | 'status' | 'errcode' | 'errmsg'> | null;
}
export interface NotUploadedPage extends Page<NotUploadedOrder> {
  /** orders paid in [since, before) are looked at: before = now − days; since = before − NOT_UPLOADED_LOOKBACK_DAYS */
  since: string;
  before: string;
}
/** how far back (before the N days) notUploaded looks */
export const NOT_UPLOADED_LOOKBACK_DAYS = 90;

/** owner only: the mini-program's server-API settings and its shipping-information uploads */
export interface WxappAdminApi {
  settings: { input: Empty; output: WxAppSettingsView };
  saveSettings: { input: In<typeof WxAppSettingsInput>; output: WxAppSettingsView };
  /** fetches a new access token with the stored AppID and AppSecret */
  testConnection: { input: Empty; output: WxConnectionTest };
  /** every upload, newest first */
  shippingUploads: { input: In<typeof WxShippingUploadListInput>; output: Page<WxShippingUpload> };
  /** the order's failed uploads wait again, due now (the jobs timer sends them) */
  retryShippingUpload: { input: In<typeof WxOrderInput>; output: { retried: number } };
  /** paid orders older than `days` with no accepted upload (express, same-city, pickup and virtual alike) */
  notUploaded: { input: In<typeof NotUploadedInput>; output: NotUploadedPage };
}
