/**
 * The production log record processor: emitted records go into the same
 * ring-buffer batching core as spans (batch-processor.ts) and leave in
 * batches. Defaults are the OpenTelemetry OTEL_BLRP_* ones; lib/config reads
 * the variables.
 */
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter, LogRecordProcessor } from '../logs/log-record-processor.js';
import type { BatchOptions } from './batch-options.js';
import { BLRP_DEFAULTS, resolveBatchOptions } from './batch-options.js';
import { BatchProcessorBase } from './batch-processor-base.js';

export { BLRP_DEFAULTS } from './batch-options.js';

/** Counters (`dropped`, `failed`, `exported`, `queued`) count log records. */
export class BatchLogRecordProcessor extends BatchProcessorBase<LogRecord> implements LogRecordProcessor {
  constructor(exporter: LogRecordExporter, options?: BatchOptions) {
    super(exporter, resolveBatchOptions(options, BLRP_DEFAULTS, 'BatchLogRecordProcessor'), 'blrp.log');
  }

  onEmit(record: LogRecord): void {
    this.enqueue(record);
  }
}
