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

/** The line's reason for what the hand-off did not deliver (the participant adds why). */
export const NOT_ACCEPTED_AT_EXIT = 'not accepted by the synchronous send at process.exit()';

/** A participant (weakly held) and what prepares its share: takes out what it holds; undefined with nothing to send. */
interface Entry {
  readonly ref: WeakRef<object>;
  readonly prepare: (owner: never) => HandOff | undefined;
}

const live = new Set<Entry>();

/**
 * Registers `owner` for the hand-off, with `prepare` called on it at exit
 * (a function that holds no reference to `owner`, so the registry does not
 * keep it alive); returns the function that takes it out again (at its
 * shutdown).
 */
export function registerExitHandOff<T extends object>(owner: T, prepare: (owner: T) => HandOff | undefined): () => void {
  const entry: Entry = { ref: new WeakRef(owner), prepare };
  live.add(entry);
  return () => {
    live.delete(entry);
  };
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
  for (const entry of [...live]) {
    const owner = entry.ref.deref();
    if (owner === undefined) {
      live.delete(entry);
      continue;
    }
    let h: HandOff | undefined;
    try {
      h = entry.prepare(owner as never);
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
    // A runner answers for every job and never throws (transport/sync-post.ts), nor does a settle.
    const results = run(g.jobs, left());
    const ms = performance.now() - t0;
    g.owners.forEach((h, i) => h.settle(results[i] ?? { accepted: 0 }, ms));
  }
}
