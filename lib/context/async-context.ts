/**
 * The current context follows async execution through AsyncLocalStorage: it
 * survives `await`, timers, promise chains, `queueMicrotask` and synchronous
 * event emission. Listeners that fire later from elsewhere can be tied to the
 * context they were registered in with `bindContext`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Context, ROOT_CONTEXT } from './context.js';
import type { Span } from '../trace/span.js';

const storage = new AsyncLocalStorage<Context>();

/** The context of the code now running (ROOT_CONTEXT outside any). */
export function activeContext(): Context {
  return storage.getStore() ?? ROOT_CONTEXT;
}

/** The span current in the running code, or undefined. */
export function getCurrentSpan(): Span | undefined {
  return storage.getStore()?.span;
}

/** Runs `fn` with `ctx` as the current context and returns what it returns. */
export function withContext<A extends unknown[], R>(ctx: Context, fn: (...args: A) => R, thisArg?: unknown, ...args: A): R {
  // The common call has no arguments: skip the spread (measured ~2x the cost of the run itself).
  if (args.length === 0 && thisArg === undefined) return storage.run(ctx, fn as () => R);
  if (thisArg === undefined) return storage.run(ctx, fn, ...args);
  return storage.run(ctx, () => fn.apply(thisArg, args));
}

/**
 * Makes `ctx` current for the rest of the running synchronous code and what it
 * schedules. For hooks that cannot wrap the code they precede (a
 * diagnostics_channel subscriber before a request handler).
 */
export function enterContext(ctx: Context): void {
  storage.enterWith(ctx);
}

/** A function that always runs in `ctx` (by default the context current now). */
export function bindContext<F extends (...args: never[]) => unknown>(fn: F, ctx: Context = activeContext()): F {
  const bound = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
    return storage.run(ctx, () => fn.apply(this, args) as ReturnType<F>);
  };
  return bound as unknown as F;
}

/** Runs `fn` with `span` as the current span. */
export function withSpan<A extends unknown[], R>(span: Span | undefined, fn: (...args: A) => R, thisArg?: unknown, ...args: A): R {
  const ctx = activeContext().withSpan(span);
  if (args.length === 0 && thisArg === undefined) return storage.run(ctx, fn as () => R);
  return withContext(ctx, fn, thisArg, ...args);
}
