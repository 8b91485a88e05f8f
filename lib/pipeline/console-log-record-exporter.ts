/**
 * Writes each log record as one line of OTLP/JSON (the LogRecord message) for
 * development (OTEL_LOGS_EXPORTER=console), by default to process.stdout
 * (see common/stdout-line.ts).
 */
import { writeStdoutLine } from '../common/stdout-line.js';
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter } from '../logs/log-record-processor.js';
import { jsonLogRecord } from '../otlp/logs-json.js';
import type { ExportResult } from '../trace/span-exporter.js';
import { EXPORT_SUCCESS, exportFailure } from '../trace/span-exporter.js';

export class ConsoleLogRecordExporter implements LogRecordExporter {
  readonly #write: (line: string) => void;
  #stopped = false;

  constructor(write: (line: string) => void = writeStdoutLine) {
    this.#write = write;
  }

  export(records: readonly LogRecord[]): Promise<ExportResult> {
    if (this.#stopped) return Promise.resolve(exportFailure(new Error('console log exporter is shut down')));
    try {
      for (const r of records) this.#write(jsonLogRecord(r));
      return Promise.resolve(EXPORT_SUCCESS);
    } catch (err) {
      return Promise.resolve(exportFailure(err));
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.#stopped = true;
    return Promise.resolve();
  }
}
