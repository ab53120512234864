/**
 * An order attempt's steps that happen before its transaction, as data: each says how it is taken, how it is undone,
 * and how the jobs timer finishes the undo of an attempt whose request died. A step records its intent before it
 * takes anything, so its undo is always possible. A refusal or failure runs the undos of the steps begun, in reverse;
 * a dead process runs none (the `sweep` does it later).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/types';
import { ProcessKilled } from '../../runtime/probe';
import type { Take } from '../activities/reserve';
import { releaseHold, releaseStaleHolds, reserve, reserveGaveBack } from '../activities/reserve';

export interface AttemptInput {
  db: Database;
  openid: string;
  now: Date;
  /** the activity counters this order takes (flash-sale, discount and presale stock and quota) */
  takes: Take[];
}

/** What the steps hand to the order transaction: the hold it claims. */
export interface Taken {
  holdId: string | null;
}

export interface AttemptStep {
  name: string;
  /** takes this step's part; `key` names the step's record (written before anything is taken) */
  take(a: AttemptInput, key: string, taken: Taken): Promise<void>;
  undo(a: AttemptInput, key: string): Promise<unknown>;
  /** the take failed with `e` having undone itself already (its undo is not run) */
  undone?(e: unknown): boolean;
  /** the timer: undoes what attempts that died left taken */
  sweep(db: Database, now: Date): Promise<number>;
}

export const ATTEMPT_STEPS: readonly AttemptStep[] = [
  {
    name: 'activity hold',
    async take(a, key, taken) {
      if (await reserve(a.db, a.openid, a.takes, a.now, key)) taken.holdId = key;
    },
    undo: (a, key) => releaseHold(a.db, key, a.now),
    undone: reserveGaveBack,
    sweep: releaseStaleHolds,
  },
];

/**
 * Runs the steps, then `body` (the order transaction). When a step or the body throws, or the body answers that this
 * attempt's takings are not needed (`keep` false: the same request won elsewhere), the begun steps are undone.
 */
export async function attempt<T>(a: AttemptInput, body: (taken: Taken) => Promise<T>, keep: (result: T) => boolean): Promise<T> {
  const begun: { step: AttemptStep; key: string }[] = [];
  const undo = async () => {
    for (const { step, key } of begun.reverse()) {
      await step.undo(a, key).catch((e) => {
        if (e instanceof ProcessKilled) throw e;
        console.error(`[order attempt] undo of ${step.name} ${key} failed; the timer finishes it`, e);
      });
    }
  };
  const taken: Taken = { holdId: null };
  let result: T;
  try {
    for (const step of ATTEMPT_STEPS) {
      const key = randomUUID();
      begun.push({ step, key });
      await step.take(a, key, taken).catch((e) => {
        if (step.undone?.(e)) begun.pop();
        throw e;
      });
    }
    result = await body(taken);
  } catch (e) {
    if (!(e instanceof ProcessKilled)) await undo();
    throw e;
  }
  if (!keep(result)) await undo();
  return result;
}

/** The jobs timer: every step's sweep; answers how many attempts' takings were given back. */
export async function sweepDeadAttempts(db: Database, now: Date): Promise<number> {
  let n = 0;
  for (const step of ATTEMPT_STEPS) n += await step.sweep(db, now);
  return n;
}
