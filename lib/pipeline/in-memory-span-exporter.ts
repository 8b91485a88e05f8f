/** Keeps exported spans in an array, for tests and for embedding. */
import type { ExportResult } from '../common/export-result.js';
import type { SpanExporter } from '../trace/span-exporter.js';
import { EXPORT_SUCCESS, exportFailure } from '../common/export-result.js';
import type { Span } from '../trace/span.js';

export class InMemorySpanExporter implements SpanExporter {
  #spans: Span[] = [];
  #stopped = false;

  export(spans: readonly Span[]): Promise<ExportResult> {
    if (this.#stopped) return Promise.resolve(exportFailure(new Error('exporter is shut down')));
    for (const s of spans) this.#spans.push(s);
    return Promise.resolve(EXPORT_SUCCESS);
  }

  getFinishedSpans(): Span[] {
    return this.#spans.slice();
  }

  reset(): void {
    this.#spans = [];
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.#stopped = true;
    this.#spans = [];
    return Promise.resolve();
  }
}
