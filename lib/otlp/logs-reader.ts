/**
 * Reads an OTLP/protobuf ExportLogsServiceRequest into its OTLP/JSON shape
 * (hex ids, decimal-string times, base64 bytes), so `JSON.stringify` of the
 * result is valid OTLP/JSON and one consumer (dashboard, `zerotel decode
 * --signal logs`) handles both encodings alike. Fields at their proto3
 * default are absent. Malformed input throws ProtoDecodeError.
 */
import { readAnyValue, readKeyValue, readNested, readResource, readScope, toHex } from './common-reader.js';
import { ProtoReader } from './proto-reader.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpResource, OtlpScope } from './types.js';

export interface OtlpLogRecord {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  severityNumber?: number;
  severityText?: string;
  body?: OtlpAnyValue;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: string;
  spanId?: string;
  eventName?: string;
}

export interface OtlpScopeLogs {
  scope?: OtlpScope;
  logRecords: OtlpLogRecord[];
  schemaUrl?: string;
}

export interface OtlpResourceLogs {
  resource?: OtlpResource;
  scopeLogs: OtlpScopeLogs[];
  schemaUrl?: string;
}

export interface OtlpLogsRequest {
  resourceLogs: OtlpResourceLogs[];
}

/** Decodes an ExportLogsServiceRequest (field 1: repeated ResourceLogs). */
export function decodeLogsRequest(bytes: Uint8Array): OtlpLogsRequest {
  const r = new ProtoReader(bytes);
  const out: OtlpLogsRequest = { resourceLogs: [] };
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) out.resourceLogs.push(readNested(r, readResourceLogs));
    else r.skip(t & 7);
  }
  return out;
}

function readResourceLogs(r: ProtoReader): OtlpResourceLogs {
  const out: OtlpResourceLogs = { scopeLogs: [] };
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) out.resource = readNested(r, readResource);
    else if (t === ((2 << 3) | 2)) out.scopeLogs.push(readNested(r, readScopeLogs));
    else if (t === ((3 << 3) | 2)) out.schemaUrl = r.string();
    else r.skip(t & 7);
  }
  return out;
}

function readScopeLogs(r: ProtoReader): OtlpScopeLogs {
  const out: OtlpScopeLogs = { logRecords: [] };
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) out.scope = readNested(r, readScope);
    else if (t === ((2 << 3) | 2)) out.logRecords.push(readNested(r, readLogRecord));
    else if (t === ((3 << 3) | 2)) out.schemaUrl = r.string();
    else r.skip(t & 7);
  }
  return out;
}

/** LogRecord (field table in logs-proto.ts). */
function readLogRecord(r: ProtoReader): OtlpLogRecord {
  const out: OtlpLogRecord = {};
  while (r.more()) {
    const t = r.tag();
    switch (t) {
      case (1 << 3) | 1:
        out.timeUnixNano = r.fixed64String();
        break;
      case (2 << 3) | 0:
        out.severityNumber = r.uint32();
        break;
      case (3 << 3) | 2:
        out.severityText = r.string();
        break;
      case (5 << 3) | 2:
        out.body = readNested(r, readAnyValue);
        break;
      case (6 << 3) | 2:
        (out.attributes ??= []).push(readNested(r, readKeyValue));
        break;
      case (7 << 3) | 0:
        out.droppedAttributesCount = r.uint32();
        break;
      case (8 << 3) | 5:
        out.flags = r.fixed32();
        break;
      case (9 << 3) | 2: {
        const id = r.bytes();
        if (id.length > 0) out.traceId = toHex(id);
        break;
      }
      case (10 << 3) | 2: {
        const id = r.bytes();
        if (id.length > 0) out.spanId = toHex(id);
        break;
      }
      case (11 << 3) | 1:
        out.observedTimeUnixNano = r.fixed64String();
        break;
      case (12 << 3) | 2:
        out.eventName = r.string();
        break;
      default:
        r.skip(t & 7);
    }
  }
  return out;
}
