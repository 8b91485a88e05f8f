/**
 * Writes each log record as one line of OTLP/JSON (the LogRecord message) for
 * development (OTEL_LOGS_EXPORTER=console). The default writer is
 * process.stdout, NOT console.log: with the console bridge on, console output
 * becomes log records, and an exporter printing through it would feed itself.
 */
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter } from '../logs/log-record-processor.js';
import { jsonLogRecord } from '../otlp/logs-json.js';
import type { ExportResult } from '../trace/span-exporter.js';
import { EXPORT_SUCCESS, exportFailure } from '../trace/span-exporter.js';

export class ConsoleLogRecordExporter implements LogRecordExporter {
  readonly #write: (line: string) => void;
  #stopped = false;

  constructor(write: (line: string) => void = (line) => void process.stdout.write(`${line}\n`)) {
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
