/**
 * Metrics settings from the environment: which exporters (OTEL_METRICS_EXPORTER:
 * otlp, prometheus, console, none), the periodic reader's interval and timeout
 * (OTEL_METRIC_EXPORT_INTERVAL 60000, OTEL_METRIC_EXPORT_TIMEOUT 30000), the
 * OTLP exporter (OTEL_EXPORTER_OTLP_METRICS_*), its temporality preference
 * and default histogram aggregation, and the Prometheus endpoint
 * (OTEL_EXPORTER_PROMETHEUS_HOST 127.0.0.1, OTEL_EXPORTER_PROMETHEUS_PORT 9464).
 * Pure: env in, options out.
 */
import { diag } from '../common/diag.js';
import type { TemporalitySelector } from '../metrics/metric-data.js';
import { temporalitySelector } from '../metrics/metric-data.js';
import type { DefaultHistogramAggregation } from '../metrics/view.js';
import type { Env } from './env.js';
import { envEnum, envExporters, envNumber, envString } from './env.js';
import type { OtlpExporterConfig } from './otlp-config.js';
import { otlpExporterConfig } from './otlp-config.js';

export type MetricsExporterName = 'otlp' | 'prometheus' | 'console' | 'none';

export interface MetricsConfig {
  /** Which exporters to run (empty: instruments record nothing). */
  exporters: MetricsExporterName[];
  intervalMillis: number;
  timeoutMillis: number;
  otlp: OtlpExporterConfig;
  temporality: TemporalitySelector;
  defaultHistogramAggregation: DefaultHistogramAggregation;
  prometheus: { host: string; port: number };
}

const EXPORTERS: readonly MetricsExporterName[] = ['otlp', 'prometheus', 'console', 'none'];

/** OTEL_METRICS_EXPORTER: comma-separated; unset means otlp; `none` alone means nothing. */
export function metricsExporters(env: Env): MetricsExporterName[] {
  return envExporters(env, 'OTEL_METRICS_EXPORTER', EXPORTERS, 'otlp');
}

export function metricsConfigFromEnv(env: Env): MetricsConfig {
  const intervalMillis = envNumber(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60000, { min: 1 });
  // An export may not outlast the interval (the next one would start on top of it). When only the
  // interval is set, shorter than the 30 s default timeout, the timeout follows it silently: the
  // user asked for nothing contradictory. A timeout set above the interval is the user's choice
  // and is reported.
  let timeoutMillis = envNumber(env, 'OTEL_METRIC_EXPORT_TIMEOUT', Math.min(30000, intervalMillis), { min: 1 });
  if (timeoutMillis > intervalMillis) {
    diag.warn(`OTEL_METRIC_EXPORT_TIMEOUT=${timeoutMillis} exceeds OTEL_METRIC_EXPORT_INTERVAL=${intervalMillis}; using ${intervalMillis} ms`);
    timeoutMillis = intervalMillis;
  }
  const preference = envEnum(env, 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', ['cumulative', 'delta', 'lowmemory'] as const, 'cumulative');
  const histogram = envEnum(
    env,
    'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION',
    ['explicit_bucket_histogram', 'base2_exponential_bucket_histogram'] as const,
    'explicit_bucket_histogram',
  );
  const exporters = metricsExporters(env);
  return {
    exporters,
    intervalMillis,
    timeoutMillis,
    otlp: otlpExporterConfig(env, 'metrics', exporters.includes('otlp')),
    temporality: temporalitySelector(preference),
    defaultHistogramAggregation: histogram === 'base2_exponential_bucket_histogram' ? 'exponential' : 'explicit',
    prometheus: {
      host: envString(env, 'OTEL_EXPORTER_PROMETHEUS_HOST') ?? '127.0.0.1',
      port: envNumber(env, 'OTEL_EXPORTER_PROMETHEUS_PORT', 9464, { min: 0, max: 65535, integer: true }),
    },
  };
}
