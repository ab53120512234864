/** What the WeChat server-API simulator records and answers (its state's shapes), shared by its routes and console. */
import type { WxErr } from './rules';

export type WxapiName = 'stable_token' | 'upload_shipping_info' | 'subscribe_send';
/** `invalid_data`: a permanent refusal (47001 data format error), what a call WeChat will never accept answers */
export type WxapiFaultKind = 'timeout' | 'status500' | 'status502' | 'busy' | 'rate_limited' | 'expired_token' | 'invalid_data';
export interface WxapiFault {
  /** which call; any when missing */
  api?: WxapiName;
  kind: WxapiFaultKind;
  times: number;
}
/** what the simulator knows of a WeChat Pay transaction (the order key of an upload names one) */
export interface SimPayment {
  openid: string;
  /** SUCCESS may be shipped; REFUND / CLOSED … may not (10060004) */
  state: string;
  transaction_id?: string;
  mchid?: string;
  out_trade_no?: string;
}
export interface ShippingRecord {
  key: string;
  status: 'partly' | 'shipped';
  reshipUsed: boolean;
  last: Record<string, unknown>;
  uploads: { at: string; via: 'https' | 'cloud'; body: Record<string, unknown>; answer: WxErr }[];
}
export interface SimMessage {
  at: string;
  via: 'https' | 'cloud';
  body: unknown;
  answer: WxErr & { msgid?: number };
}
