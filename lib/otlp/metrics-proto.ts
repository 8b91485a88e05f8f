/**
 * OTLP/protobuf encoder for metrics (opentelemetry/proto/metrics/v1/metrics.proto),
 * written straight from the collection's MetricData and points: no
 * intermediate message objects.
 */
import type {
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  HistogramSummary,
  MetricData,
  NumberDataPoint,
  PointBase,
  ResourceMetrics,
} from '../metrics/metric-data.js';
import { MetricKind } from '../metrics/metric-data.js';
import { endGroup, startItem, startResourceGroup, startScopeGroup, writeKeyValues } from './common-proto.js';
import { ProtoWriter } from './proto-writer.js';
import { expectObject } from './codec-input.js';

/**
 * Reused across exports: it grows to the largest collection once and stays.
 * Allocated at the first encode, not at import (most importers never encode).
 */
let shared: ProtoWriter | undefined;
const sharedWriter = (): ProtoWriter => (shared ??= new ProtoWriter(64 * 1024));
const scratch = new ProtoWriter(1024);

/**
 * A series' attributes are a frozen object that lives as long as the series,
 * so its encoded KeyValues are made once and copied at every collection
 * (one cache per field number: 7 number points, 9 histograms, 1 exponential).
 */
const attributeCaches = new Map<number, WeakMap<object, Uint8Array>>();

function writeAttributes(w: ProtoWriter, field: number, attrs: Readonly<Record<string, unknown>>): void {
  if (!Object.isFrozen(attrs)) {
    writeKeyValues(w, field, attrs);
    return;
  }
  let cache = attributeCaches.get(field);
  if (cache === undefined) attributeCaches.set(field, (cache = new WeakMap()));
  let bytes = cache.get(attrs);
  if (bytes === undefined) {
    scratch.reset();
    writeKeyValues(scratch, field, attrs);
    bytes = scratch.finish();
    cache.set(attrs, bytes);
  }
  w.raw(bytes);
}

/** Packed explicit_bounds (field 7), made once per (frozen, shared) boundaries array. */
const boundsCache = new WeakMap<readonly number[], Uint8Array>();

function writeBounds(w: ProtoWriter, bounds: readonly number[]): void {
  if (bounds.length === 0) return;
  let bytes = Object.isFrozen(bounds) ? boundsCache.get(bounds) : undefined;
  if (bytes === undefined) {
    scratch.reset();
    scratch.tag(7, 2);
    scratch.uint32(bounds.length * 8);
    for (let i = 0; i < bounds.length; i++) scratch.double(bounds[i]!);
    bytes = scratch.finish();
    if (Object.isFrozen(bounds)) boundsCache.set(bounds, bytes);
  }
  w.raw(bytes);
}

/**
 * ExportMetricsServiceRequest:
 *   1 resource_metrics repeated ResourceMetrics
 * ResourceMetrics:
 *   1 resource      Resource
 *   2 scope_metrics repeated ScopeMetrics
 *   3 schema_url    string
 * ScopeMetrics:
 *   1 scope      InstrumentationScope
 *   2 metrics    repeated Metric
 *   3 schema_url string
 * Returns a fresh copy of the bytes.
 */
export function encodeMetricsProto(collections: ResourceMetrics | readonly ResourceMetrics[]): Uint8Array {
  expectObject('encodeMetricsProto', 'a metric collection', collections);
  const w = sharedWriter();
  w.reset();
  writeMetricsRequest(w, collections);
  return w.finish();
}

export function writeMetricsRequest(w: ProtoWriter, collections: ResourceMetrics | readonly ResourceMetrics[]): void {
  const list: readonly ResourceMetrics[] = Array.isArray(collections) ? collections : [collections as ResourceMetrics];
  for (let c = 0; c < list.length; c++) {
    const rm = list[c]!;
    const rmStart = startResourceGroup(w, rm.resource);
    for (let s = 0; s < rm.scopeMetrics.length; s++) {
      const sm = rm.scopeMetrics[s]!;
      const smStart = startScopeGroup(w, sm.scope);
      for (let m = 0; m < sm.metrics.length; m++) {
        const mStart = startItem(w);
        writeMetric(w, sm.metrics[m]!);
        w.join(mStart);
      }
      endGroup(w, smStart, sm.scope.schemaUrl);
    }
    endGroup(w, rmStart, rm.resource.schemaUrl);
  }
}

