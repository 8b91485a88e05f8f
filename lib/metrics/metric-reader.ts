/**
 * A MetricReader collects from the provider it is attached to, with the
 * temporality it prefers per instrument kind. Used as is, it is the manual
 * (pull) reader tests and the Prometheus endpoint build on; the periodic
 * reader pushes collections to an exporter on a timer.
 */
import { describeError, diag } from '../common/diag.js';
import type { PreparedSend } from '../common/exit-handoff.js';
import type { ExportResult } from '../trace/span-exporter.js';
import type { ResourceMetrics, TemporalitySelector } from './metric-data.js';
import { CUMULATIVE_SELECTOR, temporalitySelector } from './metric-data.js';

/** Receives collections; results are values, never thrown. */
export interface MetricExporter {
  /** `signal` (optional) aborts at the reader's export timeout: stop, and resolve with a failure promptly. */
  export(metrics: ResourceMetrics, signal?: AbortSignal): Promise<ExportResult>;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
  /** The temporality the backend wants (default cumulative). */
  readonly temporalitySelector?: TemporalitySelector;
  /** Optional: at `process.exit()`, the send of `metrics` for the exit hand-off, or why there is none. */
  prepareSync?(metrics: ResourceMetrics): PreparedSend | string;
}

export interface MetricReaderOptions {
  /** A selector, or a preference name: 'cumulative' (default), 'delta', 'lowmemory'. */
  readonly temporality?: TemporalitySelector | 'cumulative' | 'delta' | 'lowmemory';
}

export interface CollectOptions {
  /** Bound on waiting for asynchronous observable callbacks (default 30000 ms). */
  readonly timeoutMillis?: number;
}

/** @internal What the provider hands a reader when it attaches it. */
export type Collector = (timeoutMillis: number) => Promise<ResourceMetrics>;

export class MetricReader {
  readonly selectTemporality: TemporalitySelector;
  #collector: Collector | undefined;
  #collectorSync: (() => ResourceMetrics) | undefined;
  #shutdown: Promise<void> | undefined;
  #closed = false;

  constructor(options: MetricReaderOptions = {}) {
    const t = options.temporality;
    this.selectTemporality = typeof t === 'function' ? t : t === undefined ? CUMULATIVE_SELECTOR : temporalitySelector(t);
  }

  /** @internal Called once by the provider that owns this reader. */
  _attach(collector: Collector, collectorSync?: () => ResourceMetrics): boolean {
    if (this.#collector !== undefined) {
      diag.warn('a metric reader can be attached to one meter provider only; ignored');
      return false;
    }
    this.#collector = collector;
    this.#collectorSync = collectorSync;
    this.onAttach();
    return true;
  }

  get isShutdown(): boolean {
    return this.#shutdown !== undefined;
  }

  /**
   * Collects everything the provider holds. Resolves to undefined when the
   * reader is not attached or is shut down (never rejects).
   */
  async collect(options: CollectOptions = {}): Promise<ResourceMetrics | undefined> {
    const collector = this.#collector;
    if (collector === undefined || this.#closed) return undefined;
    return collector(options.timeoutMillis ?? 30_000);
  }

  /**
   * @internal The same collection, synchronously (for `process.exit()`):
   * asynchronous observable callbacks are not waited for. Undefined when
   * not attached, shut down or shutting down.
   */
  protected collectSync(): ResourceMetrics | undefined {
    const collector = this.#collectorSync;
    if (collector === undefined || this.#closed || this.#shutdown !== undefined) return undefined;
    return collector();
  }

  forceFlush(): Promise<void> {
    return this.onForceFlush();
  }

  /** Idempotent; collections after it completes resolve to undefined. */
  shutdown(): Promise<void> {
    // Closed only once onShutdown is done, so a push reader can export one last time.
    return (this.#shutdown ??= this.onShutdown()
      .catch((err: unknown) => diag.error(`metric reader shutdown failed: ${describeError(err)}`))
      .finally(() => {
        this.#closed = true;
      }));
  }

  /** Hook: the reader was attached to a provider (start timers, servers). */
  protected onAttach(): void {}
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}
