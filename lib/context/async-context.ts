/**
 * The current context follows async execution through AsyncLocalStorage: it
 * survives `await`, timers, promise chains, `queueMicrotask` and synchronous
 * event emission. Listeners that fire later from elsewhere can be tied to the
 * context they were registered in with `bindContext`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { diag } from '../common/diag.js';
import { Context, ROOT_CONTEXT, toContext } from './context.js';
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

/**
 * What the helpers below do with an argument that is not a function: nothing
 * to run, so report it and return undefined (the call would have thrown a
 * TypeError into the application).
 */
function notAFunction(what: string): undefined {
  diag.dropped('context.callback', 1, `${what} needs a function to run; nothing was run`);
  return undefined;
}

/**
 * `ctx` if it is a Context (a brand check: cheap, never runs a Proxy trap), a
 * foreign context adopted (`toContext`); otherwise reported, and the current
 * context instead — for every API that takes a context.
 */
export function contextOrCurrent(ctx: unknown, what: string): Context {
  if (Context.isContext(ctx)) return ctx;
  const adopted = toContext(ctx);
  if (adopted !== undefined) return adopted;
  diag.dropped('context.context', 1, `${what} needs a Context; the current context is used`);
  return activeContext();
}

/** Runs `fn` with `ctx` as the current context and returns what it returns. */
export function withContext<A extends unknown[], R>(ctx: Context, fn: (...args: A) => R, thisArg?: unknown, ...args: A): R {
  if (typeof fn !== 'function') return notAFunction('withContext') as R;
  ctx = contextOrCurrent(ctx, 'withContext');
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
  storage.enterWith(contextOrCurrent(ctx, 'enterContext'));
}

/** A function that always runs in `ctx` (by default the context current now). */
export function bindContext<F extends (...args: never[]) => unknown>(fn: F, ctx: Context = activeContext()): F {
  if (typeof fn !== 'function') {
    diag.dropped('context.callback', 1, 'bindContext needs a function; returned as given');
    return fn;
  }
  ctx = contextOrCurrent(ctx, 'bindContext');
  const bound = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
    return storage.run(ctx, () => fn.apply(this, args) as ReturnType<F>);
  };
  return bound as unknown as F;
}

/** Runs `fn` with `span` as the current span (a value that is not a Span is reported and leaves the current span as is). */
export function withSpan<A extends unknown[], R>(span: Span | undefined, fn: (...args: A) => R, thisArg?: unknown, ...args: A): R {
  if (typeof fn !== 'function') return notAFunction('withSpan') as R;
  const current = activeContext();
  let ctx: Context;
  if (span === undefined || isSpan(span)) ctx = current.withSpan(span);
  else {
    diag.dropped('context.span', 1, 'withSpan needs a Span (or undefined); the current span is kept');
    ctx = current;
  }
  if (args.length === 0 && thisArg === undefined) return storage.run(ctx, fn as () => R);
  return withContext(ctx, fn, thisArg, ...args);
}

/**
 * A span as the model makes them (numeric id words, `spanContext()`), checked
 * by shape: context/ knows the Span type only. Never throws.
 */
function isSpan(v: unknown): v is Span {
  if (v === null || typeof v !== 'object') return false;
  try {
    const s = v as Span;
    return typeof s.t3 === 'number' && typeof s.s1 === 'number' && typeof s.spanContext === 'function';
  } catch {
    return false;
  }
}
