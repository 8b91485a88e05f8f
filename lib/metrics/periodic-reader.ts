/**
 * Pushes a collection to an exporter every `exportIntervalMillis`
 * (OTEL_METRIC_EXPORT_INTERVAL, default 60000), each bounded by
 * `exportTimeoutMillis` (OTEL_METRIC_EXPORT_TIMEOUT, default 30000).
 *
 *  - One export at a time: a tick that finds the previous export unsettled
 *    is skipped (counted in `skippedExports`; the next collection covers its
 *    interval, so nothing is lost), never stacked or overlapped.
 *  - At the timeout the export's AbortSignal (the exporter's 2nd argument)
 *    aborts; an exporter that still does not settle within the grace is given
 *    up on, so a collector that never answers cannot hold the reader.
 *  - The interval timer is unref'd, so the reader never holds the process
 *    open; forceFlush and shutdown export what is pending and, while they are
 *    awaited, keep the process alive until their deadline (a ref'd timer) —
 *    not longer.
 *  - Failures are counted (pipelineStats().signals.metrics) and reported at a
 *    bounded rate, not one line per interval.
 */
import type { PendingExport } from '../common/deadline.js';
import { ABANDON_GRACE_MS, exportWithDeadline, failureCause, withTimeout } from '../common/deadline.js';
import { describeError, diag } from '../common/diag.js';
import type { HandOff, HandOffResult, PreparedSend } from '../common/exit-handoff.js';
import { NOT_ACCEPTED_AT_EXIT, registerExitHandOff } from '../common/exit-handoff.js';
import { signalCounters } from '../common/pipeline-stats.js';
import type { ResourceMetrics } from './metric-data.js';
import { AggregationTemporality } from './metric-data.js';
import type { MetricExporter } from './metric-reader.js';
import { MetricReader } from './metric-reader.js';

export interface PeriodicReaderOptions {
  readonly exporter: MetricExporter;
  readonly exportIntervalMillis?: number;
  readonly exportTimeoutMillis?: number;
}

