/**
 * `traced(name, attributes)` — one API, two uses: a TC39 method decorator
 * (`@traced()`), and a function wrapper (`traced('work')(fn)`). The span is
 * current inside the function, ends when the work ends (a returned promise
 * settles, a generator finishes), and a throw or rejection is recorded as an
 * exception with status ERROR and rethrown unchanged.
 */
import type { Attributes } from '../common/attributes.js';
import { sanitizeAttributes, UNLIMITED } from '../common/attributes.js';
import { diag } from '../common/diag.js';
import { safeString } from '../common/exception.js';
import { readOptions } from '../common/options.js';
import { activeContext, withContext } from '../context/async-context.js';
import type { Context } from '../context/context.js';
import { getDefaultTracer } from './api.js';
import type { Span } from './span.js';
import { SpanStatusCode } from './span.js';
import type { SpanKind } from './span.js';

export interface TracedOptions {
  kind?: SpanKind;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (this: any, ...args: any[]) => any;

export interface Traced {
  <F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext): F;
}

const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}) as object;
const GeneratorFunction = Object.getPrototypeOf(function* () {}) as object;

function fail(span: Span, err: unknown): void {
  span.recordException(err);
  span.setStatus(SpanStatusCode.ERROR, err instanceof Error ? err.message : typeof err === 'string' ? err : undefined);
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
  try {
    return typeof (v as { then?: unknown }).then === 'function';
  } catch {
    // A `then` getter that throws: not a thenable we can follow; the value is returned as it is.
    return false;
  }
}

type Step = 'next' | 'return' | 'throw';

/**
 * Keeps a generator's span current on every resumption (a generator body runs
 * at `next()` time, in the caller's context, not where it was created) and
 * ends the span when the generator is done or throws. One wrapper serves sync
 * and async generators: only how a step's result is awaited differs.
 */
function traceIterator(gen: Generator | AsyncGenerator, span: Span, ctx: Context, isAsync: boolean): object {
  const failAndEnd = (err: unknown): never => {
    fail(span, err);
    span.end();
    throw err;
  };
  const settle = (r: IteratorResult<unknown>): IteratorResult<unknown> => {
    if (r.done) span.end();
    return r;
  };
  const step = (method: Step, arg: unknown): unknown => {
    let r: IteratorResult<unknown> | Promise<IteratorResult<unknown>>;
    try {
      r = withContext(ctx, () => (gen[method] as (a: unknown) => IteratorResult<unknown> | Promise<IteratorResult<unknown>>).call(gen, arg));
    } catch (err) {
      return isAsync ? Promise.reject(err).catch(failAndEnd) : failAndEnd(err);
    }
    return isAsync ? (r as Promise<IteratorResult<unknown>>).then(settle, failAndEnd) : settle(r as IteratorResult<unknown>);
  };
  const wrapped = {
    next: (a?: unknown) => step('next', a),
    return: (a?: unknown) => step('return', a),
    throw: (a?: unknown) => step('throw', a),
    [isAsync ? Symbol.asyncIterator : Symbol.iterator]() {
      return wrapped;
    },
  };
  return wrapped;
}

function wrap<F extends AnyFunction>(fn: F, name: string, attributes: Attributes | undefined, options: TracedOptions | undefined): F {
  const proto = Object.getPrototypeOf(fn) as object;
  const isAsyncGen = proto === AsyncGeneratorFunction;
  const isGen = proto === GeneratorFunction;
  const spanOptions = { kind: options?.kind, attributes };
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const span = getDefaultTracer().startSpan(name, spanOptions);
    const ctx = activeContext().withSpan(span);
    let result: unknown;
    try {
      result = withContext(ctx, fn, this, ...args);
    } catch (err) {
      fail(span, err);
      span.end();
      throw err;
    }
    if (isAsyncGen || isGen) return traceIterator(result as Generator | AsyncGenerator, span, ctx, isAsyncGen);
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (v) => {
          span.end();
          return v;
        },
        (err: unknown) => {
          fail(span, err);
          span.end();
          throw err;
        },
      );
    }
    span.end();
    return result;
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
  return wrapped as unknown as F;
}

/**
 * Traces a function or method. `name` defaults to the method's or function's
 * own name; `attributes` are set on every span it starts.
 */
export function traced(name?: string, attributes?: Attributes, options?: TracedOptions): Traced {
  // Read once, here: the attributes are copied (a caller's object may change or be a Proxy) and
  // the options' fields taken, so each call of the traced function reads nothing of the caller's.
  const attrs = attributes === undefined ? undefined : sanitizeAttributes(attributes, UNLIMITED, 'span.attribute').attributes;
  const opts = readOptions<TracedOptions>('traced', options, ['kind']);
  if (name !== undefined && typeof name !== 'string') diag.dropped('span.name', 1, 'traced(name) needs a string name; the function name is used');
  return (<F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext): F => {
    if (typeof fn !== 'function') {
      diag.dropped('span.callback', 1, 'traced(...) wraps a function; returned as given');
      return fn;
    }
    const spanName =
      typeof name === 'string' && name ? name : context !== undefined ? safeString(context.name) : safeString(fn.name) || 'anonymous';
    return wrap(fn, spanName, attrs, opts);
  }) as Traced;
}
