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
import { hasMethods, readOptions } from '../common/options.js';
import { exportFailure } from '../trace/span-exporter.js';

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

/** Stands in for a missing exporter: reported at construction, each export a failure result. */
function missingExporter(): MetricExporter {
  diag.error('PeriodicExportingMetricReader needs an exporter ({ exporter }); metrics will not be exported');
  return {
    export: () => Promise.resolve(exportFailure(new Error('no metric exporter configured'))),
    shutdown: () => Promise.resolve(),
  };
}

export class PeriodicExportingMetricReader extends MetricReader {
  readonly exporter: MetricExporter;
  readonly intervalMillis: number;
  readonly timeoutMillis: number;
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();

  constructor(options: PeriodicReaderOptions) {
    // Never throws: without a usable exporter the reader reports it once and every export is a counted failure.
    const o = readOptions<PeriodicReaderOptions>('PeriodicExportingMetricReader', options, ['exporter', 'exportIntervalMillis', 'exportTimeoutMillis']);
    const exporter = hasMethods(o.exporter, 'export', 'shutdown') ? o.exporter! : missingExporter();
    let temporality: PeriodicReaderOptions['exporter']['temporalitySelector'];
    try {
      temporality = exporter.temporalitySelector;
    } catch {
      temporality = undefined;
    }
    super({ temporality: typeof temporality === 'function' ? temporality : undefined });
    this.exporter = exporter;
    this.intervalMillis = positive(o.exportIntervalMillis, 60_000);
    let timeout = positive(o.exportTimeoutMillis, 30_000);
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
