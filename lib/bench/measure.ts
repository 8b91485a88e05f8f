/**
 * The measuring loop of `zerotel bench`, in the manner of tinybench (which
 * zerotel cannot depend on): every case is warmed up first (so the JIT has
 * compiled all of them, and the first case is not measured colder than the
 * rest), then each is called until its time budget is spent, timing every
 * call. A call does `ops` operations (nanosecond operations are batched so
 * the loop's own cost does not swamp them); results are per operation.
 */
import { performance } from 'node:perf_hooks';

export interface Measurement {
  /**
   * Median nanoseconds per operation: the figure reported, as it is the one
   * least moved by other processes taking the CPU in the middle of a call.
   */
  readonly ns: number;
  /** Mean nanoseconds per operation. */
  readonly meanNs: number;
  /** Relative margin of error of the mean at ~95% (percent). */
  readonly rme: number;
  /** Timed calls. */
  readonly samples: number;
}

export interface MeasureOptions {
  readonly timeMs: number;
  /** At least this many timed calls, whatever the budget. */
  readonly minSamples?: number;
}

/** Calls `call` for `ms` (at least three times) without timing it. */
export async function warmUp(call: () => unknown, ms: number): Promise<void> {
  const end = performance.now() + ms;
  for (let i = 0; i < 3 || performance.now() < end; i++) await call();
}

export async function measure(call: () => unknown, ops: number, options: MeasureOptions): Promise<Measurement> {
  const samples: number[] = [];
  const minSamples = options.minSamples ?? 10;
  const end = performance.now() + options.timeMs;
  while (samples.length < minSamples || performance.now() < end) {
    const t0 = performance.now();
    await call();
    samples.push(performance.now() - t0);
  }
  const n = samples.length;
  let sum = 0;
  for (const s of samples) sum += s;
  const mean = sum / n;
  let sq = 0;
  for (const s of samples) sq += (s - mean) * (s - mean);
  const sem = n > 1 ? Math.sqrt(sq / (n - 1)) / Math.sqrt(n) : 0;
  samples.sort((a, b) => a - b);
  const median = n % 2 === 1 ? samples[n >> 1]! : (samples[n / 2 - 1]! + samples[n / 2]!) / 2;
  return { ns: (median * 1e6) / ops, meanNs: (mean * 1e6) / ops, rme: mean > 0 ? (196 * sem) / mean : 0, samples: n };
}
