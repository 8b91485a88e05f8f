/**
 * `zerotel/sdk` — the SDK's building blocks, for an application that builds
 * its own pipelines instead of (or beside) `zerotel/register`: providers and
 * their options, resources, samplers and limits, processors, exporters
 * (in-memory, console, OTLP over HTTP or gRPC, Prometheus), metric readers and views, and
 * setup from the standard OTEL_* configuration. The name follows the
 * OpenTelemetry split between the API (`zerotel`) and the SDK.
 * Named exports only; types exported separately; grouped by purpose.
 */

// Resources and export results, shared by every signal.
export { Resource, defaultResource, resourceFromAttributes } from './common/resource.js';
export { EXPORT_SUCCESS, exportFailure } from './common/export-result.js';
export { TransportError } from './transport/transport-result.js';
export type { InstrumentationScope } from './common/resource.js';
export type { ExportResult } from './common/export-result.js';
export type { BatchOptions, BatchProcessorOptions } from './pipeline/batch-processor.js';

// Tracing: the provider, samplers, limits, processors and exporters.
export { TracerProvider } from './trace/tracer-provider.js';
export { Tracer } from './trace/tracer.js';
export { Span } from './trace/span.js';
export { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, SamplingDecision, TraceIdRatioBasedSampler } from './trace/sampler.js';
export { DEFAULT_SPAN_LIMITS } from './trace/span-limits.js';
export { BatchSpanProcessor } from './pipeline/batch-span-processor.js';
export { SimpleSpanProcessor } from './pipeline/simple-span-processor.js';
export { InMemorySpanExporter } from './pipeline/in-memory-span-exporter.js';
export { ConsoleSpanExporter } from './pipeline/console-span-exporter.js';
export { OtlpHttpTraceExporter, OtlpTraceExporter } from './exporters/otlp-trace-exporter.js';
export type { TracerOptions, TracerProviderOptions } from './trace/tracer-provider.js';
export type { ParentBasedOptions, Sampler } from './trace/sampler.js';
export type { SpanLimits } from './trace/span-limits.js';
export type { SpanProcessor } from './trace/span-processor.js';
export type { SimpleProcessorOptions } from './pipeline/simple-exports.js';
export type { SpanExporter } from './trace/span-exporter.js';
export type { OtlpExporterOptions, OtlpHttpExporterOptions, OtlpHttpProtocol, OtlpProtocol } from './exporters/otlp-exporter.js';

// Metrics: the provider, instruments, views, readers and exporters.
export { MeterProvider } from './metrics/meter-provider.js';
export { Meter } from './metrics/meter.js';
export {
  BoundCounter,
  BoundGauge,
  BoundHistogram,
  BoundUpDownCounter,
  Counter,
  Gauge,
  Histogram,
  ObservableCounter,
  ObservableGauge,
  ObservableInstrument,
  ObservableUpDownCounter,
  UpDownCounter,
} from './metrics/instruments.js';
export { View } from './metrics/view.js';
export {
  AggregationTemporality,
  CUMULATIVE_SELECTOR,
  DELTA_SELECTOR,
  InstrumentType,
  LOW_MEMORY_SELECTOR,
  MetricKind,
  temporalitySelector,
} from './metrics/metric-data.js';
export { DEFAULT_HISTOGRAM_BOUNDARIES } from './metrics/aggregation.js';
export { DEFAULT_CARDINALITY_LIMIT } from './metrics/series-index.js';
export { MetricReader } from './metrics/metric-reader.js';
export { PeriodicExportingMetricReader } from './metrics/periodic-reader.js';
export { ConsoleMetricExporter, InMemoryMetricExporter } from './pipeline/metric-exporters.js';
export { OtlpHttpMetricExporter, OtlpMetricExporter } from './exporters/otlp-metrics-exporter.js';
export { DEFAULT_PROMETHEUS_PORT, PrometheusExporter } from './exporters/prometheus-exporter.js';
export { PROMETHEUS_CONTENT_TYPE, toPrometheusText } from './exporters/prometheus-text.js';
export type { MeterOptions, MeterProviderOptions } from './metrics/meter-provider.js';
export type { AggregationOption, DefaultHistogramAggregation, ViewOptions } from './metrics/view.js';
export type {
  DataPoint,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  MetricData,
  NumberDataPoint,
  ResourceMetrics,
  ScopeMetrics,
  TemporalitySelector,
  ValueType,
} from './metrics/metric-data.js';
export type { CollectOptions, MetricExporter, MetricReaderOptions } from './metrics/metric-reader.js';
export type { PeriodicReaderOptions } from './metrics/periodic-reader.js';
export type { OtlpMetricExporterOptions } from './exporters/otlp-metrics-exporter.js';
export type { PrometheusExporterOptions } from './exporters/prometheus-exporter.js';
export type { PrometheusTextOptions } from './exporters/prometheus-text.js';

// Logs: the provider, records, limits, processors and exporters.
export { LoggerProvider } from './logs/logger-provider.js';
export { Logger } from './logs/logger.js';
export { DEFAULT_LOG_RECORD_LIMITS, LogRecord } from './logs/log-record.js';
export { BatchLogRecordProcessor } from './pipeline/batch-log-record-processor.js';
export { SimpleLogRecordProcessor } from './pipeline/simple-log-record-processor.js';
export { InMemoryLogRecordExporter } from './pipeline/in-memory-log-record-exporter.js';
export { ConsoleLogRecordExporter } from './pipeline/console-log-record-exporter.js';
export { OtlpHttpLogExporter, OtlpLogExporter } from './exporters/otlp-logs-exporter.js';
export type { LoggerOptions, LoggerProviderOptions } from './logs/logger-provider.js';
export type { LogRecordLimits } from './logs/log-record.js';
export type { LogRecordExporter, LogRecordProcessor } from './logs/log-record-processor.js';

// Setup from the standard OTEL_* configuration (what `zerotel/register` runs).
export { readConfig } from './config/config.js';
export { startSdk } from './setup/sdk-setup.js';
export type { Config } from './config/config.js';
export type { SdkHandle } from './setup/sdk-setup.js';
