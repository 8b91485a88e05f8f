/**
 * Logs settings from the environment: exporters (OTEL_LOGS_EXPORTER), log
 * record limits, the batch processor (OTEL_BLRP_*) and the OTLP exporter
 * (OTEL_EXPORTER_OTLP_LOGS_* over OTEL_EXPORTER_OTLP_*). Pure: env in, options out.
 */
import { diag } from '../common/diag.js';
import type { BatchOptions } from '../export/batch-processor.js';
import { BLRP_DEFAULTS } from '../export/batch-log-record-processor.js';
import type { LogRecordLimits } from '../logs/log-record.js';
import type { Env } from './env.js';
import { envBoolean, envLimit, envList, envNumber } from './env.js';
import type { OtlpExporterConfig } from './otlp-config.js';
import { otlpExporterConfig } from './otlp-config.js';

export type LogsExporterName = 'otlp' | 'console' | 'none';

export interface LogsConfig {
  /** Which exporters to run (empty: records are made only if someone adds a processor). */
  exporters: LogsExporterName[];
  logRecordLimits: Partial<LogRecordLimits>;
  batch: Required<BatchOptions>;
  otlp: OtlpExporterConfig;
  /** ZEROTEL_CAPTURE_CONSOLE=true: record console.* output as log records (printing is unchanged). */
  captureConsole: boolean;
}

const EXPORTERS: readonly LogsExporterName[] = ['otlp', 'console', 'none'];

/** OTEL_LOGS_EXPORTER: comma-separated; unset means otlp; `none` alone means nothing. */
export function logsExporters(env: Env): LogsExporterName[] {
  const names = envList(env, 'OTEL_LOGS_EXPORTER');
  if (names === undefined || names.length === 0) return ['otlp'];
  const out: LogsExporterName[] = [];
  for (const n of names) {
    if ((EXPORTERS as readonly string[]).includes(n)) {
      if (n !== 'none' && !out.includes(n as LogsExporterName)) out.push(n as LogsExporterName);
    } else {
      diag.warnOnce(`env:OTEL_LOGS_EXPORTER:${n}`, `OTEL_LOGS_EXPORTER: unsupported exporter "${n}" ignored (supported: otlp, console, none)`);
    }
  }
  return out;
}

/** OTEL_LOGRECORD_ATTRIBUTE_* limits, falling back to the general OTEL_ATTRIBUTE_* ones. */
export function logRecordLimitsFromEnv(env: Env): Partial<LogRecordLimits> {
  const out: { -readonly [K in keyof LogRecordLimits]?: number } = {};
  const count = envLimit(env, 'OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT') ?? envLimit(env, 'OTEL_ATTRIBUTE_COUNT_LIMIT');
  const length = envLimit(env, 'OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT') ?? envLimit(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT');
  if (count !== undefined) out.attributeCountLimit = count;
  if (length !== undefined) out.attributeValueLengthLimit = length;
  return out;
}

/** OTEL_BLRP_*: queue 2048, batch 512, delay 1000 ms, timeout 30000 ms by default. */
export function batchLogOptionsFromEnv(env: Env): Required<BatchOptions> {
  const maxQueueSize = envNumber(env, 'OTEL_BLRP_MAX_QUEUE_SIZE', BLRP_DEFAULTS.maxQueueSize, { min: 1, integer: true });
  let maxExportBatchSize = envNumber(env, 'OTEL_BLRP_MAX_EXPORT_BATCH_SIZE', BLRP_DEFAULTS.maxExportBatchSize, { min: 1, integer: true });
  if (maxExportBatchSize > maxQueueSize) {
    diag.warn(`OTEL_BLRP_MAX_EXPORT_BATCH_SIZE=${maxExportBatchSize} exceeds OTEL_BLRP_MAX_QUEUE_SIZE=${maxQueueSize}; using ${maxQueueSize}`);
    maxExportBatchSize = maxQueueSize;
  }
  return {
    maxQueueSize,
    maxExportBatchSize,
    scheduledDelayMillis: envNumber(env, 'OTEL_BLRP_SCHEDULE_DELAY', BLRP_DEFAULTS.scheduledDelayMillis, { min: 0 }),
    exportTimeoutMillis: envNumber(env, 'OTEL_BLRP_EXPORT_TIMEOUT', BLRP_DEFAULTS.exportTimeoutMillis, { min: 0 }),
  };
}

export function logsConfigFromEnv(env: Env): LogsConfig {
  return {
    exporters: logsExporters(env),
    logRecordLimits: logRecordLimitsFromEnv(env),
    batch: batchLogOptionsFromEnv(env),
    otlp: otlpExporterConfig(env, 'logs'),
    captureConsole: envBoolean(env, 'ZEROTEL_CAPTURE_CONSOLE', false),
  };
}
