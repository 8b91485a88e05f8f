/**
 * `zerotel` — the API an application writes against: tracing, context,
 * propagation, automatic HTTP spans, metrics, logs, the dashboard's seed
 * contracts and diagnostics. Importing it loads the API and the data model
 * only; the SDK's building blocks (providers' options, processors, exporters)
 * are `zerotel/sdk`, the codec `zerotel/otlp`, the dashboard `zerotel/dashboard`.
 * Named exports only; types exported separately; grouped by purpose.
 */
import { describeError, diag } from './common/diag.js';

// Tracing: the seed's contracts and the global tracer provider.
export { getDefaultTracer, getTracer, getTracerProvider, linkSpan, setTracerProvider, startActiveSpan, startSpan } from './trace/api.js';
export { traced } from './trace/traced.js';
export { Span, SpanKind, SpanStatusCode } from './trace/span.js';
export { SpanContext, TraceFlags } from './trace/span-context.js';
export type { Traced, TracedOptions } from './trace/traced.js';
export type { SpanEvent, SpanLink, SpanStatus } from './trace/span.js';
export type { TraceStateLike } from './trace/span-context.js';
export type { ParentInput, SpanOptions, Tracer } from './trace/tracer.js';
export type { TracerProvider } from './trace/tracer-provider.js';
export type { ProxyTracer } from './trace/proxy-tracer.js';
export type { SpanContextInput, SpanContextLike } from './trace/span-like.js';

// Context: the current span and context across async work.
export { Context, ROOT_CONTEXT, createContextKey } from './context/context.js';
export type { ContextLike } from './context/context.js';
export { activeContext, bindContext, getCurrentSpan, withContext, withSpan } from './context/async-context.js';
export { isTracingSuppressed, suppressTracing, unsuppressTracing, withTracingSuppressed } from './context/suppress-tracing.js';

// Propagation: W3C Trace Context and Baggage over any carrier.
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
export { defaultGetter, defaultSetter, headersGetter, headersSetter, objectGetter, objectSetter } from './propagation/carriers.js';
export { formatTraceParent, parseTraceParent } from './propagation/traceparent.js';
export { TraceState } from './propagation/trace-state.js';
export { Baggage, EMPTY_BAGGAGE, formatBaggage, getBaggage, parseBaggage, setBaggage, withBaggage } from './propagation/baggage.js';
export type { TextMapPropagator } from './propagation/propagation.js';
export type { TextMapGetter, TextMapSetter } from './propagation/carriers.js';
export type { BaggageEntry } from './propagation/baggage.js';

// Automatic HTTP spans (node:diagnostics_channel; node:http loads only when enabled).
export { disableHttpInstrumentation, enableHttpInstrumentation, isHttpInstrumentationEnabled } from './instrumentation/http-instrumentation.js';
export { setHttpRoute } from './instrumentation/http-server.js';
export { TracingHttpAgent, TracingHttpsAgent } from './instrumentation/http-client.js';
export type { HttpInstrumentationOptions } from './instrumentation/http-config.js';

// Metrics: the seed's contracts and the global meter provider.
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
export type { MeterProvider } from './metrics/meter-provider.js';
export type { ProxyBound, ProxyCounter, ProxyGauge, ProxyHistogram, ProxyMeter, ProxyObservable, ProxyUpDownCounter } from './metrics/proxy-meter.js';
export type { BatchObservableCallback, BatchObservableResult, HistogramOptions, InstrumentOptions, Meter, ObservableOptions } from './metrics/meter.js';
export type {
  BoundCounter,
  BoundGauge,
  BoundHistogram,
  BoundUpDownCounter,
  Counter,
  Gauge,
  Histogram,
  ObservableCallback,
  ObservableCounter,
  ObservableGauge,
  ObservableInstrument,
  ObservableResult,
  ObservableUpDownCounter,
  UpDownCounter,
} from './metrics/instruments.js';

// Logs: the application logger, the global logger provider, the console bridge.
export { getLogger, getLoggerProvider, logger, setLoggerProvider } from './logs/api.js';
export { captureConsole, isConsoleCaptured, releaseConsole } from './logs/console-bridge.js';
export { SeverityNumber, severityFromName, severityName } from './logs/severity.js';
export type { AppLogger } from './logs/api.js';
export type { CaptureConsoleOptions } from './logs/console-bridge.js';
export type { LogRecordInput, Logger } from './logs/logger.js';
export type { LoggerProvider } from './logs/logger-provider.js';
export type { ProxyLogger } from './logs/proxy-logger.js';
export type { LogRecord } from './logs/log-record.js';
export type { AnyValue, AnyValueMap } from './logs/any-value.js';

// The dashboard's seed contracts, loading `zerotel/dashboard` only when one is called
// (an import() of the dashboard entry: one copy of it, shared with `zerotel/dashboard`).
type Dashboard = typeof import('./dashboard.js');
let dashboard: Promise<Dashboard> | undefined;
const loadDashboard = (): Promise<Dashboard> => (dashboard ??= import('./dashboard.js'));

/** Starts the dashboard server (see `zerotel/dashboard`); loads it on first call. */
export function startDashboardServer(...args: Parameters<Dashboard['startDashboardServer']>): ReturnType<Dashboard['startDashboardServer']> {
  return loadDashboard().then((d) => d.startDashboardServer(...args)) as ReturnType<Dashboard['startDashboardServer']>;
}

/** Declares how a metric is charted (see `zerotel/dashboard`); applied once the dashboard has loaded, in call order. */
export function registerView(...args: Parameters<Dashboard['registerView']>): void {
  loadDashboard()
    .then((d) => void d.registerView(...args))
    .catch((err: unknown) => diag.error(`registerView failed: ${describeError(err)}`));
}

/** Pushes the current state to every dashboard client now (see `zerotel/dashboard`). */
export function updateDisplay(...args: Parameters<Dashboard['updateDisplay']>): void {
  loadDashboard()
    .then((d) => void d.updateDisplay(...args))
    .catch((err: unknown) => diag.error(`updateDisplay failed: ${describeError(err)}`));
}

// Attributes, time and diagnostics (zerotel's own logger, drop counters, pipeline counters).
export { DiagLevel, diag, droppedCounts, setDiagLevel, setDiagLogger } from './common/diag.js';
export { pipelineStats } from './common/pipeline-stats.js';
export { isAttributeValue } from './common/attributes.js';
export { epochNanosBigInt, epochNanosString } from './common/time.js';
export { VERSION } from './common/version.js';
export type { DiagLogger } from './common/diag.js';
export type { PipelineSignal, PipelineStats, SignalStats } from './common/pipeline-stats.js';
export type { Attributes, AttributeValue } from './common/attributes.js';
export type { TimeInput } from './common/time.js';
