/**
 * Traces assembled from spans that arrive in any order, from any number of
 * processes. A trace is kept whole from its first span on; a span whose
 * parent has not arrived is an orphan until the parent does (counted in the
 * summary) or until the trace ages out. Eviction is oldest-first by the time
 * a trace was first seen (Map insertion order), by count and by bytes.
 * Span links are indexed backwards: the linked trace lists who links to it.
 */
import type { OtlpResource, OtlpScope, OtlpSpan } from '../otlp/types.js';
import { estimateBytes } from './size.js';

export interface StoredSpan {
  readonly span: OtlpSpan;
  readonly resource: OtlpResource;
  readonly scope: OtlpScope;
  readonly service: string;
  /** Epoch ms (float), for ordering and durations. */
  readonly startMs: number;
  readonly endMs: number;
  readonly bytes: number;
}

export interface Backlink {
  readonly traceId: string;
  readonly spanId: string;
  readonly fromTraceId: string;
  readonly fromSpanId: string;
}

export interface TraceSummary {
  traceId: string;
  rootName: string;
  rootService: string;
  services: string[];
  spanCount: number;
  errorCount: number;
  orphanCount: number;
  startTimeUnixNano: string;
  durationMs: number;
}

export class Trace {
  readonly traceId: string;
  readonly spans = new Map<string, StoredSpan>();
  bytes = 0;
  errorCount = 0;
  lastUpdate: number;
  /** Links from other traces to this one (bounded with the trace). */
  backlinks: Backlink[] | undefined;

  constructor(traceId: string, now: number) {
    this.traceId = traceId;
    this.lastUpdate = now;
    this.backlinks = undefined;
  }

  /** The span ordering a viewer wants: by start time. */
  sortedSpans(): StoredSpan[] {
    return [...this.spans.values()].sort((a, b) => a.startMs - b.startMs);
  }

  summary(): TraceSummary {
    let root: StoredSpan | undefined;
    let first: StoredSpan | undefined;
    let end = -Infinity;
    let orphans = 0;
    const services = new Set<string>();
    for (const s of this.spans.values()) {
      services.add(s.service);
      const parent = s.span.parentSpanId;
      if (parent === undefined || parent === '') {
        if (root === undefined || s.startMs < root.startMs) root = s;
      } else if (!this.spans.has(parent)) orphans++;
      if (first === undefined || s.startMs < first.startMs) first = s;
      if (s.endMs > end) end = s.endMs;
    }
    const head = root ?? first!;
    return {
      traceId: this.traceId,
      rootName: root ? root.span.name : '',
      rootService: head.service,
      services: [...services],
      spanCount: this.spans.size,
      errorCount: this.errorCount,
      orphanCount: orphans,
      startTimeUnixNano: first!.span.startTimeUnixNano,
      durationMs: Math.max(0, end - first!.startMs),
    };
  }
}

export interface TraceStoreCounters {
  evictedTraces: number;
  evictedSpans: number;
  droppedSpans: number;
}

export class TraceStore {
  readonly traces = new Map<string, Trace>();
  spanCount = 0;
  bytes = 0;
  readonly counters: TraceStoreCounters = { evictedTraces: 0, evictedSpans: 0, droppedSpans: 0 };
  readonly #maxTraces: number;
  readonly #maxSpans: number;
  readonly #maxBytes: number;
  readonly #ttlMs: number;

  constructor(maxTraces: number, maxSpans: number, maxBytes: number, ttlMs: number) {
    this.#maxTraces = maxTraces;
    this.#maxSpans = maxSpans;
    this.#maxBytes = maxBytes;
    this.#ttlMs = ttlMs;
  }

