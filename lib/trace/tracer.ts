/**
 * A tracer makes spans for one instrumentation scope. It is also each span's
 * owner: the limits, resource and processor a span needs are read through it,
 * so a span carries one reference instead of five.
 */
import type { AttributeLimits, Attributes } from '../common/attributes.js';
import type { InstrumentationScope, Resource } from '../common/resource.js';
import type { TimeInput } from '../common/time.js';
import { now, toRelative } from '../common/time.js';
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
    let context: Context;
    let parentSpan: Span | undefined;
    if (parent === undefined || parent === null) {
      context = activeContext();
      parentSpan = context.span;
    } else {
      try {
        if (parent instanceof Span) {
          context = activeContext();
          parentSpan = parent;
        } else if (parent instanceof SpanContext) {
          context = activeContext();
          parentSpan = parent.isValid() ? Span.wrap(parent) : undefined;
        } else if (parent instanceof Context) {
          context = parent;
          parentSpan = parent.span;
        } else {
          // Foreign parents (the OpenTelemetry API's contexts and spans, span-context shapes), converted once.
          const foreign = toContext(parent);
          context = foreign ?? activeContext();
          parentSpan = foreign !== undefined ? foreign.span : (adoptSpan(parent) ?? context.span);
        }
      } catch {
        // A Proxy whose prototype cannot be read: no usable parent.
        context = activeContext();
        parentSpan = context.span;
      }
    }
    if (options !== undefined && options.root === true) parentSpan = undefined;
    const kind = options?.kind ?? SpanKind.INTERNAL;
    const spanName = typeof name === 'string' ? name : String(name);
    const attributes = options?.attributes;

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

    const decision = this.#sampler.shouldSample(parentSpan, t3, spanName, kind, attributes);
    if (decision === SamplingDecision.RECORD_AND_SAMPLED) flags |= TraceFlags.SAMPLED;
    const traceState = parentSpan?.traceState;
    // Suppressed (zerotel's own export path): nothing recorded, identity still propagates.
    if (decision === SamplingDecision.DROP || isTracingSuppressed(context)) {
      return Span.wrap(new SpanContext(t0, t1, t2, t3, s0, s1, flags, traceState, false));
    }
    const startTime = options?.startTime === undefined ? now() : toRelative(options.startTime);
    const span = new Span(this, spanName, kind, t0, t1, t2, t3, s0, s1, p0, p1, parentSpan !== undefined && parentSpan.isRemote, flags, traceState, startTime);
    if (attributes !== undefined) span.setAttributes(attributes);
    if (options?.links !== undefined) span.addLinks(options.links);
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
