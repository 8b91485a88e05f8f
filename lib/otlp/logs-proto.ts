/**
 * OTLP/protobuf encoder for log records (opentelemetry/proto/logs/v1/logs.proto),
 * written straight from LogRecord fields: no intermediate message objects.
 */
import { epochParts } from '../common/time.js';
import type { LogRecord } from '../logs/log-record.js';
import { endGroup, startItem, startResourceGroup, startScopeGroup, writeAnyValue, writeKeyValues } from './common-proto.js';
import { groupLogRecords } from './log-groups.js';
import { ProtoWriter } from './proto-writer.js';
import { expectArray } from './codec-input.js';

const time = { ms: 0, ns: 0 };
/**
 * Reused across exports: it grows to the largest batch once and stays.
 * Allocated at the first encode, not at import (most importers never encode).
 */
let shared: ProtoWriter | undefined;
const sharedWriter = (): ProtoWriter => (shared ??= new ProtoWriter(64 * 1024));

/**
 * ExportLogsServiceRequest:
 *   1 resource_logs repeated ResourceLogs
 * ResourceLogs:
 *   1 resource   Resource
 *   2 scope_logs repeated ScopeLogs
 *   3 schema_url string
 * ScopeLogs:
 *   1 scope       InstrumentationScope
 *   2 log_records repeated LogRecord
 *   3 schema_url  string
 * Returns a fresh copy of the bytes (safe to hold while the next batch encodes).
 */
export function encodeLogsProto(records: readonly LogRecord[]): Uint8Array {
  expectArray('encodeLogsProto', 'log records', records);
  const w = sharedWriter();
  w.reset();
  writeLogsRequest(w, records);
  return w.finish();
}

/** Writes an ExportLogsServiceRequest into `w` (for callers managing their own writer). */
export function writeLogsRequest(w: ProtoWriter, records: readonly LogRecord[]): void {
  const groups = groupLogRecords(records);
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    const rl = startResourceGroup(w, group.resource);
    for (let s = 0; s < group.scopes.length; s++) {
      const sg = group.scopes[s]!;
      const sl = startScopeGroup(w, sg.scope);
      const list = sg.records;
      for (let i = 0; i < list.length; i++) {
        const lr = startItem(w);
        writeLogRecord(w, list[i]!);
        w.join(lr);
      }
      endGroup(w, sl, sg.scope.schemaUrl);
    }
    endGroup(w, rl, group.resource.schemaUrl);
  }
}

/**
 * LogRecord:
 *   1 time_unix_nano           fixed64
 *   2 severity_number          SeverityNumber (varint)
 *   3 severity_text            string
 *   5 body                     AnyValue
 *   6 attributes               repeated KeyValue
 *   7 dropped_attributes_count uint32
 *   8 flags                    fixed32 (W3C trace flags in the low byte)
 *   9 trace_id                 bytes (16; absent outside a span)
 *  10 span_id                  bytes (8; absent outside a span)
 *  11 observed_time_unix_nano  fixed64
 *  12 event_name               string
 * Fields at their proto3 default are not written.
 */
export function writeLogRecord(w: ProtoWriter, r: LogRecord): void {
  epochParts(r.timestamp, time);
  // A record stamped exactly at the epoch is the proto3 default: left out, as protoc leaves it.
  if (time.ms !== 0 || time.ns !== 0) {
    w.tag(1, 1);
    w.fixed64Nanos(time.ms, time.ns);
  }
  if (r.severityNumber !== 0) {
    w.tag(2, 0);
    w.uint32(r.severityNumber);
  }
  w.stringField(3, r.severityText);
  const body = r.body;
  if (body !== undefined && body !== null) {
    w.tag(5, 2);
    const b = w.fork();
    writeAnyValue(w, body);
    w.join(b);
  }
  writeKeyValues(w, 6, r.attributes);
  if (r.droppedAttributesCount > 0) {
    w.tag(7, 0);
    w.uint32(r.droppedAttributesCount);
  }
  if ((r.t0 | r.t1 | r.t2 | r.t3) !== 0) {
    if ((r.traceFlags & 0xff) !== 0) {
      w.tag(8, 5);
      w.fixed32(r.traceFlags & 0xff);
    }
    w.ensure(28);
    const buf = w.buf;
    buf[w.pos++] = 0x4a; // field 9, wire type 2
    buf[w.pos++] = 16;
    w.word(r.t0);
    w.word(r.t1);
    w.word(r.t2);
    w.word(r.t3);
    if ((r.s0 | r.s1) !== 0) {
      buf[w.pos++] = 0x52; // field 10, wire type 2
      buf[w.pos++] = 8;
      w.word(r.s0);
      w.word(r.s1);
    }
  }
  epochParts(r.observedTimestamp, time);
  if (time.ms !== 0 || time.ns !== 0) {
    w.tag(11, 1);
    w.fixed64Nanos(time.ms, time.ns);
  }
  w.stringField(12, r.eventName);
}