  /**
   * Adds one span; returns its trace (to mark as changed), or undefined when
   * the span was rejected (no valid ids). A span id seen again replaces the
   * earlier copy (a resend after a retry).
   */
  add(span: OtlpSpan, resource: OtlpResource, scope: OtlpScope, service: string, now: number): Trace | undefined {
    const traceId = span.traceId;
    if (traceId.length !== 32 || span.spanId.length !== 16 || /^0+$/.test(traceId)) {
      this.counters.droppedSpans++;
      return undefined;
    }
    const startMs = nanosToMs(span.startTimeUnixNano);
    const endMs = Math.max(startMs, nanosToMs(span.endTimeUnixNano));
    const stored: StoredSpan = { span, resource, scope, service, startMs, endMs, bytes: estimateBytes(span) };
    let trace = this.traces.get(traceId);
    if (trace === undefined) {
      trace = new Trace(traceId, now);
      this.traces.set(traceId, trace);
    }
    const before = trace.spans.get(span.spanId);
    if (before !== undefined) this.#forget(trace, before);
    trace.spans.set(span.spanId, stored);
    trace.bytes += stored.bytes;
    trace.lastUpdate = now;
    if (span.status?.code === 2) trace.errorCount++;
    this.spanCount++;
    this.bytes += stored.bytes;
    if (span.links !== undefined) this.#linkBack(span);
    this.#bound(trace);
    return this.traces.get(traceId) === trace ? trace : undefined;
  }

  /** Evicts traces not updated within the TTL (called by the store's clock). */
  expire(now: number): number {
    let n = 0;
    for (const trace of this.traces.values()) {
      if (now - trace.lastUpdate < this.#ttlMs) continue;
      this.#evict(trace);
      n++;
    }
    return n;
  }

  #forget(trace: Trace, s: StoredSpan): void {
    trace.spans.delete(s.span.spanId);
    trace.bytes -= s.bytes;
    if (s.span.status?.code === 2) trace.errorCount--;
    this.spanCount--;
    this.bytes -= s.bytes;
  }

  #linkBack(span: OtlpSpan): void {
    for (const link of span.links!) {
      const target = this.traces.get(link.traceId);
      if (target === undefined || target.traceId === span.traceId) continue;
      const list = (target.backlinks ??= []);
      if (list.length < 1000) list.push({ traceId: link.traceId, spanId: link.spanId, fromTraceId: span.traceId, fromSpanId: span.spanId });
    }
  }

  /** Backlinks to `traceId`: those recorded when the link arrived after the target, plus links from traces that arrived first. */
  backlinksOf(traceId: string): Backlink[] {
    const out = [...(this.traces.get(traceId)?.backlinks ?? [])];
    const seen = new Set(out.map((b) => `${b.fromTraceId}/${b.fromSpanId}/${b.spanId}`));
    for (const trace of this.traces.values()) {
      if (trace.traceId === traceId) continue;
      for (const s of trace.spans.values()) {
        for (const link of s.span.links ?? []) {
          if (link.traceId !== traceId) continue;
          const key = `${trace.traceId}/${s.span.spanId}/${link.spanId}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ traceId, spanId: link.spanId, fromTraceId: trace.traceId, fromSpanId: s.span.spanId });
        }
      }
    }
    return out;
  }

  #bound(current: Trace): void {
    while (this.traces.size > this.#maxTraces || this.spanCount > this.#maxSpans || this.bytes > this.#maxBytes) {
      const oldest = this.traces.values().next().value as Trace | undefined;
      if (oldest === undefined) return;
      if (oldest === current && this.traces.size === 1) {
        // One trace alone over the bounds: shed its earliest spans instead of everything.
        const first = current.sortedSpans()[0];
        if (first === undefined) return;
        this.#forget(current, first);
        this.counters.evictedSpans++;
        if (current.spans.size === 0) this.#evict(current);
        continue;
      }
      this.#evict(oldest);
    }
  }

  #evict(trace: Trace): void {
    this.traces.delete(trace.traceId);
    this.spanCount -= trace.spans.size;
    this.bytes -= trace.bytes;
    this.counters.evictedTraces++;
    this.counters.evictedSpans += trace.spans.size;
  }
}

/** Epoch nanoseconds (decimal string) → epoch ms as a float. */
export function nanosToMs(ns: string | undefined): number {
  if (ns === undefined || ns === '') return 0;
  // Split to keep sub-millisecond digits exact enough: ms part and the rest.
  if (ns.length > 6) return Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6;
  return Number(ns) / 1e6;
}
