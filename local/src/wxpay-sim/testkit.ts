/**
 * What the simulator's own tests share (sim.test.ts, sim-features.test.ts): a test merchant and platform with keys
 * fresh for each test file, signed merchant calls and the /_sim control API over real HTTP, signature checks, a
 * notification receiver, and orders to pay. Each file keeps its own AppID and APIv3 key.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authorization, verifyWechatpay } from '@shop/functions/shared/domain/payments/wxcrypto';
import type { SimOptions } from './sim';

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
export const merchantKeys = pair();
export const platformKeys = pair();
/** a key nobody registered, for forged signatures */
export const forger = pair();
export const MCHID = '1900000001';
export const SERIAL = 'MERCHANTSERIAL01';
export const PLATFORM_SERIAL = 'PUB_KEY_ID_0100000001';
export const platforms = new Map([[PLATFORM_SERIAL, platformKeys.publicKey]]);
export const creds = { mchid: MCHID, serialNo: SERIAL, privateKey: merchantKeys.privateKey };
export const nowSeconds = () => Math.floor(Date.now() / 1000);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The simulator's options for the test merchant (with `appid` and `apiV3Key`) and platform. */
export const simOptions = (merchant: { appid: string; apiV3Key: string; name?: string }, over: Partial<SimOptions> = {}): SimOptions => ({
  merchants: [{ mchid: MCHID, serialNo: SERIAL, publicKey: merchantKeys.publicKey, ...merchant }],
  platform: { serial: PLATFORM_SERIAL, privateKey: platformKeys.privateKey },
  ...over,
});

export interface Res {
  status: number;
  body: any;
  raw: string;
  headers: Headers;
}

/** A signed merchant request to the simulator at `url`; `o` forges pieces of the signing (key, serial, time) or aborts. */
export async function signedCall(
  url: string,
  method: 'GET' | 'POST',
  pathWithQuery: string,
  body?: unknown,
  o: { privateKey?: any; serialNo?: string; timestamp?: number; signal?: AbortSignal } = {},
): Promise<Res> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const auth = authorization(
    { ...creds, ...(o.privateKey ? { privateKey: o.privateKey } : {}), ...(o.serialNo ? { serialNo: o.serialNo } : {}) },
    { method, pathWithQuery, body: text },
    o.timestamp ?? nowSeconds(),
  );
  const res = await fetch(url + pathWithQuery, {
    method,
    headers: { authorization: auth, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : text,
    signal: o.signal,
  });
  const raw = await res.text();
  return { status: res.status, raw, body: raw ? JSON.parse(raw) : undefined, headers: res.headers };
}

/** The simulator's /_sim control API at `url` (no signature). */
export const controlAt = async (url: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => {
  const res = await fetch(url + path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

/** Expects the answer signed by the platform key, as WeChat Pay signs its answers. */
export const expectPlatformSigned = (r: Res) => {
  const h: Record<string, string> = {};
  r.headers.forEach((v, k) => (h[k] = v));
  expect(() => verifyWechatpay(h, r.raw, platforms, nowSeconds())).not.toThrow();
};

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** the notification's event_type */
  event: string;
}
/** A notification receiver on loopback answering the given statuses in turn (the last one repeats). */
export async function receiver(statuses: number[] = [204]) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body, event: JSON.parse(body).event_type });
      res.statusCode = statuses[Math.min(got.length - 1, statuses.length - 1)];
      res.end(res.statusCode === 204 ? undefined : JSON.stringify({ code: res.statusCode === 200 ? 'SUCCESS' : 'FAIL' }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  return {
    got,
    url,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

export const waitFor = async (cond: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
};

/** JSAPI orders of `total` fen, out_trade_no `<prefix><time><n>`, notified at `notifyUrl()`; `over` replaces fields. */
export const orderMaker = (m: { appid: string; prefix: string; total: number; notifyUrl: () => string }) => {
  let seq = 0;
  return (over: Record<string, unknown> = {}) => ({
    appid: m.appid,
    mchid: MCHID,
    description: '微商城-测试商品',
    out_trade_no: `${m.prefix}${Date.now()}${++seq}`,
    notify_url: m.notifyUrl(),
    amount: { total: m.total, currency: 'CNY' },
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    ...over,
  });
};
