/**
 * The production log record processor: emitted records go into the same
 * ring-buffer batching core as spans (batch-processor.ts) and leave in
 * batches. Defaults are the OpenTelemetry OTEL_BLRP_* ones; lib/config reads
 * the variables.
 */
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter, LogRecordProcessor } from '../logs/log-record-processor.js';
import type { BatchProcessorOptions, ResolvedBatchOptions } from './batch-processor.js';
import { resolveBatchOptions } from './batch-processor.js';
import { BatchProcessorBase } from './batch-processor-base.js';

/** OTEL_BLRP_MAX_QUEUE_SIZE, _MAX_EXPORT_BATCH_SIZE, _SCHEDULE_DELAY, _EXPORT_TIMEOUT defaults. */
export const BLRP_DEFAULTS: ResolvedBatchOptions = Object.freeze({
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 1000,
  exportTimeoutMillis: 30000,
});

/** Counters (`dropped`, `failed`, `exported`, `queued`) count log records. */
export class BatchLogRecordProcessor extends BatchProcessorBase<LogRecord> implements LogRecordProcessor {
  constructor(exporter: LogRecordExporter, options?: BatchProcessorOptions) {
    super(exporter, resolveBatchOptions(options, BLRP_DEFAULTS, 'BatchLogRecordProcessor'), 'blrp.log', 'logs');
  }

  onEmit(record: LogRecord): void {
    this.enqueue(record);
  }
}
