/**
 * Client-side pacing of `/jdy/v2` calls under the gateway's 500 calls/minute limit per account set (used by ./client;
 * one pacer may be shared between clients of the same account set in a process).
 */

/**
 * A token bucket: `burst` calls may go back to back, then calls are spaced so that no sliding minute sees more
 * than `perMinute` (the bucket refills at perMinute − burst per minute). Callers queue in order; nothing is dropped.
 */
export class Pacer {
  private tokens: number;
  private last: number;
  private readonly ratePerMs: number;
  private readonly capacity: number;
  private queue: Promise<void> = Promise.resolve();
  waits = 0;
  waitedMs = 0;

  constructor(
    readonly perMinute: number,
    burst: number | undefined,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.capacity = perMinute > 0 ? Math.max(1, Math.min(Math.floor(burst ?? Math.ceil(perMinute / 60)), Math.max(1, perMinute - 1))) : Infinity;
    this.ratePerMs = perMinute > 0 ? Math.max(1, perMinute - this.capacity) / 60_000 : Infinity;
    this.tokens = this.capacity;
    this.last = now();
  }

  /** resolves when a call may go out */
  take(): Promise<void> {
    if (this.perMinute <= 0) return Promise.resolve();
    const next = this.queue.then(() => this.takeOne());
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** after an HTTP 429: start again from an empty bucket */
  drain() {
    if (this.perMinute > 0) {
      this.refill();
      this.tokens = 0;
    }
  }

  private refill() {
    const t = this.now();
    if (t > this.last) this.tokens = Math.min(this.capacity, this.tokens + (t - this.last) * this.ratePerMs);
    this.last = Math.max(this.last, t);
  }

  private async takeOne() {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const wait = Math.max(1, Math.ceil((1 - this.tokens) / this.ratePerMs));
      this.waits++;
      this.waitedMs += wait;
      await this.sleep(wait);
    }
  }
}
