/**
 * zerotel — the public entry. Named exports only; types exported separately.
 */
export { diag, setDiagLogger, setDiagLevel, droppedCounts, DiagLevel } from './common/diag.js';
export type { DiagLogger } from './common/diag.js';
export { pipelineStats } from './common/pipeline-stats.js';
export type { PipelineSignal, PipelineStats, SignalStats } from './common/pipeline-stats.js';
export { isAttributeValue } from './common/attributes.js';
export type { Attributes, AttributeValue } from './common/attributes.js';
export { Resource, defaultResource, resourceFromAttributes } from './common/resource.js';
export type { InstrumentationScope } from './common/resource.js';
export { epochNanosString, epochNanosBigInt } from './common/time.js';
export type { TimeInput } from './common/time.js';
export { VERSION } from './common/version.js';

export { Context, ROOT_CONTEXT, SPAN_KEY, createContextKey } from './context/context.js';
export type { ContextLike } from './context/context.js';
export { activeContext, bindContext, enterContext, getCurrentSpan, withContext, withSpan } from './context/async-context.js';

// propagation: W3C Trace Context + Baggage codecs, propagators, carriers, tracing suppression (issue 3).
export { formatTraceParent, parseTraceParent } from './propagation/traceparent.js';
export { TraceState, isValidTraceStateKey, isValidTraceStateValue } from './propagation/trace-state.js';
export {
  BAGGAGE_KEY,
  Baggage,
  EMPTY_BAGGAGE,
  formatBaggage,
  getBaggage,
  parseBaggage,
  setBaggage,
  withBaggage,
} from './propagation/baggage.js';
export type { BaggageEntry } from './propagation/baggage.js';
export {
  CompositePropagator,
  NoopPropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
  carrierFromContext,
  contextFromCarrier,
  extract,
  getPropagator,
  inject,
  propagatorFromNames,
  setPropagator,
} from './propagation/propagation.js';
export type { TextMapPropagator } from './propagation/propagation.js';
export { defaultGetter, defaultSetter, headersGetter, headersSetter, objectGetter, objectSetter } from './propagation/carriers.js';
export type { TextMapGetter, TextMapSetter } from './propagation/carriers.js';
export {
  SUPPRESS_TRACING_KEY,
  isTracingSuppressed,
  suppressTracing,
  unsuppressTracing,
  withTracingSuppressed,
} from './context/suppress-tracing.js';

// instrumentation: automatic HTTP spans over diagnostics_channel (issue 3).
export {
  disableHttpInstrumentation,
  enableHttpInstrumentation,
  isHttpInstrumentationEnabled,
} from './instrumentation/http-instrumentation.js';
export type { HttpInstrumentationOptions } from './instrumentation/http-config.js';
export { setHttpRoute } from './instrumentation/http-server.js';
export { TracingHttpAgent, TracingHttpsAgent } from './instrumentation/http-client.js';

export { Span, SpanKind, SpanStatusCode } from './trace/span.js';
export type { SpanEvent, SpanLink, SpanStatus } from './trace/span.js';
export { SpanContext, TraceFlags } from './trace/span-context.js';
export type { TraceStateLike } from './trace/span-context.js';
export { DEFAULT_SPAN_LIMITS } from './trace/span-limits.js';
export type { SpanLimits } from './trace/span-limits.js';
export {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
} from './trace/sampler.js';
export type { ParentBasedOptions, Sampler } from './trace/sampler.js';
export type { SpanProcessor } from './trace/span-processor.js';
export { EXPORT_SUCCESS, exportFailure } from './trace/span-exporter.js';
export type { ExportResult, SpanExporter } from './trace/span-exporter.js';
export { SimpleSpanProcessor } from './pipeline/simple-span-processor.js';
export { InMemorySpanExporter } from './pipeline/in-memory-span-exporter.js';
export { Tracer } from './trace/tracer.js';
export type { ParentInput, SpanOptions } from './trace/tracer.js';
export type { ProxyTracer } from './trace/proxy-tracer.js';
export type { SpanContextInput, SpanContextLike } from './trace/span-like.js';
export { TracerProvider } from './trace/tracer-provider.js';
export type { TracerOptions, TracerProviderOptions } from './trace/tracer-provider.js';
export {
  getDefaultTracer,
  getTracer,
  getTracerProvider,
  linkSpan,
  setTracerProvider,
  startActiveSpan,
  startSpan,
} from './trace/api.js';
export { traced } from './trace/traced.js';
export type { Traced, TracedOptions } from './trace/traced.js';

