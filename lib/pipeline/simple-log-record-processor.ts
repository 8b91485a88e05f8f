/**
 * Exports each record as it is emitted, one export per record. For tests and
 * debugging; the batch processor is the one for production. Each export,
 * flush and shutdown is bounded (see simple-exports.ts).
 */
import { diag } from '../common/diag.js';
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter, LogRecordProcessor } from '../logs/log-record-processor.js';
import type { SimpleProcessorOptions } from './simple-exports.js';
import { SimpleExports } from './simple-exports.js';

export class SimpleLogRecordProcessor implements LogRecordProcessor {
  readonly #exports: SimpleExports<LogRecord>;
  #shutdown: Promise<void> | undefined;

  constructor(exporter: LogRecordExporter, options?: SimpleProcessorOptions) {
    this.#exports = new SimpleExports<LogRecord>('SimpleLogRecordProcessor', 'slp.record', 'log records', exporter, options);
  }

  onEmit(record: LogRecord): void {
    if (this.#shutdown !== undefined) {
      diag.dropped('log.after-shutdown', 1, 'record emitted after the processor was shut down');
      return;
    }
    this.#exports.send(record);
  }

  forceFlush(): Promise<void> {
    return this.#exports.flush();
  }

  /** Waits for pending exports, then shuts the exporter down; idempotent. */
  shutdown(): Promise<void> {
    return (this.#shutdown ??= this.#exports.shutdown());
  }
}
