/**
 * Logs settings from the environment: exporters (OTEL_LOGS_EXPORTER), log
 * record limits, the batch processor (OTEL_BLRP_*) and the OTLP exporter
 * (OTEL_EXPORTER_OTLP_LOGS_* over OTEL_EXPORTER_OTLP_*). Pure: env in, options out.
 */
import type { BatchOptions } from '../common/batch-options.js';
import { BLRP_DEFAULTS } from '../common/batch-options.js';
import type { LogRecordLimits } from '../logs/log-record.js';
import type { Env } from './env.js';
import { envBatchOptions, envBoolean, envExporters, envLimit } from './env.js';
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
  return envExporters(env, 'OTEL_LOGS_EXPORTER', EXPORTERS, 'otlp');
}

/** OTEL_LOGRECORD_ATTRIBUTE_* limits, falling back to the general OTEL_ATTRIBUTE_* ones. */
export function logRecordLimitsFromEnv(env: Env): Partial<LogRecordLimits> {
  const out: { -readonly [K in keyof LogRecordLimits]?: number } = {};
  const countMeaning = 'the most attributes kept per log record';
  const lengthMeaning = 'the longest attribute value kept, in characters';
  const count =
    envLimit(env, 'OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT', { meaning: countMeaning, otherwise: 'OTEL_ATTRIBUTE_COUNT_LIMIT or the default 128' }) ??
    envLimit(env, 'OTEL_ATTRIBUTE_COUNT_LIMIT', { meaning: countMeaning, otherwise: 'the default 128' });
  const length =
    envLimit(env, 'OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT', { meaning: lengthMeaning, otherwise: 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT or the default (no limit)' }) ??
    envLimit(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', { meaning: lengthMeaning, otherwise: 'the default (no limit)' });
  if (count !== undefined) out.attributeCountLimit = count;
  if (length !== undefined) out.attributeValueLengthLimit = length;
  return out;
}

/** OTEL_BLRP_*: queue 2048, batch 512, delay 1000 ms, timeout 30000 ms by default. */
export function batchLogOptionsFromEnv(env: Env): Required<BatchOptions> {
  return envBatchOptions(env, 'OTEL_BLRP', BLRP_DEFAULTS);
}

export function logsConfigFromEnv(env: Env): LogsConfig {
  const exporters = logsExporters(env);
  return {
    exporters,
    logRecordLimits: logRecordLimitsFromEnv(env),
    batch: batchLogOptionsFromEnv(env),
    otlp: otlpExporterConfig(env, 'logs', exporters.includes('otlp')),
    captureConsole: envBoolean(env, 'ZEROTEL_CAPTURE_CONSOLE', false),
  };
}
