/**
 * "Do not trace this": a context flag set around zerotel's own work (the
 * exporter's HTTP requests) so automatic instrumentation does not make spans
 * about exporting spans, and propagators do not inject into those requests.
 */
import { activeContext, contextOrCurrent, withContext } from './async-context.js';
import { Context, createContextKey } from './context.js';

/** The key @opentelemetry/core uses, so its instrumentations see zerotel's suppression and the reverse. */
export const SUPPRESS_TRACING_KEY = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** `ctx` (default: the current context) with tracing suppressed. */
export function suppressTracing(ctx: Context = activeContext()): Context {
  ctx = contextOrCurrent(ctx, 'suppressTracing');
  return ctx.getValue(SUPPRESS_TRACING_KEY) === true ? ctx : ctx.setValue(SUPPRESS_TRACING_KEY, true);
}

/** `ctx` with tracing no longer suppressed. */
export function unsuppressTracing(ctx: Context = activeContext()): Context {
  ctx = contextOrCurrent(ctx, 'unsuppressTracing');
  return ctx.deleteValue(SUPPRESS_TRACING_KEY);
}

/** Whether tracing is suppressed in `ctx` (default: the current context). */
export function isTracingSuppressed(ctx: Context = activeContext()): boolean {
  ctx = contextOrCurrent(ctx, 'isTracingSuppressed');
  return ctx.getValue(SUPPRESS_TRACING_KEY) === true;
}

/** Runs `fn` with tracing suppressed (what an exporter wraps its requests in). */
export function withTracingSuppressed<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
  return withContext(suppressTracing(activeContext()), fn, undefined, ...args);
}
