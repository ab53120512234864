/**
 * Request signing for the Jingdou Cloud (Kingdee 精斗云) open API, family `/jdy/v2` (gateway api.kingdee.com).
 * Pure functions over Node's crypto: used by the product's ERP client to sign and by the local simulator to verify.
 *
 * String to sign, every part followed by `\n` (the last one too):
 *   METHOD
 *   encodeURIComponent(path)
 *   query with keys in ASCII order, values URI-encoded twice: `k1=enc(enc(v1))&k2=enc(enc(v2))`
 *   x-api-nonce:<nonce>
 *   x-api-timestamp:<timestamp>
 * Signature = Base64 of the lower-case hex text of HMAC-SHA256(clientSecret, string). The body is not signed.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** Query parameters. A value list is sent (and signed) as repeated `k=v` pairs in the given order; undefined is left out. */
export type JdyQuery = Record<string, string | number | boolean | (string | number)[] | undefined | null>;

export interface SignInput {
  method: string;
  /** the path without the query, e.g. `/jdy/v2/bd/material` */
  path: string;
  query?: JdyQuery;
  clientSecret: string;
  nonce: string | number;
  /** 13-digit ms timestamp */
  timestamp: string | number;
}

export const AUTH_VERSION = '2.0';
export const SIGN_HEADERS = 'X-Api-TimeStamp,X-Api-Nonce';
/** how far a request's timestamp may be from the receiver's clock */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

const enc = encodeURIComponent;
/** Base64 of the lower-case hex text of HMAC-SHA256 (not of the raw digest) */
const hmacHexBase64 = (secret: string, text: string) => Buffer.from(createHmac('sha256', secret).update(text, 'utf8').digest('hex'), 'utf8').toString('base64');

/** `[key, value]` pairs in signing order: keys by ASCII (UTF-16 code unit) order, list values in their order */
export function queryPairs(query: JdyQuery = {}): [string, string][] {
  const keys = Object.keys(query)
    .filter((k) => query[k] !== undefined && query[k] !== null)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: [string, string][] = [];
  for (const k of keys) {
    const v = query[k]!;
    for (const one of Array.isArray(v) ? v : [v]) out.push([k, String(one)]);
  }
  return out;
}

/** The URL query string the request should carry (values encoded once), in signing order; '' when empty. */
export function buildQueryString(query: JdyQuery = {}): string {
  return queryPairs(query)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
}

export function stringToSign(i: Omit<SignInput, 'clientSecret'>): string {
  const q = queryPairs(i.query)
    .map(([k, v]) => `${k}=${enc(enc(v))}`)
    .join('&');
  return `${i.method.toUpperCase()}\n${enc(i.path)}\n${q}\nx-api-nonce:${i.nonce}\nx-api-timestamp:${i.timestamp}\n`;
}

/** The `X-Api-Signature` value. */
export function signRequest(i: SignInput): string {
  return hmacHexBase64(i.clientSecret, stringToSign(i));
}

/** `app_signature` for the app-token call: Base64(hex(HMAC-SHA256(appSecret, appKey))). */
export function appSignature(appKey: string, appSecret: string): string {
  return hmacHexBase64(appSecret, appKey);
}

/** a random positive integer nonce (10 digits) */
export const newNonce = () => String(randomInt(1_000_000_000, 9_999_999_999));

export interface SignedHeadersInput {
  clientId: string;
  clientSecret: string;
  method: string;
  path: string;
  query?: JdyQuery;
  /** defaults: a random 10-digit nonce and Date.now() */
  nonce?: string | number;
  timestamp?: string | number;
  /** after authorisation: the app-token and the tenant's data-centre domain */
  appToken?: string;
  routerAddr?: string;
}

/** The full header set of a signed call (plus `app-token` and `X-GW-Router-Addr` when given). */
export function signedHeaders(i: SignedHeadersInput): Record<string, string> {
  const nonce = String(i.nonce ?? newNonce());
  const timestamp = String(i.timestamp ?? Date.now());
  const h: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Api-ClientID': i.clientId,
    'X-Api-Auth-Version': AUTH_VERSION,
    'X-Api-TimeStamp': timestamp,
    'X-Api-Nonce': nonce,
    'X-Api-SignHeaders': SIGN_HEADERS,
    'X-Api-Signature': signRequest({ method: i.method, path: i.path, query: i.query, clientSecret: i.clientSecret, nonce, timestamp }),
  };
  if (i.appToken !== undefined) h['app-token'] = i.appToken;
  if (i.routerAddr !== undefined) h['X-GW-Router-Addr'] = i.routerAddr;
  return h;
}

export type VerifyFailure = 'headers' | 'version' | 'client' | 'timestamp' | 'signature';
export type VerifyResult = { ok: true; clientId: string } | { ok: false; reason: VerifyFailure; message: string };

export interface VerifyInput {
  method: string;
  path: string;
  /** the decoded query (e.g. from URLSearchParams); repeated keys as lists in their order */
  query: JdyQuery;
  /** incoming headers, any case */
  headers: Record<string, string | string[] | undefined>;
  /** the client's secret, or undefined for an unknown client id */
  secretFor: (clientId: string) => string | undefined;
  /** receiver clock in ms (default Date.now()) */
  now?: number;
  windowMs?: number;
}

const header = (h: VerifyInput['headers'], name: string) => {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === want) return Array.isArray(v) ? v[0] : v;
  return undefined;
};

/** The receiver's check: headers present, version 2.0, known client, timestamp within the window, signature (constant-time). */
export function verifyRequest(i: VerifyInput): VerifyResult {
  const clientId = header(i.headers, 'x-api-clientid');
  const timestamp = header(i.headers, 'x-api-timestamp');
  const nonce = header(i.headers, 'x-api-nonce');
  const signature = header(i.headers, 'x-api-signature');
  const missing = [
    ['X-Api-ClientID', clientId],
    ['X-Api-TimeStamp', timestamp],
    ['X-Api-Nonce', nonce],
    ['X-Api-Signature', signature],
  ].filter(([, v]) => !v);
  if (missing.length) return { ok: false, reason: 'headers', message: `missing header ${missing.map(([k]) => k).join(', ')}` };
  const version = header(i.headers, 'x-api-auth-version');
  if (version !== undefined && version !== AUTH_VERSION) return { ok: false, reason: 'version', message: `X-Api-Auth-Version must be ${AUTH_VERSION}` };
  const secret = i.secretFor(clientId!);
  if (secret === undefined) return { ok: false, reason: 'client', message: `unknown X-Api-ClientID ${clientId}` };
  if (!/^\d{13}$/.test(timestamp!)) return { ok: false, reason: 'timestamp', message: 'X-Api-TimeStamp must be a 13-digit ms timestamp' };
  const now = i.now ?? Date.now();
  if (Math.abs(now - Number(timestamp)) > (i.windowMs ?? SIGNATURE_WINDOW_MS)) return { ok: false, reason: 'timestamp', message: 'X-Api-TimeStamp is outside the 5-minute window' };
  if (!/^\d+$/.test(nonce!)) return { ok: false, reason: 'headers', message: 'X-Api-Nonce must be a positive integer' };
  const expected = Buffer.from(signRequest({ method: i.method, path: i.path, query: i.query, clientSecret: secret, nonce: nonce!, timestamp: timestamp! }));
  const got = Buffer.from(signature!);
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) return { ok: false, reason: 'signature', message: 'X-Api-Signature does not match' };
  return { ok: true, clientId: clientId! };
}

/** Constant-time comparison of two strings (the app_signature check). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