/**
 * Metric:
 *   1 name                  string
 *   2 description           string
 *   3 unit                  string
 *   5 gauge                 Gauge                { 1 data_points repeated NumberDataPoint }
 *   7 sum                   Sum                  { 1 data_points, 2 aggregation_temporality enum, 3 is_monotonic bool }
 *   9 histogram             Histogram            { 1 data_points repeated HistogramDataPoint, 2 aggregation_temporality }
 *  10 exponential_histogram ExponentialHistogram { 1 data_points repeated ExponentialHistogramDataPoint, 2 aggregation_temporality }
 */
export function writeMetric(w: ProtoWriter, m: MetricData): void {
  w.stringField(1, m.name);
  w.stringField(2, m.description);
  w.stringField(3, m.unit);
  let data: number;
  switch (m.kind) {
    case MetricKind.GAUGE: {
      // Gauge has no temporality field.
      data = startData(w, 5);
      writeNumberPoints(w, m.points, m.valueType === 'int');
      w.join(data);
      return;
    }
    case MetricKind.SUM:
      data = startData(w, 7);
      writeNumberPoints(w, m.points, m.valueType === 'int');
      break;
    case MetricKind.HISTOGRAM:
      data = startData(w, 9);
      for (let i = 0; i < m.points.length; i++) writeHistogramPoint(w, m.points[i]!);
      break;
    case MetricKind.EXPONENTIAL_HISTOGRAM:
      data = startData(w, 10);
      for (let i = 0; i < m.points.length; i++) writeExponentialPoint(w, m.points[i]!);
      break;
    default:
      return;
  }
  w.tag(2, 0);
  w.uint32(m.temporality);
  if (m.isMonotonic && m.kind === MetricKind.SUM) {
    w.tag(3, 0);
    w.bool(true);
  }
  w.join(data);
}

/** Starts the Gauge/Sum/Histogram/ExponentialHistogram message of Metric field `field`; returns its start for `join`. */
function startData(w: ProtoWriter, field: number): number {
  w.tag(field, 2);
  return w.fork();
}

function writeNumberPoints(w: ProtoWriter, points: readonly NumberDataPoint[], isInt: boolean): void {
  for (let i = 0; i < points.length; i++) writeNumberPoint(w, points[i]!, isInt);
}

/**
 * Starts a data point (data_points is field 1 of every data message) and
 * writes what all kinds number alike: 2 start_time_unix_nano and
 * 3 time_unix_nano (fixed64). The attributes' field number differs per kind
 * (7, 9, 1) and each writer puts them in field-number order, which is the
 * canonical encoding protoc and the official SDKs produce. Returns the
 * point's start for `join`.
 */
function startPoint(w: ProtoWriter, p: PointBase, attributesFirst: boolean): number {
  w.tag(1, 2);
  const start = w.fork();
  if (attributesFirst) writeAttributes(w, 1, p.attributes);
  w.tag(2, 1);
  w.fixed64Time(p.startTime);
  w.tag(3, 1);
  w.fixed64Time(p.time);
  return start;
}

/** 4 count fixed64 (left out at 0, the proto3 default), 5 sum optional double: numbered alike in both histogram kinds. */
function writeCountSum(w: ProtoWriter, p: HistogramSummary): void {
  if (p.count !== 0) {
    w.tag(4, 1);
    w.fixed64Int(p.count);
  }
  w.tag(5, 1);
  w.double(p.sum);
}

/** An optional double (min, max) written only when recorded (NaN means not). */
function writeRecorded(w: ProtoWriter, field: number, v: number): void {
  if (v !== v) return;
  w.tag(field, 1);
  w.double(v);
}

