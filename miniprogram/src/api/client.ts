/**
 * The one way the storefront talks to the backend.
 * - weapp: Taro.cloud.callFunction({ name: fn, data: { action, data } }); the platform supplies the OPENID.
 * - H5: POST `${API_BASE}/api/fn/${fn}` with JSON { action, data } through the local gateway, with
 *   `Authorization: Bearer <shopper token>` once a demo shopper has logged in.
 * Both answer with the Envelope; `ok: false` becomes an ApiError.
 */
import Taro from '@tarojs/taro';
import type { ActionInput, ActionName, ActionOutput, Envelope, FnName } from '@shop/types';
import { clearSession, getToken } from '../lib/session';

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

const unwrap = <T>(body: unknown): T => {
  if (!isEnvelope(body)) throw new ApiError(CLIENT_ERRORS.BAD_RESPONSE, '服务返回异常，请稍后重试');
  if (body.ok) return body.data as T;
  const { code, message, details } = body.error;
  if (code === 'UNAUTHENTICATED') clearSession();
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

const viaGateway = async (fn: string, payload: { action: string; data: unknown }): Promise<unknown> => {
  const header: Record<string, string> = { 'Content-Type': 'application/json' };
  const token = getToken();
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
  const body = process.env.TARO_ENV === 'weapp' ? await viaCloud(fn, payload) : await viaGateway(fn, payload);
  return unwrap<ActionOutput<F, A>>(body);
}
