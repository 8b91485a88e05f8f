/**
 * A field-by-field decode of an OTLP/protobuf body for the wire view: each
 * field's number, wire type, byte offset and length (of the whole field, key
 * included), its value, its name where the OTLP schema knows it, and its
 * children where the schema says the field is a message. Built on the same
 * ProtoReader the receiver decodes with. Bounded: at most MAX_FIELDS fields,
 * strings cut at 256 characters, bytes shown as hex up to 64 bytes.
 */
import { toHex } from '../otlp/proto-fields.js';
import { ProtoReader } from '../otlp/proto-reader.js';

export interface WireField {
  field: number;
  wireType: number;
  offset: number;
  length: number;
  value?: string | number | boolean;
  name?: string;
  children?: WireField[];
}

/** A field's name and how its payload reads: a message type name, or a scalar kind. */
type FieldSpec = readonly [name: string, type: string];

// Message → field number → [name, type]. Types: a capitalised message name, or
// string, bytes, varint, sint32, fixed64, sfixed64, double, fixed32, packed-fixed64, packed-double, packed-varint.
const S: Record<string, Record<number, FieldSpec>> = {
  traces: { 1: ['resource_spans', 'ResourceSpans'] },
  metrics: { 1: ['resource_metrics', 'ResourceMetrics'] },
  logs: { 1: ['resource_logs', 'ResourceLogs'] },
  ResourceSpans: { 1: ['resource', 'Resource'], 2: ['scope_spans', 'ScopeSpans'], 3: ['schema_url', 'string'] },
  ScopeSpans: { 1: ['scope', 'Scope'], 2: ['spans', 'Span'], 3: ['schema_url', 'string'] },
  Span: {
    1: ['trace_id', 'bytes'],
    2: ['span_id', 'bytes'],
    3: ['trace_state', 'string'],
    4: ['parent_span_id', 'bytes'],
    5: ['name', 'string'],
    6: ['kind', 'varint'],
    7: ['start_time_unix_nano', 'fixed64'],
    8: ['end_time_unix_nano', 'fixed64'],
    9: ['attributes', 'KeyValue'],
    10: ['dropped_attributes_count', 'varint'],
    11: ['events', 'Event'],
    12: ['dropped_events_count', 'varint'],
    13: ['links', 'Link'],
    14: ['dropped_links_count', 'varint'],
    15: ['status', 'Status'],
    16: ['flags', 'fixed32'],
  },
  Event: { 1: ['time_unix_nano', 'fixed64'], 2: ['name', 'string'], 3: ['attributes', 'KeyValue'], 4: ['dropped_attributes_count', 'varint'] },
  Link: {
    1: ['trace_id', 'bytes'],
    2: ['span_id', 'bytes'],
    3: ['trace_state', 'string'],
    4: ['attributes', 'KeyValue'],
    5: ['dropped_attributes_count', 'varint'],
    6: ['flags', 'fixed32'],
  },
  Status: { 2: ['message', 'string'], 3: ['code', 'varint'] },
  Resource: { 1: ['attributes', 'KeyValue'], 2: ['dropped_attributes_count', 'varint'] },
  Scope: { 1: ['name', 'string'], 2: ['version', 'string'], 3: ['attributes', 'KeyValue'], 4: ['dropped_attributes_count', 'varint'] },
  KeyValue: { 1: ['key', 'string'], 2: ['value', 'AnyValue'] },
  AnyValue: {
    1: ['string_value', 'string'],
    2: ['bool_value', 'varint'],
    3: ['int_value', 'varint'],
    4: ['double_value', 'double'],
    5: ['array_value', 'ArrayValue'],
    6: ['kvlist_value', 'KeyValueList'],
    7: ['bytes_value', 'bytes'],
  },
  ArrayValue: { 1: ['values', 'AnyValue'] },
  KeyValueList: { 1: ['values', 'KeyValue'] },
  ResourceMetrics: { 1: ['resource', 'Resource'], 2: ['scope_metrics', 'ScopeMetrics'], 3: ['schema_url', 'string'] },
  ScopeMetrics: { 1: ['scope', 'Scope'], 2: ['metrics', 'Metric'], 3: ['schema_url', 'string'] },
  Metric: {
    1: ['name', 'string'],
    2: ['description', 'string'],
    3: ['unit', 'string'],
    5: ['gauge', 'Gauge'],
    7: ['sum', 'Sum'],
    9: ['histogram', 'Histogram'],
    10: ['exponential_histogram', 'ExponentialHistogram'],
    12: ['metadata', 'KeyValue'],
  },
  Gauge: { 1: ['data_points', 'NumberDataPoint'] },
  Sum: { 1: ['data_points', 'NumberDataPoint'], 2: ['aggregation_temporality', 'varint'], 3: ['is_monotonic', 'varint'] },
  Histogram: { 1: ['data_points', 'HistogramDataPoint'], 2: ['aggregation_temporality', 'varint'] },
  ExponentialHistogram: { 1: ['data_points', 'ExponentialHistogramDataPoint'], 2: ['aggregation_temporality', 'varint'] },
  NumberDataPoint: {
    7: ['attributes', 'KeyValue'],
    2: ['start_time_unix_nano', 'fixed64'],
    3: ['time_unix_nano', 'fixed64'],
    4: ['as_double', 'double'],
    6: ['as_int', 'sfixed64'],
    8: ['flags', 'varint'],
  },
  HistogramDataPoint: {
    9: ['attributes', 'KeyValue'],
    2: ['start_time_unix_nano', 'fixed64'],
    3: ['time_unix_nano', 'fixed64'],
    4: ['count', 'fixed64'],
    5: ['sum', 'double'],
    6: ['bucket_counts', 'packed-fixed64'],
    7: ['explicit_bounds', 'packed-double'],
    10: ['flags', 'varint'],
    11: ['min', 'double'],
    12: ['max', 'double'],
  },
  ExponentialHistogramDataPoint: {
    1: ['attributes', 'KeyValue'],
    2: ['start_time_unix_nano', 'fixed64'],
    3: ['time_unix_nano', 'fixed64'],
    4: ['count', 'fixed64'],
    5: ['sum', 'double'],
    6: ['scale', 'sint32'],
    7: ['zero_count', 'fixed64'],
    8: ['positive', 'Buckets'],
    9: ['negative', 'Buckets'],
    10: ['flags', 'varint'],
    12: ['min', 'double'],
    13: ['max', 'double'],
    14: ['zero_threshold', 'double'],
  },
  Buckets: { 1: ['offset', 'sint32'], 2: ['bucket_counts', 'packed-varint'] },
  ResourceLogs: { 1: ['resource', 'Resource'], 2: ['scope_logs', 'ScopeLogs'], 3: ['schema_url', 'string'] },
  ScopeLogs: { 1: ['scope', 'Scope'], 2: ['log_records', 'LogRecord'], 3: ['schema_url', 'string'] },
  LogRecord: {
    1: ['time_unix_nano', 'fixed64'],
    11: ['observed_time_unix_nano', 'fixed64'],
    2: ['severity_number', 'varint'],
    3: ['severity_text', 'string'],
    5: ['body', 'AnyValue'],
    6: ['attributes', 'KeyValue'],
    7: ['dropped_attributes_count', 'varint'],
    8: ['flags', 'fixed32'],
    9: ['trace_id', 'bytes'],
    10: ['span_id', 'bytes'],
    12: ['event_name', 'string'],
  },
};

