/**
 * A log record. Like a span, every field is declared in the constructor so
 * all records share one hidden class; the attribute map is created on first
 * use. Exporters read the public fields directly. The trace correlation is
 * held as the current span's id words (t0..t3, s0, s1), all zero when the
 * record was emitted outside any span; hex is made only when asked.
 */
import { AttributeMap, eachAttributeCarefully } from '../common/attributes.js';
import { diag } from '../common/diag.js';
import { exceptionAttributes } from '../common/exception.js';
import type { InstrumentationScope, Resource } from '../common/resource.js';
import { spanIdHex, traceIdHex } from '../trace/ids.js';
import type { AnyValue, AnyValueMap } from './any-value.js';
import { isAnyValue, truncateAnyValue } from './any-value.js';
import { isSeverityNumber } from './severity.js';

/** Log record limits, with the OpenTelemetry defaults in DEFAULT_LOG_RECORD_LIMITS. */
export interface LogRecordLimits {
  readonly attributeCountLimit: number;
  readonly attributeValueLengthLimit: number;
}

export const DEFAULT_LOG_RECORD_LIMITS: LogRecordLimits = Object.freeze({
  attributeCountLimit: 128,
  attributeValueLengthLimit: Infinity,
});

/** Fills missing or invalid entries from the defaults. */
export function resolveLogRecordLimits(partial: Partial<LogRecordLimits> | undefined): LogRecordLimits {
  const count = partial?.attributeCountLimit;
  const length = partial?.attributeValueLengthLimit;
  return Object.freeze({
    attributeCountLimit: typeof count === 'number' && count >= 0 ? count : DEFAULT_LOG_RECORD_LIMITS.attributeCountLimit,
    attributeValueLengthLimit: typeof length === 'number' && length >= 0 ? length : DEFAULT_LOG_RECORD_LIMITS.attributeValueLengthLimit,
  });
}

/** What a record needs from the logger that made it; shared by all its records. */
export interface LogRecordOwner {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly limits: LogRecordLimits;
}

export class LogRecord {
  /** When the event happened: ms since the time origin (see common/time.ts). */
  timestamp: number;
  /** When the SDK saw it: ms since the time origin. */
  observedTimestamp: number;
  /** 0 (unspecified) or 1..24 on the OpenTelemetry severity scale. */
  severityNumber: number;
  severityText: string | undefined;
  body: AnyValue;
  attributes: AnyValueMap | undefined;
  attributeCount: number;
  droppedAttributesCount: number;
  eventName: string | undefined;
  /** Trace id words of the span current at emit; all 0 outside a span. */
  readonly t0: number;
  readonly t1: number;
  readonly t2: number;
  readonly t3: number;
  /** Span id words of the span current at emit; both 0 outside a span. */
  readonly s0: number;
  readonly s1: number;
  /** W3C trace flags of that span (0 outside a span). */
  readonly traceFlags: number;
  /** The logger's shared state: resource, scope, limits. */
  readonly owner: LogRecordOwner;

  constructor(
    owner: LogRecordOwner,
    timestamp: number,
    observedTimestamp: number,
    severityNumber: number,
    severityText: string | undefined,
    body: AnyValue,
    t0: number,
    t1: number,
    t2: number,
    t3: number,
    s0: number,
    s1: number,
    traceFlags: number,
  ) {
    this.timestamp = timestamp;
    this.observedTimestamp = observedTimestamp;
    this.severityNumber = severityNumber;
    this.severityText = severityText;
    this.body = body;
    this.attributes = undefined;
    this.attributeCount = 0;
    this.droppedAttributesCount = 0;
    this.eventName = undefined;
    this.t0 = t0;
    this.t1 = t1;
    this.t2 = t2;
    this.t3 = t3;
    this.s0 = s0;
    this.s1 = s1;
    this.traceFlags = traceFlags;
    this.owner = owner;
  }

  /** True when the record was emitted inside a span (it carries trace and span ids). */
  get hasTrace(): boolean {
    return (this.t0 | this.t1 | this.t2 | this.t3) !== 0;
  }

  /** The trace id in hex, or undefined outside a span. */
  get traceId(): string | undefined {
    return this.hasTrace ? traceIdHex(this.t0, this.t1, this.t2, this.t3) : undefined;
  }

  /** The span id in hex, or undefined outside a span. */
  get spanId(): string | undefined {
    return (this.s0 | this.s1) !== 0 ? spanIdHex(this.s0, this.s1) : undefined;
  }

  get resource(): Resource {
    return this.owner.resource;
  }

  get instrumentationScope(): InstrumentationScope {
    return this.owner.scope;
  }

