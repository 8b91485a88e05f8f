/**
 * A tracer makes spans for one instrumentation scope. It is also each span's
 * owner: the limits, resource and processor a span needs are read through it,
 * so a span carries one reference instead of five.
 */
import type { AttributeLimits, Attributes } from '../common/attributes.js';
import type { InstrumentationScope, Resource } from '../common/resource.js';
import type { TimeInput } from '../common/time.js';
import { now, toRelative } from '../common/time.js';
import { describeError, diag } from '../common/diag.js';
import { safeString } from '../common/exception.js';
import { activeContext } from '../context/async-context.js';
import { Context, adoptSpan, toContext } from '../context/context.js';
import type { ContextLike } from '../context/context.js';
import { isTracingSuppressed } from '../context/suppress-tracing.js';
import { runActiveSpan } from './active-span.js';
import { random32 } from './ids.js';
import type { SpanContextLike, SpanContextInput } from './span-like.js';
import type { Sampler } from './sampler.js';
import { SamplingDecision } from './sampler.js';
import { SpanContext, TraceFlags } from './span-context.js';
import type { SpanLimits } from './span-limits.js';
import type { MultiSpanProcessor } from './span-processor.js';
import type { SpanOwner } from './span.js';
import { Span, SpanKind } from './span.js';

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  links?: ReadonlyArray<{ context: SpanContextInput; attributes?: Attributes }>;
  startTime?: TimeInput;
  /** Start a new trace even when a span is current. */
  root?: boolean;
}

/**
 * A parent given explicitly: a span, a span context, or a whole context —
 * zerotel's or the OpenTelemetry API's (anything with `getValue`,
 * `spanContext()`, or hex `traceId`/`spanId`).
 */
export type ParentInput = Span | SpanContext | Context | ContextLike | SpanContextLike | null | undefined;


/** What a tracer needs of its provider. */
export interface TracerSettings {
  readonly resource: Resource;
  readonly sampler: Sampler;
  readonly limits: SpanLimits;
  readonly processor: MultiSpanProcessor;
}

export class Tracer implements SpanOwner {
  readonly scope: InstrumentationScope;
  readonly resource: Resource;
  readonly limits: SpanLimits;
  readonly spanAttributeLimits: AttributeLimits;
  readonly eventAttributeLimits: AttributeLimits;
  readonly linkAttributeLimits: AttributeLimits;
  readonly #sampler: Sampler;
  readonly #processor: MultiSpanProcessor;

  constructor(scope: InstrumentationScope, settings: TracerSettings) {
    this.scope = scope;
    this.resource = settings.resource;
    this.limits = settings.limits;
    this.#sampler = settings.sampler;
    this.#processor = settings.processor;
    const valueLengthLimit = settings.limits.attributeValueLengthLimit;
    this.spanAttributeLimits = { countLimit: settings.limits.attributeCountLimit, valueLengthLimit };
    this.eventAttributeLimits = { countLimit: settings.limits.attributePerEventCountLimit, valueLengthLimit };
    this.linkAttributeLimits = { countLimit: settings.limits.attributePerLinkCountLimit, valueLengthLimit };
  }

  /**
   * Starts a span. Without an explicit parent, the current span (if any) is
   * the parent. Never throws: a bad name or option is replaced and reported.
   */
  startSpan(name: string, options?: SpanOptions, parent?: ParentInput): Span {
    // The common call passes neither options nor a parent: nothing of the
    // caller's is read but the name, so it takes neither the try nor the
    // parsing of #startWith. (Measured against the single-function version:
    // no difference beyond noise, 172 vs 173 ns a span start+end — the
    // hardening costs nothing here; the regression was in the export cycle,
    // see common/deadline.ts.)
    if (options === undefined && (parent === undefined || parent === null)) {
      const context = activeContext();
      return this.#create(name, SpanKind.INTERNAL, context, context.span, undefined, undefined, undefined);
    }
    return this.#startWith(name, options, parent);
  }

