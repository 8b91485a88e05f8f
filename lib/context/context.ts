/**
 * An immutable bag of values carried along an execution path, keyed the way
 * the OpenTelemetry API keys its contexts (`Symbol.for(description)`), so a
 * context written by `@opentelemetry/api` (`trace.setSpan`, `propagation.
 * setBaggage`, core's `suppressTracing`) is read by zerotel and the reverse.
 *
 * The current span sits in its own field (the hot lookup) and answers the
 * API's span key; everything else lives in a map copied on write. A context
 * made by someone else (the API's ROOT_CONTEXT and its descendants) can be
 * adopted: it becomes the `base` that values not set here are read from.
 */
import { safeString } from '../common/exception.js';
import { Span } from '../trace/span.js';
import { toSpanContext } from '../trace/span-like.js';

/** The OpenTelemetry API's key for the current span (api/trace/context-utils). */
export const SPAN_KEY: symbol = Symbol.for('OpenTelemetry Context Key SPAN');

/** What any OpenTelemetry-style context offers. */
export interface ContextLike {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): ContextLike;
  deleteValue(key: symbol): ContextLike;
}

export class Context implements ContextLike {
  /** The current span as zerotel sees it (a foreign span is wrapped, non-recording, with its ids). */
  readonly span: Span | undefined;
  /** The object stored under SPAN_KEY when it was not a zerotel span: what `getValue(SPAN_KEY)` returns. */
  readonly #spanValue: unknown;
  readonly #values: ReadonlyMap<symbol, unknown> | undefined;
  /** A foreign context this one extends: values not set here are read from it. */
  readonly #base: ContextLike | undefined;

  constructor(span: Span | undefined, values: ReadonlyMap<symbol, unknown> | undefined, spanValue?: unknown, base?: ContextLike) {
    this.span = span;
    this.#spanValue = spanValue;
    this.#values = values;
    this.#base = base;
  }

  /** True for a Context of this module: a brand check (never runs a Proxy trap, never walks a prototype chain). */
  static isContext(v: unknown): v is Context {
    return typeof v === 'object' && v !== null && #values in v;
  }

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.#spanValue ?? this.span;
    const base = this.#base;
    // The common case (asked on every span start, for suppression): a context of ours alone.
    if (base === undefined) return this.#values?.get(key);
    const values = this.#values;
    const v = values?.get(key);
    return v !== undefined || values?.has(key) === true ? v : readForeign(base, key);
  }

  setValue(key: symbol, value: unknown): Context {
    if (key === SPAN_KEY) return this.#withSpanValue(value);
    const values = new Map(this.#values);
    values.set(key, value);
    return new Context(this.span, values, this.#spanValue, this.#base);
  }

  deleteValue(key: symbol): Context {
    if (key === SPAN_KEY) return this.withSpan(undefined);
    if (this.#base !== undefined) {
      // The base may hold the key: an explicit undefined here hides it.
      if (readForeign(this.#base, key) === undefined && !this.#values?.has(key)) return this;
      const values = new Map(this.#values);
      values.set(key, undefined);
      return new Context(this.span, values, this.#spanValue, this.#base);
    }
    if (!this.#values?.has(key)) return this;
    const values = new Map(this.#values);
    values.delete(key);
    return new Context(this.span, values.size > 0 ? values : undefined, this.#spanValue, undefined);
  }

  /** This context with `span` as the current span. */
  withSpan(span: Span | undefined): Context {
    return span === this.span && this.#spanValue === undefined ? this : new Context(span, this.#values, undefined, this.#base);
  }

  /** Stores anything the API may put under its span key; a foreign span is kept as given and read through its ids. */
  #withSpanValue(value: unknown): Context {
    const span = adoptSpan(value);
    if (span === value || value === undefined || value === null) return this.withSpan(span);
    return new Context(span, this.#values, value, this.#base);
  }
}

/** A foreign context's value, or undefined when reading it throws. */
function readForeign(base: ContextLike, key: symbol): unknown {
  try {
    return base.getValue(key);
  } catch {
    return undefined;
  }
}

/** The empty context: no span, no values. */
export const ROOT_CONTEXT = new Context(undefined, undefined);

/**
 * `value` as a zerotel Context: itself when it is one; a context made by
 * the OpenTelemetry API (or any object with `getValue`) adopted as the base
 * of a new one; undefined for anything else.
 */
export function toContext(value: unknown): Context | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    if (value instanceof Context) return value;
    if (value === lastForeign) return lastAdopted;
    if (typeof (value as { getValue?: unknown }).getValue !== 'function') return undefined;
  } catch {
    return undefined; // a hostile Proxy: not a context
  }
  const foreign = value as ContextLike;
  const raw = readForeign(foreign, SPAN_KEY);
  const span = adoptSpan(raw);
  lastAdopted = new Context(span, undefined, span === raw ? undefined : (raw ?? undefined), foreign);
  lastForeign = foreign;
  return lastAdopted;
}

/**
 * The last foreign context adopted, and what it became. Contexts are
 * immutable, so the pair stays true; the common case it saves is the API's
 * ROOT_CONTEXT passed again and again (`propagation.extract(ROOT_CONTEXT, …)`).
 */
let lastForeign: object | undefined;
let lastAdopted: Context | undefined;

/**
 * `value` as a zerotel span: ours as is; a foreign span or span context (the
 * API's NonRecordingSpan, another SDK's span, a `{ traceId, spanId }` shape)
 * as a non-recording span carrying its identity, a parent for the spans
 * started under it; undefined when it holds no valid identity.
 */
export function adoptSpan(value: unknown): Span | undefined {
  if (value === undefined || value === null || typeof value !== 'object') return undefined;
  try {
    if (value instanceof Span) return value;
  } catch {
    return undefined; // a Proxy whose prototype cannot be read
  }
  const sc = toSpanContext(value);
  return sc === undefined || !sc.isValid() ? undefined : Span.wrap(sc);
}

/**
 * A key for `Context.getValue`/`setValue`: `Symbol.for(description)`, as the
 * OpenTelemetry API makes them, so the same description names the same slot
 * whichever library made the key.
 */
export function createContextKey(description: string): symbol {
  return Symbol.for(typeof description === 'string' ? description : safeString(description));
}
