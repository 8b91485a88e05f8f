/**
 * OTLP/JSON encoder for spans, written straight from Span fields into bytes
 * (json-bytes.ts): no object tree, no JSON.stringify of messages, no rope.
 * Fields at their proto3 default (empty lists, zero counts, UNSET status) are
 * omitted, as proto3 JSON allows; 64-bit integers are decimal strings.
 * Field tables: see trace-proto.ts.
 */
import type { Span, SpanEvent, SpanLink } from '../trace/span.js';
import { JsonWriter, literal, writeJsonAttributesField, writeJsonResource, writeJsonScope } from './json-bytes.js';
import { groupSpans, otlpFlags } from './span-groups.js';

// Constant fragments, as bytes.
const J_SPAN_ID = literal('","spanId":"');
const J_CODE = literal('"code":');
const J_MESSAGE = literal('"message":');
const J_DROPPED_ATTRIBUTES_COUNT = literal(',"droppedAttributesCount":');
const J_DROPPED_EVENTS_COUNT = literal(',"droppedEventsCount":');
const J_DROPPED_LINKS_COUNT = literal(',"droppedLinksCount":');
const J_END_TIME_UNIX_NANO = literal(',"endTimeUnixNano":');
const J_EVENTS_LIST = literal(',"events":[');
const J_FLAGS = literal(',"flags":');
const J_KIND = literal(',"kind":');
const J_LINKS_LIST = literal(',"links":[');
const J_NAME = literal(',"name":');
const J_PARENT_SPAN_ID = literal(',"parentSpanId":"');
const J_SCHEMA_URL = literal(',"schemaUrl":');
const J_SCOPE_SPANS_LIST = literal(',"scopeSpans":[');
const J_SPANS_LIST = literal(',"spans":[');
const J_START_TIME_UNIX_NANO = literal(',"startTimeUnixNano":');
const J_STATUS_OBJ = literal(',"status":{');
const J_TRACE_STATE = literal(',"traceState":');
const J_END_REQUEST = literal(']}');
const J_OPEN_RESOURCE_SPANS_LIST = literal('{"resourceSpans":[');
const J_OPEN_TIME_UNIX_NANO = literal('{"timeUnixNano":');
const J_OPEN_TRACE_ID = literal('{"traceId":"');

/** Reused across exports: it grows to the largest batch once and stays. */
const shared = new JsonWriter(64 * 1024);

/** `{"resourceSpans":[…]}` as UTF-8 bytes (a fresh copy). */
export function encodeTracesJsonBytes(spans: readonly Span[]): Uint8Array {
  shared.reset();
  writeTracesJson(shared, spans);
  return shared.finish();
}

/** `{"resourceSpans":[…]}` as a string. */
export function encodeTracesJson(spans: readonly Span[]): string {
  shared.reset();
  writeTracesJson(shared, spans);
  return shared.text();
}

/** One Span object as a string (the console exporter's line). */
export function jsonSpan(span: Span): string {
  const w = new JsonWriter(1024);
  writeSpan(w, span);
  return w.text();
}

export function writeTracesJson(w: JsonWriter, spans: readonly Span[]): void {
  const groups = groupSpans(spans);
  w.lit(J_OPEN_RESOURCE_SPANS_LIST);
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    w.ascii(g === 0 ? '{"resource":' : ',{"resource":');
    writeJsonResource(w, group.resource);
    w.lit(J_SCOPE_SPANS_LIST);
    for (let s = 0; s < group.scopes.length; s++) {
      const sg = group.scopes[s]!;
      w.ascii(s === 0 ? '{"scope":' : ',{"scope":');
      writeJsonScope(w, sg.scope);
      w.lit(J_SPANS_LIST);
      const list = sg.spans;
      let first = true;
      for (let i = 0; i < list.length; i++) {
        const span = list[i]!;
        if (span.owner === undefined) continue;
        if (!first) w.byte(44);
        first = false;
        writeSpan(w, span);
      }
      w.byte(93);
      if (sg.scope.schemaUrl) {
        w.lit(J_SCHEMA_URL);
        w.str(sg.scope.schemaUrl);
      }
      w.byte(125);
    }
    w.byte(93);
    if (group.resource.schemaUrl) {
      w.lit(J_SCHEMA_URL);
      w.str(group.resource.schemaUrl);
    }
    w.byte(125);
  }
  w.lit(J_END_REQUEST);
}

