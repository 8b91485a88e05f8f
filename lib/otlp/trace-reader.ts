/**
 * Decodes an OTLP/protobuf ExportTraceServiceRequest into its OTLP/JSON shape
 * (types.ts). Used by the dashboard's receiver and `zerotel decode`.
 * Field tables: see trace-proto.ts; the envelope and table machinery are in
 * proto-fields.ts.
 */
import { readKeyValue, readResource, readScope } from './common-reader.js';
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
import type { OtlpSpan, OtlpSpanEvent, OtlpSpanLink, OtlpStatus, OtlpTracesRequest } from './types.js';

const readEvent = messageReader<OtlpSpanEvent>(() => ({ timeUnixNano: '0', name: '' }), {
  [tagOf(1, I64)]: fixed64Field('timeUnixNano'),
  [tagOf(2, LEN)]: stringField('name'),
  [tagOf(3, LEN)]: repeatedField('attributes', readKeyValue),
  [tagOf(4, VARINT)]: uint32Field('droppedAttributesCount'),
});

const readLink = messageReader<OtlpSpanLink>(() => ({ traceId: '', spanId: '' }), {
  [tagOf(1, LEN)]: hexField('traceId'),
  [tagOf(2, LEN)]: hexField('spanId'),
  [tagOf(3, LEN)]: stringField('traceState'),
  [tagOf(4, LEN)]: repeatedField('attributes', readKeyValue),
  [tagOf(5, VARINT)]: uint32Field('droppedAttributesCount'),
  [tagOf(6, I32)]: fixed32Field('flags'),
});

const readStatus = messageReader<OtlpStatus>(() => ({}), {
  [tagOf(2, LEN)]: stringField('message'),
  [tagOf(3, VARINT)]: uint32Field('code'),
});

export const readSpan = messageReader<OtlpSpan>(() => ({ traceId: '', spanId: '', name: '', startTimeUnixNano: '0', endTimeUnixNano: '0' }), {
  [tagOf(1, LEN)]: hexField('traceId'),
  [tagOf(2, LEN)]: hexField('spanId'),
  [tagOf(3, LEN)]: stringField('traceState'),
  [tagOf(4, LEN)]: hexField('parentSpanId', true),
  [tagOf(5, LEN)]: stringField('name'),
  [tagOf(6, VARINT)]: uint32Field('kind'),
  [tagOf(7, I64)]: fixed64Field('startTimeUnixNano'),
  [tagOf(8, I64)]: fixed64Field('endTimeUnixNano'),
  [tagOf(9, LEN)]: repeatedField('attributes', readKeyValue),
  [tagOf(10, VARINT)]: uint32Field('droppedAttributesCount'),
  [tagOf(11, LEN)]: repeatedField('events', readEvent),
  [tagOf(12, VARINT)]: uint32Field('droppedEventsCount'),
  [tagOf(13, LEN)]: repeatedField('links', readLink),
  [tagOf(14, VARINT)]: uint32Field('droppedLinksCount'),
  [tagOf(15, LEN)]: messageField('status', readStatus),
  [tagOf(16, I32)]: fixed32Field('flags'),
});

const readRequest = requestReader<OtlpTracesRequest>(['resourceSpans', 'scopeSpans', 'spans'], readResource, readScope, readSpan);

/**
 * Decodes an ExportTraceServiceRequest from any view of bytes or an ArrayBuffer; throws
 * ProtoDecodeError on malformed input and on input that is not bytes.
 */
export function decodeTracesRequest(bytes: Uint8Array | ArrayBufferView | ArrayBufferLike): OtlpTracesRequest {
  return readRequest(new ProtoReader(bytes));
}

/** Decodes one Span message (the bytes inside its length prefix); throws ProtoDecodeError on malformed input. */
export function decodeSpan(bytes: Uint8Array | ArrayBufferView | ArrayBufferLike): OtlpSpan {
  return readSpan(new ProtoReader(bytes));
}
