/**
 * Pushes a collection to an exporter every `exportIntervalMillis`
 * (OTEL_METRIC_EXPORT_INTERVAL, default 60000), each bounded by
 * `exportTimeoutMillis` (OTEL_METRIC_EXPORT_TIMEOUT, default 30000). The timer
 * is unref'd so it never holds the process open; exports never overlap;
 * forceFlush and shutdown export what is pending and wait for it, bounded.
 */
import { describeError, diag } from '../common/diag.js';
import type { MetricExporter } from './metric-reader.js';
import { MetricReader } from './metric-reader.js';

export interface PeriodicReaderOptions {
  readonly exporter: MetricExporter;
  readonly exportIntervalMillis?: number;
  readonly exportTimeoutMillis?: number;
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Resolves with `fallback` if `p` takes longer than `ms`. */
function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export class PeriodicExportingMetricReader extends MetricReader {
  readonly exporter: MetricExporter;
  readonly intervalMillis: number;
  readonly timeoutMillis: number;
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();

  constructor(options: PeriodicReaderOptions) {
    super({ temporality: options.exporter.temporalitySelector });
    this.exporter = options.exporter;
    this.intervalMillis = positive(options.exportIntervalMillis, 60_000);
    let timeout = positive(options.exportTimeoutMillis, 30_000);
    if (timeout > this.intervalMillis) {
      diag.warn(`metric export timeout ${timeout} ms exceeds the interval; using ${this.intervalMillis} ms`);
      timeout = this.intervalMillis;
    }
    this.timeoutMillis = timeout;
  }

  protected override onAttach(): void {
    this.#timer = setInterval(() => void this.#enqueue(), this.intervalMillis);
    this.#timer.unref();
  }

  /** Exports run one after another, never concurrently. */
  #enqueue(): Promise<void> {
    this.#chain = this.#chain.then(() => this.#exportOnce());
    return this.#chain;
  }

  async #exportOnce(): Promise<void> {
    try {
      const metrics = await this.collect({ timeoutMillis: this.timeoutMillis });
      if (metrics === undefined || metrics.scopeMetrics.length === 0) return;
      const result = await within(this.exporter.export(metrics), this.timeoutMillis, {
        code: 'failure' as const,
        error: new Error(`metric export timed out after ${this.timeoutMillis} ms`),
      });
      if (result.code !== 'success') diag.error(`metric export failed: ${describeError(result.error)}`);
    } catch (err) {
      diag.error(`metric export failed: ${describeError(err)}`);
    }
  }

  protected override async onForceFlush(): Promise<void> {
    await this.#enqueue();
    await this.exporter.forceFlush?.().catch((err: unknown) => diag.error(`metric exporter flush failed: ${describeError(err)}`));
  }

  protected override async onShutdown(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    // The base class refuses collections only after this resolves: one last export.
    await this.#enqueue();
    await within(
      this.exporter.shutdown().catch((err: unknown) => diag.error(`metric exporter shutdown failed: ${describeError(err)}`)),
      this.timeoutMillis,
      undefined,
    );
  }
}
