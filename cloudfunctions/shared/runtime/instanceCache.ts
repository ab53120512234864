/**
 * Per-instance caches of what rarely changes (shop settings, member levels, campaigns, running activities, stores,
 * the blocked shoppers) and the flash sale's sold-out markers. One function instance (a CloudBase container, a local
 * gateway process) keeps its own, for each database separately (keyed by the database under any counting wrapper).
 *
 * - A cached value lives `ttlMs` (2 s by default). A write through the owning domain module drops it at once in
 *   this instance; other instances (CloudBase runs many; a scaled-out shop runs several gateways) see the change
 *   when their copy expires, within `ttlMs`.
 * - Concurrent requests that miss share one load (one read for a storm, not one per request).
 * - A value is never shared by reference: `get` answers what the loader made, and callers must not change it
 *   (loaders answer fresh or frozen-by-convention values; `cloneOut` copies on the way out where callers mutate).
 *
 * Tests may replace the clock and the lives (`configureInstanceCaches`) so that what is cached is deterministic.
 */
import type { Database } from '../db/types';
import { rootOf } from '../db/counting';

const defaults = { ttlMs: 2000, soldOutMs: 2000, clock: (): number => performance.now() };
const config = { ...defaults };

/** Tests: a clock to move by hand, or other lives; `reset` puts the defaults back. */
export function configureInstanceCaches(o: Partial<typeof defaults> | 'reset'): void {
  Object.assign(config, o === 'reset' ? defaults : o);
}
export const cacheClock = () => config.clock();
export const soldOutLifeMs = () => config.soldOutMs;

interface Entry<V> {
  at: number;
  value: Promise<V>;
}

export interface InstanceCache<V> {
  /** the cached value of `key`, or what `load` answers (stored for the cache's life) */
  get(db: Database, key: string, load: () => Promise<V>, cloneOut?: (v: V) => V): Promise<V>;
  /** drops `key` (or every key) of this database in this instance */
  invalidate(db: Database, key?: string): void;
}

const all: InstanceCache<unknown>[] = [];

/** A cache of values by key, per database, each living `life()` ms (default: the configured ttl). */
export function instanceCache<V>(life: () => number = () => config.ttlMs): InstanceCache<V> {
  const byDb = new WeakMap<Database, Map<string, Entry<V>>>();
  const mapOf = (db: Database) => {
    const root = rootOf(db);
    let m = byDb.get(root);
    if (!m) byDb.set(root, (m = new Map()));
    return m;
  };
  const cache: InstanceCache<V> = {
    async get(db, key, load, cloneOut) {
      const m = mapOf(db);
      const now = config.clock();
      let e = m.get(key);
      if (!e || now - e.at >= life()) {
        const entry: Entry<V> = { at: now, value: load() };
        m.set(key, (e = entry));
        // a failed load is not kept
        entry.value.catch(() => {
          if (m.get(key) === entry) m.delete(key);
        });
      }
      const v = await e.value;
      return cloneOut ? cloneOut(v) : v;
    },
    invalidate(db, key) {
      const m = byDb.get(rootOf(db));
      if (!m) return;
      if (key === undefined) m.clear();
      else m.delete(key);
    },
  };
  all.push(cache as InstanceCache<unknown>);
  return cache;
}

/** Tests: forgets everything every cache of this database holds (as a fresh instance would). */
export function dropInstanceCaches(db: Database): void {
  for (const c of all) c.invalidate(db);
  soldOut.delete(rootOf(db));
}

// --- sold-out markers ------------------------------------------------------------------------------------------

const soldOut = new WeakMap<Database, Map<string, { at: number; message: string | null }>>();

/**
 * Marks an activity item (its stock counter id) sold out in this instance for `soldOutMs`: set when the conditional
 * take of its stock failed. The counter stays the only truth: a marker only refuses early, never sells.
 */
export function markSoldOut(db: Database, stockKey: string, message: string | null = null): void {
  const root = rootOf(db);
  let m = soldOut.get(root);
  if (!m) soldOut.set(root, (m = new Map()));
  m.set(stockKey, { at: config.clock(), message: message ?? m.get(stockKey)?.message ?? null });
}

/** The sentence the refusal that set the marker gave (with the product's name), if it had one. */
export const soldOutMessage = (db: Database, stockKey: string): string | null => soldOut.get(rootOf(db))?.get(stockKey)?.message ?? null;

/**
 * Whether to refuse a buyer of the item now: this instance saw it sold out less than `soldOutMs` ago. Once a marker is
 * older, the next buyer goes through to the counter (a probe) while the others are still refused for another
 * `soldOutMs`: the probe's take either fails (the marker is set afresh) or succeeds (stock came back: the marker goes,
 * `clearSoldOut`), so returned stock sells again within about one marker life and a storm sends one buyer per life
 * to the database, not every buyer whose request waits longer than the life.
 */
export function isMarkedSoldOut(db: Database, stockKey: string): boolean {
  const m = soldOut.get(rootOf(db));
  const mark = m?.get(stockKey);
  if (!mark) return false;
  const now = config.clock();
  if (now - mark.at < config.soldOutMs) return true;
  m!.set(stockKey, { ...mark, at: now });
  return false;
}

/** Stock came back to the item in this instance (an order released it): sell it again at once. */
export function clearSoldOut(db: Database, stockKey: string): void {
  soldOut.get(rootOf(db))?.delete(stockKey);
}
