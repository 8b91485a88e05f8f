/**
 * Log record processors see every emitted record. The composite keeps the
 * processors in an array and guards each call, so a throwing processor never
 * reaches the code that logged.
 */
import { describeError, diag } from '../common/diag.js';
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

export class MultiLogRecordProcessor implements LogRecordProcessor {
  readonly processors: LogRecordProcessor[] = [];

  add(p: LogRecordProcessor): void {
    this.processors.push(p);
  }

  get size(): number {
    return this.processors.length;
  }

  onEmit(record: LogRecord, context: Context): void {
    const ps = this.processors;
    for (let i = 0; i < ps.length; i++) {
      try {
        ps[i]!.onEmit(record, context);
      } catch (err) {
        diag.error(`log record processor onEmit failed: ${describeError(err)}`);
      }
    }
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.processors.map((p) => callSafely(p, 'forceFlush')));
  }

  /**
   * Detaches every processor at once, then shuts them down: from this call
   * on, loggers see no processor and build no record (`enabled()` is false).
   */
  async shutdown(): Promise<void> {
    const ps = this.processors.splice(0);
    await Promise.all(ps.map((p) => callSafely(p, 'shutdown')));
  }
}

async function callSafely(p: LogRecordProcessor, what: 'forceFlush' | 'shutdown'): Promise<void> {
  try {
    await p[what]();
  } catch (err) {
    diag.error(`log record processor ${what} failed: ${describeError(err)}`);
  }
}
