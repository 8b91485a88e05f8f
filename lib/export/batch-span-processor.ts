/**
 * The production span processor: ended, sampled spans go into a ring buffer
 * and leave in batches (see batch-processor.ts). Defaults are the
 * OpenTelemetry ones (OTEL_BSP_*); lib/config reads the variables.
 */
import type { SpanExporter } from '../trace/span-exporter.js';
import type { SpanProcessor } from '../trace/span-processor.js';
import type { Span } from '../trace/span.js';
import { TraceFlags } from '../trace/span-context.js';
import type { BatchOptions, ResolvedBatchOptions } from './batch-processor.js';
import { BatchProcessorCore, resolveBatchOptions } from './batch-processor.js';

/** OTEL_BSP_MAX_QUEUE_SIZE, _MAX_EXPORT_BATCH_SIZE, _SCHEDULE_DELAY, _EXPORT_TIMEOUT defaults. */
export const BSP_DEFAULTS: ResolvedBatchOptions = Object.freeze({
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 5000,
  exportTimeoutMillis: 30000,
});

export class BatchSpanProcessor implements SpanProcessor {
  readonly #core: BatchProcessorCore<Span>;

  constructor(exporter: SpanExporter, options?: BatchOptions) {
    this.#core = new BatchProcessorCore<Span>(
      { export: (spans) => exporter.export(spans), forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(), shutdown: () => exporter.shutdown() },
      resolveBatchOptions(options, BSP_DEFAULTS, 'BatchSpanProcessor'),
      'bsp.span',
    );
  }

  /** The options in force (defaults filled in). */
  get options(): ResolvedBatchOptions {
    return this.#core.options;
  }

  /** Spans dropped because the queue was full. */
  get dropped(): number {
    return this.#core.dropped;
  }

  /** Spans whose export failed. */
  get failed(): number {
    return this.#core.failed;
  }

  /** Spans exported successfully. */
  get exported(): number {
    return this.#core.exported;
  }

  /** Spans waiting in the queue. */
  get queued(): number {
    return this.#core.queued;
  }

  onStart(): void {}

  onEnd(span: Span): void {
    // Record-only spans are visible to processors but never exported.
    if ((span.traceFlags & TraceFlags.SAMPLED) === 0) return;
    this.#core.add(span);
  }

  forceFlush(): Promise<void> {
    return this.#core.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.#core.shutdown();
  }
}
