/**
 * OTLP/protobuf encoder for spans (opentelemetry/proto/trace/v1/trace.proto),
 * written straight from Span fields: no intermediate message objects.
 */
import type { Span, SpanEvent, SpanLink } from '../trace/span.js';
import { endGroup, startItem, startResourceGroup, startScopeGroup, writeKeyValues } from './common-proto.js';
import { KeyRun } from './key-cache.js';
import { ProtoWriter } from './proto-writer.js';
import { RunMemo } from './run-memo.js';
import { groupSpans, otlpFlags } from './span-groups.js';
import { expectArray } from './codec-input.js';

// Per call site: the attribute keys of the last object written (key-cache.ts).
const SPAN_KEYS = new KeyRun();
const EVENT_KEYS = new KeyRun();
const LINK_KEYS = new KeyRun();
// The head of a span and an event's name repeat from item to item: kept and copied when they do.
const spanHead = new RunMemo();
const eventHead = new RunMemo();
/**
 * Reused across exports: it grows to the largest batch once and stays.
 * Allocated at the first encode, not at import (most importers never encode).
 */
let shared: ProtoWriter | undefined;
const sharedWriter = (): ProtoWriter => (shared ??= new ProtoWriter(64 * 1024));

/**
 * ExportTraceServiceRequest:
 *   1 resource_spans repeated ResourceSpans
 * ResourceSpans:
 *   1 resource    Resource
 *   2 scope_spans repeated ScopeSpans
 *   3 schema_url  string
 * ScopeSpans:
 *   1 scope      InstrumentationScope
 *   2 spans      repeated Span
 *   3 schema_url string
 * Returns a fresh copy of the bytes (safe to hold while the next batch encodes).
 */
export function encodeTracesProto(spans: readonly Span[]): Uint8Array {
  expectArray('encodeTracesProto', 'spans', spans);
  const w = sharedWriter();
  w.reset();
  writeTracesRequest(w, spans);
  return w.finish();
}

/** Writes an ExportTraceServiceRequest into `w` (for callers managing their own writer). */
export function writeTracesRequest(w: ProtoWriter, spans: readonly Span[]): void {
  const groups = groupSpans(spans);
  let reserve = 1;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    const rs = startResourceGroup(w, group.resource);
    for (let s = 0; s < group.scopes.length; s++) {
      const sg = group.scopes[s]!;
      const ss = startScopeGroup(w, sg.scope);
      const list = sg.spans;
      for (let i = 0; i < list.length; i++) {
        const span = list[i]!;
        // Spans are mostly 128 B – 16 KB long: the length's size is that of the previous span's.
        const sp = startItem(w, reserve);
        writeSpan(w, span);
        const len = w.pos - sp;
        w.join(sp, reserve);
        reserve = len < 128 ? 1 : 2;
      }
      endGroup(w, ss, sg.scope.schemaUrl);
    }
    endGroup(w, rs, group.resource.schemaUrl);
  }
}

/**
 * Span:
 *   1 trace_id                 bytes (16)
 *   2 span_id                  bytes (8)
 *   3 trace_state              string
 *   4 parent_span_id           bytes (8)
 *   5 name                     string
 *   6 kind                     SpanKind (API kind + 1: 0 is UNSPECIFIED)
 *   7 start_time_unix_nano     fixed64
 *   8 end_time_unix_nano       fixed64
 *   9 attributes               repeated KeyValue
 *  10 dropped_attributes_count uint32
 *  11 events                   repeated Event
 *  12 dropped_events_count     uint32
 *  13 links                    repeated Link
 *  14 dropped_links_count      uint32
 *  15 status                   Status
 *  16 flags                    fixed32
 */
