/**
 * zerotel's AsyncLocalStorage context as the OpenTelemetry API's
 * ContextManager (`active`, `with`, `bind`, `enable`, `disable`), so
 * `api.context.with(...)` and `startActiveSpan` through the API enter the same
 * context zerotel's `withSpan` does: one store, read by both sides.
 *
 * A context made by the API itself (its ROOT_CONTEXT and descendants) is
 * adopted as the base of one of ours on the way in (see context/context.ts).
 */
import { activeContext, bindContext, withContext } from '../context/async-context.js';
import type { Context } from '../context/context.js';
import { ROOT_CONTEXT, toContext } from '../context/context.js';
import { bindEmitter, isEmitterLike } from './bind-emitter.js';

export class ApiContextManager {
  active(): Context {
    return activeContext();
  }

  /** Runs `fn` in `context` (anything that is not a context counts as the root context, as the API's managers store it as given). */
  with<A extends unknown[], R>(context: unknown, fn: (...args: A) => R, thisArg?: unknown, ...args: A): R {
    return withContext(toContext(context) ?? ROOT_CONTEXT, fn, thisArg, ...args);
  }

  /** A function always run in `context`, or an EventEmitter whose listeners are. */
  bind<T>(context: unknown, target: T): T {
    const ctx = toContext(context) ?? activeContext();
    if (typeof target === 'function') return bindContext(target as (...args: never[]) => unknown, ctx) as T;
    if (isEmitterLike(target)) bindEmitter(target, ctx);
    return target;
  }

  /** The store is zerotel's, always on: nothing to start. */
  enable(): this {
    return this;
  }

  /** zerotel's own context keeps working after the API lets go of this manager. */
  disable(): this {
    return this;
  }
}
