/**
 * Traces assembled from spans that arrive in any order, from any number of
 * processes. A trace is kept whole from its first span on; a span whose
 * parent has not arrived is an orphan until the parent does (counted in the
 * summary) or until the trace ages out. Eviction is oldest-first by the time
 * a trace was first seen (Map insertion order), by count and by bytes.
 * Span links are indexed backwards: the linked trace lists who links to it.
 */
import { SpanSet } from './span-set.js';
import type { StoredSpan } from './stored-span.js';

export { nanosToMs } from './stored-span.js';

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

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

export class Trace {
  readonly traceId: string;
  readonly spans = new SpanSet();
  bytes = 0;
  errorCount = 0;
  lastUpdate: number;
  /** Links from other traces to this one (bounded with the trace). */
  backlinks: Backlink[] | undefined;
  /** Set once the trace left the store (its slot in the eviction queue is then skipped). */
  gone = false;

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
      const parent = s.parentSpanId;
      if (parent === '') {
        if (root === undefined || s.startMs < root.startMs) root = s;
      } else if (!this.spans.has(parent)) orphans++;
      if (first === undefined || s.startMs < first.startMs) first = s;
      if (s.endMs > end) end = s.endMs;
    }
    const head = root ?? first!;
    return {
      traceId: this.traceId,
      rootName: root ? root.name : '',
      rootService: head.service,
      services: [...services],
      spanCount: this.spans.size,
      errorCount: this.errorCount,
      orphanCount: orphans,
      startTimeUnixNano: first!.startTimeUnixNano,
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
  /**
   * Traces oldest first, for eviction: an array consumed from `#head`
   * (Map iteration would rescan the holes left by deletions on every call).
   */
  #queue: Trace[] = [];
  #head = 0;

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
  add(stored: StoredSpan, now: number): Trace | undefined {
    const traceId = stored.traceId;
    if (traceId.length !== 32 || stored.spanId.length !== 16 || traceId === ZERO_TRACE || stored.spanId === ZERO_SPAN) {
      this.counters.droppedSpans++;
      return undefined;
    }
    let trace = this.traces.get(traceId);
    if (trace === undefined) {
      trace = new Trace(traceId, now);
      this.traces.set(traceId, trace);
      this.#queue.push(trace);
    }
    const before = trace.spans.get(stored.spanId);
    if (before !== undefined) this.#forget(trace, before);
    trace.spans.set(stored.spanId, stored);
    trace.bytes += stored.bytes;
    trace.lastUpdate = now;
    if (stored.statusCode === 2) trace.errorCount++;
    this.spanCount++;
    this.bytes += stored.bytes;
    if (stored.links !== undefined) this.#linkBack(stored);
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
    trace.spans.delete(s.spanId);
    trace.bytes -= s.bytes;
    if (s.statusCode === 2) trace.errorCount--;
    this.spanCount--;
    this.bytes -= s.bytes;
  }

  #linkBack(span: StoredSpan): void {
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
        for (const link of s.links ?? []) {
          if (link.traceId !== traceId) continue;
          const key = `${trace.traceId}/${s.spanId}/${link.spanId}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ traceId, spanId: link.spanId, fromTraceId: trace.traceId, fromSpanId: s.spanId });
        }
      }
    }
    return out;
  }

  #bound(current: Trace): void {
    while (this.traces.size > this.#maxTraces || this.spanCount > this.#maxSpans || this.bytes > this.#maxBytes) {
      const oldest = this.#oldest();
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

  #oldest(): Trace | undefined {
    const q = this.#queue;
    while (this.#head < q.length && q[this.#head]!.gone) this.#head++;
    if (this.#head > 4096 && this.#head * 2 > q.length) {
      this.#queue = q.slice(this.#head);
      this.#head = 0;
    }
    return this.#queue[this.#head];
  }

  #evict(trace: Trace): void {
    trace.gone = true;
    this.traces.delete(trace.traceId);
    this.spanCount -= trace.spans.size;
    this.bytes -= trace.bytes;
    this.counters.evictedTraces++;
    this.counters.evictedSpans += trace.spans.size;
  }
}