function positive(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Data points in a collection: what the pipeline counters count for metrics. */
function pointCount(m: ResourceMetrics): number {
  let n = 0;
  for (const sm of m.scopeMetrics) for (const metric of sm.metrics) n += metric.points.length;
  return n;
}

const stats = signalCounters('metrics');

export class PeriodicExportingMetricReader extends MetricReader {
  readonly exporter: MetricExporter;
  readonly intervalMillis: number;
  readonly timeoutMillis: number;
  #timer: NodeJS.Timeout | undefined;
  /** The export in flight (collect + export), settled or given up on before the next starts. */
  #running: Promise<void> | undefined;
  #current: PendingExport | undefined;
  /** Ticks skipped because the previous export had not settled. */
  #skipped = 0;
  /** Points of the export in flight (0 when none). */
  #inFlight = 0;
  /** Takes this reader out of the hand-off at process.exit() (at shutdown). */
  #unregister: () => void = () => {};

  constructor(options: PeriodicReaderOptions) {
    let exporter: MetricExporter | undefined;
    let interval: unknown;
    let timeoutOption: unknown;
    try {
      exporter = options?.exporter;
      interval = options?.exportIntervalMillis;
      timeoutOption = options?.exportTimeoutMillis;
    } catch {
      // Throwing getters: fall back to the defaults below.
    }
    const usable = exporter !== null && typeof exporter === 'object' && typeof exporter.export === 'function';
    if (!usable) diag.warn('PeriodicExportingMetricReader: no usable exporter given; collections are discarded');
    const safe: MetricExporter = usable ? exporter! : { export: () => Promise.resolve({ code: 'success' }), shutdown: () => Promise.resolve() };
    let temporality: MetricExporter['temporalitySelector'];
    try {
      temporality = safe.temporalitySelector;
    } catch {
      temporality = undefined;
    }
    super(temporality === undefined ? {} : { temporality });
    this.exporter = safe;
    this.intervalMillis = positive(interval, 60_000);
    let timeout = positive(timeoutOption, 30_000);
    if (timeout > this.intervalMillis) {
      // Only when the timeout was set: the default 30 s above a short interval is not the user's doing.
      if (timeoutOption !== undefined) diag.warn(`metric export timeout ${timeout} ms exceeds the interval; using ${this.intervalMillis} ms`);
      timeout = this.intervalMillis;
    }
    this.timeoutMillis = timeout;
  }

  /** Interval ticks skipped because the previous export had not settled yet. */
  get skippedExports(): number {
    return this.#skipped;
  }

  protected override onAttach(): void {
    this.#timer = setInterval(() => this.#tick(), this.intervalMillis);
    this.#timer.unref();
    this.#unregister = registerExitHandOff(this, PeriodicExportingMetricReader.#prepareHandOff);
  }

  /**
   * @internal At `process.exit()`: one last collection, made synchronously,
   * for the exit hand-off (common/exit-handoff.ts), which sends it with the
   * other signals and then settles the count here. A delta reader reports
   * only the interval since its last collection (what an export in flight
   * carries is not collected again: it stays counted as in flight); a
   * cumulative one the totals. With an exporter that cannot send at exit,
   * the points are counted as not delivered.
   */
  static readonly #prepareHandOff = (reader: PeriodicExportingMetricReader): HandOff | undefined => reader.#handOff();

  #handOff(): HandOff | undefined {
    let metrics: ResourceMetrics | undefined;
    try {
      metrics = this.collectSync();
    } catch (err) {
      diag.dropped('metric.collect-failed', 1, () => `metric collection at process.exit() failed: ${describeError(err)}`);
      return undefined;
    }
    if (metrics === undefined || metrics.scopeMetrics.length === 0) return undefined;
    const collected = metrics;
    const n = pointCount(collected);
    stats.inFlight += n;
    const settle = (r: HandOffResult, ms: number): void => {
      const accepted = r.accepted >= 1;
      stats.settled(n, ms, accepted);
      // Cumulative totals delivered now carry everything an export still in flight carried: it is not
      // lost (a delta interval in flight is, and stays counted).
      if (accepted && collected.scopeMetrics.every((sm) => sm.metrics.every((m) => m.temporality === AggregationTemporality.CUMULATIVE))) {
        stats.inFlight -= this.#inFlight;
        this.#inFlight = 0;
      }
      if (!accepted) diag.dropped('metric.export-failed', n, `${NOT_ACCEPTED_AT_EXIT}: ${r.error ?? 'not accepted'}`, 'exit-sync');
    };
    const exporter = this.exporter;
    let prepared: PreparedSend | string = 'the exporter cannot send at process.exit()';
    try {
      if (typeof exporter.prepareSync === 'function') prepared = exporter.prepareSync(collected);
    } catch (err) {
      prepared = describeError(err);
    }
    if (typeof prepared === 'string') {
      settle({ accepted: 0, error: prepared }, 0);
      return undefined;
    }
    return { job: prepared.job, run: prepared.run, settle };
  }

  #tick(): void {
    if (this.#running !== undefined) {
      // Nothing is lost: the next collection covers this interval too (cumulative or delta alike).
      this.#skipped++;
      diag.debug(`metric export skipped: the previous one has not settled (${this.#skipped} skipped so far)`);
      return;
    }
    void this.#run();
  }

  /** Starts one export now (none is running), or returns the running one. */
  #run(): Promise<void> {
    return (this.#running ??= this.#exportOnce().finally(() => {
      this.#running = undefined;
    }));
  }

  async #exportOnce(): Promise<void> {
    let metrics: ResourceMetrics | undefined;
    try {
      metrics = await this.collect({ timeoutMillis: this.timeoutMillis });
    } catch (err) {
      diag.dropped('metric.collect-failed', 1, () => `metric collection failed: ${describeError(err)}`);
      return;
    }
    if (metrics === undefined || metrics.scopeMetrics.length === 0) return;
    const collected = metrics;
    const n = pointCount(collected);
    stats.inFlight += n;
    this.#inFlight = n;
    const { result, aborted, ms } = await exportWithDeadline(
      (signal) => this.exporter.export(collected, signal),
      this.timeoutMillis,
      (c) => (this.#current = c),
    );
    this.#inFlight = 0;
    stats.settled(n, ms, result.code === 'success');
    if (result.code !== 'success') {
      const message = describeError(result.error);
      diag.dropped('metric.export-failed', n, () => `metric export failed: ${message}`, failureCause(result.error, aborted));
    }
  }

  /** After the export in flight (if any), one more; resolves by the timeout, keeping the process alive until then. */
  protected override onForceFlush(): Promise<void> {
    const flush = async (): Promise<void> => {
      if (this.#running !== undefined) await this.#running;
      await this.#run();
      try {
        await this.exporter.forceFlush?.();
      } catch (err) {
        diag.error(`metric exporter flush failed: ${describeError(err)}`);
      }
    };
    return withTimeout(flush(), this.timeoutMillis, undefined, true);
  }

  protected override async onShutdown(): Promise<void> {
    this.#unregister();
    clearInterval(this.#timer);
    this.#timer = undefined;
    // The base class refuses collections only after this resolves: one last export.
    await this.onForceFlush();
    // Past the deadline: cancel what is still running, and let it be counted.
    this.#current?.abort(new Error('cancelled by shutdown'));
    if (this.#running !== undefined) await withTimeout(this.#running, ABANDON_GRACE_MS + 100, undefined, true);
    await withTimeout(
      Promise.resolve()
        .then(() => this.exporter.shutdown())
        .catch((err: unknown) => diag.error(`metric exporter shutdown failed: ${describeError(err)}`)),
      this.timeoutMillis,
      undefined,
      true,
    );
  }
}
