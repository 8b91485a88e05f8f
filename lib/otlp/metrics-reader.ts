/**
 * Reads an OTLP/protobuf ExportMetricsServiceRequest into its OTLP/JSON shape
 * (64-bit integers as decimal strings, non-finite doubles as strings), so
 * `JSON.stringify` of the result is valid OTLP/JSON (`zerotel decode --signal
 * metrics`, the dashboard's receiver). Fields at their proto3 default are
 * absent; field tables in metrics-proto.ts. Malformed input throws
 * ProtoDecodeError. Summary metrics and exemplars are skipped.
 */
import { jsonSafeDouble, readKeyValue, readNested, readResource, readScope } from './common-reader.js';
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

const LEN = 2;
const I64 = 1;
const VARINT = 0;
const tagOf = (field: number, wire: number): number => (field << 3) | wire;

export function decodeMetricsRequest(bytes: Uint8Array): OtlpMetricsRequest {
  const r = new ProtoReader(bytes);
  const out: OtlpMetricsRequest = { resourceMetrics: [] };
  while (r.more()) {
    const t = r.tag();
    if (t === tagOf(1, LEN)) out.resourceMetrics.push(readNested(r, readResourceMetrics));
    else r.skip(t & 7);
  }
  return out;
}

function readResourceMetrics(r: ProtoReader): OtlpResourceMetrics {
  const out: OtlpResourceMetrics = { scopeMetrics: [] };
  while (r.more()) {
    const t = r.tag();
    if (t === tagOf(1, LEN)) out.resource = readNested(r, readResource);
    else if (t === tagOf(2, LEN)) out.scopeMetrics.push(readNested(r, readScopeMetrics));
    else if (t === tagOf(3, LEN)) out.schemaUrl = r.string();
    else r.skip(t & 7);
  }
  return out;
}

function readScopeMetrics(r: ProtoReader): OtlpScopeMetrics {
  const out: OtlpScopeMetrics = { metrics: [] };
  while (r.more()) {
    const t = r.tag();
    if (t === tagOf(1, LEN)) out.scope = readNested(r, readScope);
    else if (t === tagOf(2, LEN)) out.metrics.push(readNested(r, readMetric));
    else if (t === tagOf(3, LEN)) out.schemaUrl = r.string();
    else r.skip(t & 7);
  }
  return out;
}

function readMetric(r: ProtoReader): OtlpMetric {
  const out: OtlpMetric = { name: '' };
  while (r.more()) {
    const t = r.tag();
    switch (t) {
      case tagOf(1, LEN):
        out.name = r.string();
        break;
      case tagOf(2, LEN):
        out.description = r.string();
        break;
      case tagOf(3, LEN):
        out.unit = r.string();
        break;
      case tagOf(5, LEN):
        out.gauge = readNested(r, (x) => readPoints(x, readNumberPoint));
        break;
      case tagOf(7, LEN):
        out.sum = readNested(r, (x) => readPoints(x, readNumberPoint));
        break;
      case tagOf(9, LEN):
        out.histogram = readNested(r, (x) => readPoints(x, readHistogramPoint));
        break;
      case tagOf(10, LEN):
        out.exponentialHistogram = readNested(r, (x) => readPoints(x, readExponentialPoint));
        break;
      default:
        r.skip(t & 7);
    }
  }
  return out;
}

/** Gauge / Sum / Histogram / ExponentialHistogram: 1 data_points, 2 aggregation_temporality, 3 is_monotonic. */
function readPoints<P>(r: ProtoReader, read: (r: ProtoReader) => P): { dataPoints: P[]; aggregationTemporality?: number; isMonotonic?: boolean } {
  const out: { dataPoints: P[]; aggregationTemporality?: number; isMonotonic?: boolean } = { dataPoints: [] };
  while (r.more()) {
    const t = r.tag();
    if (t === tagOf(1, LEN)) out.dataPoints.push(readNested(r, read));
    else if (t === tagOf(2, VARINT)) out.aggregationTemporality = r.uint32();
    else if (t === tagOf(3, VARINT)) out.isMonotonic = r.bool();
    else r.skip(t & 7);
  }
  return out;
}

