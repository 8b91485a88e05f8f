/**
 * The export pipeline's own counters, readable in code (`pipelineStats()`)
 * and by the dashboard: per signal, items queued, in flight, exported,
 * failed, dropped by reason, and export latency. One counter object per
 * signal, shared by every processor or reader of that signal, so the totals
 * survive a processor's shutdown and cost one field increment to keep.
 */

export type PipelineSignal = 'spans' | 'logs' | 'metrics';

/** The live counters of one signal (mutated in place by processors; read through `pipelineStats()`). */
export class SignalCounters {
  /** Items waiting in queues (ring buffers and encoded batches). */
  queued = 0;
  /** Items in exports not yet settled. */
  inFlight = 0;
  exported = 0;
  /** Items whose export failed, was cancelled at its deadline, or was abandoned at exit. */
  failed = 0;
  /** Items dropped before any export, by reason ("queue-full", "after-shutdown", "encoded-full", ...). */
  readonly dropped = new Map<string, number>();
  exports = 0;
  /** Sum and largest of the settled exports' durations, and the latest. */
  latencySumMs = 0;
  latencyMaxMs = 0;
  latencyLastMs = 0;

  drop(reason: string, n: number): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + n);
  }

  /** Records one settled export of `n` items that took `ms`. */
  settled(n: number, ms: number, ok: boolean): void {
    this.inFlight -= n;
    if (ok) this.exported += n;
    else this.failed += n;
    this.exports++;
    this.latencySumMs += ms;
    this.latencyLastMs = ms;
    if (ms > this.latencyMaxMs) this.latencyMaxMs = ms;
  }

  droppedTotal(): number {
    let n = 0;
    for (const v of this.dropped.values()) n += v;
    return n;
  }
}

const counters: Record<PipelineSignal, SignalCounters> = {
  spans: new SignalCounters(),
  logs: new SignalCounters(),
  metrics: new SignalCounters(),
};

/** The shared counters of `signal` (for processors and readers). */
export function signalCounters(signal: PipelineSignal): SignalCounters {
  return counters[signal];
}

export interface SignalStats {
  readonly queued: number;
  readonly inFlight: number;
  readonly exported: number;
  readonly failed: number;
  readonly dropped: number;
  readonly droppedByReason: Readonly<Record<string, number>>;
  readonly exports: number;
  readonly exportLatencyMs: { readonly mean: number; readonly max: number; readonly last: number };
}

export interface PipelineStats {
  /** Sums over the signals (metrics count data points). */
  readonly queued: number;
  readonly inFlight: number;
  readonly exported: number;
  readonly failed: number;
  readonly dropped: number;
  /** Mean duration of every export settled so far, all signals. */
  readonly exportLatencyMs: number;
  readonly signals: Readonly<Record<PipelineSignal, SignalStats>>;
}

function snapshot(c: SignalCounters): SignalStats {
  return {
    queued: c.queued,
    inFlight: c.inFlight,
    exported: c.exported,
    failed: c.failed,
    dropped: c.droppedTotal(),
    droppedByReason: Object.fromEntries(c.dropped),
    exports: c.exports,
    exportLatencyMs: { mean: c.exports === 0 ? 0 : c.latencySumMs / c.exports, max: c.latencyMaxMs, last: c.latencyLastMs },
  };
}

/** A snapshot of the pipeline's counters since start (or the last reset). */
export function pipelineStats(): PipelineStats {
  const signals = { spans: snapshot(counters.spans), logs: snapshot(counters.logs), metrics: snapshot(counters.metrics) };
  const all = Object.values(signals);
  const sum = (f: (s: SignalStats) => number): number => all.reduce((a, s) => a + f(s), 0);
  const exports = sum((s) => s.exports);
  const latency = counters.spans.latencySumMs + counters.logs.latencySumMs + counters.metrics.latencySumMs;
  return {
    queued: sum((s) => s.queued),
    inFlight: sum((s) => s.inFlight),
    exported: sum((s) => s.exported),
    failed: sum((s) => s.failed),
    dropped: sum((s) => s.dropped),
    exportLatencyMs: exports === 0 ? 0 : latency / exports,
    signals,
  };
}

/** Zeroes the counters of finished work (queued and in-flight items stay: they are still there). For tests. */
export function resetPipelineStats(): void {
  for (const c of Object.values(counters)) {
    c.exported = 0;
    c.failed = 0;
    c.dropped.clear();
    c.exports = 0;
    c.latencySumMs = 0;
    c.latencyMaxMs = 0;
    c.latencyLastMs = 0;
  }
}
