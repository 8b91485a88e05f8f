/**
 * A logger emits log records for one instrumentation scope. It is each
 * record's owner (resource, scope, limits), and it offers both the logs API's
 * `emit(record)` and the convenience methods application code wants:
 * `info(msg, attrs?)`, `warn`, `error(msg | Error, attrs? | Error)`, `debug`,
 * `trace`, `fatal`. The current span's ids are copied into every record.
 */
import { describeError, diag } from '../common/diag.js';
import { describeValue, safeString } from '../common/exception.js';
import type { InstrumentationScope, Resource } from '../common/resource.js';
import type { TimeInput } from '../common/time.js';
import { now, toRelative } from '../common/time.js';
import { activeContext } from '../context/async-context.js';
import type { Context, ContextLike } from '../context/context.js';
import { toContext } from '../context/context.js';
import type { AnyValue, AnyValueMap } from './any-value.js';
import { isAnyValue } from './any-value.js';
import type { LogRecordLimits, LogRecordOwner } from './log-record.js';
import { LogRecord } from './log-record.js';
import type { MultiLogRecordProcessor } from './log-record-processor.js';
import { isSeverityNumber, SeverityNumber } from './severity.js';

/** What `emit` accepts: the logs API's LogRecord fields, all optional. */
export interface LogRecordInput {
  /** When the event happened (default: the observed time). */
  timestamp?: TimeInput;
  /** When it was observed (default: now). */
  observedTimestamp?: TimeInput;
  severityNumber?: number;
  severityText?: string;
  body?: AnyValue;
  attributes?: AnyValueMap;
  eventName?: string;
  /** An exception: its exception.* attributes are added unless the caller set them. */
  exception?: unknown;
  /** The context to correlate with (default: the current one); zerotel's or the OpenTelemetry API's. */
  context?: Context | ContextLike;
}

/** What a logger needs of its provider. */
export interface LoggerSettings {
  readonly resource: Resource;
  readonly limits: LogRecordLimits;
  readonly processor: MultiLogRecordProcessor;
  /** Records below this severity (but not unspecified ones) are skipped. */
  readonly minSeverity: number;
}

/**
 * How deep we are inside processor.onEmit. The console bridge reads it: a
 * console call made while a record is being processed (an exporter printing,
 * a diagnostic) is printed but not recorded, so logging can never recurse.
 */
let emitDepth = 0;

export function isEmitting(): boolean {
  return emitDepth > 0;
}

export class Logger implements LogRecordOwner {
  readonly scope: InstrumentationScope;
  readonly resource: Resource;
  readonly limits: LogRecordLimits;
  readonly #processor: MultiLogRecordProcessor;
  readonly #minSeverity: number;

  constructor(scope: InstrumentationScope, settings: LoggerSettings) {
    this.scope = scope;
    this.resource = settings.resource;
    this.limits = settings.limits;
    this.#processor = settings.processor;
    this.#minSeverity = settings.minSeverity;
  }

