/**
 * OTLP/JSON encoder for log records, built by hand as one string per request
 * (no object tree): resource and scope fragments come cached from
 * common-json.ts. Follows the OTLP/JSON spec: 64-bit integers and times are
 * decimal strings, ids are hex, enums are integers, defaults are omitted.
 */
import type { LogRecord } from '../logs/log-record.js';
import { jsonAnyValue, jsonAttributesField, jsonResource, jsonScope } from './common-json.js';
import { groupLogRecords } from './log-groups.js';
import { jsonSpanId, jsonString, jsonTime, jsonTraceId } from './json-writer.js';

/** An ExportLogsServiceRequest as an OTLP/JSON string. */
export function encodeLogsJson(records: readonly LogRecord[]): string {
  const groups = groupLogRecords(records);
  let out = '{"resourceLogs":[';
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    if (g > 0) out += ',';
    out += `{"resource":${jsonResource(group.resource)},"scopeLogs":[`;
    for (let s = 0; s < group.scopes.length; s++) {
      const sg = group.scopes[s]!;
      if (s > 0) out += ',';
      out += `{"scope":${jsonScope(sg.scope)},"logRecords":[`;
      const list = sg.records;
      for (let i = 0; i < list.length; i++) {
        if (i > 0) out += ',';
        out += jsonLogRecord(list[i]!);
      }
      out += ']';
      if (sg.scope.schemaUrl) out += `,"schemaUrl":${jsonString(sg.scope.schemaUrl)}`;
      out += '}';
    }
    out += ']';
    if (group.resource.schemaUrl) out += `,"schemaUrl":${jsonString(group.resource.schemaUrl)}`;
    out += '}';
  }
  return `${out}]}`;
}

/** One LogRecord object (field table in logs-proto.ts). */
export function jsonLogRecord(r: LogRecord): string {
  let out = `{"timeUnixNano":${jsonTime(r.timestamp)},"observedTimeUnixNano":${jsonTime(r.observedTimestamp)}`;
  if (r.severityNumber !== 0) out += `,"severityNumber":${r.severityNumber}`;
  if (r.severityText) out += `,"severityText":${jsonString(r.severityText)}`;
  if (r.body !== undefined && r.body !== null) out += `,"body":${jsonAnyValue(r.body)}`;
  out += jsonAttributesField(r.attributes);
  if (r.droppedAttributesCount > 0) out += `,"droppedAttributesCount":${r.droppedAttributesCount}`;
  if ((r.t0 | r.t1 | r.t2 | r.t3) !== 0) {
    if ((r.traceFlags & 0xff) !== 0) out += `,"flags":${r.traceFlags & 0xff}`;
    out += `,"traceId":${jsonTraceId(r.t0, r.t1, r.t2, r.t3)}`;
    if ((r.s0 | r.s1) !== 0) out += `,"spanId":${jsonSpanId(r.s0, r.s1)}`;
  }
  if (r.eventName) out += `,"eventName":${jsonString(r.eventName)}`;
  return `${out}}`;
}
