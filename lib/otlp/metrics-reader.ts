/**
 * Reads an OTLP/protobuf ExportMetricsServiceRequest into its OTLP/JSON shape
 * (64-bit integers as decimal strings, non-finite doubles as strings), so
 * `JSON.stringify` of the result is valid OTLP/JSON (`zerotel decode --signal
 * metrics`, the dashboard's receiver). Fields at their proto3 default are
 * absent; field tables in metrics-proto.ts. Malformed input throws
 * ProtoDecodeError. Summary metrics and exemplars are skipped.
 */
import { jsonSafeDouble, readKeyValue, readResource, readScope } from './common-reader.js';
import type { FieldTable } from './proto-fields.js';
import {
  boolField,
  doubleField,
  fixed64Field,
  I64,
  LEN,
  messageField,
  messageReader,
  packedField,
  repeatedField,
  requestReader,
  sfixed64Field,
  sint32Field,
  stringField,
  tagOf,
  uint32Field,
  VARINT,
} from './proto-fields.js';
import { ProtoReader } from './proto-reader.js';
import type { OtlpKeyValue, OtlpResource, OtlpScope } from './types.js';

export interface OtlpNumberDataPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: string;
  timeUnixNano?: string;
  asDouble?: number | string;
  asInt?: string;
  flags?: number;
}

export interface OtlpHistogramDataPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: string;
  timeUnixNano?: string;
  count?: string;
  sum?: number | string;
  bucketCounts?: string[];
  explicitBounds?: (number | string)[];
  min?: number | string;
  max?: number | string;
  flags?: number;
}

export interface OtlpBuckets {
  offset?: number;
  bucketCounts?: string[];
}

export interface OtlpExponentialHistogramDataPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: string;
  timeUnixNano?: string;
  count?: string;
  sum?: number | string;
  scale?: number;
  zeroCount?: string;
  positive?: OtlpBuckets;
  negative?: OtlpBuckets;
  flags?: number;
  min?: number | string;
  max?: number | string;
  zeroThreshold?: number | string;
}

export interface OtlpMetric {
  name: string;
  description?: string;
  unit?: string;
  gauge?: { dataPoints: OtlpNumberDataPoint[] };
  sum?: { dataPoints: OtlpNumberDataPoint[]; aggregationTemporality?: number; isMonotonic?: boolean };
  histogram?: { dataPoints: OtlpHistogramDataPoint[]; aggregationTemporality?: number };
  exponentialHistogram?: { dataPoints: OtlpExponentialHistogramDataPoint[]; aggregationTemporality?: number };
}

export interface OtlpScopeMetrics {
  scope?: OtlpScope;
  metrics: OtlpMetric[];
  schemaUrl?: string;
}

export interface OtlpResourceMetrics {
  resource?: OtlpResource;
  scopeMetrics: OtlpScopeMetrics[];
  schemaUrl?: string;
}

export interface OtlpMetricsRequest {
  resourceMetrics: OtlpResourceMetrics[];
}

/** The fields every data point kind numbers alike: 2 start_time_unix_nano, 3 time_unix_nano (fixed64). */
const POINT_TIMES = {
  [tagOf(2, I64)]: fixed64Field<{ startTimeUnixNano?: string }>('startTimeUnixNano'),
  [tagOf(3, I64)]: fixed64Field<{ timeUnixNano?: string }>('timeUnixNano'),
};
/** And the histogram kinds: 4 count fixed64, 5 sum double. */
const COUNT_SUM = {
  [tagOf(4, I64)]: fixed64Field<{ count?: string }>('count'),
  [tagOf(5, I64)]: doubleField<{ sum?: number | string }>('sum'),
};

const readNumberPoint = messageReader<OtlpNumberDataPoint>(() => ({}), {
  ...POINT_TIMES,
  [tagOf(4, I64)]: doubleField('asDouble'),
  [tagOf(6, I64)]: sfixed64Field('asInt'),
  [tagOf(7, LEN)]: repeatedField('attributes', readKeyValue),
  [tagOf(8, VARINT)]: uint32Field('flags'),
});

const readFixed64 = (r: ProtoReader): string => r.fixed64String();
const readDouble = (r: ProtoReader): number | string => jsonSafeDouble(r.double());
const readUint64 = (r: ProtoReader): string => r.uint64String();

