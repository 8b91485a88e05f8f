/** Keeps exported spans in an array, for tests and for embedding. */
import type { ExportResult } from '../common/export-result.js';
import type { SpanExporter } from '../trace/span-exporter.js';
import type { Span } from '../trace/span.js';
import { InMemoryExporter } from './in-memory-exporter.js';

export class InMemorySpanExporter extends InMemoryExporter<Span> implements SpanExporter {
  constructor() {
    super(true);
  }

  export(spans: readonly Span[]): Promise<ExportResult> {
    return this.keep(spans);
  }

  getFinishedSpans(): Span[] {
    return this.kept.slice();
  }
}
