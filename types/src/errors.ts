/** Stable error codes: every failure a function returns carries one of these. */
export const ErrorCodes = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNKNOWN_FUNCTION: 'UNKNOWN_FUNCTION',
  UNKNOWN_ACTION: 'UNKNOWN_ACTION',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  LOGIN_THROTTLED: 'LOGIN_THROTTLED',
  ACCOUNT_DISABLED: 'ACCOUNT_DISABLED',
  NOT_FOUND: 'NOT_FOUND',
  SLUG_TAKEN: 'SLUG_TAKEN',
  CODE_TAKEN: 'CODE_TAKEN',
  NAME_TAKEN: 'NAME_TAKEN',
  IN_USE: 'IN_USE',
  CONFLICT: 'CONFLICT',
  STOCK_NEGATIVE: 'STOCK_NEGATIVE',
  PRICE_NEGATIVE: 'PRICE_NEGATIVE',
  IMPORT_INVALID: 'IMPORT_INVALID',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface ErrorBody {
  code: ErrorCode | string;
  message: string;
  details?: unknown;
}

/** The one envelope every function call answers with (gateway body and CloudBase `result`). */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** HTTP status the local gateway uses for each code (CloudBase callFunction always succeeds at transport level). */
export const httpStatusOf = (code: string): number => {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'IMPORT_INVALID':
    case 'STOCK_NEGATIVE':
    case 'PRICE_NEGATIVE':
      return 400;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
      return 401;
    case 'FORBIDDEN':
    case 'ACCOUNT_DISABLED':
      return 403;
    case 'NOT_FOUND':
    case 'UNKNOWN_FUNCTION':
    case 'UNKNOWN_ACTION':
      return 404;
    case 'SLUG_TAKEN':
    case 'CODE_TAKEN':
    case 'NAME_TAKEN':
    case 'IN_USE':
    case 'CONFLICT':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'LOGIN_THROTTLED':
      return 429;
    default:
      return 500;
  }
};
