/**
 * zerotel — the public entry. Named exports only; types exported separately.
 */
export { diag, setDiagLogger, droppedCounts, DiagLevel } from './common/diag.js';
export type { DiagLogger } from './common/diag.js';
export { isAttributeValue } from './common/attributes.js';
export type { Attributes, AttributeValue } from './common/attributes.js';
export { Resource, defaultResource, resourceFromAttributes } from './common/resource.js';
export type { InstrumentationScope } from './common/resource.js';
export { epochNanosString, epochNanosBigInt } from './common/time.js';
export type { TimeInput } from './common/time.js';
export { VERSION } from './common/version.js';

export { Context, ROOT_CONTEXT, createContextKey } from './context/context.js';
export { activeContext, bindContext, enterContext, getCurrentSpan, withContext, withSpan } from './context/async-context.js';

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
export { SimpleSpanProcessor } from './trace/simple-span-processor.js';
export { InMemorySpanExporter } from './trace/in-memory-span-exporter.js';
export { Tracer } from './trace/tracer.js';
export type { ParentInput, SpanOptions } from './trace/tracer.js';
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
