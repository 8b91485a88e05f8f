/**
 * What the span and log record batch processors share: the batching core
 * behind one adapter, the options resolved once (common/batch-options.ts,
 * against the signal's defaults), and the counters and lifecycle they
 * expose. A subclass names its signal (a BatchSignal) and adds only its hook
 * (`onEnd`, `onEmit`) and filter, calling `enqueue` from it.
 */
import type { BatchExporter } from './batch-processor.js';
import { BatchProcessorCore } from './batch-processor.js';
import type { BatchProcessorOptions, ResolvedBatchOptions } from '../common/batch-options.js';
import { codeBatchOptions, resolveBatchOptions } from '../common/batch-options.js';
import type { PipelineSignal } from '../common/pipeline-stats.js';

/** What tells one batch processor from another: its name, counters and defaults. */
export interface BatchSignal {
  /** Names the processor in diagnostics about its options ("BatchSpanProcessor"). */
  readonly name: string;
  /** Names the drop counters and diagnostics ("bsp.span", "blrp.log"). */
  readonly kind: string;
  /** The shared pipeline counters it adds to (pipelineStats()). */
  readonly signal: PipelineSignal;
  /** The OpenTelemetry defaults (OTEL_BSP_*, OTEL_BLRP_*). */
  readonly defaults: ResolvedBatchOptions;
}

export abstract class BatchProcessorBase<T> {
  readonly #core: BatchProcessorCore<T>;

  /**
   * Unset or invalid options take `batch.defaults`, reported. The exporter is
   * used as given: its optional `encode` / `exportEncoded` let bursts wait as
   * bytes (batch-processor.ts).
   */
  constructor(exporter: BatchExporter<T>, options: BatchProcessorOptions | undefined, batch: BatchSignal) {
    const resolved = resolveBatchOptions(codeBatchOptions(batch.name, options), batch.defaults);
    this.#core = new BatchProcessorCore<T>(exporter, resolved, batch.kind, batch.signal);
  }

  /** The options in force (defaults filled in). */
  get options(): ResolvedBatchOptions {
    return this.#core.options;
  }

  /** Items dropped before any export (queue and encoded bytes full, or added after shutdown). */
  get dropped(): number {
    return this.#core.dropped;
  }

  /** Items whose export failed. */
  get failed(): number {
    return this.#core.failed;
  }

  /** Items exported successfully. */
  get exported(): number {
    return this.#core.exported;
  }

  /** Items waiting in the queue. */
  get queued(): number {
    return this.#core.queued;
  }

  forceFlush(): Promise<void> {
    return this.#core.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.#core.shutdown();
  }

  /** Queues one item: the hot path of every subclass hook. */
  protected enqueue(item: T): void {
    this.#core.add(item);
  }
}
