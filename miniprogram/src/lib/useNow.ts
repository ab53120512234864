import { useEffect, useState } from 'react';

/** The current time, updated every `ms` while `on` (a 1-second tick for countdowns); stops when the page goes. */
export function useNow(on = true, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return undefined;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [on, ms]);
  return now;
}
