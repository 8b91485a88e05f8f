/**
 * The production span processor: ended, sampled spans go into a ring buffer
 * and leave in batches (see batch-processor.ts). Defaults are the
 * OpenTelemetry ones (OTEL_BSP_*, common/batch-options.ts); lib/config reads
 * the variables.
 */
import type { SpanExporter } from '../trace/span-exporter.js';
import type { SpanProcessor } from '../trace/span-processor.js';
import type { Span } from '../trace/span.js';
import { TraceFlags } from '../trace/span-context.js';
import type { BatchProcessorOptions } from '../common/batch-options.js';
import { BSP_DEFAULTS } from '../common/batch-options.js';
import type { BatchSignal } from './batch-processor-base.js';
import { BatchProcessorBase } from './batch-processor-base.js';

export { BSP_DEFAULTS };

const SPANS: BatchSignal = { name: 'BatchSpanProcessor', kind: 'bsp.span', signal: 'spans', defaults: BSP_DEFAULTS };

/** Counters (`dropped`, `failed`, `exported`, `queued`) count spans. */
export class BatchSpanProcessor extends BatchProcessorBase<Span> implements SpanProcessor {
  constructor(exporter: SpanExporter, options?: BatchProcessorOptions) {
    super(exporter, options, SPANS);
  }

  onStart(): void {}

  onEnd(span: Span): void {
    // Record-only spans are visible to processors but never exported.
    if ((span.traceFlags & TraceFlags.SAMPLED) === 0) return;
    this.enqueue(span);
  }
}
