/**
 * Writes each span as one line of OTLP/JSON (the Span message) to stdout,
 * through the writer given (default: process.stdout, see common/stdout-line.ts). For development.
 */
import { writeStdoutLine } from '../common/stdout-line.js';
import { jsonSpan } from '../otlp/trace-json.js';
import type { ExportResult, SpanExporter } from '../trace/span-exporter.js';
import { EXPORT_SUCCESS, exportFailure } from '../trace/span-exporter.js';
import type { Span } from '../trace/span.js';

export class ConsoleSpanExporter implements SpanExporter {
  readonly #write: (line: string) => void;

  constructor(write: (line: string) => void = writeStdoutLine) {
    this.#write = write;
  }

  export(spans: readonly Span[]): Promise<ExportResult> {
    try {
      for (const span of spans) if (span.owner !== undefined) this.#write(jsonSpan(span));
      return Promise.resolve(EXPORT_SUCCESS);
    } catch (err) {
      return Promise.resolve(exportFailure(err));
    }
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
