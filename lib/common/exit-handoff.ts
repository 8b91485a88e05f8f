/**
 * Who takes part in the synchronous hand-off at `process.exit()`: every
 * batch processor and periodic metric reader not yet shut down registers
 * here, and the exit hook (setup/exit-hooks.ts) asks each in turn to hand
 * what it holds to its exporter's synchronous send, sharing one deadline.
 * Weakly held: a processor or reader dropped without shutdown is not kept
 * alive by this. One registry for every signal, so spans, logs and metrics
 * are handed off the same way and in the order they were set up.
 */

export interface SyncFlushable {
  /** Hands what is held to the exporter synchronously within `timeoutMillis`; counts the outcome; never throws. */
  flushSync(timeoutMillis: number): void;
}

const live = new Set<WeakRef<SyncFlushable>>();

/** Registers `p` for the hand-off; returns the function that takes it out again (at its shutdown). */
export function registerExitHandOff(p: SyncFlushable): () => void {
  const ref = new WeakRef(p);
  live.add(ref);
  return () => {
    live.delete(ref);
  };
}

/** At `process.exit()`: every registered participant hands off, all within `timeoutMillis`. */
export function handOffAllSync(timeoutMillis: number): void {
  const deadline = Date.now() + timeoutMillis;
  for (const ref of [...live]) {
    const p = ref.deref();
    if (p === undefined) {
      live.delete(ref);
      continue;
    }
    try {
      p.flushSync(Math.max(0, deadline - Date.now()));
    } catch {
      // A participant's own failure is counted by it; the others still go.
    }
  }
}
