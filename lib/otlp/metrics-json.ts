/**
 * OTLP/JSON encoder for metrics, written as bytes (json-byte-writer.ts), as
 * the span and log encoders are. Follows the OTLP/JSON spec where the
 * official serializer deviates: 64-bit integers (as_int, count,
 * bucket_counts, zero_count, times) are decimal strings, non-finite doubles
 * are "NaN"/"Infinity"/"-Infinity", and fields at their proto3 default are
 * omitted (field tables in metrics-proto.ts).
 */
import type {
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  MetricData,
  NumberDataPoint,
  ResourceMetrics,
} from '../metrics/metric-data.js';
import { MetricKind } from '../metrics/metric-data.js';
import { JsonWriter, literal } from './json-byte-writer.js';
import { writeJsonAttributesField, writeJsonResource, writeJsonScope } from './json-bytes.js';
import { expectObject } from './codec-input.js';

/**
 * Reused across exports: it grows to the largest collection once and stays.
 * Allocated at the first encode, not at import (most importers never encode).
 */
let shared: JsonWriter | undefined;
const sharedWriter = (): JsonWriter => (shared ??= new JsonWriter(64 * 1024));

/** An ExportMetricsServiceRequest as OTLP/JSON UTF-8 bytes (the caller's to keep). */
export function encodeMetricsJson(collections: ResourceMetrics | readonly ResourceMetrics[]): Uint8Array {
  expectObject('encodeMetricsJson', 'a metric collection', collections);
  const w = sharedWriter();
  w.reset();
  writeMetricsJson(w, collections);
  return w.finish();
}

/** One Metric object as a string (the console exporter's line). */
export function jsonMetric(m: MetricData): string {
  const w = new JsonWriter(1024);
  writeMetric(w, m);
  return w.text();
}

const L_SCHEMA_URL = literal(',"schemaUrl":');

/** `{"resourceMetrics":[…]}` into `w`. */
export function writeMetricsJson(w: JsonWriter, collections: ResourceMetrics | readonly ResourceMetrics[]): void {
  const list: readonly ResourceMetrics[] = Array.isArray(collections) ? collections : [collections as ResourceMetrics];
  w.ascii('{"resourceMetrics":[');
  for (let c = 0; c < list.length; c++) {
    const rm = list[c]!;
    if (c > 0) w.byte(44);
    w.ascii('{"resource":');
    writeJsonResource(w, rm.resource);
    w.ascii(',"scopeMetrics":[');
    for (let s = 0; s < rm.scopeMetrics.length; s++) {
      const sm = rm.scopeMetrics[s]!;
      if (s > 0) w.byte(44);
      w.ascii('{"scope":');
      writeJsonScope(w, sm.scope);
      w.ascii(',"metrics":[');
      for (let m = 0; m < sm.metrics.length; m++) {
        if (m > 0) w.byte(44);
        writeMetric(w, sm.metrics[m]!);
      }
      w.byte(93);
      if (sm.scope.schemaUrl) {
        w.lit(L_SCHEMA_URL);
        w.str(sm.scope.schemaUrl);
      }
      w.byte(125);
    }
    w.byte(93);
    if (rm.resource.schemaUrl) {
      w.lit(L_SCHEMA_URL);
      w.str(rm.resource.schemaUrl);
    }
    w.byte(125);
  }
  w.ascii(']}');
}

function writeMetric(w: JsonWriter, m: MetricData): void {
  w.ascii('{"name":');
  w.str(m.name);
  if (m.description) {
    w.ascii(',"description":');
    w.str(m.description);
  }
  if (m.unit) {
    w.ascii(',"unit":');
    w.str(m.unit);
  }
  switch (m.kind) {
    case MetricKind.GAUGE:
      w.ascii(',"gauge":{"dataPoints":');
      numberPoints(w, m.points, m.valueType === 'int');
      w.ascii('}}');
      return;
    case MetricKind.SUM:
      w.ascii(',"sum":{"dataPoints":');
      numberPoints(w, m.points, m.valueType === 'int');
      w.ascii(',"aggregationTemporality":');
      w.uint(m.temporality);
      w.ascii(m.isMonotonic ? ',"isMonotonic":true}}' : '}}');
      return;
    case MetricKind.HISTOGRAM:
      w.ascii(',"histogram":{"dataPoints":[');
      for (let i = 0; i < m.points.length; i++) {
        if (i > 0) w.byte(44);
        histogramPoint(w, m.points[i]!);
      }
      w.ascii('],"aggregationTemporality":');
      w.uint(m.temporality);
      w.ascii('}}');
      return;
    case MetricKind.EXPONENTIAL_HISTOGRAM:
      w.ascii(',"exponentialHistogram":{"dataPoints":[');
      for (let i = 0; i < m.points.length; i++) {
        if (i > 0) w.byte(44);
        exponentialPoint(w, m.points[i]!);
      }
      w.ascii('],"aggregationTemporality":');
      w.uint(m.temporality);
      w.ascii('}}');
      return;
    default:
      w.byte(125);
  }
}