/**
 * NumberDataPoint (as data_points field 1), in field-number order:
 *   2 start_time_unix_nano fixed64
 *   3 time_unix_nano       fixed64
 *   4 as_double            double   (oneof value)
 *   6 as_int               sfixed64 (oneof value)
 *   7 attributes           repeated KeyValue
 */
function writeNumberPoint(w: ProtoWriter, p: NumberDataPoint, isInt: boolean): void {
  const start = startPoint(w, p, false);
  if (isInt) {
    w.tag(6, 1);
    w.fixed64Int(Math.trunc(p.value));
  } else {
    w.tag(4, 1);
    w.double(p.value);
  }
  writeAttributes(w, 7, p.attributes);
  w.join(start);
}

/**
 * HistogramDataPoint (as data_points field 1), in field-number order:
 *   2 start_time_unix_nano fixed64
 *   3 time_unix_nano       fixed64
 *   4 count                fixed64
 *   5 sum                  optional double
 *   6 bucket_counts        repeated fixed64 (packed)
 *   7 explicit_bounds      repeated double  (packed)
 *   9 attributes           repeated KeyValue
 *  11 min                  optional double
 *  12 max                  optional double
 */
function writeHistogramPoint(w: ProtoWriter, p: HistogramDataPoint): void {
  const start = startPoint(w, p, false);
  writeCountSum(w, p);
  const counts = p.bucketCounts;
  if (counts.length > 0) {
    w.tag(6, 2);
    w.uint32(counts.length * 8);
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i]!;
      // Counts below 2^32 (all real ones) skip the high-word arithmetic.
      if (c < 4294967296) w.fixed64(c, 0);
      else w.fixed64Int(c);
    }
  }
  writeBounds(w, p.boundaries);
  writeAttributes(w, 9, p.attributes);
  writeRecorded(w, 11, p.min);
  writeRecorded(w, 12, p.max);
  w.join(start);
}

function zigzag32(n: number): number {
  return ((n << 1) ^ (n >> 31)) >>> 0;
}

/**
 * ExponentialHistogramDataPoint (as data_points field 1):
 *   1 attributes           repeated KeyValue
 *   2 start_time_unix_nano fixed64
 *   3 time_unix_nano       fixed64
 *   4 count                fixed64
 *   5 sum                  optional double
 *   6 scale                sint32
 *   7 zero_count           fixed64
 *   8 positive             Buckets { 1 offset sint32, 2 bucket_counts repeated uint64 (packed) }
 *   9 negative             Buckets
 *  12 min                  optional double
 *  13 max                  optional double
 *  14 zero_threshold       double
 */
function writeExponentialPoint(w: ProtoWriter, p: ExponentialHistogramDataPoint): void {
  const start = startPoint(w, p, true);
  writeCountSum(w, p);
  if (p.scale !== 0) {
    w.tag(6, 0);
    w.uint32(zigzag32(p.scale));
  }
  if (p.zeroCount !== 0) {
    w.tag(7, 1);
    w.fixed64Int(p.zeroCount);
  }
  writeBuckets(w, 8, p.positiveOffset, p.positiveCounts);
  writeBuckets(w, 9, p.negativeOffset, p.negativeCounts);
  writeRecorded(w, 12, p.min);
  writeRecorded(w, 13, p.max);
  if (p.zeroThreshold !== 0) {
    w.tag(14, 1);
    w.double(p.zeroThreshold);
  }
  w.join(start);
}

function writeBuckets(w: ProtoWriter, field: number, offset: number, counts: readonly number[]): void {
  if (counts.length === 0) return;
  w.tag(field, 2);
  const b = w.fork();
  if (offset !== 0) {
    w.tag(1, 0);
    w.uint32(zigzag32(offset));
  }
  w.tag(2, 2);
  const packed = w.fork();
  for (let i = 0; i < counts.length; i++) w.int64(counts[i]!);
  w.join(packed);
  w.join(b);
}
