/**
 * `startActiveSpan` in every shape the OpenTelemetry API defines:
 *   (name, fn) · (name, options, fn) · (name, options, context, fn)
 * The span is started (under `context` when given, else the current one),
 * made current for `fn`, and `fn`'s result returned; `fn` ends the span.
 * Without a function nothing is started: the call is reported and counted.
 */
import { diag } from '../common/diag.js';
import { safeString } from '../common/exception.js';
import { activeContext, withContext, withSpan } from '../context/async-context.js';
import { toContext } from '../context/context.js';
import type { Span } from './span.js';
import type { ParentInput, SpanOptions } from './tracer.js';

/** What starting an active span needs of a tracer. */
export interface SpanStarter {
  startSpan(name: string, options?: SpanOptions, parent?: ParentInput): Span;
}

export function runActiveSpan(tracer: SpanStarter, name: string, a: unknown, b: unknown, c: unknown): unknown {
  if (typeof a === 'function') {
    const span = tracer.startSpan(name);
    return withSpan(span, a as (s: Span) => unknown, undefined, span);
  }
  if (typeof b === 'function') {
    const span = tracer.startSpan(name, a as SpanOptions | undefined);
    return withSpan(span, b as (s: Span) => unknown, undefined, span);
  }
  if (typeof c === 'function') {
    // An explicit context: the span's parent comes from it and `fn` runs in it (plus the span).
    const ctx = toContext(b) ?? activeContext();
    const span = tracer.startSpan(name, a as SpanOptions | undefined, ctx);
    return withContext(ctx.withSpan(span), c as (s: Span) => unknown, undefined, span);
  }
  diag.dropped('span.start', 1, () => `startActiveSpan("${safeString(name)}") needs a function as its last argument; no span started`);
  return undefined;
}