function numberPoints(w: JsonWriter, points: readonly NumberDataPoint[], isInt: boolean): void {
  w.byte(91);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (i > 0) w.byte(44);
    times(w, p);
    if (isInt) {
      w.ascii(',"asInt":');
      w.int64(Math.trunc(p.value));
    } else {
      w.ascii(',"asDouble":');
      w.double(p.value);
    }
    w.byte(125);
  }
  w.byte(93);
}

/** `,"attributes":[…]` per frozen (series-owned) attributes object, built once. */
const attributeCache = new WeakMap<object, Uint8Array>();
let scratch: JsonWriter | undefined;

function attributesField(w: JsonWriter, attrs: Readonly<Record<string, unknown>>): void {
  if (!Object.isFrozen(attrs)) {
    writeJsonAttributesField(w, attrs);
    return;
  }
  let b = attributeCache.get(attrs);
  if (b === undefined) {
    const s = (scratch ??= new JsonWriter(256));
    s.reset();
    writeJsonAttributesField(s, attrs);
    attributeCache.set(attrs, (b = s.copy(0, s.pos)));
  }
  w.lit(b);
}

const L_START_TIME = literal('{"startTimeUnixNano":');
const L_TIME = literal(',"timeUnixNano":');

function times(w: JsonWriter, p: { readonly startTime: number; readonly time: number; readonly attributes: Readonly<Record<string, unknown>> }): void {
  w.lit(L_START_TIME);
  w.time(p.startTime);
  w.lit(L_TIME);
  w.time(p.time);
  attributesField(w, p.attributes);
}

function doubles(w: JsonWriter, values: readonly number[]): void {
  w.byte(91);
  for (let i = 0; i < values.length; i++) {
    if (i > 0) w.byte(44);
    w.double(values[i]!);
  }
  w.byte(93);
}

function int64s(w: JsonWriter, values: readonly number[]): void {
  w.byte(91);
  for (let i = 0; i < values.length; i++) {
    if (i > 0) w.byte(44);
    w.int64(values[i]!);
  }
  w.byte(93);
}

function countAndSum(w: JsonWriter, count: number, sum: number): void {
  w.ascii(',"count":');
  w.int64(count);
  w.ascii(',"sum":');
  w.double(sum);
}

function minMax(w: JsonWriter, min: number, max: number): void {
  if (min === min) {
    w.ascii(',"min":');
    w.double(min);
  }
  if (max === max) {
    w.ascii(',"max":');
    w.double(max);
  }
}

function histogramPoint(w: JsonWriter, p: HistogramDataPoint): void {
  times(w, p);
  countAndSum(w, p.count, p.sum);
  w.ascii(',"bucketCounts":');
  int64s(w, p.bucketCounts);
  w.ascii(',"explicitBounds":');
  doubles(w, p.boundaries);
  minMax(w, p.min, p.max);
  w.byte(125);
}

function buckets(w: JsonWriter, offset: number, counts: readonly number[]): void {
  if (offset !== 0) {
    w.ascii('{"offset":');
    w.ascii(String(offset));
    w.ascii(',"bucketCounts":');
  } else w.ascii('{"bucketCounts":');
  int64s(w, counts);
  w.byte(125);
}

function exponentialPoint(w: JsonWriter, p: ExponentialHistogramDataPoint): void {
  times(w, p);
  countAndSum(w, p.count, p.sum);
  if (p.scale !== 0) {
    w.ascii(',"scale":');
    w.ascii(String(p.scale));
  }
  if (p.zeroCount !== 0) {
    w.ascii(',"zeroCount":');
    w.int64(p.zeroCount);
  }
  if (p.positiveCounts.length > 0) {
    w.ascii(',"positive":');
    buckets(w, p.positiveOffset, p.positiveCounts);
  }
  if (p.negativeCounts.length > 0) {
    w.ascii(',"negative":');
    buckets(w, p.negativeOffset, p.negativeCounts);
  }
  minMax(w, p.min, p.max);
  if (p.zeroThreshold !== 0) {
    w.ascii(',"zeroThreshold":');
    w.double(p.zeroThreshold);
  }
  w.byte(125);
}
