/** Keeps exported log records in an array, for tests and for embedding. */
import type { ExportResult } from '../common/export-result.js';
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter } from '../logs/log-record-processor.js';
import { InMemoryExporter } from './in-memory-exporter.js';

export class InMemoryLogRecordExporter extends InMemoryExporter<LogRecord> implements LogRecordExporter {
  constructor() {
    super(true);
  }

  export(records: readonly LogRecord[]): Promise<ExportResult> {
    return this.keep(records);
  }

  getFinishedLogRecords(): LogRecord[] {
    return this.kept.slice();
  }
}
