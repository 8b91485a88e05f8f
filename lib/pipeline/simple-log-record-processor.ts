/**
 * Exports each record as it is emitted, one export per record. For tests and
 * debugging; the batch processor is the one for production.
 */
import { describeError, diag } from '../common/diag.js';
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter, LogRecordProcessor } from '../logs/log-record-processor.js';

export class SimpleLogRecordProcessor implements LogRecordProcessor {
  readonly #exporter: LogRecordExporter;
  readonly #pending = new Set<Promise<void>>();
  #shutdown: Promise<void> | undefined;

  constructor(exporter: LogRecordExporter) {
    this.#exporter = exporter;
  }

  onEmit(record: LogRecord): void {
    if (this.#shutdown !== undefined) {
      diag.dropped('log.after-shutdown', 1, 'record emitted after the processor was shut down');
      return;
    }
    let p: Promise<void>;
    try {
      p = this.#exporter.export([record]).then(
        (r) => {
          if (r.code !== 'success') diag.error(`log export failed: ${r.error.message}`);
        },
        (err: unknown) => diag.error(`log export threw: ${describeError(err)}`),
      );
    } catch (err) {
      diag.error(`log export threw: ${describeError(err)}`);
      return;
    }
    const tracked: Promise<void> = p.finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.#pending);
    await this.#exporter.forceFlush?.();
  }

  /** Waits for pending exports, then shuts the exporter down; idempotent. */
  shutdown(): Promise<void> {
    return (this.#shutdown ??= this.forceFlush().then(() => this.#exporter.shutdown()));
  }
}
