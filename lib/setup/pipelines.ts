/**
 * The exporters and the processors or readers around them, built from the
 * configuration. lib/setup import()s this module only when a signal names at
 * least one exporter: with every exporter `none`, none of this code (nor the
 * OTLP codec, the transports, node:http) is loaded. One module rather than one
 * import() per exporter: the bundle then splits into a few files, not dozens.
 */
import { OtlpHttpLogExporter } from '../exporters/otlp-logs-exporter.js';
import { OtlpHttpMetricExporter } from '../exporters/otlp-metrics-exporter.js';
import { OtlpHttpTraceExporter } from '../exporters/otlp-trace-exporter.js';
import { PrometheusExporter } from '../exporters/prometheus-exporter.js';
import type { LogRecordProcessor } from '../logs/log-record-processor.js';
import type { MetricExporter, MetricReader } from '../metrics/metric-reader.js';
import { PeriodicExportingMetricReader } from '../metrics/periodic-reader.js';
import { BatchLogRecordProcessor } from '../pipeline/batch-log-record-processor.js';
import { BatchSpanProcessor } from '../pipeline/batch-span-processor.js';
import { ConsoleLogRecordExporter } from '../pipeline/console-log-record-exporter.js';
import { ConsoleSpanExporter } from '../pipeline/console-span-exporter.js';
import { ConsoleMetricExporter } from '../pipeline/metric-exporters.js';
import { SimpleLogRecordProcessor } from '../pipeline/simple-log-record-processor.js';
import { SimpleSpanProcessor } from '../pipeline/simple-span-processor.js';
import type { SpanProcessor } from '../trace/span-processor.js';
import type { LogsConfig } from '../config/logs-config.js';
import type { MetricsConfig } from '../config/metrics-config.js';
import type { TraceConfig } from '../config/trace-config.js';

/** The span processors a config asks for (OTLP batched, console immediate). */
export function spanProcessors(config: TraceConfig): SpanProcessor[] {
  const out: SpanProcessor[] = [];
  for (const name of config.exporters) {
    if (name === 'otlp') out.push(new BatchSpanProcessor(new OtlpHttpTraceExporter(config.otlp), config.batch));
    else if (name === 'console') out.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
  }
  return out;
}

/** The metric readers a config asks for: periodic OTLP / console, a Prometheus pull endpoint. */
export function metricReaders(config: MetricsConfig): MetricReader[] {
  const out: MetricReader[] = [];
  const periodic = (exporter: MetricExporter): MetricReader =>
    new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: config.intervalMillis, exportTimeoutMillis: config.timeoutMillis });
  for (const name of config.exporters) {
    if (name === 'otlp') out.push(periodic(new OtlpHttpMetricExporter({ ...config.otlp, temporalitySelector: config.temporality })));
    else if (name === 'console') out.push(periodic(new ConsoleMetricExporter()));
    else if (name === 'prometheus') out.push(new PrometheusExporter({ host: config.prometheus.host, port: config.prometheus.port }));
  }
  return out;
}

/** The log record processors a config asks for (OTLP batched, console immediate). */
export function logRecordProcessors(config: LogsConfig): LogRecordProcessor[] {
  const out: LogRecordProcessor[] = [];
  for (const name of config.exporters) {
    if (name === 'otlp') out.push(new BatchLogRecordProcessor(new OtlpHttpLogExporter(config.otlp), config.batch));
    else if (name === 'console') out.push(new SimpleLogRecordProcessor(new ConsoleLogRecordExporter()));
  }
  return out;
}
