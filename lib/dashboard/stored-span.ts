/**
 * One span as the store keeps it: the fields the store indexes, filters and
 * summarises by (ids, name, status, times, links), and the whole span in
 * OTLP/JSON shape on demand. A span received as protobuf keeps its encoded
 * bytes (a view into the request body) and is decoded only when someone
 * asks for it (`span`), so ingest allocates a handful of strings per span
 * instead of the full object tree; a span from JSON or from the in-process
 * sink is already an object and is kept as it is.
 */
import { int64ToString } from '../otlp/proto-reader.js';
import { decodeSpan } from '../otlp/trace-reader.js';
import type { OtlpResource, OtlpScope, OtlpSpan } from '../otlp/types.js';
import type { Span } from '../trace/span.js';
import { spanIdHex, traceIdHex } from '../trace/ids.js';
import { epochNanosString, epochParts } from '../common/time.js';
import { spanOf } from './model-otlp.js';
import { estimateBytes } from './size.js';

export interface LinkRef {
  readonly traceId: string;
  readonly spanId: string;
}

/** Overhead of the record and its strings beside the encoded bytes. */
const RECORD_BYTES = 320;

export class StoredSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** '' for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  readonly statusCode: number;
  /** Epoch ms (float), for ordering and durations. */
  readonly startMs: number;
  readonly endMs: number;
  readonly links: readonly LinkRef[] | undefined;
  readonly resource: OtlpResource;
  readonly scope: OtlpScope;
  readonly service: string;
  readonly bytes: number;
  /** The span object, the application's own Span (in process), or the request body holding its encoding at [#from, #to). */
  readonly #src: OtlpSpan | Uint8Array | Span;
  readonly #from: number;
  readonly #to: number;
  readonly #startLo: number;
  readonly #startHi: number;

  constructor(
    traceId: string,
    spanId: string,
    parentSpanId: string,
    name: string,
    statusCode: number,
    startMs: number,
    endMs: number,
    links: readonly LinkRef[] | undefined,
    resource: OtlpResource,
    scope: OtlpScope,
    service: string,
    src: OtlpSpan | Uint8Array | Span,
    from: number,
    to: number,
    startLo: number,
    startHi: number,
  ) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.name = name;
    this.statusCode = statusCode;
    this.startMs = startMs;
    this.endMs = Math.max(startMs, endMs);
    this.links = links;
    this.resource = resource;
    this.scope = scope;
    this.service = service;
    this.#src = src;
    this.#from = from;
    this.#to = to;
    this.#startLo = startLo;
    this.#startHi = startHi;
    this.bytes = RECORD_BYTES + (src instanceof Uint8Array ? (to - from) * 2 : src instanceof Object && 'owner' in src ? modelBytes(src as Span) : estimateBytes(src));
  }

  /** The whole span in OTLP/JSON shape (decoded now from its bytes when it came as protobuf). */
  get span(): OtlpSpan {
    const src = this.#src;
    if (src instanceof Uint8Array) return decodeSpan(src.subarray(this.#from, this.#to));
    return 'owner' in src ? spanOf(src) : src;
  }

  get startTimeUnixNano(): string {
    const src = this.#src;
    if (src instanceof Uint8Array) return int64ToString(this.#startLo, this.#startHi, false);
    return 'owner' in src ? epochNanosString(src.startTime) : src.startTimeUnixNano;
  }

  /**
   * An ended span of this process, kept as it is (spans are immutable once
   * ended) and converted to OTLP shape only when asked for.
   */
  static fromModel(span: Span, resource: OtlpResource, scope: OtlpScope, service: string): StoredSpan {
    epochParts(span.startTime, parts);
    const startMs = parts.ms + parts.ns / 1e6;
    return new StoredSpan(
      traceIdHex(span.t0, span.t1, span.t2, span.t3),
      spanIdHex(span.s0, span.s1),
      (span.p0 | span.p1) !== 0 ? spanIdHex(span.p0, span.p1) : '',
      span.name,
      span.statusCode,
      startMs,
      startMs + (span.endTime - span.startTime),
      span.links?.map((l) => ({ traceId: traceIdHex(l.context.t0, l.context.t1, l.context.t2, l.context.t3), spanId: spanIdHex(l.context.s0, l.context.s1) })),
      resource,
      scope,
      service,
      span,
      0,
      0,
      0,
      0,
    );
  }

  static fromOtlp(span: OtlpSpan, resource: OtlpResource, scope: OtlpScope, service: string): StoredSpan {
    return new StoredSpan(
      span.traceId,
      span.spanId,
      span.parentSpanId ?? '',
      span.name,
      span.status?.code ?? 0,
      nanosToMs(span.startTimeUnixNano),
      nanosToMs(span.endTimeUnixNano),
      span.links?.map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
      resource,
      scope,
      service,
      span,
      0,
      0,
      0,
      0,
    );
  }
}

const parts = { ms: 0, ns: 0 };

/** A rough size of a model span: its attributes, events and links by count. */
function modelBytes(span: Span): number {
  return 400 + span.attributeCount * 96 + (span.events?.length ?? 0) * 160 + (span.links?.length ?? 0) * 160 + span.name.length * 2;
}

/** Epoch nanoseconds (decimal string) → epoch ms as a float. */
export function nanosToMs(ns: string | undefined): number {
  if (ns === undefined || ns === '') return 0;
  // Split to keep sub-millisecond digits exact enough: ms part and the rest.
  if (ns.length > 6) return Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6;
  return Number(ns) / 1e6;
}
