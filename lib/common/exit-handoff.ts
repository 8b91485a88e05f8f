/**
 * The synchronous hand-off at `process.exit()`, across every signal: each
 * batch processor and periodic metric reader not yet shut down registers
 * here; at `process.exit()` the exit hook (setup/exit-hooks.ts) asks each
 * to prepare what it holds (encoded, with where it goes), then runs all of
 * it at once — one hand-off process for spans, logs and metrics together,
 * one Node start-up rather than one per signal — and tells each participant
 * what was accepted so it can count the rest.
 *
 * Generic on purpose: the job is opaque here and carries the function that
 * runs it (transport/sync-post.ts for OTLP), so this module needs nothing of
 * ours. Participants are weakly held: one dropped without shutdown is not
 * kept alive by this.
 */

/** What a synchronous send achieved: the first `accepted` bodies went through; `error` says why the next did not. */
export interface HandOffResult {
  readonly accepted: number;
  readonly error?: string;
}

/** Runs jobs of one kind together, bounded by `timeoutMillis`; one result per job, in order. */
export type HandOffRunner = (jobs: readonly object[], timeoutMillis: number) => HandOffResult[];

/** A send prepared by an exporter: its job, and what runs jobs of its kind. */
export interface PreparedSend {
  readonly job: object;
  readonly run: HandOffRunner;
}

/** A participant's share of the hand-off: a prepared send, and what counts its outcome. */
export interface HandOff extends PreparedSend {
  /** Counts the outcome (`ms`: how long the send took); called exactly once. */
  settle(result: HandOffResult, ms: number): void;
}

export interface HandOffParticipant {
  /** What it holds, taken out and made ready to send; undefined with nothing to send. Never throws. */
  prepareHandOff(): HandOff | undefined;
}

const live = new Set<WeakRef<HandOffParticipant>>();

/** Registers `p` for the hand-off; returns the function that takes it out again (at its shutdown). */
export function registerExitHandOff(p: HandOffParticipant): () => void {
  const ref = new WeakRef(p);
  live.add(ref);
  return () => {
    live.delete(ref);
  };
}

const NO_RESULT: HandOffResult = Object.freeze({ accepted: 0, error: 'the hand-off gave no answer for it' });

function settle(h: HandOff, r: HandOffResult, ms: number): void {
  try {
    h.settle(r, ms);
  } catch {
    // Counting is the participant's business; the others are still settled.
  }
}

/**
 * At `process.exit()`: every registered participant prepares its share,
 * the prepared sends run together (one run per kind of job: for OTLP one
 * hand-off process), all within `timeoutMillis`; each participant is then
 * told its outcome.
 */
export function handOffAllSync(timeoutMillis: number): void {
  const deadline = Date.now() + timeoutMillis;
  const left = (): number => Math.max(0, deadline - Date.now());
  const grouped = new Map<HandOffRunner, { jobs: object[]; owners: HandOff[] }>();
  for (const ref of [...live]) {
    const p = ref.deref();
    if (p === undefined) {
      live.delete(ref);
      continue;
    }
    let h: HandOff | undefined;
    try {
      h = p.prepareHandOff();
    } catch {
      h = undefined;
    }
    if (h === undefined) continue;
    let g = grouped.get(h.run);
    if (g === undefined) grouped.set(h.run, (g = { jobs: [], owners: [] }));
    g.jobs.push(h.job);
    g.owners.push(h);
  }
  for (const [run, g] of grouped) {
    const t0 = performance.now();
    let results: HandOffResult[];
    try {
      results = run(g.jobs, left());
    } catch (err) {
      const error = `the hand-off failed: ${err instanceof Error ? err.message : String(err)}`;
      results = g.jobs.map(() => ({ accepted: 0, error }));
    }
    const ms = performance.now() - t0;
    g.owners.forEach((h, i) => settle(h, results[i] ?? NO_RESULT, ms));
  }
}
