/**
 * What the span and log record batch processors share: the batching core
 * behind one adapter, and the counters and lifecycle they expose. A subclass
 * adds only its signal's hook (`onEnd`, `onEmit`) and filter, and calls
 * `enqueue` from it.
 */
import type { BatchExporter, ResolvedBatchOptions } from './batch-processor.js';
import { BatchProcessorCore } from './batch-processor.js';
import type { PipelineSignal } from '../common/pipeline-stats.js';

export abstract class BatchProcessorBase<T> {
  readonly #core: BatchProcessorCore<T>;

  /**
   * `kind` names the drop counters and diagnostics ("bsp.span", "blrp.log");
   * `signal` the shared pipeline counters it adds to (pipelineStats()).
   * The exporter is used as given: its optional `encode` / `exportEncoded`
   * let bursts wait as bytes (batch-processor.ts).
   */
  constructor(exporter: BatchExporter<T>, options: ResolvedBatchOptions, kind: string, signal: PipelineSignal) {
    this.#core = new BatchProcessorCore<T>(exporter, options, kind, signal);
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