function writeSpan(w: JsonWriter, span: Span): void {
  w.lit(J_OPEN_TRACE_ID);
  w.hex32(span.t0);
  w.hex32(span.t1);
  w.hex32(span.t2);
  w.hex32(span.t3);
  w.lit(J_SPAN_ID);
  w.hex32(span.s0);
  w.hex32(span.s1);
  w.byte(34);
  if (span.traceState !== undefined) {
    const ts = span.traceState.serialize();
    if (ts) {
      w.lit(J_TRACE_STATE);
      w.str(ts);
    }
  }
  if ((span.p0 | span.p1) !== 0) {
    w.lit(J_PARENT_SPAN_ID);
    w.hex32(span.p0);
    w.hex32(span.p1);
    w.byte(34);
  }
  w.lit(J_FLAGS);
  w.uint(otlpFlags(span.traceFlags, span.parentIsRemote));
  w.lit(J_NAME);
  w.str(span.name);
  w.lit(J_KIND);
  w.uint(span.kind + 1);
  w.lit(J_START_TIME_UNIX_NANO);
  w.time(span.startTime);
  w.lit(J_END_TIME_UNIX_NANO);
  w.time(span.endTime);
  writeJsonAttributesField(w, span.attributes);
  if (span.droppedAttributesCount > 0) {
    w.lit(J_DROPPED_ATTRIBUTES_COUNT);
    w.uint(span.droppedAttributesCount);
  }
  const events = span.events;
  if (events !== undefined && events.length > 0) {
    w.lit(J_EVENTS_LIST);
    for (let i = 0; i < events.length; i++) {
      if (i > 0) w.byte(44);
      writeEvent(w, events[i]!);
    }
    w.byte(93);
  }
  if (span.droppedEventsCount > 0) {
    w.lit(J_DROPPED_EVENTS_COUNT);
    w.uint(span.droppedEventsCount);
  }
  const links = span.links;
  if (links !== undefined && links.length > 0) {
    w.lit(J_LINKS_LIST);
    for (let i = 0; i < links.length; i++) {
      if (i > 0) w.byte(44);
      writeLink(w, links[i]!);
    }
    w.byte(93);
  }
  if (span.droppedLinksCount > 0) {
    w.lit(J_DROPPED_LINKS_COUNT);
    w.uint(span.droppedLinksCount);
  }
  if (span.statusCode !== 0 || span.statusMessage) {
    w.lit(J_STATUS_OBJ);
    if (span.statusMessage) {
      w.lit(J_MESSAGE);
      w.str(span.statusMessage);
      if (span.statusCode !== 0) w.byte(44);
    }
    if (span.statusCode !== 0) {
      w.lit(J_CODE);
      w.uint(span.statusCode);
    }
    w.byte(125);
  }
  w.byte(125);
}

function writeEvent(w: JsonWriter, event: SpanEvent): void {
  w.lit(J_OPEN_TIME_UNIX_NANO);
  w.time(event.time);
  w.lit(J_NAME);
  w.str(event.name);
  writeJsonAttributesField(w, event.attributes);
  if (event.droppedAttributesCount > 0) {
    w.lit(J_DROPPED_ATTRIBUTES_COUNT);
    w.uint(event.droppedAttributesCount);
  }
  w.byte(125);
}

function writeLink(w: JsonWriter, link: SpanLink): void {
  const c = link.context;
  w.lit(J_OPEN_TRACE_ID);
  w.hex32(c.t0);
  w.hex32(c.t1);
  w.hex32(c.t2);
  w.hex32(c.t3);
  w.lit(J_SPAN_ID);
  w.hex32(c.s0);
  w.hex32(c.s1);
  w.byte(34);
  if (c.traceState !== undefined) {
    const ts = c.traceState.serialize();
    if (ts) {
      w.lit(J_TRACE_STATE);
      w.str(ts);
    }
  }
  writeJsonAttributesField(w, link.attributes);
  if (link.droppedAttributesCount > 0) {
    w.lit(J_DROPPED_ATTRIBUTES_COUNT);
    w.uint(link.droppedAttributesCount);
  }
  w.lit(J_FLAGS);
  w.uint(otlpFlags(c.traceFlags, c.isRemote));
  w.byte(125);
}
