/**
 * Exports each record as it is emitted, one export per record. For tests and
 * debugging; the batch processor is the one for production.
 */
import { describeError, diag } from '../common/diag.js';
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter, LogRecordProcessor } from '../logs/log-record-processor.js';
import { callExporter, usableExporter } from './exporter-calls.js';
import { exportFailureReason } from '../common/export-result.js';

export class SimpleLogRecordProcessor implements LogRecordProcessor {
  readonly #exporter: LogRecordExporter | undefined;
  readonly #pending = new Set<Promise<void>>();
  #shutdown: Promise<void> | undefined;

  constructor(exporter: LogRecordExporter) {
    this.#exporter = usableExporter('SimpleLogRecordProcessor', exporter, 'log records');
  }

  onEmit(record: LogRecord): void {
    if (this.#shutdown !== undefined) {
      diag.dropped('log.after-shutdown', 1, 'record emitted after the processor was shut down');
      return;
    }
    if (this.#exporter === undefined) {
      diag.dropped('slp.record.no-exporter', 1, 'the SimpleLogRecordProcessor has no exporter');
      return;
    }
    let p: Promise<void>;
    try {
      p = this.#exporter.export([record]).then(
        (r) => {
          const why = exportFailureReason(r);
          if (why !== undefined) diag.dropped('slp.record.export-failed', 1, () => `log export failed: ${why}`);
        },
        (err: unknown) => diag.dropped('slp.record.export-failed', 1, () => `log export threw: ${describeError(err)}`, 'threw'),
      );
    } catch (err) {
      diag.dropped('slp.record.export-failed', 1, () => `log export threw: ${describeError(err)}`, 'threw');
      return;
    }
    const tracked: Promise<void> = p.finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.#pending);
    await callExporter('SimpleLogRecordProcessor', this.#exporter, 'forceFlush');
  }

  /** Waits for pending exports, then shuts the exporter down; idempotent. */
  shutdown(): Promise<void> {
    return (this.#shutdown ??= this.forceFlush().then(() => callExporter('SimpleLogRecordProcessor', this.#exporter, 'shutdown')));
  }
}
