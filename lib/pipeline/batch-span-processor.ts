/**
 * The production span processor: ended, sampled spans go into a ring buffer
 * and leave in batches (see batch-processor.ts). Defaults are the
 * OpenTelemetry ones (OTEL_BSP_*); lib/config reads the variables.
 */
import type { SpanExporter } from '../trace/span-exporter.js';
import type { SpanProcessor } from '../trace/span-processor.js';
import type { Span } from '../trace/span.js';
import { TraceFlags } from '../trace/span-context.js';
import type { BatchProcessorOptions, ResolvedBatchOptions } from './batch-processor.js';
import { resolveBatchOptions } from './batch-processor.js';
import { BatchProcessorBase } from './batch-processor-base.js';

/** OTEL_BSP_MAX_QUEUE_SIZE, _MAX_EXPORT_BATCH_SIZE, _SCHEDULE_DELAY, _EXPORT_TIMEOUT defaults. */
export const BSP_DEFAULTS: ResolvedBatchOptions = Object.freeze({
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 5000,
  exportTimeoutMillis: 30000,
});

/** Counters (`dropped`, `failed`, `exported`, `queued`) count spans. */
export class BatchSpanProcessor extends BatchProcessorBase<Span> implements SpanProcessor {
  constructor(exporter: SpanExporter, options?: BatchProcessorOptions) {
    super(exporter, resolveBatchOptions(options, BSP_DEFAULTS, 'BatchSpanProcessor'), 'bsp.span', 'spans');
  }

  onStart(): void {}

  onEnd(span: Span): void {
    // Record-only spans are visible to processors but never exported.
    if ((span.traceFlags & TraceFlags.SAMPLED) === 0) return;
    this.enqueue(span);
  }
}
