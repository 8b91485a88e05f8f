/**
 * The global tracing API: one process-wide provider (replaceable, in a
 * GlobalSlot), proxy tracers that follow it, and the seed's contracts —
 * startSpan, startActiveSpan, linkSpan — on top of it.
 */
import { callerScopes } from '../common/scope-registry.js';
import type { Attributes } from '../common/attributes.js';
import { diag } from '../common/diag.js';
import { VERSION } from '../common/version.js';
import { GlobalSlot } from '../common/global-slot.js';
import { runActiveSpan } from './active-span.js';
import { ProxyTracer } from './proxy-tracer.js';
import type { SpanContextInput } from './span-like.js';
import { toSpanContext } from './span-like.js';
import { Span } from './span.js';
import type { ParentInput, SpanOptions, Tracer } from './tracer.js';
import { startSpanEitherOrder } from './tracer.js';
import { TracerProvider } from './tracer-provider.js';
import type { TracerOptions } from './tracer-provider.js';

const slot = new GlobalSlot<TracerProvider>('setTracerProvider', () => new TracerProvider(), (p) => p instanceof TracerProvider);
const proxies = callerScopes((s) => new ProxyTracer(slot, s.name as string, s.version as string | undefined, s.options as TracerOptions | undefined));
let defaultTracer: Tracer | undefined;
let defaultGeneration = -1;

/** The global provider, created with defaults on first use. */
export function getTracerProvider(): TracerProvider {
  return slot.get();
}

/**
 * Replaces the global provider (the old one is not shut down) and returns the
 * previous one; tracers already handed out by `getTracer` follow. Anything
 * but a TracerProvider is reported and ignored (`undefined` restores a
 * default provider).
 */
export function setTracerProvider(next: TracerProvider | undefined): TracerProvider | undefined {
  return slot.set(next);
}

/** Calls `listener` after every accepted `setTracerProvider` (zerotel internals that must follow the global provider: the dashboard). */
export function onTracerProviderChange(listener: () => void): void {
  slot.onChange(listener);
}

/**
 * A tracer for a scope that always starts its spans on the global provider of
 * the moment (see proxy-tracer.ts); the same object for the same scope.
 */
export function getTracer(name: string, version?: string, options?: TracerOptions): ProxyTracer {
  return proxies.get(name, version, options);
}

/** The tracer behind the seed API (scope "zerotel") of the current global provider. */
export function getDefaultTracer(): Tracer {
  if (defaultGeneration !== slot.generation || defaultTracer === undefined) {
    defaultTracer = slot.get().getTracer('zerotel', VERSION);
    defaultGeneration = slot.generation;
  }
  return defaultTracer;
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
 * As in the OpenTelemetry API, `fn` ends the span (use `traced` to have it
 * ended for you). Every overload of the API's `startActiveSpan`; without a
 * function the call is reported and nothing is started.
 */
export function startActiveSpan<R>(name: string, fn: (span: Span) => R): R;
export function startActiveSpan<R>(name: string, options: SpanOptions | undefined, fn: (span: Span) => R): R;
export function startActiveSpan<R>(name: string, options: SpanOptions | undefined, context: ParentInput, fn: (span: Span) => R): R;
export function startActiveSpan(name: string, a?: unknown, b?: unknown, c?: unknown): unknown {
  return runActiveSpan(getDefaultTracer(), name, a, b, c);
}

/**
 * Links `span` to `target` (a span or span context: ours, the OpenTelemetry
 * API's, or its `{ traceId, spanId, traceFlags }` shape). Links may be added
 * any time before the span ends; they are exported with it.
 */
export function linkSpan(span: Span, target: Span | SpanContextInput, attributes?: Attributes): void {
  if (!Span.isSpan(span)) {
    diag.dropped('span.link', 1, 'linkSpan called without a span');
    return;
  }
  if (toSpanContext(target) === undefined) {
    diag.dropped('span.link', 1, 'linkSpan target is neither a span nor a span context');
    return;
  }
  span.addLink(target, attributes);
}
