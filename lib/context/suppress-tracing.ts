/**
 * "Do not trace this": a context flag set around zerotel's own work (the
 * exporter's HTTP requests) so automatic instrumentation does not make spans
 * about exporting spans, and propagators do not inject into those requests.
 */
import { activeContext, toContext, withContext } from './async-context.js';
import { Context, createContextKey } from './context.js';

export const SUPPRESS_TRACING_KEY = createContextKey('suppress-tracing');

/** `ctx` (default: the current context) with tracing suppressed. */
export function suppressTracing(ctx: Context = activeContext()): Context {
  ctx = toContext(ctx, 'suppressTracing');
  return ctx.getValue(SUPPRESS_TRACING_KEY) === true ? ctx : ctx.setValue(SUPPRESS_TRACING_KEY, true);
}

/** `ctx` with tracing no longer suppressed. */
export function unsuppressTracing(ctx: Context = activeContext()): Context {
  ctx = toContext(ctx, 'unsuppressTracing');
  return ctx.deleteValue(SUPPRESS_TRACING_KEY);
}

/** Whether tracing is suppressed in `ctx` (default: the current context). */
export function isTracingSuppressed(ctx: Context = activeContext()): boolean {
  ctx = toContext(ctx, 'isTracingSuppressed');
  return ctx.getValue(SUPPRESS_TRACING_KEY) === true;
}

/** Runs `fn` with tracing suppressed (what an exporter wraps its requests in). */
export function withTracingSuppressed<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
  return withContext(suppressTracing(activeContext()), fn, undefined, ...args);
}