function readNumberPoint(r: ProtoReader): OtlpNumberDataPoint {
  const out: OtlpNumberDataPoint = {};
  while (r.more()) {
    const t = r.tag();
    switch (t) {
      case tagOf(7, LEN):
        (out.attributes ??= []).push(readNested(r, readKeyValue));
        break;
      case tagOf(2, I64):
        out.startTimeUnixNano = r.fixed64String();
        break;
      case tagOf(3, I64):
        out.timeUnixNano = r.fixed64String();
        break;
      case tagOf(4, I64):
        out.asDouble = jsonSafeDouble(r.double());
        break;
      case tagOf(6, I64):
        out.asInt = r.sfixed64String();
        break;
      case tagOf(8, VARINT):
        out.flags = r.uint32();
        break;
      default:
        r.skip(t & 7);
    }
  }
  return out;
}

/** A repeated fixed64 field, packed or not. */
function readFixed64s(r: ProtoReader, t: number, into: string[]): void {
  if ((t & 7) === I64) {
    into.push(r.fixed64String());
    return;
  }
  const outer = r.enter();
  while (r.more()) into.push(r.fixed64String());
  r.leave(outer);
}

function readDoubles(r: ProtoReader, t: number, into: (number | string)[]): void {
  if ((t & 7) === I64) {
    into.push(jsonSafeDouble(r.double()));
    return;
  }
  const outer = r.enter();
  while (r.more()) into.push(jsonSafeDouble(r.double()));
  r.leave(outer);
}

function readHistogramPoint(r: ProtoReader): OtlpHistogramDataPoint {
  const out: OtlpHistogramDataPoint = {};
  while (r.more()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 9:
        (out.attributes ??= []).push(readNested(r, readKeyValue));
        break;
      case 2:
        out.startTimeUnixNano = r.fixed64String();
        break;
      case 3:
        out.timeUnixNano = r.fixed64String();
        break;
      case 4:
        out.count = r.fixed64String();
        break;
      case 5:
        out.sum = jsonSafeDouble(r.double());
        break;
      case 6:
        readFixed64s(r, t, (out.bucketCounts ??= []));
        break;
      case 7:
        readDoubles(r, t, (out.explicitBounds ??= []));
        break;
      case 10:
        out.flags = r.uint32();
        break;
      case 11:
        out.min = jsonSafeDouble(r.double());
        break;
      case 12:
        out.max = jsonSafeDouble(r.double());
        break;
      default:
        r.skip(t & 7);
    }
  }
  return out;
}

function unzigzag(n: number): number {
  return (n >>> 1) ^ -(n & 1);
}

function readBuckets(r: ProtoReader): OtlpBuckets {
  const out: OtlpBuckets = {};
  while (r.more()) {
    const t = r.tag();
    if (t === tagOf(1, VARINT)) out.offset = unzigzag(r.uint32());
    else if (t === tagOf(2, LEN)) {
      const outer = r.enter();
      const counts = (out.bucketCounts ??= []);
      while (r.more()) counts.push(r.uint64String());
      r.leave(outer);
    } else if (t === tagOf(2, VARINT)) (out.bucketCounts ??= []).push(r.uint64String());
    else r.skip(t & 7);
  }
  return out;
}

function readExponentialPoint(r: ProtoReader): OtlpExponentialHistogramDataPoint {
  const out: OtlpExponentialHistogramDataPoint = {};
  while (r.more()) {
    const t = r.tag();
    switch (t) {
      case tagOf(1, LEN):
        (out.attributes ??= []).push(readNested(r, readKeyValue));
        break;
      case tagOf(2, I64):
        out.startTimeUnixNano = r.fixed64String();
        break;
      case tagOf(3, I64):
        out.timeUnixNano = r.fixed64String();
        break;
      case tagOf(4, I64):
        out.count = r.fixed64String();
        break;
      case tagOf(5, I64):
        out.sum = jsonSafeDouble(r.double());
        break;
      case tagOf(6, VARINT):
        out.scale = unzigzag(r.uint32());
        break;
      case tagOf(7, I64):
        out.zeroCount = r.fixed64String();
        break;
      case tagOf(8, LEN):
        out.positive = readNested(r, readBuckets);
        break;
      case tagOf(9, LEN):
        out.negative = readNested(r, readBuckets);
        break;
      case tagOf(10, VARINT):
        out.flags = r.uint32();
        break;
      case tagOf(12, I64):
        out.min = jsonSafeDouble(r.double());
        break;
      case tagOf(13, I64):
        out.max = jsonSafeDouble(r.double());
        break;
      case tagOf(14, I64):
        out.zeroThreshold = jsonSafeDouble(r.double());
        break;
      default:
        r.skip(t & 7);
    }
  }
  return out;
}
