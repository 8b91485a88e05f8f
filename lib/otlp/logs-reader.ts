/**
 * Reads an OTLP/protobuf ExportLogsServiceRequest into its OTLP/JSON shape
 * (hex ids, decimal-string times, base64 bytes), so `JSON.stringify` of the
 * result is valid OTLP/JSON and one consumer (dashboard, `zerotel decode
 * --signal logs`) handles both encodings alike. Fields at their proto3
 * default are absent. Malformed input throws ProtoDecodeError.
 */
import { readAnyValue, readKeyValue, readResource, readScope } from './common-reader.js';
import {
  fixed32Field,
  fixed64Field,
  hexField,
  I32,
  I64,
  LEN,
  messageField,
  messageReader,
  repeatedField,
  requestReader,
  stringField,
  tagOf,
  uint32Field,
  VARINT,
} from './proto-fields.js';
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

/** LogRecord (field table in logs-proto.ts). */
export const readLogRecord = messageReader<OtlpLogRecord>(() => ({}), {
  [tagOf(1, I64)]: fixed64Field('timeUnixNano'),
  [tagOf(2, VARINT)]: uint32Field('severityNumber'),
  [tagOf(3, LEN)]: stringField('severityText'),
  [tagOf(5, LEN)]: messageField('body', readAnyValue),
  [tagOf(6, LEN)]: repeatedField('attributes', readKeyValue),
  [tagOf(7, VARINT)]: uint32Field('droppedAttributesCount'),
  [tagOf(8, I32)]: fixed32Field('flags'),
  [tagOf(9, LEN)]: hexField('traceId', true),
  [tagOf(10, LEN)]: hexField('spanId', true),
  [tagOf(11, I64)]: fixed64Field('observedTimeUnixNano'),
  [tagOf(12, LEN)]: stringField('eventName'),
});

const readRequest = requestReader<OtlpLogsRequest>(['resourceLogs', 'scopeLogs', 'logRecords'], readResource, readScope, readLogRecord);

/**
 * Decodes an ExportLogsServiceRequest (field 1: repeated ResourceLogs) from any view of bytes or an
 * ArrayBuffer; throws ProtoDecodeError on malformed input and on input that is not bytes.
 */
export function decodeLogsRequest(bytes: Uint8Array | ArrayBufferView | ArrayBufferLike): OtlpLogsRequest {
  return readRequest(new ProtoReader(bytes));
}
