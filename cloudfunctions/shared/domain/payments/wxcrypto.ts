/**
 * WeChat Pay API v3 signatures and encryption with node:crypto: the checks wechatpay-node-v3 leaves out
 * (response and notification signatures with a timestamp window, the AES-GCM tag) and the signing the simulator
 * needs to play WeChat's side. Pure functions; time comes in as seconds since the epoch.
 */
import { createCipheriv, createDecipheriv, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';

export type Key = KeyObject | string;
export const SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** WeChat refuses, and we refuse, a signed message whose timestamp is more than 5 minutes off. */
export const TIMESTAMP_WINDOW_SECONDS = 300;

/**
 * RFC 3339 in Beijing time, as WeChat writes times (time_expire, success_time, create_time): `2026-11-25T10:03:04+08:00`,
 * or with milliseconds (`…04.005+08:00`, the shipping upload's upload_time).
 */
export function wxTime(d: Date, opts: { ms?: boolean } = {}): string {
  const local = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${local.slice(0, opts.ms ? 23 : 19)}+08:00`;
}

export class WxSignatureError extends Error {
  constructor(
    public readonly reason: 'MALFORMED' | 'UNKNOWN_SERIAL' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE' | 'BAD_CIPHERTEXT',
    message: string,
  ) {
    super(message);
    this.name = 'WxSignatureError';
  }
}

export const nonce = (bytes = 16) => randomBytes(bytes).toString('hex').toUpperCase();

const rsaSign = (message: string, privateKey: Key) => createSign('RSA-SHA256').update(message).sign(privateKey, 'base64');
const rsaVerify = (message: string, signature: string, publicKey: Key) => {
  try {
    return createVerify('RSA-SHA256').update(message).verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
};

/** The request's signed message: METHOD, path with query, timestamp, nonce, body (empty for GET), each + "\n". */
export const requestMessage = (method: string, pathWithQuery: string, timestamp: number | string, nonceStr: string, body: string) =>
  `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonceStr}\n${body}\n`;

export interface MerchantCredentials {
  mchid: string;
  serialNo: string;
  privateKey: Key;
}

/** The merchant's `Authorization` header for one request. */
export function authorization(
  c: MerchantCredentials,
  req: { method: string; pathWithQuery: string; body: string },
  timestamp: number,
  nonceStr = nonce(),
): string {
  const signature = rsaSign(requestMessage(req.method, req.pathWithQuery, timestamp, nonceStr, req.body), c.privateKey);
  return `${SCHEMA} mchid="${c.mchid}",nonce_str="${nonceStr}",signature="${signature}",timestamp="${timestamp}",serial_no="${c.serialNo}"`;
}

export interface AuthorizationFields {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}
/** Parses an `Authorization` header (the simulator's side); MALFORMED when it is not the v3 schema. */
export function parseAuthorization(header: string | undefined): AuthorizationFields {
  if (!header || !header.startsWith(`${SCHEMA} `)) throw new WxSignatureError('MALFORMED', `the Authorization header is not ${SCHEMA}`);
  const fields: Record<string, string> = {};
  for (const m of header.slice(SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1]] = m[2];
  for (const k of ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no']) {
    if (!fields[k]) throw new WxSignatureError('MALFORMED', `the Authorization header has no ${k}`);
  }
  return fields as unknown as AuthorizationFields;
}

const checkWindow = (timestamp: string, nowSeconds: number) => {
  const t = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - t) > TIMESTAMP_WINDOW_SECONDS) {
    throw new WxSignatureError('STALE_TIMESTAMP', `the timestamp ${timestamp} is more than ${TIMESTAMP_WINDOW_SECONDS} s from now`);
  }
};

/** The simulator's check of a merchant request: the merchant's certificate by serial, the window, the signature. */
export function verifyRequest(
  req: { method: string; pathWithQuery: string; body: string; authorization: string | undefined },
  merchantKeys: ReadonlyMap<string, { mchid: string; publicKey: Key }>,
  nowSeconds: number,
): AuthorizationFields {
  const a = parseAuthorization(req.authorization);
  const known = merchantKeys.get(a.serial_no);
  if (!known || known.mchid !== a.mchid) throw new WxSignatureError('UNKNOWN_SERIAL', `no merchant certificate ${a.serial_no} for ${a.mchid}`);
  checkWindow(a.timestamp, nowSeconds);
  if (!rsaVerify(requestMessage(req.method, req.pathWithQuery, a.timestamp, a.nonce_str, req.body), a.signature, known.publicKey)) {
    throw new WxSignatureError('BAD_SIGNATURE', 'the request signature does not verify');
  }
  return a;
}

export type WechatpayHeaders = {
  'wechatpay-timestamp': string;
  'wechatpay-nonce': string;
  'wechatpay-signature': string;
  'wechatpay-serial': string;
};

/** WeChat's side (the simulator): signs a response or notification body with the platform key. */
export function signWechatpay(body: string, platform: { serial: string; privateKey: Key }, timestamp: number, nonceStr = nonce()): WechatpayHeaders {
  return {
    'wechatpay-timestamp': String(timestamp),
    'wechatpay-nonce': nonceStr,
    'wechatpay-signature': rsaSign(`${timestamp}\n${nonceStr}\n${body}\n`, platform.privateKey),
    'wechatpay-serial': platform.serial,
  };
}

/**
 * Our side: a response or notification is WeChat's only if its serial names a platform certificate (or public key,
 * `PUB_KEY_ID_...`) we hold, its timestamp is within the window, and the signature over the RAW body verifies.
 */
export function verifyWechatpay(
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  platformKeys: ReadonlyMap<string, Key>,
  nowSeconds: number,
): void {
  // header names are case-insensitive (Node lower-cases them; WeChat writes Wechatpay-Timestamp)
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v]));
  const h = (name: string) => lower.get(name);
  const timestamp = h('wechatpay-timestamp');
  const nonceStr = h('wechatpay-nonce');
  const signature = h('wechatpay-signature');
  const serial = h('wechatpay-serial');
  if (!timestamp || !nonceStr || !signature || !serial) throw new WxSignatureError('MALFORMED', 'the Wechatpay-* signature headers are missing');
  const key = platformKeys.get(serial);
  if (!key) throw new WxSignatureError('UNKNOWN_SERIAL', `no platform certificate or public key ${serial}`);
  checkWindow(timestamp, nowSeconds);
  if (!rsaVerify(`${timestamp}\n${nonceStr}\n${rawBody}\n`, signature, key)) throw new WxSignatureError('BAD_SIGNATURE', 'the Wechatpay signature does not verify');
}

export interface EncryptedResource {
  original_type: string;
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

const aesKey = (apiV3Key: string) => {
  const k = Buffer.from(apiV3Key, 'utf8');
  if (k.length !== 32) throw new RangeError('the APIv3 key is 32 bytes');
  return k;
};

/** WeChat's side: AEAD_AES_256_GCM with the APIv3 key; ciphertext = base64(encrypted || 16-byte tag). */
export function encryptResource(plaintext: string, apiV3Key: string, originalType: string, associatedData = originalType, nonceStr = nonce(6)): EncryptedResource {
  const c = createCipheriv('aes-256-gcm', aesKey(apiV3Key), Buffer.from(nonceStr, 'utf8'));
  c.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()]);
  return { original_type: originalType, algorithm: 'AEAD_AES_256_GCM', ciphertext: body.toString('base64'), associated_data: associatedData, nonce: nonceStr };
}

/** Our side: decrypts and CHECKS the tag; a tampered ciphertext, nonce or associated data is BAD_CIPHERTEXT. */
export function decryptResource(r: Pick<EncryptedResource, 'algorithm' | 'ciphertext' | 'associated_data' | 'nonce'>, apiV3Key: string): string {
  if (r.algorithm !== 'AEAD_AES_256_GCM') throw new WxSignatureError('BAD_CIPHERTEXT', `unknown algorithm ${r.algorithm}`);
  const data = Buffer.from(r.ciphertext, 'base64');
  if (data.length < 17) throw new WxSignatureError('BAD_CIPHERTEXT', 'the ciphertext is too short');
  try {
    const d = createDecipheriv('aes-256-gcm', aesKey(apiV3Key), Buffer.from(r.nonce, 'utf8'));
    d.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
    d.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]).toString('utf8');
  } catch {
    throw new WxSignatureError('BAD_CIPHERTEXT', 'the resource does not decrypt with the APIv3 key (tampered, or another key)');
  }
}

/** The parameters `wx.requestPayment` / `Taro.requestPayment` takes for a JSAPI prepay id. */
export function payParams(appId: string, prepayId: string, privateKey: Key, timestamp: number, nonceStr = nonce()) {
  const pkg = `prepay_id=${prepayId}`;
  return { timeStamp: String(timestamp), nonceStr, package: pkg, signType: 'RSA' as const, paySign: rsaSign(`${appId}\n${timestamp}\n${nonceStr}\n${pkg}\n`, privateKey) };
}