  /**
   * False when a record of this severity would be thrown away (no processor,
   * or below the provider's minimum): callers may skip building it.
   */
  enabled(severityNumber?: number): boolean {
    if (this.#processor.size === 0) return false;
    // typeof first: comparing a non-number coerces (a Symbol or a null-prototype object throws).
    return severityNumber === undefined || severityNumber === 0 || (typeof severityNumber === 'number' && severityNumber >= this.#minSeverity);
  }

  /** Emits a record built from the logs API's fields. Never throws: an input that cannot be read is dropped and counted. */
  emit(input: LogRecordInput): void {
    if (this.#processor.size === 0) return;
    if (input === null || typeof input !== 'object') {
      diag.dropped('log.record', 1, 'emit() needs a log record object');
      return;
    }
    // The input's fields are user code when they are getters (or a Proxy): a throw drops the record, counted.
    try {
      this.#emit(input);
    } catch (err) {
      diag.dropped('log.record', 1, () => `the log record could not be read: ${describeError(err)}`);
    }
  }

  #emit(input: LogRecordInput): void {
    let severity = input.severityNumber ?? 0;
    if (!isSeverityNumber(severity)) {
      // Counted each time (a warning once hid every later, different mistake); printed at a bounded rate.
      const given = severity;
      diag.dropped('log.severity', 1, () => `severity ${describeValue(given)} is off the 0..24 scale; recorded as unspecified`);
      severity = 0;
    }
    if (severity !== 0 && severity < this.#minSeverity) return;
    // The API's contexts (any object with getValue) are read too.
    const ctx = toContext(input.context) ?? activeContext();
    const observed = input.observedTimestamp === undefined ? now() : toRelative(input.observedTimestamp);
    const timestamp = input.timestamp === undefined ? observed : toRelative(input.timestamp);
    let body = input.body;
    if (body !== undefined && !isAnyValue(body)) {
      diag.dropped('log.body', 1, 'body is not an AnyValue; recorded as its string form');
      body = safeString(body);
    }
    const text = typeof input.severityText === 'string' ? input.severityText : undefined;
    const record = this.#record(ctx, timestamp, observed, severity, text, body);
    if (input.attributes !== undefined) record.setAttributes(input.attributes);
    if (typeof input.eventName === 'string' && input.eventName !== '') record.eventName = input.eventName;
    if (input.exception !== undefined && input.exception !== null) record.setException(input.exception);
    this.#dispatch(record, ctx);
  }

  trace(message: unknown, attributes?: AnyValueMap | Error): void {
    this.#log(SeverityNumber.TRACE, 'TRACE', message, attributes);
  }

  debug(message: unknown, attributes?: AnyValueMap | Error): void {
    this.#log(SeverityNumber.DEBUG, 'DEBUG', message, attributes);
  }

  info(message: unknown, attributes?: AnyValueMap | Error): void {
    this.#log(SeverityNumber.INFO, 'INFO', message, attributes);
  }

  warn(message: unknown, attributes?: AnyValueMap | Error): void {
    this.#log(SeverityNumber.WARN, 'WARN', message, attributes);
  }

  /** `error(err)`, `error('msg', attrs)` or `error('msg', err)`: an Error becomes exception.* attributes. */
  error(message: unknown, attributes?: AnyValueMap | Error): void {
    this.#log(SeverityNumber.ERROR, 'ERROR', message, attributes);
  }

  fatal(message: unknown, attributes?: AnyValueMap | Error): void {
    this.#log(SeverityNumber.FATAL, 'FATAL', message, attributes);
  }

  /** The convenience path: message (string, Error or AnyValue) + attributes, now, current context. */
  #log(severity: number, text: string, message: unknown, attributes: AnyValueMap | Error | undefined): void {
    if (severity < this.#minSeverity || this.#processor.size === 0) return;
    const ctx = activeContext();
    const t = now();
    let body: AnyValue;
    let exception: unknown;
    if (typeof message === 'string') body = message;
    else if (isError(message)) {
      exception = message;
      body = errorMessage(message);
    } else if (isAnyValue(message)) body = message;
    else body = safeString(message);
    const record = this.#record(ctx, t, t, severity, text, body);
    if (attributes !== undefined && attributes !== null) {
      if (isError(attributes)) exception = attributes;
      else record.setAttributes(attributes);
    }
    if (exception !== undefined) record.setException(exception);
    this.#dispatch(record, ctx);
  }

  #record(ctx: Context, timestamp: number, observed: number, severity: number, text: string | undefined, body: AnyValue): LogRecord {
    const span = ctx.span;
    if (span === undefined) return new LogRecord(this, timestamp, observed, severity, text, body, 0, 0, 0, 0, 0, 0, 0);
    return new LogRecord(this, timestamp, observed, severity, text, body, span.t0, span.t1, span.t2, span.t3, span.s0, span.s1, span.traceFlags);
  }

  #dispatch(record: LogRecord, ctx: Context): void {
    emitDepth++;
    try {
      this.#processor.onEmit(record, ctx);
    } finally {
      emitDepth--;
    }
  }
}

/** `instanceof`, which runs a Proxy's getPrototypeOf trap, made safe. */
function isError(v: unknown): v is Error {
  if (v === null || typeof v !== 'object') return false;
  try {
    return v instanceof Error;
  } catch {
    return false;
  }
}

/** An Error's message as the body, or its string form when the getter throws or is not a string. */
function errorMessage(e: Error): string {
  try {
    const m: unknown = e.message;
    return typeof m === 'string' ? m : safeString(m);
  } catch {
    return safeString(e);
  }
}
