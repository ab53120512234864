/**
 * The CloudBase entry point shared by every function folder: `exports.main = makeMain(def)`.
 *
 * - Called from the mini-program with `wx.cloud.callFunction({name, data: {action, data}})`: the caller is the
 *   shopper whose OPENID the platform puts in the invocation context (read through the SDK's
 *   getCloudbaseContext, never from the event body).
 * - Called by the admin panel through CloudBase's HTTP access service: the event carries httpMethod, headers and
 *   body; the caller is the merchant whose session token is in `Authorization: Bearer ...`.
 * Both paths run the same `dispatch` as the local gateway.
 */
import { randomUUID } from 'node:crypto';
import tcb from '@cloudbase/node-sdk';
import { httpStatusOf, type Caller } from '@shop/types';
import { createCloudbaseDatabase } from '../db/cloudbase';
import { countOps, formatOps, withOpCounting } from '../db/counting';
import type { Database } from '../db/types';
import { resolveCaller } from '../domain/auth/sessions';
import { isBlocked } from '../domain/members/shoppers';
import { createCloudbaseStorage } from '../storage/cloudbase';
import type { ObjectStorage } from '../storage/types';
import { dispatch, type FunctionDef } from './define';
import { setSyncKicker } from '../domain/sync/kick';

interface HttpEvent {
  httpMethod: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}
const isHttp = (e: unknown): e is HttpEvent => typeof e === 'object' && e !== null && 'httpMethod' in e;

export interface CloudbaseRuntime {
  app: ReturnType<typeof tcb.init>;
  db: Database;
  storage: ObjectStorage;
}
let cached: CloudbaseRuntime | null = null;
/** The function's own environment, initialised once per container. */
export const currentEnvRuntime = (): CloudbaseRuntime => {
  if (!cached) {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
    cached = { app, db: withOpCounting(createCloudbaseDatabase(app.database())), storage: createCloudbaseStorage(app, { envId: process.env.TCB_ENV || process.env.SCF_NAMESPACE }) };
    // a change that queued an ERP item asks the sync function to send it now (without waiting for its answer)
    setSyncKicker(() => void app.callFunction({ name: 'sync', data: { action: 'kick' } }).catch((e: unknown) => console.warn('[sync] kick failed; the timer will send', e)));
  }
  return cached;
};

/** `exports.main` of a CloudBase function. */
export const makeMain = (fn: FunctionDef) => makeEntry(fn, currentEnvRuntime);

/** The entry with its runtime given (tests run it with the real SDK pointed at a local CloudBase fake). */
export function makeEntry(fn: FunctionDef, runtime: () => CloudbaseRuntime) {
  // each invocation's database operations are counted and logged at debug level (LOG_LEVEL=debug)
  return async (event: unknown, context?: unknown) => {
    const { result, ops } = await countOps(() => invoke(event, context));
    if (process.env.LOG_LEVEL === 'debug') console.debug(`[db ops] ${fn.name}: ${formatOps(ops)}`);
    return result;
  };
  async function invoke(event: unknown, context?: unknown) {
    const { storage } = runtime();
    const db = withOpCounting(runtime().db);
    const requestId = randomUUID();
    const now = () => new Date();
    if (isHttp(event)) {
      const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      let body: { action?: unknown; data?: unknown } = {};
      try {
        const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body ?? '{}';
        body = JSON.parse(raw || '{}');
      } catch {
        return httpReply(400, { ok: false, error: { code: 'VALIDATION_FAILED', message: 'body must be JSON' } });
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return httpReply(400, { ok: false, error: { code: 'VALIDATION_FAILED', message: 'body must be a JSON object {action, data}' } });
      }
      const auth = headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
      const caller = await resolveCaller(db, token, now());
      const result = await dispatch(fn, body.action, body.data, { db, storage, caller, now, requestId, platform: 'cloudbase', sessionToken: token });
      return httpReply(result.ok ? 200 : httpStatusOf(result.error.code), result);
    }
    const { action, data } = (typeof event === 'object' && event !== null ? event : {}) as { action?: unknown; data?: unknown };
    // The platform names the WeChat user in the invocation context (new runtime: `context.environment`) or in the
    // environment variables listed by WX_CONTEXT_KEYS; the SDK reads both. Never from the event body.
    const platformContext = typeof context === 'object' && context !== null ? (context as Parameters<typeof tcb.getCloudbaseContext>[0]) : undefined;
    const wx = tcb.getCloudbaseContext(platformContext) as { WX_OPENID?: string };
    const caller: Caller = wx.WX_OPENID ? { kind: 'shopper', openid: wx.WX_OPENID } : { kind: 'anonymous' };
    if (caller.kind === 'shopper') {
      // a blacklisted shopper is refused on every call (locally the session check does the same)
      // (from this instance's short-lived list of blocked shoppers: no read per call)
      if (await isBlocked(db, caller.openid)) return { ok: false, error: { code: 'ACCOUNT_DISABLED', message: 'this shopper is blocked' } };
    }
    return dispatch(fn, action, data, { db, storage, caller, now, requestId, platform: 'cloudbase' });
  }
}

const httpReply = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});
