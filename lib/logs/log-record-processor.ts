/**
 * Log record processors see every emitted record. The composite keeps the
 * processors in an array and guards each call, so a throwing processor never
 * reaches the code that logged.
 */
import { ProcessorList } from '../common/processor-list.js';
import type { Context } from '../context/context.js';
import type { ExportResult } from '../trace/span-exporter.js';
import type { LogRecord } from './log-record.js';

export interface LogRecordProcessor {
  /** Called synchronously at emit; may change the record until it returns. */
  onEmit(record: LogRecord, context: Context): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** The contract between log record processors and exporters. Results are values, never throws. */
export interface LogRecordExporter {
  /** `signal` (optional) aborts at the caller's deadline: stop, and resolve with a failure promptly. */
  export(records: readonly LogRecord[], signal?: AbortSignal): Promise<ExportResult>;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Every processor of a provider; a throwing one is reported and the others
 * still run. Shutdown detaches them all at once: from that call on, loggers
 * see no processor and build no record (`enabled()` is false).
 */
export class MultiLogRecordProcessor extends ProcessorList<LogRecordProcessor> implements LogRecordProcessor {
  constructor() {
    super('log record processor', true);
  }

  onEmit(record: LogRecord, context: Context): void {
    const ps = this.processors;
    for (let i = 0; i < ps.length; i++) {
      try {
        ps[i]!.onEmit(record, context);
      } catch (err) {
        this.failed('onEmit', err);
      }
    }
  }
}