// Export: batching, OTLP/HTTP exporter, transports, configuration (issue 4). The codec is `zerotel/otlp`.
export { RingBuffer } from './pipeline/ring-buffer.js';
export { BatchProcessorCore, resolveBatchOptions } from './pipeline/batch-processor.js';
export type { BatchExporter, BatchOptions, BatchProcessorOptions, ResolvedBatchOptions } from './pipeline/batch-processor.js';
export { BatchSpanProcessor, BSP_DEFAULTS } from './pipeline/batch-span-processor.js';
export { ConsoleSpanExporter } from './pipeline/console-span-exporter.js';
export { OtlpExporter, OtlpHttpExporter } from './exporters/otlp-exporter.js';
export type { OtlpExporterOptions, OtlpHttpExporterOptions, OtlpProtocol, OtlpHttpProtocol, OtlpSignal } from './exporters/otlp-exporter.js';
export { OtlpTraceExporter, OtlpHttpTraceExporter, TRACES_SIGNAL } from './exporters/otlp-trace-exporter.js';
export { HttpTransport } from './transport/http-transport.js';
export type { HttpTransportOptions } from './transport/http-transport.js';
export { RetryingTransport, parseRetryAfter } from './transport/retry.js';
export type { RetryOptions } from './transport/retry.js';
export { TransportError } from './transport/transport-result.js';
export type { SendOptions, Transport, TransportResult } from './transport/transport-result.js';
export { startSdkFromEnv } from './setup/sdk-setup.js';
export type { SdkHandle } from './setup/sdk-setup.js';

// logs: log records correlated with traces, the application logger, the console bridge, OTLP logs export (issue 6).
export { logger, getLogger, getLoggerProvider, setLoggerProvider } from './logs/api.js';
export type { AppLogger } from './logs/api.js';
export type { ProxyLogger } from './logs/proxy-logger.js';
export { Logger } from './logs/logger.js';
export type { LogRecordInput } from './logs/logger.js';
export { LoggerProvider } from './logs/logger-provider.js';
export type { LoggerOptions, LoggerProviderOptions } from './logs/logger-provider.js';
export { LogRecord, DEFAULT_LOG_RECORD_LIMITS } from './logs/log-record.js';
export type { LogRecordLimits } from './logs/log-record.js';
export type { AnyValue, AnyValueMap } from './logs/any-value.js';
export { SeverityNumber, severityFromName, severityName } from './logs/severity.js';
export type { LogRecordExporter, LogRecordProcessor } from './logs/log-record-processor.js';
export { SimpleLogRecordProcessor } from './pipeline/simple-log-record-processor.js';
export { InMemoryLogRecordExporter } from './pipeline/in-memory-log-record-exporter.js';
export { captureConsole, isConsoleCaptured, releaseConsole } from './logs/console-bridge.js';
export type { CaptureConsoleOptions } from './logs/console-bridge.js';
export { BatchLogRecordProcessor, BLRP_DEFAULTS } from './pipeline/batch-log-record-processor.js';
export { ConsoleLogRecordExporter } from './pipeline/console-log-record-exporter.js';
export { OtlpLogExporter, OtlpHttpLogExporter, LOGS_SIGNAL } from './exporters/otlp-logs-exporter.js';

// metrics: instruments, aggregation, views, readers, OTLP metrics export, Prometheus endpoint (issue 5).
export {
  createCounter,
  createGauge,
  createHistogram,
  createUpDownCounter,
  getDefaultMeter,
  getMeter,
  getMeterProvider,
  recordMetric,
  setMeterProvider,
} from './metrics/api.js';
export type { ProxyBound, ProxyCounter, ProxyGauge, ProxyHistogram, ProxyMeter, ProxyObservable, ProxyUpDownCounter } from './metrics/proxy-meter.js';
export { MeterProvider } from './metrics/meter-provider.js';
export type { MeterOptions, MeterProviderOptions } from './metrics/meter-provider.js';
export { Meter } from './metrics/meter.js';
export type { BatchObservableCallback, BatchObservableResult, HistogramOptions, InstrumentOptions, ObservableOptions } from './metrics/meter.js';
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
export type { ObservableCallback, ObservableResult } from './metrics/instruments.js';
export { View } from './metrics/view.js';
export type { AggregationOption, DefaultHistogramAggregation, ViewOptions } from './metrics/view.js';
export {
  AggregationTemporality,
  CUMULATIVE_SELECTOR,
  DELTA_SELECTOR,
  InstrumentType,
  LOW_MEMORY_SELECTOR,
  MetricKind,
  temporalitySelector,
} from './metrics/metric-data.js';
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
export { DEFAULT_HISTOGRAM_BOUNDARIES } from './metrics/aggregation.js';
export { DEFAULT_CARDINALITY_LIMIT } from './metrics/series-index.js';
export { MetricReader } from './metrics/metric-reader.js';
export type { CollectOptions, MetricExporter, MetricReaderOptions } from './metrics/metric-reader.js';
export { PeriodicExportingMetricReader } from './metrics/periodic-reader.js';
export type { PeriodicReaderOptions } from './metrics/periodic-reader.js';
export { ConsoleMetricExporter, InMemoryMetricExporter } from './pipeline/metric-exporters.js';
export { OtlpMetricExporter, OtlpHttpMetricExporter, METRICS_SIGNAL } from './exporters/otlp-metrics-exporter.js';
export type { OtlpMetricExporterOptions } from './exporters/otlp-metrics-exporter.js';
export { PrometheusExporter, DEFAULT_PROMETHEUS_PORT } from './exporters/prometheus-exporter.js';
export type { PrometheusExporterOptions } from './exporters/prometheus-exporter.js';
export { toPrometheusText, PROMETHEUS_CONTENT_TYPE } from './exporters/prometheus-text.js';
export type { PrometheusTextOptions } from './exporters/prometheus-text.js';
