/**
 * Spans as the store keeps them: columns, one block per group of spans that
 * share a resource and a scope. What the store indexes, filters and
 * summarises by — span and parent ids as 32-bit words, start and end times,
 * status, name, trace id, link targets — sits in typed arrays and shared
 * strings; the whole span stays encoded (a range of the protobuf body it
 * came in) or, from OTLP/JSON, as the object the reader made, and is
 * decoded only when someone asks for it (`spanAt`).
 *
 * Why columns: a store holds hundreds of thousands of spans that each live
 * long enough to be promoted by the garbage collector; one object (and a few
 * strings) per span made collection the larger part of ingest. A block is a
 * handful of objects whatever its span count, and the protobuf bytes live
 * outside the JS heap.
 *
 * A trace refers to a span by (block, index) — see span-set.ts — and a
 * `StoredSpan` (stored-span.ts) is a view made on demand for the API.
 */
import { int64ToString } from '../otlp/proto-reader.js';
import { decodeSpan } from '../otlp/trace-reader.js';
import type { OtlpResource, OtlpScope, OtlpSpan } from '../otlp/types.js';
import { hex32, parseHex32 } from '../trace/ids.js';
import { estimateBytes } from './size.js';

export interface LinkRef {
  readonly traceId: string;
  readonly spanId: string;
}

/** Per-span cost of the columns (ids 16, times 16, ranges 8, start 8, status 1, name and trace id slots 16, set slots 16). */
const COLUMN_BYTES = 88;
const TWO_32 = 0x1_0000_0000;

export class SpanBlock {
  readonly resource: OtlpResource;
  readonly scope: OtlpScope;
  readonly service: string;
  /** The protobuf bytes holding each span at [ranges[2i], ranges[2i+1]), or undefined when `objects` holds them. */
  readonly body: Uint8Array | undefined;
  readonly objects: OtlpSpan[] | undefined;
  n = 0;
  /** Per span: lowercase hex trace id ('' when not 16 bytes), one string shared by the spans of a trace. */
  traceIds: string[] = [];
  names: string[] = [];
  /** Per span 4 words: span id hi, lo, parent id hi, lo (0, 0: none or invalid). */
  ids: Uint32Array;
  /** Per span: start and end, epoch ms (float). */
  times: Float64Array;
  /** Per span: byte range in `body`, then start time as two words (lo, hi) for an exact decimal. */
  ranges: Int32Array;
  startNs: Uint32Array;
  status: Uint8Array;
  /** Per span, made at the first span with links. */
  links: (LinkRef[] | undefined)[] | undefined;
  /** Estimated bytes of everything this block keeps, per span. */
  sizes: Uint32Array;

  /** `count` spans exactly: the columns are views of one buffer, sized once. */
  constructor(resource: OtlpResource, scope: OtlpScope, service: string, body: Uint8Array | undefined, objects: OtlpSpan[] | undefined, count: number) {
    this.resource = resource;
    this.scope = scope;
    this.service = service;
    this.body = body;
    this.objects = objects;
    const c = Math.max(1, count);
    // Layout: times (f64 × 2), ids (u32 × 4), ranges (i32 × 2), startNs (u32 × 2), sizes (u32), status (u8).
    const buf = new ArrayBuffer(c * (16 + 16 + 8 + 8 + 4 + 1));
    let at = 0;
    this.times = new Float64Array(buf, at, 2 * c);
    at += 16 * c;
    this.ids = new Uint32Array(buf, at, 4 * c);
    at += 16 * c;
    this.ranges = new Int32Array(buf, at, 2 * c);
    at += 8 * c;
    this.startNs = new Uint32Array(buf, at, 2 * c);
    at += 8 * c;
    this.sizes = new Uint32Array(buf, at, c);
    at += 4 * c;
    this.status = new Uint8Array(buf, at, c);
    this.links = undefined;
  }

  /** The next row (at most `count` of them). */
  next(): number {
    return this.n++;
  }

  setLinks(i: number, links: LinkRef[]): void {
    (this.links ??= [])[i] = links;
  }

  /** Sets the byte size of span i from what it keeps (call after its fields are set). */
  measure(i: number): void {
    const kept = this.body !== undefined ? this.ranges[2 * i + 1]! - this.ranges[2 * i]! : estimateBytes(this.objects![i]);
    this.sizes[i] = COLUMN_BYTES + kept + (this.links?.[i]?.length ?? 0) * 120;
  }

  spanIdHex(i: number): string {
    return hex32(this.ids[4 * i]!) + hex32(this.ids[4 * i + 1]!);
  }

  parentIdHex(i: number): string {
    const hi = this.ids[4 * i + 2]!;
    const lo = this.ids[4 * i + 3]!;
    return (hi | lo) === 0 ? '' : hex32(hi) + hex32(lo);
  }

  /** The whole span in OTLP/JSON shape (decoded now from its bytes when it came as protobuf). */
  spanAt(i: number): OtlpSpan {
    if (this.body === undefined) return this.objects![i]!;
    return decodeSpan(this.body.subarray(this.ranges[2 * i]!, this.ranges[2 * i + 1]!));
  }

  startTimeUnixNano(i: number): string {
    if (this.body === undefined) return this.objects![i]!.startTimeUnixNano;
    return int64ToString(this.startNs[2 * i]!, this.startNs[2 * i + 1]!, false);
  }

  /** A block of spans read by the OTLP/JSON reader, kept as those objects. */
  static fromOtlp(spans: readonly OtlpSpan[], resource: OtlpResource, scope: OtlpScope, service: string): SpanBlock {
    const b = new SpanBlock(resource, scope, service, undefined, [...spans], spans.length);
    for (const s of spans) {
      const i = b.next();
      const traceId = typeof s.traceId === 'string' ? s.traceId.toLowerCase() : '';
      b.traceIds[i] = traceId.length === 32 ? traceId : '';
      b.names[i] = s.name;
      idWords(s.spanId, b.ids, 4 * i);
      idWords(s.parentSpanId, b.ids, 4 * i + 2);
      b.times[2 * i] = nanosToMs(s.startTimeUnixNano);
      b.times[2 * i + 1] = Math.max(b.times[2 * i]!, nanosToMs(s.endTimeUnixNano));
      b.status[i] = Math.min(255, s.status?.code ?? 0);
      if (s.links !== undefined && s.links.length > 0) b.setLinks(i, s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId })));
      b.measure(i);
    }
    return b;
  }
}

/** 16 hex digits → two words at out[at], out[at+1]; anything else → 0, 0 (no id). */
function idWords(hex: string | undefined, out: Uint32Array, at: number): void {
  const s = typeof hex === 'string' && hex.length === 16 ? hex.toLowerCase() : '';
  const hi = s === '' ? -1 : parseHex32(s, 0);
  const lo = s === '' ? -1 : parseHex32(s, 8);
  out[at] = hi < 0 || lo < 0 ? 0 : hi;
  out[at + 1] = hi < 0 || lo < 0 ? 0 : lo;
}

/** Epoch nanoseconds (decimal string) → epoch ms as a float. */
export function nanosToMs(ns: string | undefined): number {
  if (ns === undefined || ns === '') return 0;
  // Split to keep sub-millisecond digits exact enough: ms part and the rest.
  if (ns.length > 6) return Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6;
  return Number(ns) / 1e6;
}

/** Nanoseconds as two 32-bit words → epoch ms (float). */
export function wordsToMs(lo: number, hi: number): number {
  return (hi * TWO_32 + lo) / 1e6;
}
