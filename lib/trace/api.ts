/**
 * The global tracing API: one process-wide provider (replaceable), and the
 * seed's contracts — startSpan, linkSpan, getCurrentSpan — on top of it.
 */
import type { Attributes } from '../common/attributes.js';
import { diag } from '../common/diag.js';
import { VERSION } from '../common/version.js';
import { withSpan } from '../context/async-context.js';
import type { SpanContextInput } from './span-like.js';
import { toSpanContext } from './span-like.js';
import { Span } from './span.js';
import type { ParentInput, SpanOptions, Tracer } from './tracer.js';
import { TracerProvider } from './tracer-provider.js';

let provider: TracerProvider | undefined;
let defaultTracer: Tracer | undefined;

/** The global provider, created with defaults on first use. */
export function getTracerProvider(): TracerProvider {
  return (provider ??= new TracerProvider());
}

/** Replaces the global provider (the old one is not shut down); returns the previous one. */
export function setTracerProvider(next: TracerProvider): TracerProvider | undefined {
  const prev = provider;
  provider = next;
  defaultTracer = undefined;
  return prev;
}

/** A tracer of the global provider. */
export function getTracer(name: string, version?: string): Tracer {
  return getTracerProvider().getTracer(name, version);
}

/** The tracer behind the seed API (scope "zerotel"). */
export function getDefaultTracer(): Tracer {
  return (defaultTracer ??= getTracerProvider().getTracer('zerotel', VERSION));
}

/**
 * Starts a span. `parent` may be a span, a span context or a context; without
 * one the current span is the parent. The caller ends the span.
 */
export function startSpan(name: string, parent?: ParentInput, options?: SpanOptions): Span {
  return getDefaultTracer().startSpan(name, options, parent);
}

/**
 * Starts a span, makes it current for `fn`, and returns what `fn` returns.
 * As in the OpenTelemetry API, `fn` ends the span (use `traced` to have it ended for you).
 */
export function startActiveSpan<R>(name: string, fn: (span: Span) => R): R;
export function startActiveSpan<R>(name: string, options: SpanOptions, fn: (span: Span) => R): R;
export function startActiveSpan<R>(name: string, a: SpanOptions | ((span: Span) => R), b?: (span: Span) => R): R {
  const fn = typeof a === 'function' ? a : b!;
  const options = typeof a === 'function' ? undefined : a;
  const span = getDefaultTracer().startSpan(name, options);
  return withSpan(span, fn, undefined, span);
}

/**
 * Links `span` to `target` (a span or span context: ours, the OpenTelemetry
 * API's, or its `{ traceId, spanId, traceFlags }` shape). Links may be added
 * any time before the span ends; they are exported with it.
 */
export function linkSpan(span: Span, target: Span | SpanContextInput, attributes?: Attributes): void {
  if (!(span instanceof Span)) {
    diag.dropped('span.link', 1, 'linkSpan called without a span');
    return;
  }
  if (toSpanContext(target) === undefined) {
    diag.dropped('span.link', 1, 'linkSpan target is neither a span nor a span context');
    return;
  }
  span.addLink(target, attributes);
}
