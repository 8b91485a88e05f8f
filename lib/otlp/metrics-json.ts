/**
 * OTLP/JSON encoder for metrics, built by hand as one string per request.
 * Follows the OTLP/JSON spec where the official serializer deviates: 64-bit
 * integers (as_int, count, bucket_counts, zero_count, times) are decimal
 * strings, non-finite doubles are "NaN"/"Infinity"/"-Infinity", and fields at
 * their proto3 default are omitted (field tables in metrics-proto.ts).
 */
import type {
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  MetricData,
  NumberDataPoint,
  ResourceMetrics,
} from '../metrics/metric-data.js';
import { MetricKind } from '../metrics/metric-data.js';
import { jsonAttributesField, jsonResource, jsonScope } from './common-json.js';
import { jsonDouble, jsonInt64, jsonString, jsonTime } from './json-writer.js';

/** An ExportMetricsServiceRequest as an OTLP/JSON string. */
export function encodeMetricsJson(collections: ResourceMetrics | readonly ResourceMetrics[]): string {
  const list: readonly ResourceMetrics[] = Array.isArray(collections) ? collections : [collections as ResourceMetrics];
  let out = '{"resourceMetrics":[';
  for (let c = 0; c < list.length; c++) {
    const rm = list[c]!;
    if (c > 0) out += ',';
    out += `{"resource":${jsonResource(rm.resource)},"scopeMetrics":[`;
    for (let s = 0; s < rm.scopeMetrics.length; s++) {
      const sm = rm.scopeMetrics[s]!;
      if (s > 0) out += ',';
      out += `{"scope":${jsonScope(sm.scope)},"metrics":[`;
      for (let m = 0; m < sm.metrics.length; m++) {
        if (m > 0) out += ',';
        out += jsonMetric(sm.metrics[m]!);
      }
      out += ']';
      if (sm.scope.schemaUrl) out += `,"schemaUrl":${jsonString(sm.scope.schemaUrl)}`;
      out += '}';
    }
    out += ']';
    if (rm.resource.schemaUrl) out += `,"schemaUrl":${jsonString(rm.resource.schemaUrl)}`;
    out += '}';
  }
  return `${out}]}`;
}

export function jsonMetric(m: MetricData): string {
  let out = `{"name":${jsonString(m.name)}`;
  if (m.description) out += `,"description":${jsonString(m.description)}`;
  if (m.unit) out += `,"unit":${jsonString(m.unit)}`;
  switch (m.kind) {
    case MetricKind.GAUGE:
      return `${out},"gauge":{"dataPoints":${numberPoints(m.points, m.valueType === 'int')}}}`;
    case MetricKind.SUM:
      return `${out},"sum":{"dataPoints":${numberPoints(m.points, m.valueType === 'int')},"aggregationTemporality":${m.temporality}${m.isMonotonic ? ',"isMonotonic":true' : ''}}}`;
    case MetricKind.HISTOGRAM: {
      let pts = '[';
      for (let i = 0; i < m.points.length; i++) pts += (i > 0 ? ',' : '') + histogramPoint(m.points[i]!);
      return `${out},"histogram":{"dataPoints":${pts}],"aggregationTemporality":${m.temporality}}}`;
    }
    case MetricKind.EXPONENTIAL_HISTOGRAM: {
      let pts = '[';
      for (let i = 0; i < m.points.length; i++) pts += (i > 0 ? ',' : '') + exponentialPoint(m.points[i]!);
      return `${out},"exponentialHistogram":{"dataPoints":${pts}],"aggregationTemporality":${m.temporality}}}`;
    }
    default:
      return `${out}}`;
  }
}

function numberPoints(points: readonly NumberDataPoint[], isInt: boolean): string {
  let out = '[';
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (i > 0) out += ',';
    out += times(p);
    out += isInt ? `,"asInt":${jsonInt64(Math.trunc(p.value))}}` : `,"asDouble":${jsonDouble(p.value)}}`;
  }
  return `${out}]`;
}

/** `,"attributes":[…]` per frozen (series-owned) attributes object, built once. */
const attributeCache = new WeakMap<object, string>();

function attributesField(attrs: Readonly<Record<string, unknown>>): string {
  if (!Object.isFrozen(attrs)) return jsonAttributesField(attrs);
  let s = attributeCache.get(attrs);
  if (s === undefined) attributeCache.set(attrs, (s = jsonAttributesField(attrs)));
  return s;
}

// Points of one collection share their end time (and often their start): convert each once.
let lastT = NaN;
let lastJson = '';
function time(t: number): string {
  if (t !== lastT) {
    lastT = t;
    lastJson = jsonTime(t);
  }
  return lastJson;
}
let lastStartT = NaN;
let lastStartJson = '';
function startTime(t: number): string {
  if (t !== lastStartT) {
    lastStartT = t;
    lastStartJson = jsonTime(t);
  }
  return lastStartJson;
}

function times(p: { readonly startTime: number; readonly time: number; readonly attributes: Readonly<Record<string, unknown>> }): string {
  return `{"startTimeUnixNano":${startTime(p.startTime)},"timeUnixNano":${time(p.time)}${attributesField(p.attributes)}`;
}

const boundsCache = new WeakMap<readonly number[], string>();

function boundsJson(bounds: readonly number[]): string {
  let s = Object.isFrozen(bounds) ? boundsCache.get(bounds) : undefined;
  if (s === undefined) {
    s = '[';
    for (let i = 0; i < bounds.length; i++) s += (i > 0 ? ',' : '') + jsonDouble(bounds[i]!);
    s += ']';
    if (Object.isFrozen(bounds)) boundsCache.set(bounds, s);
  }
  return s;
}

function histogramPoint(p: HistogramDataPoint): string {
  let out = `${times(p)},"count":${jsonInt64(p.count)},"sum":${jsonDouble(p.sum)},"bucketCounts":[`;
  for (let i = 0; i < p.bucketCounts.length; i++) out += (i > 0 ? ',"' : '"') + p.bucketCounts[i]! + '"';
  out += `],"explicitBounds":${boundsJson(p.boundaries)}`;
  if (p.min === p.min) out += `,"min":${jsonDouble(p.min)}`;
  if (p.max === p.max) out += `,"max":${jsonDouble(p.max)}`;
  return `${out}}`;
}

function buckets(offset: number, counts: readonly number[]): string {
  let out = offset !== 0 ? `{"offset":${offset},"bucketCounts":[` : '{"bucketCounts":[';
  for (let i = 0; i < counts.length; i++) out += (i > 0 ? ',' : '') + jsonInt64(counts[i]!);
  return `${out}]}`;
}

function exponentialPoint(p: ExponentialHistogramDataPoint): string {
  let out = `${times(p)},"count":${jsonInt64(p.count)},"sum":${jsonDouble(p.sum)}`;
  if (p.scale !== 0) out += `,"scale":${p.scale}`;
  if (p.zeroCount !== 0) out += `,"zeroCount":${jsonInt64(p.zeroCount)}`;
  if (p.positiveCounts.length > 0) out += `,"positive":${buckets(p.positiveOffset, p.positiveCounts)}`;
  if (p.negativeCounts.length > 0) out += `,"negative":${buckets(p.negativeOffset, p.negativeCounts)}`;
  if (p.min === p.min) out += `,"min":${jsonDouble(p.min)}`;
  if (p.max === p.max) out += `,"max":${jsonDouble(p.max)}`;
  if (p.zeroThreshold !== 0) out += `,"zeroThreshold":${jsonDouble(p.zeroThreshold)}`;
  return `${out}}`;
}
