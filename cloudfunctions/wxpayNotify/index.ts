/**
 * CloudBase entry point of `wxpayNotify`, reached through the HTTP access service at the URL configured as
 * WXPAY_NOTIFY_URL (cloudbaserc.json). WeChat Pay posts payment and refund notifications here; the signature is
 * checked over the raw body, so the body is taken exactly as it arrived (base64-decoded when the gateway encoded it).
 */
import { currentEnvRuntime, type CloudbaseRuntime } from '../shared/runtime/cloudbase';
import { handleNotification } from '../shared/domain/payments/notify';

interface HttpEvent {
  httpMethod?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export const makeNotifyEntry = (runtime: () => Pick<CloudbaseRuntime, 'db'>, now: () => Date = () => new Date()) => async (event: HttpEvent) => {
  const json = { 'content-type': 'application/json' };
  if (event?.httpMethod !== 'POST') return { statusCode: 405, headers: json, body: JSON.stringify({ code: 'FAIL', message: 'POST only' }), isBase64Encoded: false };
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const answer = await handleNotification({ db: runtime().db, now, notifyUrl: process.env.WXPAY_NOTIFY_URL ?? '' }, event.headers ?? {}, raw);
  return { statusCode: answer.status, headers: json, body: answer.body ? JSON.stringify(answer.body) : '', isBase64Encoded: false };
};

export const main = makeNotifyEntry(currentEnvRuntime);
