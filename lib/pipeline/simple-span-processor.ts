/**
 * Exports each sampled span as it ends, one export at a time per span. Meant
 * for tests and debugging; the batch processor in lib/pipeline is for production.
 */
import { describeError, diag } from '../common/diag.js';
import type { SpanExporter } from '../trace/span-exporter.js';
import type { SpanProcessor } from '../trace/span-processor.js';
import type { Span } from '../trace/span.js';
import { TraceFlags } from '../trace/span-context.js';
import { callExporter, usableExporter } from './exporter-calls.js';
import { exportFailureReason } from '../common/export-result.js';

export class SimpleSpanProcessor implements SpanProcessor {
  readonly #exporter: SpanExporter | undefined;
  readonly #pending = new Set<Promise<void>>();
  #shutdown = false;

  constructor(exporter: SpanExporter) {
    this.#exporter = usableExporter('SimpleSpanProcessor', exporter, 'spans');
  }

  onStart(): void {}

  onEnd(span: Span): void {
    let sampled: boolean;
    try {
      sampled = (span.traceFlags & TraceFlags.SAMPLED) !== 0;
    } catch {
      // Called by hand with something that is not a span (the tracer passes its own).
      diag.dropped('ssp.span.invalid', 1, 'SimpleSpanProcessor.onEnd() was given something that is not a span');
      return;
    }
    if (this.#shutdown || !sampled) return;
    if (this.#exporter === undefined) {
      diag.dropped('ssp.span.no-exporter', 1, 'the SimpleSpanProcessor has no exporter');
      return;
    }
    // A failed or throwing export loses the span: counted like the batch processor's failures, never only said.
    let p: Promise<void>;
    try {
      p = this.#exporter.export([span]).then(
        (r) => {
          const why = exportFailureReason(r);
          if (why !== undefined) diag.dropped('ssp.span.export-failed', 1, () => `span export failed: ${why}`);
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
    await callExporter('SimpleSpanProcessor', this.#exporter, 'forceFlush');
  }

  async shutdown(): Promise<void> {
    if (this.#shutdown) return;
    await this.forceFlush();
    this.#shutdown = true;
    await callExporter('SimpleSpanProcessor', this.#exporter, 'shutdown');
  }
}