  /**
   * Sets one attribute within the limits. An undefined or null value is
   * ignored (an unset attribute); a value that is not an AnyValue is dropped
   * and reported; a new key past the count limit is counted in
   * `droppedAttributesCount`. Never throws.
   */
  setAttribute(key: string, value: unknown): this {
    if (value === undefined || value === null) return this;
    if (typeof key !== 'string' || key.length === 0) {
      diag.dropped('log.attribute', 1, 'invalid attribute key');
      return this;
    }
    const t = typeof value;
    // Primitives (the common case) skip the recursive AnyValue check.
    if (t !== 'string' && t !== 'number' && t !== 'boolean' && !isAnyValue(value)) {
      // diag prints only the kind's first drop: build the reason only for it.
      diag.dropped('log.attribute', 1, () => `invalid value for attribute "${key}"`);
      return this;
    }
    const limits = this.owner.limits;
    const v = limits.attributeValueLengthLimit === Infinity ? (value as AnyValue) : truncateAnyValue(value as AnyValue, limits.attributeValueLengthLimit);
    const attrs = this.attributes;
    if (attrs !== undefined && Object.hasOwn(attrs, key)) {
      attrs[key] = v;
      return this;
    }
    if (this.attributeCount >= limits.attributeCountLimit) {
      this.droppedAttributesCount++;
      diag.dropped('log.attribute', 1, () => `attribute count limit ${limits.attributeCountLimit} reached`);
      return this;
    }
    setOwn(attrs ?? (this.attributes = new AttributeMap()), key, v);
    this.attributeCount++;
    return this;
  }

  /** Sets each own entry; an entry whose getter throws (or a Proxy that throws) is dropped and counted. */
  setAttributes(attributes: AnyValueMap | undefined): this {
    if (attributes === null || typeof attributes !== 'object') return this;
    if (this.attributes === undefined && this.#adopt(attributes)) return this;
    let done = 0;
    try {
      for (const key in attributes) {
        if (!Object.hasOwn(attributes, key)) continue;
        this.setAttribute(key, attributes[key]);
        done++;
      }
    } catch {
      eachAttributeCarefully(attributes, 'log.attribute', done, (k, v) => this.setAttribute(k, v));
    }
    return this;
  }

  /**
   * The fast path for the common case — a fresh record given flat primitive
   * attributes within the limits: one object spread (V8 clones the literal's
   * shape in one step; copying into an AttributeMap measured ~60 ns more per
   * record) and one checking pass. The spread defines every own key as an own
   * data property (`__proto__` included), and later writes go through
   * `setOwn`, so the plain container is never corrupted; encoders write own
   * keys only. Anything unusual (or a getter that throws) returns false and
   * takes the per-key path.
   */
  #adopt(attributes: AnyValueMap): boolean {
    const limits = this.owner.limits;
    if (limits.attributeValueLengthLimit !== Infinity) return false;
    let copy: AnyValueMap;
    try {
      copy = { ...attributes };
    } catch {
      return false;
    }
    let n = 0;
    for (const key in copy) {
      const t = typeof copy[key];
      if ((t !== 'string' && t !== 'number' && t !== 'boolean') || key === '') return false;
      n++;
    }
    if (n === 0 || n > limits.attributeCountLimit) return false;
    this.attributes = copy;
    this.attributeCount = n;
    return true;
  }

  /** Replaces the body; a value that is not an AnyValue is dropped and counted. */
  setBody(body: AnyValue): this {
    if (isAnyValue(body)) this.body = body;
    else diag.dropped('log.body', 1, 'body is not an AnyValue');
    return this;
  }

  /** Sets the severity; a number off the 0..24 scale or a non-string text is reported and left out. */
  setSeverity(severityNumber: number, severityText?: string): this {
    if (isSeverityNumber(severityNumber)) this.severityNumber = severityNumber;
    else diag.dropped('log.severity', 1, 'setSeverity needs a number on the 0..24 scale');
    if (severityText === undefined || typeof severityText === 'string') this.severityText = severityText;
    else diag.dropped('log.severity', 1, 'setSeverity needs a string severity text');
    return this;
  }

  setEventName(eventName: string | undefined): this {
    if (eventName === undefined || typeof eventName === 'string') this.eventName = eventName;
    else diag.dropped('log.event-name', 1, 'setEventName needs a string');
    return this;
  }

  /**
   * Adds the exception.* attributes of `exception`, never overwriting an
   * attribute the caller set (the logs API's rule for the exception argument).
   */
  setException(exception: unknown): this {
    if (exception === null || exception === undefined) return this;
    const attrs = exceptionAttributes(exception);
    for (const key in attrs) {
      if (this.attributes === undefined || !Object.hasOwn(this.attributes, key)) this.setAttribute(key, attrs[key]);
    }
    return this;
  }
}

/** Writes `key` as an own data property, even `__proto__` on a plain (adopted) object, where `=` would set the prototype. */
function setOwn(target: AnyValueMap, key: string, value: AnyValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
