/**
 * Traces assembled from spans that arrive in any order, from any number of
 * processes. A trace is kept whole from its first span on; a span whose
 * parent has not arrived is an orphan until the parent does (counted in the
 * summary) or until the trace ages out. Eviction is oldest-first by the time
 * a trace was first seen (Map insertion order), by count and by bytes.
 * Span links are indexed backwards: the linked trace lists who links to it.
 */
import type { SpanBlock } from './span-block.js';
import { SpanSet } from './span-set.js';
import type { StoredSpan } from './stored-span.js';

export { nanosToMs } from './span-block.js';

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

/** A trace is the set of its spans (one object, not two: the store keeps tens of thousands). */
export class Trace extends SpanSet {
  readonly traceId: string;
  bytes = 0;
  errorCount = 0;
  lastUpdate: number;
  /** Links from other traces to this one (bounded with the trace). */
  backlinks: Backlink[] | undefined;
  /** Set once the trace left the store (its slot in the eviction queue is then skipped). */
  gone = false;

  constructor(traceId: string, now: number) {
    super();
    this.traceId = traceId;
    this.lastUpdate = now;
    this.backlinks = undefined;
  }

  /** Its spans (itself: see above). */
  get spans(): SpanSet {
    return this;
  }

  /** The span ordering a viewer wants: by start time. */
  sortedSpans(): StoredSpan[] {
    return [...this.spans.values()].sort((a, b) => a.startMs - b.startMs);
  }

  /** Read from the columns: no view per span (deltas summarise every changed trace). */
  summary(): TraceSummary {
    let rootK = -1;
    let rootStart = Infinity;
    let firstK = -1;
    let firstStart = Infinity;
    let end = -Infinity;
    let orphans = 0;
    const services: string[] = [];
    const n = this.size;
    for (let k = 0; k < n; k++) {
      const b = this.blockAt(k);
      const i = this.rowAt(k);
      if (!services.includes(b.service)) services.push(b.service);
      const start = b.times[2 * i]!;
      const phi = b.ids[4 * i + 2]!;
      const plo = b.ids[4 * i + 3]!;
      if ((phi | plo) === 0) {
        if (start < rootStart) {
          rootStart = start;
          rootK = k;
        }
      } else if (this.find(phi, plo) < 0) orphans++;
      if (start < firstStart) {
        firstStart = start;
        firstK = k;
      }
      if (b.times[2 * i + 1]! > end) end = b.times[2 * i + 1]!;
    }
    const head = rootK >= 0 ? rootK : firstK;
    const first = this.blockAt(firstK);
    return {
      traceId: this.traceId,
      rootName: rootK >= 0 ? this.blockAt(rootK).names[this.rowAt(rootK)]! : '',
      rootService: this.blockAt(head).service,
      services,
      spanCount: n,
      errorCount: this.errorCount,
      orphanCount: orphans,
      startTimeUnixNano: first.startTimeUnixNano(this.rowAt(firstK)),
      durationMs: Math.max(0, end - firstStart),
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
  #last: Trace | undefined = undefined;
  /** Spans shed from a lone trace over the bounds, ever. */
  #shed = 0;
  #head = 0;

  constructor(maxTraces: number, maxSpans: number, maxBytes: number, ttlMs: number) {
    this.#maxTraces = maxTraces;
    this.#maxSpans = maxSpans;
    this.#maxBytes = maxBytes;
    this.#ttlMs = ttlMs;
  }

  /**
   * Adds row i of a block; returns its trace (to mark as changed), or
   * undefined when the span was rejected (no valid ids) or its trace was
   * evicted at once. A span id seen again replaces the earlier copy (a
   * resend after a retry).
   */
  add(block: SpanBlock, i: number, now: number): Trace | undefined {
    const traceId = block.traceIds[i]!;
    if (traceId.length !== 32 || (block.ids[4 * i]! | block.ids[4 * i + 1]!) === 0 || traceId === ZERO_TRACE) {
      this.counters.droppedSpans++;
      return undefined;
    }
    // Spans of one trace usually arrive together: the last trace is found without the Map.
    const last = this.#last;
    let trace = last !== undefined && last.traceId === traceId && !last.gone ? last : this.traces.get(traceId);
    if (trace === undefined) {
      trace = new Trace(traceId, now);
      this.traces.set(traceId, trace);
      this.#queue.push(trace);
    }
    this.#last = trace;
    const set = trace.spans;
    const replaced = set.find(block.ids[4 * i]!, block.ids[4 * i + 1]!);
    if (replaced >= 0) this.#forget(trace, replaced);
    set.put(block, i);
    const bytes = block.sizes[i]!;
    trace.bytes += bytes;
    trace.lastUpdate = now;
    if (block.status[i] === 2) trace.errorCount++;
    this.spanCount++;
    this.bytes += bytes;
    if (block.links?.[i] !== undefined) this.#linkBack(traceId, block.spanIdHex(i), block.links[i]!);
    const shedBefore = this.#shed;
    this.#bound(trace);
    if (trace.gone) return undefined;
    // Shedding a lone trace's earliest spans may have taken this very span.
    if (this.#shed !== shedBefore && set.find(block.ids[4 * i]!, block.ids[4 * i + 1]!) < 0) return undefined;
    return trace;
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

  /** Removes the span at position k of the trace. */
  #forget(trace: Trace, k: number): void {
    const set = trace.spans;
    const b = set.blockAt(k);
    const i = set.rowAt(k);
    const bytes = b.sizes[i]!;
    trace.bytes -= bytes;
    if (b.status[i] === 2) trace.errorCount--;
    this.spanCount--;
    this.bytes -= bytes;
    set.removeAt(k);
  }

  #linkBack(fromTraceId: string, fromSpanId: string, links: readonly { traceId: string; spanId: string }[]): void {
    for (const link of links) {
      const target = this.traces.get(link.traceId);
      if (target === undefined || target.traceId === fromTraceId) continue;
      const list = (target.backlinks ??= []);
      if (list.length < 1000) list.push({ traceId: link.traceId, spanId: link.spanId, fromTraceId, fromSpanId });
    }
  }

  /** Backlinks to `traceId`: those recorded when the link arrived after the target, plus links from traces that arrived first. */
  backlinksOf(traceId: string): Backlink[] {
    const out = [...(this.traces.get(traceId)?.backlinks ?? [])];
    const seen = new Set(out.map((b) => `${b.fromTraceId}/${b.fromSpanId}/${b.spanId}`));
    for (const trace of this.traces.values()) {
      if (trace.traceId === traceId) continue;
      for (let k = 0; k < trace.size; k++) {
        const links = trace.blockAt(k).links?.[trace.rowAt(k)];
        if (links === undefined) continue;
        for (const link of links) {
          if (link.traceId !== traceId) continue;
          const fromSpanId = trace.blockAt(k).spanIdHex(trace.rowAt(k));
          const key = `${trace.traceId}/${fromSpanId}/${link.spanId}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ traceId, spanId: link.spanId, fromTraceId: trace.traceId, fromSpanId });
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
        const first = earliest(current.spans);
        if (first < 0) return;
        this.#forget(current, first);
        this.#shed++;
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


/** Position of the span that started first, or -1. */
function earliest(set: SpanSet): number {
  let best = -1;
  let t = Infinity;
  for (let k = 0; k < set.size; k++) {
    const start = set.blockAt(k).times[2 * set.rowAt(k)]!;
    if (start < t) {
      t = start;
      best = k;
    }
  }
  return best;
}
