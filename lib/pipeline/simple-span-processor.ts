/**
 * Exports each sampled span as it ends, one export at a time per span. Meant
 * for tests and debugging; the batch processor in lib/pipeline is for production.
 */
import { describeError, diag } from '../common/diag.js';
import type { SpanExporter } from '../trace/span-exporter.js';
import type { SpanProcessor } from '../trace/span-processor.js';
import type { Span } from '../trace/span.js';
import { TraceFlags } from '../trace/span-context.js';

export class SimpleSpanProcessor implements SpanProcessor {
  readonly #exporter: SpanExporter;
  readonly #pending = new Set<Promise<void>>();
  #shutdown = false;

  constructor(exporter: SpanExporter) {
    this.#exporter = exporter;
  }

  onStart(): void {}

  onEnd(span: Span): void {
    if (this.#shutdown || (span.traceFlags & TraceFlags.SAMPLED) === 0) return;
    // A failed or throwing export loses the span: counted like the batch processor's failures, never only said.
    let p: Promise<void>;
    try {
      p = this.#exporter.export([span]).then(
        (r) => {
          if (r.code !== 'success') diag.dropped('ssp.span.export-failed', 1, () => `span export failed: ${r.error.message}`);
        },
        (err: unknown) => diag.dropped('ssp.span.export-failed', 1, () => `span export threw: ${describeError(err)}`, 'threw'),
      );
    } catch (err) {
      diag.dropped('ssp.span.export-failed', 1, () => `span export threw: ${describeError(err)}`, 'threw');
      return;
    }
    const tracked = p.finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.#pending);
    await this.#exporter.forceFlush?.();
  }

  async shutdown(): Promise<void> {
    if (this.#shutdown) return;
    await this.forceFlush();
    this.#shutdown = true;
    await this.#exporter.shutdown();
  }
}
