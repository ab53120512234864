/**
 * The event-driven half of the outbox: after a change that may have queued an item, `kickSync()` asks for a run
 * now instead of waiting for the timer. Locally the stack sets a kicker that runs the outbox in-process (one run at
 * a time, a kick during a run runs once more after it); on CloudBase the functions that change orders set one that
 * invokes the `sync` function without waiting. No kicker: the timer alone sends (still within a minute).
 */
let kicker: (() => void) | null = null;
export const setSyncKicker = (fn: (() => void) | null) => {
  kicker = fn;
};
export function kickSync(): void {
  try {
    kicker?.();
  } catch (e) {
    console.error('[sync] kick', e);
  }
}

/** A kicker that runs `run` single-flight, once more if kicked meanwhile. */
export function singleFlight(run: () => Promise<unknown>): () => void {
  let running = false;
  let again = false;
  const go = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    run()
      .catch((e) => console.error('[sync] run', e))
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          go();
        }
      });
  };
  return go;
}
