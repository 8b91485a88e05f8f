/**
 * Propagators move a context across a process boundary through a carrier of
 * text headers: W3C Trace Context (`traceparent`, `tracestate`), W3C Baggage,
 * a composite of several, and the process-wide propagator with `inject` /
 * `extract` helpers over plain objects, `Headers` and Node's header objects.
 * None of this throws: a malformed header is ignored (and a new trace starts).
 */
import { describeError, diag } from '../common/diag.js';
import { arrayOption, hasMethods } from '../common/options.js';
import { Span } from '../trace/span.js';
import { activeContext, contextOrCurrent } from '../context/async-context.js';
import { BAGGAGE_KEY, formatBaggage, parseBaggage, toBaggage } from './baggage.js';
import type { TextMapGetter, TextMapSetter } from './carriers.js';
import { defaultGetter, defaultSetter } from './carriers.js';
import { Context, ROOT_CONTEXT } from '../context/context.js';
import { isTracingSuppressed } from '../context/suppress-tracing.js';
import { TraceState } from './trace-state.js';
import { formatTraceParent, parseTraceParent } from './traceparent.js';

export interface TextMapPropagator {
  /** Writes the parts of `context` this propagator carries into `carrier`. */
  inject<C>(context: Context, carrier: C, setter: TextMapSetter<C>): void;
  /** Returns `context` extended with what `carrier` holds (or `context` itself). */
  extract<C>(context: Context, carrier: C, getter: TextMapGetter<C>): Context;
  /** The header names this propagator reads and writes. */
  fields(): string[];
}

export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';
export const BAGGAGE_HEADER = 'baggage';

/** W3C Trace Context: `traceparent` and `tracestate`. */
export class W3CTraceContextPropagator implements TextMapPropagator {
  inject<C>(context: Context, carrier: C, setter: TextMapSetter<C>): void {
    try {
      const span = context.span;
      if (span === undefined || isTracingSuppressed(context)) return;
      const sc = span.spanContext();
      if (!sc.isValid()) return;
      setter.set(carrier, TRACEPARENT_HEADER, formatTraceParent(sc));
      const ts = sc.traceState?.serialize();
      if (ts) setter.set(carrier, TRACESTATE_HEADER, ts);
    } catch (err) {
      reportFailure('inject', this, err);
    }
  }

  extract<C>(context: Context, carrier: C, getter: TextMapGetter<C>): Context {
    try {
      return this.#extract(context, carrier, getter);
    } catch (err) {
      reportFailure('extract', this, err);
      return context;
    }
  }

  #extract<C>(context: Context, carrier: C, getter: TextMapGetter<C>): Context {
    let tp = getter.get(carrier, TRACEPARENT_HEADER);
    if (Array.isArray(tp)) {
      // Two traceparent headers are ambiguous: the recommendation restarts the trace.
      if (tp.length !== 1) return context;
      tp = tp[0];
    }
    if (typeof tp !== 'string') return context;
    // The tracestate is read first so the span context is built once; an
    // invalid traceparent (rare) wastes that read, a valid one saves a copy.
    const raw = getter.get(carrier, TRACESTATE_HEADER);
    const sc = parseTraceParent(tp, raw === undefined ? undefined : TraceState.parse(raw));
    return sc === undefined ? context : context.withSpan(Span.wrap(sc));
  }

  fields(): string[] {
    return [TRACEPARENT_HEADER, TRACESTATE_HEADER];
  }
}

/** W3C Baggage: the `baggage` header. */
export class W3CBaggagePropagator implements TextMapPropagator {
  inject<C>(context: Context, carrier: C, setter: TextMapSetter<C>): void {
    try {
      const b = toBaggage(context.getValue(BAGGAGE_KEY));
      if (b === undefined || isTracingSuppressed(context)) return;
      const header = formatBaggage(b);
      if (header.length > 0) setter.set(carrier, BAGGAGE_HEADER, header);
    } catch (err) {
      reportFailure('inject', this, err);
    }
  }

  extract<C>(context: Context, carrier: C, getter: TextMapGetter<C>): Context {
    try {
      const raw = getter.get(carrier, BAGGAGE_HEADER);
      if (raw === undefined) return context;
      const b = parseBaggage(raw);
      return b === undefined ? context : context.setValue(BAGGAGE_KEY, b);
    } catch (err) {
      reportFailure('extract', this, err);
      return context;
    }
  }

  fields(): string[] {
    return [BAGGAGE_HEADER];
  }
}

/** Runs several propagators in order; one that throws is reported and skipped. */
export class CompositePropagator implements TextMapPropagator {
  readonly #propagators: readonly TextMapPropagator[];
  readonly #fields: string[];

  /** Entries without `inject`/`extract` methods (and a value that is not an array) are reported and left out. */
  constructor(propagators: readonly TextMapPropagator[] = []) {
    this.#propagators = arrayOption('CompositePropagator', 'propagators', propagators, isPropagator);
    this.#fields = Array.from(new Set(this.#propagators.flatMap((p) => safeFields(p))));
  }

  inject<C>(context: Context, carrier: C, setter: TextMapSetter<C>): void {
    for (const p of this.#propagators) {
      try {
        p.inject(context, carrier, setter);
      } catch (err) {
        reportFailure('inject', p, err);
      }
    }
  }

  extract<C>(context: Context, carrier: C, getter: TextMapGetter<C>): Context {
    let ctx = context;
    for (const p of this.#propagators) {
      try {
        ctx = p.extract(ctx, carrier, getter);
      } catch (err) {
        reportFailure('extract', p, err);
      }
    }
    return ctx;
  }

