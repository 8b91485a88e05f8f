/**
 * The health indicators, recomputed every 500 ms (twice a second): ingest
 * rates, error rate, latency per service, log rate by severity, store fill,
 * evicted and dropped counts, the hosting process (event-loop delay from
 * perf_hooks, heap, RSS) and zerotel's own export pipeline.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';
import { pipelineStats } from '../common/pipeline-stats.js';
import { VERSION } from '../common/version.js';
import type { DashboardStore } from './store.js';

export const HEALTH_INTERVAL_MS = 500;

export interface PipelineFigures {
  queued: number;
  exported: number;
  dropped: number;
  failed: number;
  exportLatencyMs: number;
}

/** zerotel's own export pipeline (lib/common/pipeline-stats.ts), all signals together. */
export function pipelineFigures(): PipelineFigures {
  const p = pipelineStats();
  return { queued: p.queued, exported: p.exported, dropped: p.dropped, failed: p.failed, exportLatencyMs: Math.round(p.exportLatencyMs * 100) / 100 };
}

export type Health = ReturnType<HealthMonitor['compute']>;

export class HealthMonitor {
  readonly #store: DashboardStore;
  readonly #started = Date.now();
  #loop: IntervalHistogram | undefined;
  #timer: NodeJS.Timeout | undefined;
  #latest: Health | undefined;
  #loopDelayMs = 0;

  constructor(store: DashboardStore) {
    this.#store = store;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    try {
      this.#loop = monitorEventLoopDelay({ resolution: 10 });
      this.#loop.enable();
    } catch {
      this.#loop = undefined;
    }
    this.#timer = setInterval(() => {
      this.#sampleLoop();
      this.#store.expire();
      this.#latest = this.compute();
    }, HEALTH_INTERVAL_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#loop?.disable();
  }

  /** Computes the figures now (a delta carries the current ones). */
  refresh(): Health {
    return (this.#latest = this.compute());
  }

  /** The latest figures (computed now when none were yet). */
  current(): Health {
    return (this.#latest ??= this.compute());
  }

  #sampleLoop(): void {
    const h = this.#loop;
    if (h === undefined || h.count === 0) return;
    // The delay beyond the sampling resolution, at the 99th percentile of the last interval.
    this.#loopDelayMs = Math.max(0, h.percentile(99) / 1e6 - 10);
    h.reset();
  }

  compute() {
    const s = this.#store;
    const now = Date.now();
    const mem = process.memoryUsage();
    return {
      version: VERSION,
      uptimeMs: now - this.#started,
      store: {
        traces: s.traces.traces.size,
        spans: s.traces.spanCount,
        logs: s.logs.size,
        series: s.metrics.seriesCount,
        bytes: Math.round(s.bytes),
        maxBytes: s.limits.maxBytes,
      },
      evicted: s.evicted(),
      dropped: { ...s.dropped, spans: s.dropped.spans + s.traces.counters.droppedSpans, points: s.dropped.points + s.metrics.counters.droppedPoints },
      rates: s.activity.rates(now),
      latency: s.activity.latency(),
      process: { eventLoopDelayMs: Math.round(this.#loopDelayMs * 100) / 100, heapUsed: mem.heapUsed, rss: mem.rss },
      pipeline: pipelineFigures(),
    };
  }
}
