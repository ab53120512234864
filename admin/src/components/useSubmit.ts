/** One action at a time behind a modal or card's button: busy while it runs, its failure kept as the text to show. */
import { useState } from 'react';

/**
 * `run(act, key)` clears the error, marks `busy` (the key, for a card with several buttons; true by default), awaits
 * `act` and keeps `explain(e)` as `error` when it throws; `running` is whether any action runs.
 */
export function useSubmit<K = true>(explain: (e: unknown) => string) {
  const [busy, setBusy] = useState<K | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (act: () => Promise<unknown>, key: K = true as K) => {
    setBusy(key);
    setError(null);
    try {
      await act();
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(null);
    }
  };
  return { busy, running: busy !== null, error, setError, run };
}
