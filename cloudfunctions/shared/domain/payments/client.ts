/**
 * The one payments client: wechatpay-node-v3 (the card's library) for building and signing requests, behind an
 * HTTP service we inject, which adds what the library leaves out: every response must carry a valid Wechatpay
 * signature within the time window, and notifications are verified and decrypted with the GCM tag checked
 * (wxcrypto.ts). The base URL is the only thing that tells the simulator from the real service.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { decryptResource, payParams, verifyWechatpay, WxSignatureError, type EncryptedResource } from './wxcrypto';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WxPay = require('wechatpay-node-v3') as new (o: Record<string, unknown>) => WxPayLib;

const WECHAT_BASE = 'https://api.mch.weixin.qq.com';

interface LibOutput {
  status: number;
  data?: any;
  error?: any;
}
interface WxPayLib {
  createHttp(service: { post: Http['post']; get: Http['get']; upload: Http['post'] }): void;
  transactions_jsapi(p: Record<string, unknown>): Promise<LibOutput>;
  query(p: { out_trade_no?: string; transaction_id?: string }): Promise<LibOutput>;
  close(outTradeNo: string): Promise<LibOutput>;
  refunds(p: Record<string, unknown>): Promise<LibOutput>;
  find_refunds(outRefundNo: string): Promise<LibOutput>;
}
interface Http {
  post(url: string, params: Record<string, unknown>, headers: Record<string, string>): Promise<LibOutput>;
  get(url: string, headers: Record<string, string>): Promise<LibOutput>;
}

export interface WxpayConfig {
  appid: string;
  mchid: string;
  /** the merchant API certificate's serial number */
  serialNo: string;
  /** the merchant API private key (PEM) */
  privateKey: string;
  /** the 32-byte APIv3 key */
  apiV3Key: string;
  /** WeChat's platform certificates or public keys by serial (`PUB_KEY_ID_...` in public-key mode), PEM */
  platformKeys: Record<string, string>;
  /** https://api.mch.weixin.qq.com, or the simulator */
  baseUrl: string;
  notifyUrl: string;
  now?: () => Date;
  timeoutMs?: number;
}

/** Why a call did not give an answer we can trust. `status` is the HTTP status when there was one. */
export class PaymentsError extends Error {
  constructor(
    public readonly code: 'NETWORK' | 'TIMEOUT' | 'RESPONSE_FORGED' | 'WECHAT_ERROR',
    message: string,
    public readonly status = 0,
    public readonly wechatCode: string | null = null,
  ) {
    super(message);
    this.name = 'PaymentsError';
  }
}

export interface Notification<T> {
  id: string;
  event_type: string;
  create_time: string;
  resource: T;
}

export class WxpayClient {
  private readonly lib: WxPayLib;
  private readonly platformKeys: Map<string, KeyObject>;
  private readonly privateKey: KeyObject;
  private readonly now: () => Date;

