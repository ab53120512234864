/**
 * Errors of the Jingdou Cloud (精斗云) open API client, family `/jdy/v2`, and how the product reacts to them.
 *
 * Every failure the client reports is a `JdyError` with a `kind` and a `retryable` flag, so that the caller (the
 * sync outbox) decides from two fields: retry later with backoff, treat as done (`duplicate`), or park the job for a
 * person to look at. Transport problems (no answer, our own timeout) have `errcode` and `httpStatus` null.
 */

export type JdyErrorKind = 'network' | 'timeout' | 'rate_limited' | 'server' | 'auth' | 'duplicate' | 'not_found' | 'invalid' | 'conflict';

interface ErrcodeRule {
  kind: JdyErrorKind;
  retryable: boolean;
  /** where the meaning comes from: the public reference, or a choice the local simulator made */
  source: 'reference' | 'simulator';
  meaning: string;
}

/**
 * The business errcodes (HTTP 200, `{errcode, description, data}`) in one place.
 * - `reference`: listed in the public material (shared/reference/jingdou-cloud-open-api.md, "Common codes").
 * - `simulator`: the public material is silent; these are the choices of local/src/jdy-sim (README, CHOICES 1).
 *   Check them against the real gateway before relying on them in production.
 * The auth code is retryable because the client itself fetches a new app-token and retries once; if it still
 * fails after that, the outbox may try again later.
 */
export const JDY_ERRCODES: Readonly<Record<number, ErrcodeRule>> = {
  1030002000: { kind: 'invalid', retryable: false, source: 'reference', meaning: 'required field empty' },
  1030002002: { kind: 'duplicate', retryable: false, source: 'reference', meaning: 'already exists (e.g. bill_no): the caller treats the write as already done' },
  1030002003: { kind: 'not_found', retryable: false, source: 'reference', meaning: 'object not found' },
  1030002005: { kind: 'invalid', retryable: false, source: 'reference', meaning: 'too many objects in one call' },
  // also answered by the token call after the appSecret rotated (reported by client code): the client re-authorises
  1030002006: { kind: 'invalid', retryable: false, source: 'reference', meaning: 'field format' },
  2000002000: { kind: 'server', retryable: true, source: 'reference', meaning: 'system error' },
  1030001002: { kind: 'auth', retryable: true, source: 'simulator', meaning: 'app-token missing, invalid or expired' },
  1030002007: { kind: 'conflict', retryable: false, source: 'simulator', meaning: 'state conflict (audited, shipped, returned, stock, disabled)' },
};

/** named errcodes used by the client */
export const JDY_ERR = {
  REQUIRED: 1030002000,
  EXISTS: 1030002002,
  NOT_FOUND: 1030002003,
  TOO_MANY: 1030002005,
  FORMAT: 1030002006,
  SYSTEM: 2000002000,
  /** simulator's choice */
  TOKEN: 1030001002,
  /** simulator's choice */
  STATE: 1030002007,
} as const;

/**
 * Gateway refusals (HTTP status other than 200, body `{errcode: <status>, description, data: null}`); the reference
 * lists 400, 401, 403, 404, 429, 500, 503, 504, client code reports 502 after a tenant moved. 401 is a signature
 * failure (client secret or clock): re-authorising cannot fix it, so it is not retryable.
 */
export function ruleForStatus(status: number): { kind: JdyErrorKind; retryable: boolean } {
  if (status === 429) return { kind: 'rate_limited', retryable: true };
  if (status === 504) return { kind: 'timeout', retryable: true };
  if (status >= 500) return { kind: 'server', retryable: true };
  if (status === 401 || status === 403) return { kind: 'auth', retryable: false };
  if (status === 404) return { kind: 'not_found', retryable: false };
  return { kind: 'invalid', retryable: false };
}

/** Unknown business errcodes are not retried: a person should look before the outbox repeats a write. */
export function ruleForErrcode(errcode: number): { kind: JdyErrorKind; retryable: boolean } {
  const r = JDY_ERRCODES[errcode];
  return r ? { kind: r.kind, retryable: r.retryable } : { kind: 'invalid', retryable: false };
}

export interface JdyErrorInit {
  kind: JdyErrorKind;
  retryable: boolean;
  errcode?: number | null;
  httpStatus?: number | null;
  description: string;
  /** for `rate_limited`: how long the caller should wait before trying again */
  retryAfterMs?: number;
  /** `METHOD path` of the failed call */
  endpoint?: string;
  cause?: unknown;
}

export class JdyError extends Error {
  readonly errcode: number | null;
  readonly httpStatus: number | null;
  readonly description: string;
  readonly retryable: boolean;
  readonly kind: JdyErrorKind;
  readonly retryAfterMs?: number;
  readonly endpoint?: string;

  constructor(i: JdyErrorInit) {
    const where = i.endpoint ? `${i.endpoint}: ` : '';
    const code = i.errcode != null ? ` [${i.errcode}]` : i.httpStatus != null ? ` [HTTP ${i.httpStatus}]` : '';
    super(`jdy ${where}${i.kind}${code} ${i.description}`, i.cause !== undefined ? { cause: i.cause } : undefined);
    this.name = 'JdyError';
    this.errcode = i.errcode ?? null;
    this.httpStatus = i.httpStatus ?? null;
    this.description = i.description;
    this.retryable = i.retryable;
    this.kind = i.kind;
    if (i.retryAfterMs !== undefined) this.retryAfterMs = i.retryAfterMs;
    if (i.endpoint !== undefined) this.endpoint = i.endpoint;
  }
}

export function isJdyError(e: unknown, kind?: JdyErrorKind): e is JdyError {
  return e instanceof JdyError && (kind === undefined || e.kind === kind);
}

/** A business answer (HTTP 200, errcode ≠ 0). */
export function errorFromErrcode(errcode: number, description: string, endpoint?: string): JdyError {
  return new JdyError({ ...ruleForErrcode(errcode), errcode, httpStatus: 200, description, endpoint });
}

/** A gateway answer (HTTP ≠ 200); `errcode` is the body's, when it has one (the gateway repeats the status). */
export function errorFromStatus(status: number, description: string, o: { errcode?: number | null; retryAfterMs?: number; endpoint?: string } = {}): JdyError {
  return new JdyError({ ...ruleForStatus(status), errcode: o.errcode ?? null, httpStatus: status, description, retryAfterMs: o.retryAfterMs, endpoint: o.endpoint });
}

/**
 * Any thrown value → JdyError: a JdyError as is, an abort from our own timer → `timeout`, anything else from
 * `fetch` (refused, reset, DNS) → `network`. Both are retryable; a write that timed out may still have been applied,
 * so the caller looks the document up by its bill_no before sending it again.
 */
export function classifyJdyError(e: unknown, endpoint?: string): JdyError {
  if (e instanceof JdyError) return e;
  const name = (e as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new JdyError({ kind: 'timeout', retryable: true, description: 'no answer within the timeout', endpoint, cause: e });
  const msg = e instanceof Error ? e.message : String(e);
  const cause = (e as { cause?: { code?: string; message?: string } } | null)?.cause;
  const detail = cause?.code ?? cause?.message;
  return new JdyError({ kind: 'network', retryable: true, description: detail ? `${msg} (${detail})` : msg, endpoint, cause: e });
}