  /**
   * startSpan with options or a parent. Everything a caller passed is read
   * inside one try (a getter or a Proxy may throw: then no option is used and
   * the current context is the parent, reported); brand checks (`#field in
   * v`) tell our objects apart without running user code.
   */
  #startWith(name: string, options: SpanOptions | undefined, parent: ParentInput): Span {
    let kind: unknown, attributes: Attributes | undefined, links: unknown, startTime: TimeInput | undefined, root: unknown;
    let context: Context | undefined;
    let parentSpan: Span | undefined;
    let badParent = false;
    /** A Span or SpanContext was given: it is the parent (an invalid one means a root span), not the current span. */
    let explicit = false;
    try {
      const o: unknown = options;
      let p: unknown = parent;
      if (o !== undefined && o !== null) {
        if (typeof o === 'object') ({ kind, attributes, links, startTime, root } = o as SpanOptions);
        else diag.dropped('span.options', 1, 'span options must be an object; ignored');
        // A span given where the options go (every span has a kind): it is the parent.
        if (kind !== undefined && p === undefined && Span.isSpan(o)) {
          p = o;
          kind = attributes = links = startTime = root = undefined;
        }
      }
      if (Span.isSpan(p)) {
        parentSpan = p;
        explicit = true;
      } else if (SpanContext.isSpanContext(p)) {
        parentSpan = p.isValid() ? Span.wrap(p) : undefined;
        explicit = true;
      } else if (Context.isContext(p)) {
        context = p;
        parentSpan = p.span;
      } else if (p !== undefined && p !== null) {
        // Foreign parents (the OpenTelemetry API's contexts and spans, span-context shapes), converted once.
        const foreign = toContext(p);
        if (foreign !== undefined) {
          context = foreign;
          parentSpan = foreign.span;
        } else {
          parentSpan = adoptSpan(p);
          if (parentSpan !== undefined) explicit = true;
          else badParent = true;
        }
      }
    } catch (err) {
      diag.dropped('span.options', 1, () => `span options or parent could not be read: ${describeError(err)}`);
      kind = attributes = links = startTime = root = parentSpan = context = undefined;
      explicit = false;
    }
    if (context === undefined) {
      context = activeContext();
      if (!explicit && !badParent) parentSpan = context.span;
    }
    if (badParent) {
      diag.dropped('span.parent', 1, 'a parent must be a Span, a SpanContext or a Context; the current span is the parent');
      parentSpan = context.span;
    }
    if (root === true) parentSpan = undefined;
    let spanKind: SpanKind = SpanKind.INTERNAL;
    if (isSpanKind(kind)) spanKind = kind;
    else if (kind !== undefined) diag.dropped('span.kind', 1, 'a span kind must be one of SpanKind; using INTERNAL');
    return this.#create(name, spanKind, context, parentSpan, attributes, links, startTime);
  }

  /**
   * Makes the span once its inputs are known good (`parentSpan` is still
   * checked: a context made by hand may hold anything). Shared by both
   * paths of startSpan; no user code runs here except the sampler, guarded.
   */
  #create(
    name: unknown,
    kind: SpanKind,
    context: Context,
    parentSpan: Span | undefined,
    attributes: Attributes | undefined,
    links: unknown,
    startTime: TimeInput | undefined,
  ): Span {
    // A brand check, not instanceof: a Proxy placed in a context by hand (Context.withSpan is public) runs no trap.
    if (parentSpan !== undefined && !Span.isSpan(parentSpan)) {
      diag.dropped('span.parent', 1, 'the context holds something that is not a Span; starting a root span');
      parentSpan = undefined;
    }
    const spanName = typeof name === 'string' ? name : nameOf(name);

    let t0: number, t1: number, t2: number, t3: number;
    let p0 = 0;
    let p1 = 0;
    let flags: number;
    if (parentSpan !== undefined) {
      t0 = parentSpan.t0;
      t1 = parentSpan.t1;
      t2 = parentSpan.t2;
      t3 = parentSpan.t3;
      p0 = parentSpan.s0;
      p1 = parentSpan.s1;
      flags = parentSpan.traceFlags & ~TraceFlags.SAMPLED;
    } else {
      do {
        t0 = random32();
        t1 = random32();
        t2 = random32();
        t3 = random32();
      } while ((t0 | t1 | t2 | t3) === 0);
      flags = TraceFlags.RANDOM;
    }
    let s0: number, s1: number;
    do {
      s0 = random32();
      s1 = random32();
    } while ((s0 | s1) === 0);

    // A sampler that throws or answers something that is not a decision records nothing (DROP), counted.
    let decision: SamplingDecision;
    try {
      decision = this.#sampler.shouldSample(parentSpan, t3, spanName, kind, attributes);
    } catch (err) {
      decision = samplerFailed(spanName, err);
    }
    if (decision !== SamplingDecision.RECORD_AND_SAMPLED && decision !== SamplingDecision.DROP && decision !== SamplingDecision.RECORD_ONLY) {
      decision = samplerAnswered(spanName, decision);
    }
    if (decision === SamplingDecision.RECORD_AND_SAMPLED) flags |= TraceFlags.SAMPLED;
    const traceState = parentSpan?.traceState;
    // Suppressed (zerotel's own export path): nothing recorded, identity still propagates.
    if (decision === SamplingDecision.DROP || isTracingSuppressed(context)) {
      return Span.wrap(new SpanContext(t0, t1, t2, t3, s0, s1, flags, traceState, false));
    }
    const start = startTime === undefined ? now() : toRelative(startTime);
    const span = new Span(this, spanName, kind, t0, t1, t2, t3, s0, s1, p0, p1, parentSpan !== undefined && parentSpan.isRemote, flags, traceState, start);
    if (attributes !== undefined) span.setAttributes(attributes);
    if (links !== undefined) span.addLinks(links as SpanOptions['links'] & object);
    if (this.#processor.size > 0) this.#processor.onStart(span, context);
    return span;
  }

  /**
   * Starts a span, makes it current for `fn` and returns what `fn` returns;
   * `fn` ends the span. Every overload of the OpenTelemetry API's Tracer.
   */
  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions | undefined, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions | undefined, context: ParentInput, fn: F): ReturnType<F>;
  startActiveSpan(name: string, a?: unknown, b?: unknown, c?: unknown): unknown {
    return runActiveSpan(this, name, a, b, c);
  }

  /** Called by a span as it ends. */
  onEnd(span: Span): void {
    this.#processor.onEnd(span);
  }
}