function writeSpan(w: ProtoWriter, span: Span): void {
  w.ids(span.t0, span.t1, span.t2, span.t3, span.s0, span.s1);
  if (span.traceState !== undefined) w.stringField(3, span.traceState.serialize());
  if ((span.p0 | span.p1) !== 0) {
    w.ensure(10);
    w.buf[w.pos++] = 0x22; // field 4, wire type 2
    w.buf[w.pos++] = 8;
    w.word(span.p0);
    w.word(span.p1);
  }
  // `5: name, 6: kind` and the start time's tag, as one kept run when they repeat (run-memo.ts).
  const start = w.pos;
  const head = spanHead.lookup(span.name, span.kind, 0);
  if (head !== undefined) w.raw(head);
  else {
    w.stringField(5, span.name);
    w.tag(6, 0);
    w.uint32(span.kind + 1);
    w.tag(7, 1);
    spanHead.store(w, start);
  }
  w.fixed64Time(span.startTime);
  w.fixed64TimeField(8, span.endTime);
  writeKeyValues(w, 9, span.attributes, 0, SPAN_KEYS);
  if (span.droppedAttributesCount > 0) {
    w.tag(10, 0);
    w.uint32(span.droppedAttributesCount);
  }
  const events = span.events;
  if (events !== undefined) {
    for (let i = 0; i < events.length; i++) {
      w.tag(11, 2);
      const e = w.fork();
      writeEvent(w, events[i]!);
      w.join(e);
    }
  }
  if (span.droppedEventsCount > 0) {
    w.tag(12, 0);
    w.uint32(span.droppedEventsCount);
  }
  const links = span.links;
  if (links !== undefined) {
    for (let i = 0; i < links.length; i++) {
      w.tag(13, 2);
      const l = w.fork();
      writeLink(w, links[i]!);
      w.join(l);
    }
  }
  if (span.droppedLinksCount > 0) {
    w.tag(14, 0);
    w.uint32(span.droppedLinksCount);
  }
  writeStatus(w, span.statusCode, span.statusMessage);
  w.tag(16, 5);
  w.fixed32(otlpFlags(span.traceFlags, span.parentIsRemote));
}

/**
 * Span.Event:
 *   1 time_unix_nano           fixed64
 *   2 name                     string
 *   3 attributes               repeated KeyValue
 *   4 dropped_attributes_count uint32
 */
function writeEvent(w: ProtoWriter, event: SpanEvent): void {
  w.fixed64TimeField(1, event.time);
  const start = w.pos;
  const head = eventHead.lookup(event.name, 0, 0);
  if (head !== undefined) w.raw(head);
  else {
    w.stringField(2, event.name);
    eventHead.store(w, start);
  }
  writeKeyValues(w, 3, event.attributes, 0, EVENT_KEYS);
  if (event.droppedAttributesCount > 0) {
    w.tag(4, 0);
    w.uint32(event.droppedAttributesCount);
  }
}

/**
 * Span.Link:
 *   1 trace_id                 bytes (16)
 *   2 span_id                  bytes (8)
 *   3 trace_state              string
 *   4 attributes               repeated KeyValue
 *   5 dropped_attributes_count uint32
 *   6 flags                    fixed32
 */
function writeLink(w: ProtoWriter, link: SpanLink): void {
  const ctx = link.context;
  w.ids(ctx.t0, ctx.t1, ctx.t2, ctx.t3, ctx.s0, ctx.s1);
  if (ctx.traceState !== undefined) w.stringField(3, ctx.traceState.serialize());
  writeKeyValues(w, 4, link.attributes, 0, LINK_KEYS);
  if (link.droppedAttributesCount > 0) {
    w.tag(5, 0);
    w.uint32(link.droppedAttributesCount);
  }
  w.tag(6, 5);
  w.fixed32(otlpFlags(ctx.traceFlags, ctx.isRemote));
}

/**
 * Status:
 *   2 message string
 *   3 code    StatusCode (0 UNSET, 1 OK, 2 ERROR)
 * Omitted entirely while UNSET without a message (the proto3 default).
 */
function writeStatus(w: ProtoWriter, code: number, message: string | undefined): void {
  if (code === 0 && !message) return;
  w.tag(15, 2);
  const s = w.fork();
  w.stringField(2, message);
  if (code !== 0) {
    w.tag(3, 0);
    w.uint32(code);
  }
  w.join(s);
}
