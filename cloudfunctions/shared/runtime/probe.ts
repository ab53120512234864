/**
 * Named points inside multi-step writes where a test can make the request die the way a killed process does: the
 * probe throws `ProcessKilled`, which no compensation catches (a dead process runs no undo), so what is left behind
 * is exactly what a SIGKILL at that point leaves. Production never sets a probe.
 */
export class ProcessKilled extends Error {
  constructor(readonly point: string) {
    super(`killed at ${point}`);
  }
}

let probe: ((point: string) => void | Promise<void>) | null = null;

/** Tests only: `fn` runs at every point reached (throw ProcessKilled to die there; it may also act, e.g. let a racing buyer in); null removes it. */
export const setProbe = (fn: ((point: string) => void | Promise<void>) | null) => {
  probe = fn;
};

/** A named point; with no probe set it costs one resolved promise. */
export const reach = async (point: string): Promise<void> => {
  if (probe) await probe(point);
};
