/**
 * A span: one timed operation in a trace. Every field is declared in the
 * constructor so all spans share one hidden class; attribute, event and link
 * containers are created on first use. Exporters read the public fields
 * directly (the "readable span"); only the methods change them.
 */
import type { Attributes, AttributeLimits } from '../common/attributes.js';
import { ADDED, AttributeMap, eachAttributeCarefully, LIMITED, putAttribute, sanitizeAttributes } from '../common/attributes.js';
import { describeError, diag } from '../common/diag.js';
import { exceptionAttributes, safeString } from '../common/exception.js';
import type { InstrumentationScope, Resource } from '../common/resource.js';
import type { TimeInput } from '../common/time.js';
import { now, toRelative } from '../common/time.js';
import { spanIdHex } from './ids.js';
import type { TraceStateLike } from './span-context.js';
import { SpanContext } from './span-context.js';
import type { SpanContextInput } from './span-like.js';
import { fromLink, toSpanContext } from './span-like.js';
import type { SpanLimits } from './span-limits.js';

export const SpanKind = {
  INTERNAL: 0,
  SERVER: 1,
  CLIENT: 2,
  PRODUCER: 3,
  CONSUMER: 4,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

export const SpanStatusCode = {
  UNSET: 0,
  OK: 1,
  ERROR: 2,
} as const;
export type SpanStatusCode = (typeof SpanStatusCode)[keyof typeof SpanStatusCode];

export interface SpanStatus {
  code: SpanStatusCode;
  message?: string | undefined;
}

export interface SpanEvent {
  readonly name: string;
  /** ms since the time origin (see common/time.ts). */
  readonly time: number;
  readonly attributes: Readonly<Attributes> | undefined;
  readonly droppedAttributesCount: number;
}

export interface SpanLink {
  readonly context: SpanContext;
  readonly attributes: Readonly<Attributes> | undefined;
  readonly droppedAttributesCount: number;
}

/** A link as the OpenTelemetry API passes it: a target span context and optional attributes. */
export interface LinkInput {
  readonly context: SpanContextInput;
  readonly attributes?: Attributes | undefined;
}

/** What a span needs from the tracer that made it; shared by all its spans. */
export interface SpanOwner {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly limits: SpanLimits;
  readonly spanAttributeLimits: AttributeLimits;
  readonly eventAttributeLimits: AttributeLimits;
  readonly linkAttributeLimits: AttributeLimits;
  onEnd(span: Span): void;
}

export class Span {
  name: string;
  readonly kind: SpanKind;
  /** Trace id as four 32-bit words, most significant first. */
  readonly t0: number;
  readonly t1: number;
  readonly t2: number;
  readonly t3: number;
  /** Span id as two 32-bit words. */
  readonly s0: number;
  readonly s1: number;
  /** Parent span id words; both 0 for a root span. */
  readonly p0: number;
  readonly p1: number;
  readonly parentIsRemote: boolean;
  readonly traceFlags: number;
  readonly traceState: TraceStateLike | undefined;
  /** ms since the time origin. */
  readonly startTime: number;
  /** ms since the time origin; meaningful once `ended`. */
  endTime: number;
  ended: boolean;
  attributes: Attributes | undefined;
  attributeCount: number;
  droppedAttributesCount: number;
  events: SpanEvent[] | undefined;
  droppedEventsCount: number;
  links: SpanLink[] | undefined;
  droppedLinksCount: number;
  statusCode: SpanStatusCode;
  statusMessage: string | undefined;
  /** The tracer's shared state; undefined for a non-recording span. */
  readonly owner: SpanOwner | undefined;
  #context: SpanContext | undefined;

  constructor(
    owner: SpanOwner | undefined,
    name: string,
    kind: SpanKind,
    t0: number,
    t1: number,
    t2: number,
    t3: number,
    s0: number,
    s1: number,
    p0: number,
    p1: number,
    parentIsRemote: boolean,
    traceFlags: number,
    traceState: TraceStateLike | undefined,
    startTime: number,
  ) {
    this.name = name;
    this.kind = kind;
    this.t0 = t0;
    this.t1 = t1;
    this.t2 = t2;
    this.t3 = t3;
    this.s0 = s0;
    this.s1 = s1;
    this.p0 = p0;
    this.p1 = p1;
    this.parentIsRemote = parentIsRemote;
    this.traceFlags = traceFlags;
    this.traceState = traceState;
    this.startTime = startTime;
    this.endTime = startTime;
    this.ended = false;
    this.attributes = undefined;
    this.attributeCount = 0;
    this.droppedAttributesCount = 0;
    this.events = undefined;
    this.droppedEventsCount = 0;
    this.links = undefined;
    this.droppedLinksCount = 0;
    this.statusCode = SpanStatusCode.UNSET;
    this.statusMessage = undefined;
    this.owner = owner;
    this.#context = undefined;
  }

  /** True for a Span of this module: a brand check (never runs a Proxy trap, never walks a prototype chain). */
  static isSpan(v: unknown): v is Span {
    return typeof v === 'object' && v !== null && #context in v;
  }

  /** A non-recording span that only carries `ctx` (a remote parent, a sampled-out span). */
  static wrap(ctx: SpanContext): Span {
    const span = new Span(undefined, '', SpanKind.INTERNAL, ctx.t0, ctx.t1, ctx.t2, ctx.t3, ctx.s0, ctx.s1, 0, 0, false, ctx.traceFlags, ctx.traceState, 0);
    span.#context = ctx;
    span.ended = true;
    return span;
  }

  /** The span's propagated identity (made once, on first use). */
  spanContext(): SpanContext {
    return (this.#context ??= new SpanContext(this.t0, this.t1, this.t2, this.t3, this.s0, this.s1, this.traceFlags, this.traceState, false));
  }

  get traceId(): string {
    return this.spanContext().traceId;
  }

  get spanId(): string {
    return this.spanContext().spanId;
  }

  /** The parent's span id in hex, or undefined for a root span. */
  get parentSpanId(): string | undefined {
    return (this.p0 | this.p1) === 0 ? undefined : spanIdHex(this.p0, this.p1);
  }

  get resource(): Resource | undefined {
    return this.owner?.resource;
  }

  get instrumentationScope(): InstrumentationScope | undefined {
    return this.owner?.scope;
  }

  /** Duration in ms (0 until ended). */
  get duration(): number {
    return this.endTime - this.startTime;
  }

  /** True while the span records changes: sampled-in (or record-only) and not ended. */
  isRecording(): boolean {
    return this.owner !== undefined && !this.ended;
  }

  /** True for a wrapped remote context (see `wrap`); lets samplers read a parent span directly. */
  get isRemote(): boolean {
    return this.#context?.isRemote === true;
  }

  #closed(what: string): boolean {
    if (this.owner === undefined) return true;
    if (this.ended) {
      diag.dropped('span.change-after-end', 1, () => `${what} on an ended span "${this.name}"`);
      return true;
    }
    return false;
  }

  setAttribute(key: string, value: unknown): this {
    const owner = this.owner;
    if (owner === undefined || this.ended) {
      this.#closed('setAttribute');
      return this;
    }
    const t = typeof value;
    // Fast path: a primitive value under a non-empty key (nearly every call).
    if ((t === 'string' || t === 'number' || t === 'boolean') && typeof key === 'string' && key !== '') {
      const limits = owner.spanAttributeLimits;
      if (t === 'string' && (value as string).length > limits.valueLengthLimit) value = (value as string).slice(0, limits.valueLengthLimit);
      let attrs = this.attributes;
      if (attrs === undefined) attrs = this.attributes = new AttributeMap();
      // Values are never undefined once stored and an AttributeMap inherits
      // nothing, so `undefined` means a new key (`__proto__` and `constructor` too).
      else if (attrs[key] !== undefined) {
        attrs[key] = value as string | number | boolean;
        return this;
      }
      if (this.attributeCount >= limits.countLimit) {
        this.droppedAttributesCount++;
        return this;
      }
      attrs[key] = value as string | number | boolean;
      this.attributeCount++;
      return this;
    }
    const r = putAttribute((this.attributes ??= new AttributeMap()), this.attributeCount, key, value, owner.spanAttributeLimits, 'span.attribute');
    if (r === ADDED) this.attributeCount++;
    else if (r === LIMITED) this.droppedAttributesCount++;
    return this;
  }

  /** Sets each own entry; an entry whose getter throws (or a Proxy that throws) is dropped and counted. */
  setAttributes(attributes: Attributes): this {
    if (attributes === null || typeof attributes !== 'object') return this;
    // One try around a plain loop (the common case costs nothing more); a throw switches to the careful pass.
    let done = 0;
    try {
      for (const key in attributes) {
        if (!Object.hasOwn(attributes, key)) continue;
        this.setAttribute(key, attributes[key]);
        done++;
      }
    } catch {
      eachAttributeCarefully(attributes, 'span.attribute', done, (k, v) => this.setAttribute(k, v));
    }
    return this;
  }

  /** Adds an event; `attributesOrTime` may be the time when no attributes are given. */
  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.#closed('addEvent')) return this;
    const owner = this.owner!;
    let attributes: Attributes | undefined;
    if (isTimeInput(attributesOrTime)) {
      time = attributesOrTime as TimeInput;
    } else {
      attributes = attributesOrTime as Attributes | undefined;
    }
    const limit = owner.limits.eventCountLimit;
    const events = this.events;
    if ((events === undefined ? 0 : events.length) >= limit) {
      this.droppedEventsCount++;
      diag.dropped('span.event', 1, () => `event count limit ${limit} reached`);
      return this;
    }
    let attrs: Attributes | undefined;
    let dropped = 0;
    if (attributes !== undefined) {
      const clean = sanitizeAttributes(attributes, owner.eventAttributeLimits, 'event.attribute');
      attrs = clean.attributes;
      dropped = clean.dropped;
    }
    const event: SpanEvent = {
      name: typeof name === 'string' ? name : safeString(name),
      time: time === undefined ? now() : toRelative(time),
      attributes: attrs,
      droppedAttributesCount: dropped,
    };
    // The first event makes a one-slot array: `[]` then push reserves 17 slots (136 bytes) for what is usually one event.
    if (events === undefined) this.events = [event];
    else events.push(event);
    return this;
  }

  /**
   * Adds a link to another span's context (allowed after start, until end).
   * `target` is a span or span context (ours, the API's or its hex shape), or
   * the API's Link object `{ context, attributes }`.
   */
  addLink(target: SpanContextInput | Span | LinkInput, attributes?: Attributes): this {
    if (this.#closed('addLink')) return this;
    let ctx = toSpanContext(target);
    if (ctx === undefined) {
      const link = fromLink(target);
      if (link !== undefined) {
        ctx = link.context;
        attributes ??= link.attributes as Attributes | undefined;
      }
    }
    if (ctx === undefined || !ctx.isValid()) {
      diag.dropped('span.link', 1, 'invalid link target');
      return this;
    }
    const owner = this.owner!;
    const links = this.links;
    if ((links === undefined ? 0 : links.length) >= owner.limits.linkCountLimit) {
      this.droppedLinksCount++;
      diag.dropped('span.link', 1, () => `link count limit ${owner.limits.linkCountLimit} reached`);
      return this;
    }
    const clean = sanitizeAttributes(attributes, owner.linkAttributeLimits, 'link.attribute');
    const link: SpanLink = { context: ctx, attributes: clean.attributes, droppedAttributesCount: clean.dropped };
    if (links === undefined) this.links = [link];
    else links.push(link);
    return this;
  }

  /** Adds each of the API's Link objects; anything that is not one is reported by addLink. */
  addLinks(links: ReadonlyArray<LinkInput>): this {
    if (!Array.isArray(links)) {
      diag.dropped('span.link', 1, 'addLinks needs an array of links');
      return this;
    }
    let n: number;
    try {
      n = links.length;
    } catch {
      n = 0; // a Proxy posing as an array
      diag.dropped('span.link', 1, 'the links could not be read');
    }
    for (let i = 0; i < n; i++) {
      let link: unknown;
      try {
        link = links[i];
      } catch {
        diag.dropped('span.link', 1, 'a link could not be read');
        continue;
      }
      this.addLink(link as LinkInput);
    }
    return this;
  }

  /**
   * Sets the status as OpenTelemetry says: UNSET is ignored, OK is final,
   * ERROR keeps a description; a description is dropped for anything but ERROR.
   */
  setStatus(status: SpanStatus | SpanStatusCode, message?: string): this {
    if (this.#closed('setStatus')) return this;
    let code: unknown = status;
    let msg: unknown = message;
    if (typeof status === 'object' && status !== null) {
      try {
        code = status.code;
        msg = status.message;
      } catch (err) {
        diag.dropped('span.status', 1, () => `the status could not be read: ${describeError(err)}`);
        return this;
      }
    }
    if (this.statusCode === SpanStatusCode.OK) return this;
    if (code === SpanStatusCode.OK) {
      this.statusCode = code;
      this.statusMessage = undefined;
    } else if (code === SpanStatusCode.ERROR) {
      this.statusCode = code;
      this.statusMessage = typeof msg === 'string' ? msg : undefined;
    }
    return this;
  }

  /** Renames the span; a non-string is reported and ignored. */
  updateName(name: string): this {
    if (this.#closed('updateName')) return this;
    if (typeof name === 'string') this.name = name;
    else diag.dropped('span.name', 1, 'updateName needs a string');
    return this;
  }

  /** Records an `exception` event with the spec's exception.* attributes. */
  recordException(exception: unknown, time?: TimeInput): this {
    if (this.#closed('recordException')) return this;
    this.addEvent('exception', exceptionAttributes(exception), time);
    return this;
  }

  /** Ends the span; a second call is ignored and reported, never thrown. */
  end(endTime?: TimeInput): void {
    if (this.owner === undefined) return;
    if (this.ended) {
      diag.dropped('span.end-twice', 1, () => `end() called again on span "${this.name}"`);
      return;
    }
    const t = endTime === undefined ? now() : toRelative(endTime);
    this.endTime = t < this.startTime ? this.startTime : t;
    this.ended = true;
    this.owner.onEnd(this);
  }
}

/** True for what addEvent's second argument means as a time: a number, a Date, an [s, ns] pair. Never throws. */
function isTimeInput(v: unknown): boolean {
  if (typeof v === 'number') return true;
  if (v === null || typeof v !== 'object') return false;
  try {
    return v instanceof Date || Array.isArray(v);
  } catch {
    return false;
  }
}
