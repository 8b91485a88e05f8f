/**
 * The global tracing API: one process-wide provider (replaceable), and the
 * seed's contracts — startSpan, linkSpan, getCurrentSpan — on top of it.
 */
import type { Attributes } from '../common/attributes.js';
import { diag } from '../common/diag.js';
import { VERSION } from '../common/version.js';
import { isInstance } from '../common/options.js';
import { SpanContext } from './span-context.js';
import { Span } from './span.js';
import type { ParentInput, SpanOptions, Tracer } from './tracer.js';
import { startSpanEitherOrder } from './tracer.js';
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
 * one the current span is the parent. The caller ends the span. Options given
 * in the Tracer's order `(name, options, parent)` are recognised by shape too.
 */
export function startSpan(name: string, parent?: ParentInput | SpanOptions, options?: SpanOptions | ParentInput): Span {
  return startSpanEitherOrder(getDefaultTracer(), name, parent, options);
}

/**
 * Starts a span, makes it current for `fn`, and returns what `fn` returns.
 * As in the OpenTelemetry API, `fn` ends the span (use `traced` to have it ended for you).
 * Every OpenTelemetry shape works, the four-argument `(name, options, context, fn)` too.
 */
export function startActiveSpan<R>(name: string, fn: (span: Span) => R): R;
export function startActiveSpan<R>(name: string, options: SpanOptions | undefined, fn: (span: Span) => R): R;
export function startActiveSpan<R>(name: string, options: SpanOptions | undefined, context: ParentInput, fn: (span: Span) => R): R;
export function startActiveSpan<R>(name: string, a?: unknown, b?: unknown, c?: unknown): R {
  return getDefaultTracer().startActiveSpan(name, a as SpanOptions, b as ParentInput, c as (span: Span) => R);
}

/**
 * Links `span` to `target` (a span or span context). Links may be added any
 * time before the span ends; they are exported with it.
 */
export function linkSpan(span: Span, target: Span | SpanContext, attributes?: Attributes): void {
  if (!Span.isSpan(span)) {
    diag.dropped('span.link', 1, 'linkSpan called without a span');
    return;
  }
  if (!Span.isSpan(target) && !SpanContext.isSpanContext(target)) {
    diag.dropped('span.link', 1, 'linkSpan target is neither a span nor a span context');
    return;
  }
  span.addLink(target, attributes);
}
