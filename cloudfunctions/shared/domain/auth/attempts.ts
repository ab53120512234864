/**
 * Guess counting in the database, shared by everything that checks a secret a caller might guess (merchant
 * passwords, reusable coupon codes), with the rule of throttle.ts. An attempt is taken before the secret is checked
 * and counts as failed until `clearAttempts` says it was right: the count moves in a transaction, so a burst of
 * parallel guesses is throttled exactly like the same guesses one after the other.
 * Each caller keeps its own collection (its domain owns it); the document id is the caller's key.
 */
import type { Database } from '../../db/types';
import { afterFailure, retryAfterSeconds, type AttemptState } from './throttle';

const TX_RETRIES = 10;

/** 0: go ahead (this attempt is now counted as failed); otherwise the seconds to wait, nothing counted. */
export async function takeAttempt(db: Database, collection: string, key: string, now: Date): Promise<number> {
  return db.runTransaction(async (tx) => {
    const ref = tx.collection(collection).doc(key);
    const doc = (await ref.get()).data as (AttemptState & { _id?: string }) | null;
    const state: AttemptState | null = doc ? { failures: Number(doc.failures) || 0, lockedUntil: doc.lockedUntil ?? null } : null;
    const wait = retryAfterSeconds(state, now);
    if (wait > 0) return wait;
    const next = afterFailure(state, now);
    await ref.set({ failures: next.failures, lockedUntil: next.lockedUntil });
    return 0;
  }, TX_RETRIES);
}

/** The secret was right: the count starts again. */
export async function clearAttempts(db: Database, collection: string, key: string): Promise<void> {
  await db.collection(collection).doc(key).remove();
}
