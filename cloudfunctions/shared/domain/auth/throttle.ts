/**
 * Login throttling, a pure rule: after FREE_FAILURES failed attempts on one username, each further failure locks
 * that username for a doubling delay (2 s, 4 s, 8 s ...) capped at MAX_LOCK_SECONDS. A success clears the count.
 * It applies whether or not the username exists, so it reveals nothing.
 */
export const FREE_FAILURES = 5;
export const MAX_LOCK_SECONDS = 15 * 60;

export interface AttemptState {
  failures: number;
  lockedUntil: string | null;
}

export const lockSecondsAfter = (failures: number): number =>
  failures < FREE_FAILURES ? 0 : Math.min(MAX_LOCK_SECONDS, 2 ** (failures - FREE_FAILURES + 1));

/** Seconds the caller must still wait, 0 when a try is allowed now. */
export const retryAfterSeconds = (s: AttemptState | null, now: Date): number => {
  if (!s?.lockedUntil) return 0;
  const ms = Date.parse(s.lockedUntil) - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
};

export const afterFailure = (s: AttemptState | null, now: Date): AttemptState => {
  const failures = (s?.failures ?? 0) + 1;
  const lock = lockSecondsAfter(failures);
  return { failures, lockedUntil: lock ? new Date(now.getTime() + lock * 1000).toISOString() : null };
};
