/**
 * An immutable bag of values carried along an execution path: the current span
 * in its own field (the hot lookup), everything else (baggage, suppression
 * flags, ...) keyed by symbols in a map copied on write.
 */
import { safeString } from '../common/exception.js';
import type { Span } from '../trace/span.js';

export class Context {
  readonly span: Span | undefined;
  readonly #values: ReadonlyMap<symbol, unknown> | undefined;

  constructor(span: Span | undefined, values: ReadonlyMap<symbol, unknown> | undefined) {
    this.span = span;
    this.#values = values;
  }

  /** True for a Context of this module: a brand check (never runs a Proxy trap). */
  static isContext(v: unknown): v is Context {
    return typeof v === 'object' && v !== null && #values in v;
  }

  getValue(key: symbol): unknown {
    return this.#values?.get(key);
  }

  setValue(key: symbol, value: unknown): Context {
    const values = new Map(this.#values);
    values.set(key, value);
    return new Context(this.span, values);
  }

  deleteValue(key: symbol): Context {
    if (!this.#values?.has(key)) return this;
    const values = new Map(this.#values);
    values.delete(key);
    return new Context(this.span, values.size > 0 ? values : undefined);
  }

  /** This context with `span` as the current span. */
  withSpan(span: Span | undefined): Context {
    return span === this.span ? this : new Context(span, this.#values);
  }
}

/** The empty context: no span, no values. */
export const ROOT_CONTEXT = new Context(undefined, undefined);

/** A key for `Context.getValue`/`setValue`. */
export function createContextKey(description: string): symbol {
  return Symbol.for(`zerotel.${typeof description === 'string' ? description : safeString(description)}`);
}
