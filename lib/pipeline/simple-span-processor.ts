/**
 * Exports each sampled span as it ends, one export at a time per span. Meant
 * for tests and debugging; the batch processor in lib/pipeline is for production.
 * Each export, flush and shutdown is bounded (see simple-exports.ts).
 */
import { diag } from '../common/diag.js';
import type { SpanExporter } from '../trace/span-exporter.js';
import type { SpanProcessor } from '../trace/span-processor.js';
import type { Span } from '../trace/span.js';
import { TraceFlags } from '../trace/span-context.js';
import type { SimpleProcessorOptions } from './simple-exports.js';
import { SimpleExports } from './simple-exports.js';

export class SimpleSpanProcessor implements SpanProcessor {
  readonly #exports: SimpleExports<Span>;
  #shutdown: Promise<void> | undefined;

  constructor(exporter: SpanExporter, options?: SimpleProcessorOptions) {
    this.#exports = new SimpleExports<Span>('SimpleSpanProcessor', 'ssp.span', 'spans', exporter, options);
  }

  onStart(): void {}

  onEnd(span: Span): void {
    let sampled: boolean;
    try {
      sampled = (span.traceFlags & TraceFlags.SAMPLED) !== 0;
    } catch {
      // Called by hand with something that is not a span (the tracer passes its own).
      diag.dropped('ssp.span.invalid', 1, 'SimpleSpanProcessor.onEnd(): not a span');
      return;
    }
    if (this.#shutdown !== undefined || !sampled) return;
    this.#exports.send(span);
  }

  forceFlush(): Promise<void> {
    return this.#exports.flush();
  }

  /** Waits for pending exports, then shuts the exporter down; idempotent. */
  shutdown(): Promise<void> {
    return (this.#shutdown ??= this.#exports.shutdown());
  }
}