/** Repeated scalars come packed (LEN) or one per field: both tags read into the same list. */
const bucketCounts = packedField<OtlpHistogramDataPoint, string>('bucketCounts', readFixed64);
const explicitBounds = packedField<OtlpHistogramDataPoint, number | string>('explicitBounds', readDouble);

// count is a proto3 scalar, left out by canonical writers at 0: read as "0" when absent.
const readHistogramPoint = messageReader<OtlpHistogramDataPoint>(() => ({ count: '0' }), {
  ...POINT_TIMES,
  ...COUNT_SUM,
  [tagOf(6, I64)]: bucketCounts,
  [tagOf(6, LEN)]: bucketCounts,
  [tagOf(7, I64)]: explicitBounds,
  [tagOf(7, LEN)]: explicitBounds,
  [tagOf(9, LEN)]: repeatedField('attributes', readKeyValue),
  [tagOf(10, VARINT)]: uint32Field('flags'),
  [tagOf(11, I64)]: doubleField('min'),
  [tagOf(12, I64)]: doubleField('max'),
});

const exponentialCounts = packedField<OtlpBuckets, string>('bucketCounts', readUint64);

/** Buckets { 1 offset sint32, 2 bucket_counts repeated uint64 } */
const readBuckets = messageReader<OtlpBuckets>(() => ({}), {
  [tagOf(1, VARINT)]: sint32Field('offset'),
  [tagOf(2, VARINT)]: exponentialCounts,
  [tagOf(2, LEN)]: exponentialCounts,
});

const readExponentialPoint = messageReader<OtlpExponentialHistogramDataPoint>(() => ({ count: '0' }), {
  ...POINT_TIMES,
  ...COUNT_SUM,
  [tagOf(1, LEN)]: repeatedField('attributes', readKeyValue),
  [tagOf(6, VARINT)]: sint32Field('scale'),
  [tagOf(7, I64)]: fixed64Field('zeroCount'),
  [tagOf(8, LEN)]: messageField('positive', readBuckets),
  [tagOf(9, LEN)]: messageField('negative', readBuckets),
  [tagOf(10, VARINT)]: uint32Field('flags'),
  [tagOf(12, I64)]: doubleField('min'),
  [tagOf(13, I64)]: doubleField('max'),
  [tagOf(14, I64)]: doubleField('zeroThreshold'),
});

type Points<P> = { dataPoints: P[]; aggregationTemporality?: number; isMonotonic?: boolean };

/** Gauge / Sum / Histogram / ExponentialHistogram: 1 data_points, 2 aggregation_temporality, 3 is_monotonic (Sum only). */
function pointsReader<P>(readPoint: (r: ProtoReader) => P): (r: ProtoReader) => Points<P> {
  const fields: FieldTable<Points<P>> = {
    [tagOf(1, LEN)]: repeatedField<Points<P>, P>('dataPoints', readPoint),
    [tagOf(2, VARINT)]: uint32Field('aggregationTemporality'),
    [tagOf(3, VARINT)]: boolField('isMonotonic'),
  };
  return messageReader<Points<P>>(() => ({ dataPoints: [] }), fields);
}

const readNumberPoints = pointsReader(readNumberPoint);
const readHistogramPoints = pointsReader(readHistogramPoint);
const readExponentialPoints = pointsReader(readExponentialPoint);

export const readMetric = messageReader<OtlpMetric>(() => ({ name: '' }), {
  [tagOf(1, LEN)]: stringField('name'),
  [tagOf(2, LEN)]: stringField('description'),
  [tagOf(3, LEN)]: stringField('unit'),
  [tagOf(5, LEN)]: messageField('gauge', readNumberPoints),
  [tagOf(7, LEN)]: messageField('sum', readNumberPoints),
  [tagOf(9, LEN)]: messageField('histogram', readHistogramPoints),
  [tagOf(10, LEN)]: messageField('exponentialHistogram', readExponentialPoints),
});

const readRequest = requestReader<OtlpMetricsRequest>(['resourceMetrics', 'scopeMetrics', 'metrics'], readResource, readScope, readMetric);

/**
 * Decodes an ExportMetricsServiceRequest from any view of bytes or an ArrayBuffer; throws
 * ProtoDecodeError on malformed input and on input that is not bytes.
 */
export function decodeMetricsRequest(bytes: Uint8Array | ArrayBufferView | ArrayBufferLike): OtlpMetricsRequest {
  return readRequest(new ProtoReader(bytes));
}