  constructor(private readonly cfg: WxpayConfig) {
    this.now = cfg.now ?? (() => new Date());
    this.privateKey = createPrivateKey(cfg.privateKey);
    this.platformKeys = new Map(Object.entries(cfg.platformKeys).map(([serial, pem]) => [serial, createPublicKey(pem)]));
    this.lib = new WxPay({
      appid: cfg.appid,
      mchid: cfg.mchid,
      // the library wants the merchant certificate only to derive the serial, which we pass explicitly
      publicKey: Buffer.from(createPublicKey(this.privateKey).export({ type: 'spki', format: 'pem' }) as string),
      privateKey: Buffer.from(cfg.privateKey),
      serial_no: cfg.serialNo,
      key: cfg.apiV3Key,
    });
    const send = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: Record<string, unknown>) =>
      this.send(method, url, headers, body);
    this.lib.createHttp({
      post: (url, params, headers) => send('POST', url, headers, params),
      get: (url, headers) => send('GET', url, headers),
      upload: (url, params, headers) => send('POST', url, headers, params),
    });
  }

  private async send(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: Record<string, unknown>): Promise<LibOutput> {
    const target = url.startsWith(WECHAT_BASE) ? this.cfg.baseUrl.replace(/\/$/, '') + url.slice(WECHAT_BASE.length) : url;
    let res: Response;
    try {
      res = await fetch(target, {
        method,
        // the library signed JSON.stringify(params): send exactly those bytes
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: { ...headers, 'Content-Type': 'application/json' },
        signal: AbortSignal.timeout(this.cfg.timeoutMs ?? 10_000),
      });
    } catch (e) {
      const timeout = e instanceof Error && e.name === 'TimeoutError';
      throw new PaymentsError(timeout ? 'TIMEOUT' : 'NETWORK', `WeChat Pay did not answer: ${(e as Error).message}`);
    }
    const raw = await res.text();
    const hdrs: Record<string, string> = {};
    res.headers.forEach((v, k) => (hdrs[k] = v));
    // a 204 without a body carries no signature worth checking only if WeChat sent none; any signature present must verify
    if (raw !== '' || hdrs['wechatpay-signature']) {
      try {
        verifyWechatpay(hdrs, raw, this.platformKeys, Math.floor(this.now().getTime() / 1000));
      } catch (e) {
        const why = e instanceof WxSignatureError ? e.message : String(e);
        throw new PaymentsError('RESPONSE_FORGED', `a WeChat Pay answer failed its signature check: ${why}`, res.status);
      }
    }
    const data = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    if (res.status >= 400) throw new PaymentsError('WECHAT_ERROR', String(data.message ?? `HTTP ${res.status}`), res.status, String(data.code ?? ''));
    return { status: res.status, data };
  }

  /** JSAPI prepay for an order; answers the prepay id and the parameters Taro.requestPayment takes. */
  async jsapi(o: { outTradeNo: string; description: string; total: number; openid: string; timeExpire?: string; attach?: string }) {
    const r = await this.lib.transactions_jsapi({
      description: o.description,
      out_trade_no: o.outTradeNo,
      ...(o.timeExpire ? { time_expire: o.timeExpire } : {}),
      ...(o.attach ? { attach: o.attach } : {}),
      notify_url: this.cfg.notifyUrl,
      amount: { total: o.total, currency: 'CNY' },
      payer: { openid: o.openid },
    });
    const prepayId = String(r.data.package).replace(/^prepay_id=/, '');
    return { prepayId, params: payParams(this.cfg.appid, prepayId, this.privateKey, Math.floor(this.now().getTime() / 1000)) };
  }

  /** Fresh client pay parameters for a prepay made earlier (a new timestamp and nonce, the same prepay). */
  payParamsFor(prepayId: string) {
    return payParams(this.cfg.appid, prepayId, this.privateKey, Math.floor(this.now().getTime() / 1000));
  }

  get merchant() {
    return { mchid: this.cfg.mchid, appid: this.cfg.appid, baseUrl: this.cfg.baseUrl };
  }

  async query(outTradeNo: string): Promise<Record<string, any>> {
    return (await this.lib.query({ out_trade_no: outTradeNo })).data;
  }

  async close(outTradeNo: string): Promise<void> {
    await this.lib.close(outTradeNo);
  }

  async refund(r: { outTradeNo: string; outRefundNo: string; refund: number; total: number; reason?: string }): Promise<Record<string, any>> {
    return (
      await this.lib.refunds({
        out_trade_no: r.outTradeNo,
        out_refund_no: r.outRefundNo,
        ...(r.reason ? { reason: r.reason } : {}),
        notify_url: this.cfg.notifyUrl,
        amount: { refund: r.refund, total: r.total, currency: 'CNY' },
      })
    ).data;
  }

  async queryRefund(outRefundNo: string): Promise<Record<string, any>> {
    return (await this.lib.find_refunds(outRefundNo)).data;
  }

  /**
   * A payment or refund notification: the signature over the raw body (within the window), then the resource
   * decrypted with the GCM tag checked. Throws WxSignatureError otherwise: answer it with a non-2xx so WeChat retries.
   */
  parseNotification<T = Record<string, any>>(headers: Record<string, string | string[] | undefined>, rawBody: string): Notification<T> {
    verifyWechatpay(headers, rawBody, this.platformKeys, Math.floor(this.now().getTime() / 1000));
    // signed is not the same as well formed: every shape is checked before use (a throw here must not be a 500)
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new WxSignatureError('MALFORMED', 'the notification body is not JSON');
    }
    if (!isObject(body)) throw new WxSignatureError('MALFORMED', 'the notification body is not a JSON object');
    const r = body.resource;
    if (!isObject(r)) throw new WxSignatureError('MALFORMED', 'the notification has no resource');
    if (typeof r.ciphertext !== 'string' || typeof r.nonce !== 'string' || (r.associated_data !== undefined && typeof r.associated_data !== 'string')) {
      throw new WxSignatureError('MALFORMED', 'the notification resource has no ciphertext and nonce');
    }
    const plain = decryptResource(r as unknown as EncryptedResource, this.cfg.apiV3Key);
    let resource: unknown;
    try {
      resource = JSON.parse(plain);
    } catch {
      throw new WxSignatureError('MALFORMED', 'the decrypted resource is not JSON');
    }
    if (!isObject(resource)) throw new WxSignatureError('MALFORMED', 'the decrypted resource is not a JSON object');
    return { id: String(body.id), event_type: String(body.event_type), create_time: String(body.create_time), resource: resource as T };
  }
}
