/**
 * OTLP/JSON encoder for log records, written straight from LogRecord fields
 * into bytes (json-byte-writer.ts): no object tree, no string rope. Follows
 * the OTLP/JSON spec: 64-bit integers and times are decimal strings, ids are
 * hex, enums are integers, defaults are omitted. Returns UTF-8 bytes, as the
 * official JsonLogsSerializer does and as the exporter sends them.
 */
import type { LogRecord } from '../logs/log-record.js';
import { JsonWriter, TimeField, literal } from './json-byte-writer.js';
import { writeJsonAnyValue, writeJsonAttributesField } from './json-bytes.js';
import { JsonRequestShape, writeJsonRequest } from './json-request.js';
import { KeyRun } from './key-cache.js';
import { RunMemo } from './run-memo.js';
import type { LogScopeGroup } from './log-groups.js';
import { groupLogRecords } from './log-groups.js';
import { expectArray } from './codec-input.js';

/*
 * LogRecord (field table in logs-proto.ts), in the order written:
 *   timeUnixNano, observedTimeUnixNano, severityNumber, severityText, body,
 *   attributes, droppedAttributesCount, flags, traceId, spanId, eventName
 */
const TIME = new TimeField('{"timeUnixNano":');
const OBSERVED_TIME = new TimeField(',"observedTimeUnixNano":');
const J_SEVERITY_NUMBER = literal(',"severityNumber":');
const J_SEVERITY_TEXT = literal(',"severityText":');
const J_BODY = literal(',"body":');
const J_STRING_BODY = literal(',"body":{"stringValue":');
const J_DROPPED_ATTRIBUTES_COUNT = literal(',"droppedAttributesCount":');
const J_TRACE_ID = literal(',"traceId":"');
const J_SPAN_ID = literal('","spanId":"');
const J_EVENT_NAME = literal(',"eventName":');

/** `,"flags":N,"traceId":"` per trace flags byte (N = 0: no flags field), made on first use. */
const flagsAndTraceId: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(256).fill(undefined);

const RECORD_KEYS = new KeyRun();
/** `,"severityNumber":…,"severityText":…,"body":{"stringValue":` repeats from record to record: copied when it does. */
const head = new RunMemo();

const LOGS = new JsonRequestShape<LogScopeGroup, LogRecord>('resourceLogs', 'scopeLogs', 'logRecords', (g) => g.records, writeLogRecord);

/**
 * Reused across exports: it grows to the largest batch once and stays.
 * Allocated at the first encode, not at import (most importers never encode).
 */
let shared: JsonWriter | undefined;
const sharedWriter = (): JsonWriter => (shared ??= new JsonWriter(64 * 1024));

/** An ExportLogsServiceRequest as OTLP/JSON UTF-8 bytes (the caller's to keep). */
export function encodeLogsJson(records: readonly LogRecord[]): Uint8Array {
  expectArray('encodeLogsJson', 'log records', records);
  const w = sharedWriter();
  w.reset();
  writeJsonRequest(w, LOGS, groupLogRecords(records));
  return w.finish();
}

/** One LogRecord object as a string (the console exporter's line). */
export function jsonLogRecord(r: LogRecord): string {
  const w = new JsonWriter(1024);
  writeLogRecord(w, r);
  return w.text();
}

function writeLogRecord(w: JsonWriter, r: LogRecord): void {
  w.timeField(TIME, r.timestamp);
  w.timeField(OBSERVED_TIME, r.observedTimestamp);
  // Severity and the opening of a string body: one kept run when they repeat.
  const text = r.severityText ?? '';
  const body = r.body;
  const stringBody = typeof body === 'string';
  const start = w.pos;
  const kept = head.lookup(text, r.severityNumber, stringBody ? 1 : 0);
  if (kept !== undefined) w.raw(kept);
  else {
    if (r.severityNumber !== 0) {
      w.lit(J_SEVERITY_NUMBER);
      // setSeverity() takes any number: write what the protobuf encoder writes (a uint32), never "NaN".
      w.uint(r.severityNumber >>> 0);
    }
    if (text !== '') {
      w.lit(J_SEVERITY_TEXT);
      w.str(text);
    }
    if (stringBody) w.lit(J_STRING_BODY);
    head.store(w, start);
  }
  if (stringBody) {
    w.str(body);
    w.byte(125);
  } else if (body !== undefined && body !== null) {
    w.lit(J_BODY);
    writeJsonAnyValue(w, body);
  }
  writeJsonAttributesField(w, r.attributes, RECORD_KEYS);
  if (r.droppedAttributesCount > 0) {
    w.lit(J_DROPPED_ATTRIBUTES_COUNT);
    w.uint(r.droppedAttributesCount);
  }
  if ((r.t0 | r.t1 | r.t2 | r.t3) !== 0) {
    const flags = r.traceFlags & 0xff;
    w.lit((flagsAndTraceId[flags] ??= flags === 0 ? J_TRACE_ID : literal(`,"flags":${flags},"traceId":"`)));
    w.hex64(r.t0, r.t1);
    w.hex64(r.t2, r.t3);
    if ((r.s0 | r.s1) !== 0) {
      w.lit(J_SPAN_ID);
      w.hex64(r.s0, r.s1);
    }
    w.byte(34);
  }
  if (r.eventName) {
    w.lit(J_EVENT_NAME);
    w.str(r.eventName);
  }
  w.byte(125);
}
