/**
 * OTLP/JSON encoder for spans, written straight from Span fields into bytes
 * (json-byte-writer.ts): no object tree, no JSON.stringify of messages, no rope.
 * Fields at their proto3 default (empty lists, zero counts, UNSET status) are
 * omitted, as proto3 JSON allows; 64-bit integers are decimal strings.
 * Field tables: see trace-proto.ts.
 */
import type { Span, SpanEvent, SpanLink } from '../trace/span.js';
import { JsonWriter, TimeField, literal } from './json-byte-writer.js';
import { closeJsonAttributesField, openJsonAttributesField, writeJsonAttributesField } from './json-bytes.js';
import { JsonRequestShape, writeJsonRequest } from './json-request.js';
import { KeyRun } from './key-cache.js';
import { RunMemo } from './run-memo.js';
import { groupSpans, otlpFlags } from './span-groups.js';
import type { ScopeGroup } from './span-groups.js';
import { expectArray } from './codec-input.js';

// Constant fragments, as bytes.
const J_CODE = literal('"code":');
const J_MESSAGE = literal('"message":');
const J_DROPPED_ATTRIBUTES_COUNT = literal(',"droppedAttributesCount":');
const J_DROPPED_EVENTS_COUNT = literal(',"droppedEventsCount":');
const J_DROPPED_LINKS_COUNT = literal(',"droppedLinksCount":');
const J_FLAGS = literal(',"flags":');
const J_KIND = literal(',"kind":');
const J_LINKS_LIST = literal(',"links":[');
const J_NAME = literal(',"name":');
const J_PARENT_SPAN_ID = literal(',"parentSpanId":"');
const J_STATUS_OBJ = literal(',"status":{');
const J_TRACE_STATE = literal(',"traceState":');

const START_TIME = new TimeField(',"startTimeUnixNano":');
const END_TIME = new TimeField(',"endTimeUnixNano":');
// An event's time field opens the event, the first one the events list too.
const FIRST_EVENT_TIME = new TimeField(',"events":[{"timeUnixNano":');
const NEXT_EVENT_TIME = new TimeField(',{"timeUnixNano":');

// Per call site: the attribute keys of the last object written (key-cache.ts).
const SPAN_KEYS = new KeyRun();
const EVENT_KEYS = new KeyRun();
const LINK_KEYS = new KeyRun();
// The head of a span and of an event repeat from item to item: kept and copied when they do.
const spanHead = new RunMemo();
const eventHead = new RunMemo();

/**
 * Reused across exports: it grows to the largest batch once and stays.
 * Allocated at the first encode, not at import (most importers never encode).
 */
let shared: JsonWriter | undefined;
const sharedWriter = (): JsonWriter => (shared ??= new JsonWriter(64 * 1024));

/** `{"resourceSpans":[…]}` as UTF-8 bytes (a fresh copy). */
export function encodeTracesJsonBytes(spans: readonly Span[]): Uint8Array {
  expectArray('encodeTracesJsonBytes', 'spans', spans);
  const w = sharedWriter();
  w.reset();
  writeTracesJson(w, spans);
  return w.finish();
}

/** `{"resourceSpans":[…]}` as a string. */
export function encodeTracesJson(spans: readonly Span[]): string {
  expectArray('encodeTracesJson', 'spans', spans);
  const w = sharedWriter();
  w.reset();
  writeTracesJson(w, spans);
  return w.text();
}

/** One Span object as a string (the console exporter's line). */
export function jsonSpan(span: Span): string {
  const w = new JsonWriter(1024);
  writeSpan(w, span);
  return w.text();
}

const TRACES = new JsonRequestShape<ScopeGroup, Span>('resourceSpans', 'scopeSpans', 'spans', (g) => g.spans, writeSpan);

/** `{"resourceSpans":[…]}` for `spans` (grouping leaves non-recording spans out). */
export function writeTracesJson(w: JsonWriter, spans: readonly Span[]): void {
  writeJsonRequest(w, TRACES, groupSpans(spans));
}

function writeSpan(w: JsonWriter, span: Span): void {
  w.ids(span.t0, span.t1, span.t2, span.t3, span.s0, span.s1);
  if (span.traceState !== undefined) {
    const ts = span.traceState.serialize();
    if (ts) {
      w.lit(J_TRACE_STATE);
      w.str(ts);
    }
  }
  if ((span.p0 | span.p1) !== 0) {
    w.lit(J_PARENT_SPAN_ID);
    w.hex64(span.p0, span.p1);
    w.byte(34);
  }
  // `,"flags":…,"name":…,"kind":…,"startTimeUnixNano":"<high digits>` as one kept run when it repeats.
  const flags = otlpFlags(span.traceFlags, span.parentIsRemote);
  const startHigh = w.timeSplit(span.startTime);
  const start = w.pos;
  const head = spanHead.lookup(span.name, flags * 8 + span.kind, startHigh);
  if (head !== undefined) w.raw(head);
  else {
    w.lit(J_FLAGS);
    w.uint(flags);
    w.lit(J_NAME);
    w.str(span.name);
    w.lit(J_KIND);
    w.uint(span.kind + 1);
    w.timeOpen(START_TIME);
    spanHead.store(w, start);
  }
  w.timeClose();
  w.timeField(END_TIME, span.endTime);
  writeJsonAttributesField(w, span.attributes, SPAN_KEYS);
  if (span.droppedAttributesCount > 0) {
    w.lit(J_DROPPED_ATTRIBUTES_COUNT);
    w.uint(span.droppedAttributesCount);
  }
  const events = span.events;
  if (events !== undefined && events.length > 0) {
    for (let i = 0; i < events.length; i++) writeEvent(w, events[i]!, i === 0 ? FIRST_EVENT_TIME : NEXT_EVENT_TIME);
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

function writeEvent(w: JsonWriter, event: SpanEvent, time: TimeField): void {
  w.timeField(time, event.time);
  const attrs = event.attributes;
  const start = w.pos;
  const head = eventHead.lookup(event.name, attrs === undefined ? 0 : 1, 0);
  if (head !== undefined) w.raw(head);
  else {
    w.lit(J_NAME);
    w.str(event.name);
    if (attrs !== undefined) openJsonAttributesField(w);
    eventHead.store(w, start);
  }
  if (attrs !== undefined) closeJsonAttributesField(w, attrs, EVENT_KEYS);
  if (event.droppedAttributesCount > 0) {
    w.lit(J_DROPPED_ATTRIBUTES_COUNT);
    w.uint(event.droppedAttributesCount);
  }
  w.byte(125);
}

function writeLink(w: JsonWriter, link: SpanLink): void {
  const c = link.context;
  w.ids(c.t0, c.t1, c.t2, c.t3, c.s0, c.s1);
  if (c.traceState !== undefined) {
    const ts = c.traceState.serialize();
    if (ts) {
      w.lit(J_TRACE_STATE);
      w.str(ts);
    }
  }
  writeJsonAttributesField(w, link.attributes, LINK_KEYS);
  if (link.droppedAttributesCount > 0) {
    w.lit(J_DROPPED_ATTRIBUTES_COUNT);
    w.uint(link.droppedAttributesCount);
  }
  w.lit(J_FLAGS);
  w.uint(otlpFlags(c.traceFlags, c.isRemote));
  w.byte(125);
}