function isSpanKind(k: unknown): k is SpanKind {
  return k === 0 || k === 1 || k === 2 || k === 3 || k === 4;
}

/** A span name from a non-string: its string form, reported. */
function nameOf(name: unknown): string {
  diag.dropped('span.name', 1, 'a span name must be a string; its string form is used');
  return name === undefined ? '' : safeString(name);
}

/**
 * The global `startSpan(name, parent, options)`, which also takes the
 * Tracer's order `(name, options, parent)`: the two are told apart by shape (a
 * parent is a Span, a SpanContext or a Context; brand checks, no user code
 * runs). Only this entry pays for the check, not every Tracer.startSpan.
 */
export function startSpanEitherOrder(tracer: Tracer, name: string, a: unknown, b: unknown): Span {
  if (typeof a !== 'object' || a === null || isParentLike(a)) return tracer.startSpan(name, b as SpanOptions | undefined, a as ParentInput);
  // `a` is not a parent: the options, given first (the Tracer's order); `b` is then the parent.
  return tracer.startSpan(name, a as SpanOptions, b as ParentInput);
}

function isParentLike(v: unknown): boolean {
  return Span.isSpan(v) || SpanContext.isSpanContext(v) || Context.isContext(v);
}

function samplerFailed(name: string, err: unknown): SamplingDecision {
  diag.dropped('span.sampler', 1, () => `the sampler threw (${describeError(err)}); the span "${name}" is not recorded`);
  return SamplingDecision.DROP;
}

function samplerAnswered(name: string, d: unknown): SamplingDecision {
  diag.dropped('span.sampler', 1, () => `the sampler answered ${safeString(d)}, not a SamplingDecision; the span "${name}" is not recorded`);
  return SamplingDecision.DROP;
}
