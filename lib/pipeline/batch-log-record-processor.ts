/**
 * The production log record processor: emitted records go into the same
 * ring-buffer batching core as spans (batch-processor.ts) and leave in
 * batches. Defaults are the OpenTelemetry OTEL_BLRP_* ones
 * (common/batch-options.ts); lib/config reads the variables.
 */
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter, LogRecordProcessor } from '../logs/log-record-processor.js';
import type { BatchProcessorOptions } from '../common/batch-options.js';
import { BLRP_DEFAULTS } from '../common/batch-options.js';
import type { BatchSignal } from './batch-processor-base.js';
import { BatchProcessorBase } from './batch-processor-base.js';

export { BLRP_DEFAULTS };

const LOGS: BatchSignal = { name: 'BatchLogRecordProcessor', kind: 'blrp.log', signal: 'logs', defaults: BLRP_DEFAULTS };

/** Counters (`dropped`, `failed`, `exported`, `queued`) count log records. */
export class BatchLogRecordProcessor extends BatchProcessorBase<LogRecord> implements LogRecordProcessor {
  constructor(exporter: LogRecordExporter, options?: BatchProcessorOptions) {
    super(exporter, options, LOGS);
  }

  onEmit(record: LogRecord): void {
    this.enqueue(record);
  }
}
