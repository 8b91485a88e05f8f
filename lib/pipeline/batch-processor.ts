/**
 * The batching core shared by spans and log records: a ring buffer, a timer,
 * and at most one export in flight. Generic over the item type; the span and
 * log processors are thin adapters that choose their defaults and filters.
 *
 * Semantics (OpenTelemetry BatchSpanProcessor / BatchLogRecordProcessor):
 *  - an item is queued at once; a full queue drops the new item and counts it;
 *  - an export starts when a full batch is waiting, or `scheduledDelayMillis`
 *    after the first queued item otherwise; the timer never holds the process;
 *  - one export at a time, each bounded by `exportTimeoutMillis`;
 *  - `forceFlush()` exports everything queued when it was called, `shutdown()`
 *    flushes then shuts the exporter down; both are bounded by the timeout.
 */
import { describeError, diag } from '../common/diag.js';
import { safeString } from '../common/exception.js';
import type { ExportResult } from '../trace/span-exporter.js';
import { RingBuffer } from './ring-buffer.js';

/** What a batch processor exports into (a SpanExporter is one, for spans). */
export interface BatchExporter<T> {
  export(items: T[]): Promise<ExportResult>;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface BatchOptions {
  /** Most items queued; more are dropped and counted. */
  maxQueueSize?: number;
  /** Most items per export (at most maxQueueSize). */
  maxExportBatchSize?: number;
  /** Delay from the first queued item to the export of a partial batch. */
  scheduledDelayMillis?: number;
  /** Bound on one export, and on forceFlush/shutdown. */
  exportTimeoutMillis?: number;
}

export interface ResolvedBatchOptions {
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
}

/** Fills unset or invalid options from `defaults`, keeping batch size <= queue size. */
export function resolveBatchOptions(options: BatchOptions | undefined, defaults: ResolvedBatchOptions, kind: string): ResolvedBatchOptions {
  const pick = (name: keyof ResolvedBatchOptions, min: number): number => {
    const v = options?.[name];
    if (v === undefined) return defaults[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      diag.warn(`${kind}: invalid ${name} ${safeString(v)}; using the default ${defaults[name]}`);
      return defaults[name];
    }
    return Math.floor(v);
  };
  const maxQueueSize = pick('maxQueueSize', 1);
  let maxExportBatchSize = pick('maxExportBatchSize', 1);
  if (maxExportBatchSize > maxQueueSize) {
    diag.warn(`${kind}: maxExportBatchSize ${maxExportBatchSize} exceeds maxQueueSize ${maxQueueSize}; using ${maxQueueSize}`);
    maxExportBatchSize = maxQueueSize;
  }
  return {
    maxQueueSize,
    maxExportBatchSize,
    scheduledDelayMillis: pick('scheduledDelayMillis', 0),
    exportTimeoutMillis: pick('exportTimeoutMillis', 0),
  };
}

const TIMED_OUT: ExportResult = Object.freeze({ code: 'failure', error: new Error('export timed out') });

/** Resolves with `p`'s value, or `fallback` after `ms` (an unref'd timer). */
export function withTimeout<R>(p: Promise<R>, ms: number, fallback: R): Promise<R> {
  return new Promise<R>((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

export class BatchProcessorCore<T> {
  readonly options: ResolvedBatchOptions;
  readonly #exporter: BatchExporter<T>;
  readonly #queue: RingBuffer<T>;
  /** For diagnostics and drop counters: "bsp.span", "blrp.log". */
  readonly #kind: string;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #dropped: number;
  /** How many of `#dropped` diag has been told about. */
  #reported: number;
  #failed: number;
  #exported: number;
  #shutdown: Promise<void> | undefined;

  constructor(exporter: BatchExporter<T>, options: ResolvedBatchOptions, kind: string) {
    this.options = options;
    this.#exporter = exporter;
    this.#queue = new RingBuffer<T>(options.maxQueueSize);
    this.#kind = kind;
    this.#timer = undefined;
    this.#inFlight = undefined;
    this.#dropped = 0;
    this.#reported = 0;
    this.#failed = 0;
    this.#exported = 0;
    this.#shutdown = undefined;
  }

  /**
   * Items dropped because the queue was full (or arrived after shutdown).
   * Exact at all times; diag's `droppedCounts()` catches up at the next
   * export or flush.
   */
  get dropped(): number {
    return this.#dropped;
  }

  /** Items whose export failed (after the exporter's own retries). */
  get failed(): number {
    return this.#failed;
  }

  /** Items exported successfully. */
  get exported(): number {
    return this.#exported;
  }

  /** Items waiting in the queue. */
  get queued(): number {
    return this.#queue.size;
  }

  /** Queues `item` (the hot path: one ring write, a timer armed on the first item). */
  add(item: T): void {
    if (this.#shutdown !== undefined || !this.#queue.push(item)) {
      // A flood drops thousands per millisecond: count here, tell diag in bulk (#reportDrops).
      if (this.#dropped++ === 0) this.#reportDrops();
      return;
    }
    if (this.#inFlight !== undefined) return;
    if (this.#queue.size >= this.options.maxExportBatchSize) this.#schedule(0);
    else if (this.#timer === undefined) this.#schedule(this.options.scheduledDelayMillis);
  }

  #schedule(ms: number): void {
    if (this.#timer !== undefined) {
      if (ms !== 0) return;
      clearTimeout(this.#timer);
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#exportLoop(false);
    }, ms);
    this.#timer.unref();
  }

  /** Moves the drops counted since the last report into diag's counters (the first one logs once). */
  #reportDrops(): void {
    const n = this.#dropped - this.#reported;
    if (n <= 0) return;
    this.#reported = this.#dropped;
    // The reason is printed only with the kind's first drop: build it only then.
    diag.dropped(this.#kind, n, () => (this.#shutdown !== undefined ? 'added after shutdown' : `queue full (maxQueueSize ${this.options.maxQueueSize})`));
  }

  /**
   * Exports batches while a full batch is waiting (or, when `all`, until the
   * queue is empty), one at a time; then re-arms the timer for any remainder.
   */
  #exportLoop(all: boolean): Promise<void> {
    this.#reportDrops();
    if (this.#inFlight !== undefined) return this.#inFlight;
    const run = async (): Promise<void> => {
      const max = this.options.maxExportBatchSize;
      do {
        await this.#exportBatch(this.#queue.drain(max));
      } while (this.#queue.size >= max || (all && this.#queue.size > 0));
    };
    const p = run().finally(() => {
      this.#inFlight = undefined;
      if (this.#queue.size > 0 && this.#shutdown === undefined) {
        this.#schedule(this.#queue.size >= this.options.maxExportBatchSize ? 0 : this.options.scheduledDelayMillis);
      }
    });
    this.#inFlight = p;
    return p;
  }

  async #exportBatch(batch: T[]): Promise<void> {
    if (batch.length === 0) return;
    let result: ExportResult;
    try {
      result = await withTimeout(this.#exporter.export(batch), this.options.exportTimeoutMillis, TIMED_OUT);
    } catch (err) {
      result = { code: 'failure', error: err instanceof Error ? err : new Error(describeError(err)) };
    }
    if (result.code === 'success') {
      this.#exported += batch.length;
    } else {
      this.#failed += batch.length;
      diag.dropped(`${this.#kind}.export-failed`, batch.length, `export of ${batch.length} failed: ${result.error.message}`);
      diag.debug(`${this.#kind}: export of ${batch.length} failed: ${result.error.message}`);
    }
  }

  /**
   * Exports everything queued (waiting for an export already in flight), then
   * flushes the exporter; resolves within `exportTimeoutMillis` regardless.
   */
  forceFlush(): Promise<void> {
    return withTimeout(this.#flush(), this.options.exportTimeoutMillis, undefined);
  }

  async #flush(): Promise<void> {
    this.#reportDrops();
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    // An export in flight drained only its batch; loop until the queue is empty.
    while (this.#inFlight !== undefined || this.#queue.size > 0) {
      await (this.#inFlight ?? this.#exportLoop(true));
    }
    try {
      await this.#exporter.forceFlush?.();
    } catch (err) {
      diag.error(`${this.#kind}: exporter forceFlush failed: ${describeError(err)}`);
    }
  }

  /** Flushes, then shuts the exporter down; idempotent, bounded by the timeout. */
  shutdown(): Promise<void> {
    return (this.#shutdown ??= this.#doShutdown());
  }

  async #doShutdown(): Promise<void> {
    await this.forceFlush();
    try {
      await withTimeout(this.#exporter.shutdown(), this.options.exportTimeoutMillis, undefined);
    } catch (err) {
      diag.error(`${this.#kind}: exporter shutdown failed: ${describeError(err)}`);
    }
  }
}
