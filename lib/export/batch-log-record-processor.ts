/**
 * The production log record processor: emitted records go into the same
 * ring-buffer batching core as spans (batch-processor.ts) and leave in
 * batches. Defaults are the OpenTelemetry OTEL_BLRP_* ones; lib/config reads
 * the variables.
 */
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter, LogRecordProcessor } from '../logs/log-record-processor.js';
import type { BatchOptions, ResolvedBatchOptions } from './batch-processor.js';
import { BatchProcessorCore, resolveBatchOptions } from './batch-processor.js';

/** OTEL_BLRP_MAX_QUEUE_SIZE, _MAX_EXPORT_BATCH_SIZE, _SCHEDULE_DELAY, _EXPORT_TIMEOUT defaults. */
export const BLRP_DEFAULTS: ResolvedBatchOptions = Object.freeze({
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 1000,
  exportTimeoutMillis: 30000,
});

export class BatchLogRecordProcessor implements LogRecordProcessor {
  readonly #core: BatchProcessorCore<LogRecord>;

  constructor(exporter: LogRecordExporter, options?: BatchOptions) {
    this.#core = new BatchProcessorCore<LogRecord>(
      {
        export: (records) => exporter.export(records),
        forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
        shutdown: () => exporter.shutdown(),
      },
      resolveBatchOptions(options, BLRP_DEFAULTS, 'BatchLogRecordProcessor'),
      'blrp.log',
    );
  }

  /** The options in force (defaults filled in). */
  get options(): ResolvedBatchOptions {
    return this.#core.options;
  }

  /** Records dropped because the queue was full (or emitted after shutdown). */
  get dropped(): number {
    return this.#core.dropped;
  }

  /** Records whose export failed. */
  get failed(): number {
    return this.#core.failed;
  }

  /** Records exported successfully. */
  get exported(): number {
    return this.#core.exported;
  }

  /** Records waiting in the queue. */
  get queued(): number {
    return this.#core.queued;
  }

  onEmit(record: LogRecord): void {
    this.#core.add(record);
  }

  forceFlush(): Promise<void> {
    return this.#core.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.#core.shutdown();
  }
}
