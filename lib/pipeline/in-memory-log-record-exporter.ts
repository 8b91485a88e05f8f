/** Keeps exported log records in an array, for tests and for embedding. */
import { EXPORT_SUCCESS, exportFailure } from '../common/export-result.js';
import type { ExportResult } from '../common/export-result.js';
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter } from '../logs/log-record-processor.js';

export class InMemoryLogRecordExporter implements LogRecordExporter {
  #records: LogRecord[] = [];
  #stopped = false;

  export(records: readonly LogRecord[]): Promise<ExportResult> {
    if (this.#stopped) return Promise.resolve(exportFailure(new Error('exporter is shut down')));
    for (const r of records) this.#records.push(r);
    return Promise.resolve(EXPORT_SUCCESS);
  }

  getFinishedLogRecords(): LogRecord[] {
    return this.#records.slice();
  }

  reset(): void {
    this.#records = [];
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.#stopped = true;
    this.#records = [];
    return Promise.resolve();
  }
}