const MAX_FIELDS = 20_000;
const MAX_DEPTH = 32;
const decoder = new TextDecoder();

/** Decodes `body` as the request message of `signal`; throws ProtoDecodeError on malformed bytes. */
export function wireFields(body: Uint8Array, signal: string): WireField[] {
  const r = new ProtoReader(body);
  const budget = { left: MAX_FIELDS };
  return readMessage(r, S[signal] ?? {}, budget, 0);
}

function readMessage(r: ProtoReader, schema: Record<number, FieldSpec>, budget: { left: number }, depth: number): WireField[] {
  const out: WireField[] = [];
  while (r.more() && budget.left-- > 0) {
    const offset = r.pos;
    const t = r.tag();
    const field = t >>> 3;
    const wireType = t & 7;
    const spec = schema[field];
    const f: WireField = { field, wireType, offset, length: 0 };
    if (spec !== undefined) f.name = spec[0];
    const type = spec?.[1] ?? '';
    switch (wireType) {
      case 0:
        if (type === 'sint32') {
          const u = r.uint32();
          f.value = (u >>> 1) ^ -(u & 1);
        } else f.value = r.uint64String();
        break;
      case 1:
        f.value = type === 'double' ? r.double() : type === 'sfixed64' ? r.sfixed64String() : r.fixed64String();
        break;
      case 5:
        f.value = r.fixed32();
        break;
      case 2: {
        const nested = S[type];
        if (nested !== undefined && depth < MAX_DEPTH) {
          const outer = r.enter();
          f.children = readMessage(r, nested, budget, depth + 1);
          r.leave(outer);
        } else {
          const bytes = r.bytes();
          if (type === 'string') {
            const s = decoder.decode(bytes);
            f.value = s.length > 256 ? `${s.slice(0, 256)}…` : s;
          } else if (type.startsWith('packed-')) f.value = packed(bytes, type);
          else f.value = bytes.length > 64 ? `${toHex(bytes.subarray(0, 64))}…` : toHex(bytes);
        }
        break;
      }
      default:
        r.skip(wireType); // throws: groups are not part of OTLP
    }
    f.length = r.pos - offset;
    out.push(f);
  }
  return out;
}

function packed(bytes: Uint8Array, type: string): string {
  const r = new ProtoReader(bytes);
  const values: (string | number)[] = [];
  while (r.more() && values.length < 512) {
    if (type === 'packed-double') values.push(r.double());
    else if (type === 'packed-fixed64') values.push(r.fixed64String());
    else values.push(r.uint64String());
  }
  return values.join(',');
}