  fields(): string[] {
    return this.#fields.slice();
  }
}

function isPropagator(v: unknown): v is TextMapPropagator {
  return hasMethods(v, 'inject', 'extract');
}

/** The class name of a propagator, for a diagnostic; never throws (a Proxy's traps may). */
function propagatorName(p: TextMapPropagator): string {
  try {
    const name: unknown = p.constructor.name;
    return typeof name === 'string' && name !== '' ? name : 'anonymous';
  } catch {
    return 'anonymous';
  }
}

/**
 * A propagator that threw (a hostile context, carrier or getter/setter, or a
 * broken propagator): said once per propagator and direction, and the call goes on.
 */
function reportFailure(what: 'inject' | 'extract', p: TextMapPropagator, err: unknown): void {
  const name = propagatorName(p);
  diag.warnOnce(`propagator.${what}:${name}`, `propagator ${name} failed to ${what}: ${describeError(err)}`);
}

function safeFields(p: TextMapPropagator): string[] {
  try {
    const f = p.fields();
    return Array.isArray(f) ? f.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** A propagator that carries nothing (`OTEL_PROPAGATORS=none`). */
export class NoopPropagator implements TextMapPropagator {
  inject(): void {}
  extract<C>(context: Context): Context {
    return context;
  }
  fields(): string[] {
    return [];
  }
}

const KNOWN: Record<string, () => TextMapPropagator> = {
  tracecontext: () => new W3CTraceContextPropagator(),
  baggage: () => new W3CBaggagePropagator(),
};

/**
 * The propagator `OTEL_PROPAGATORS` asks for: a comma-separated list of
 * `tracecontext`, `baggage`, `none`. Unset or empty means both W3C ones;
 * `none` anywhere means nothing; unknown names (b3, jaeger, ...) are
 * reported and skipped. Pure: the caller passes the environment value.
 */
export function propagatorFromNames(value: string | undefined): TextMapPropagator {
  if (typeof value !== 'string' || value.trim() === '') {
    if (value !== undefined && value !== null) diag.warn(`propagatorFromNames: expected a comma-separated string, got ${typeof value}; using the default propagators`);
    return defaultPropagator();
  }
  const names = value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
  if (names.length === 0) return defaultPropagator();
  if (names.includes('none')) return new NoopPropagator();
  const chosen: TextMapPropagator[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const make = Object.hasOwn(KNOWN, name) ? KNOWN[name] : undefined;
    if (make === undefined) diag.warn(`OTEL_PROPAGATORS: unsupported propagator "${name}" ignored (supported: tracecontext, baggage, none)`);
    else chosen.push(make());
  }
  if (chosen.length === 0) return new NoopPropagator();
  return chosen.length === 1 ? chosen[0]! : new CompositePropagator(chosen);
}

function defaultPropagator(): TextMapPropagator {
  return new CompositePropagator([new W3CTraceContextPropagator(), new W3CBaggagePropagator()]);
}

let globalPropagator: TextMapPropagator = defaultPropagator();

/** The process-wide propagator (W3C Trace Context + Baggage unless replaced). */
export function getPropagator(): TextMapPropagator {
  return globalPropagator;
}

/** Replaces the process-wide propagator; returns the previous one. */
export function setPropagator(next: TextMapPropagator | undefined): TextMapPropagator {
  const prev = globalPropagator;
  if (next !== undefined && next !== null && !isPropagator(next)) {
    diag.warn('setPropagator needs a propagator; the default is used');
    next = undefined;
  }
  globalPropagator = next ?? defaultPropagator();
  return prev;
}

/**
 * Writes the context (default: the current one) into `carrier` — a plain
 * object, a `Headers`, a Map or a Node outgoing message — and returns it.
 */
export function inject(carrier: Record<string, string>, context?: Context, setter?: TextMapSetter<Record<string, string>>): Record<string, string>;
export function inject<C>(carrier: C, context?: Context, setter?: TextMapSetter<C>): C;
export function inject<C>(carrier: C, context: Context = activeContext(), setter: TextMapSetter<C> = defaultSetter): C {
  context = contextOrCurrent(context, 'inject');
  try {
    globalPropagator.inject(context, carrier, setter);
  } catch (err) {
    diag.warnOnce('propagation.inject', `inject failed: ${describeError(err)}`);
  }
  return carrier;
}

/**
 * Reads a context out of `carrier` (plain object with any header-name case,
 * Node `IncomingHttpHeaders`, `Headers`, Map) on top of `context` (default:
 * the root context). The result's span is the remote parent: a span started
 * under it continues the trace.
 */
export function extract<C>(carrier: C, context: Context = ROOT_CONTEXT, getter: TextMapGetter<C> = defaultGetter): Context {
  if (!Context.isContext(context)) {
    diag.dropped('context.context', 1, 'extract needs a Context; the root context is used');
    context = ROOT_CONTEXT;
  }
  try {
    const out = globalPropagator.extract(context, carrier, getter);
    return out instanceof Context ? out : context;
  } catch (err) {
    diag.warnOnce('propagation.extract', `extract failed: ${describeError(err)}`);
    return context;
  }
}

/**
 * The current context (or `context`) as a plain, structured-clone-safe object
 * of headers: pass it in `workerData` or a message, and rebuild the context on
 * the other side with `contextFromCarrier`.
 */
export function carrierFromContext(context: Context = activeContext()): Record<string, string> {
  return inject({}, context);
}

/** The context carried by an object made with `carrierFromContext` (root context if none). */
export function contextFromCarrier(carrier: unknown, context: Context = ROOT_CONTEXT): Context {
  return extract(carrier, context);
}
