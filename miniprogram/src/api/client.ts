/**
 * The one way the storefront talks to the backend.
 * - weapp: Taro.cloud.callFunction({ name: fn, data: { action, data } }); the platform supplies the OPENID.
 * - H5: POST `${API_BASE}/api/fn/${fn}` with JSON { action, data } through the local gateway, with
 *   `Authorization: Bearer <shopper token>` once a demo shopper has logged in.
 * Both answer with the Envelope; `ok: false` becomes an ApiError.
 * Staff screens call as a merchant (`callAsMerchant`): always over HTTP with the merchant's Bearer token.
 */
import Taro from '@tarojs/taro';
import type { ActionInput, ActionName, ActionOutput, Envelope, FnName } from '@shop/types';
import { clearMerchantSession, clearSession, getMerchantToken, getToken } from '../lib/session';

export class ApiError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
}

/** Codes the client itself produces (the server's are in @shop/types ErrorCodes). */
export const CLIENT_ERRORS = {
  NETWORK: 'NETWORK',
  BAD_RESPONSE: 'BAD_RESPONSE',
} as const;

let cloudReady = false;
/** Initialise Taro.cloud once (weapp only; a no-op on H5). */
export const initCloud = (): void => {
  if (process.env.TARO_ENV !== 'weapp' || cloudReady) return;
  Taro.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true });
  cloudReady = true;
};

const isEnvelope = (v: unknown): v is Envelope<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';

/** The envelope's data; an error becomes an ApiError (UNAUTHENTICATED first drops the session that was sent). */
const unwrap = <T>(body: unknown, dropSession: () => void): T => {
  if (!isEnvelope(body)) throw new ApiError(CLIENT_ERRORS.BAD_RESPONSE, '服务返回异常，请稍后重试');
  if (body.ok) return body.data as T;
  const { code, message, details } = body.error;
  if (code === 'UNAUTHENTICATED') dropSession();
  throw new ApiError(code, message || '请求失败', details);
};

const viaCloud = async (fn: string, payload: { action: string; data: unknown }): Promise<unknown> => {
  initCloud();
  try {
    const res = await Taro.cloud.callFunction({ name: fn, data: payload });
    return res.result;
  } catch (e) {
    throw new ApiError(CLIENT_ERRORS.NETWORK, '网络异常，请稍后重试', e);
  }
};

const viaGateway = async (fn: string, payload: { action: string; data: unknown }, token: string | null): Promise<unknown> => {
  const header: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) header.Authorization = `Bearer ${token}`;
  try {
    const res = await Taro.request({
      url: `${API_BASE.replace(/\/+$/, '')}/api/fn/${encodeURIComponent(fn)}`,
      method: 'POST',
      header,
      data: payload,
      dataType: 'json',
    });
    return res.data;
  } catch (e) {
    throw new ApiError(CLIENT_ERRORS.NETWORK, '网络异常，请稍后重试', e);
  }
};

/** Call `fn.action` with `data`; resolves with the envelope's data, rejects with ApiError. */
export async function call<F extends FnName, A extends ActionName<F>>(
  fn: F,
  action: A,
  data: ActionInput<F, A>,
): Promise<ActionOutput<F, A>> {
  const payload = { action, data: data as unknown };
  const body = process.env.TARO_ENV === 'weapp' ? await viaCloud(fn, payload) : await viaGateway(fn, payload, getToken());
  return unwrap<ActionOutput<F, A>>(body, clearSession);
}

/**
 * Call `fn.action` as the logged-in merchant (staff session, lib/session). Always through the HTTP gateway with
 * `Authorization: Bearer <merchant token>`, also on weapp: callFunction from the mini-program can only name the
 * WeChat user, never a merchant. On weapp API_BASE must then be the origin of CloudBase's HTTP access service
 * routing /api/fn/<fn> to the functions (and a request domain of the mini-program). UNAUTHENTICATED drops the staff
 * session, never the shopper's.
 */
export async function callAsMerchant<F extends FnName, A extends ActionName<F>>(
  fn: F,
  action: A,
  data: ActionInput<F, A>,
): Promise<ActionOutput<F, A>> {
  const body = await viaGateway(fn, { action, data: data as unknown }, getMerchantToken());
  return unwrap<ActionOutput<F, A>>(body, clearMerchantSession);
}
