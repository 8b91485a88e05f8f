/**
 * The in-process road into the store for logs and metrics: our model objects
 * (LogRecord, MetricData) turned into the OTLP/JSON shapes the readers
 * produce, as objects — no bytes, no JSON text — with the same rules the
 * encoders follow (integers as intValue, proto3 defaults omitted), so an item
 * looks the same whichever road it took. (Spans go in as protobuf: sink.ts.)
 * Resource and scope objects are converted once per model object.
 */
import type { InstrumentationScope, Resource } from '../common/resource.js';
import { epochNanosString } from '../common/time.js';
import type { LogRecord } from '../logs/log-record.js';
import type { MetricData } from '../metrics/metric-data.js';
import { MetricKind } from '../metrics/metric-data.js';
import type { OtlpLogRecord } from '../otlp/logs-reader.js';
import type { OtlpExponentialHistogramDataPoint, OtlpHistogramDataPoint, OtlpMetric, OtlpNumberDataPoint } from '../otlp/metrics-reader.js';
import { jsonSafeDouble, toBase64 } from '../otlp/proto-fields.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpResource, OtlpScope } from '../otlp/types.js';
import { spanIdHex, traceIdHex } from '../trace/ids.js';

const TWO_63 = 9223372036854775808;
const MAX_DEPTH = 32;

export function anyValueOf(v: unknown, depth = 0): OtlpAnyValue {
  switch (typeof v) {
    case 'string':
      return { stringValue: v };
    case 'number':
      return Number.isInteger(v) && v < TWO_63 && v >= -TWO_63 ? { intValue: String(v) } : { doubleValue: jsonSafeDouble(v) };
    case 'boolean':
      return { boolValue: v };
    case 'bigint':
      return { intValue: BigInt.asIntN(64, v).toString() };
    case 'object': {
      if (v === null || depth >= MAX_DEPTH) return {};
      if (v instanceof Uint8Array) return { bytesValue: toBase64(v) };
      if (Array.isArray(v)) return { arrayValue: { values: v.map((x) => anyValueOf(x, depth + 1)) } };
      return { kvlistValue: { values: keyValuesOf(v as Record<string, unknown>, depth + 1) } };
    }
    default:
      return {};
  }
}

export function keyValuesOf(attrs: Readonly<Record<string, unknown>> | undefined, depth = 0): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  if (attrs === undefined) return out;
  for (const key in attrs) {
    const v = attrs[key];
    if (v !== undefined) out.push({ key, value: anyValueOf(v, depth) });
  }
  return out;
}

const resources = new WeakMap<Resource, OtlpResource>();
const scopes = new WeakMap<InstrumentationScope, OtlpScope>();

export function resourceOf(r: Resource): OtlpResource {
  let out = resources.get(r);
  if (out === undefined) {
    out = { attributes: keyValuesOf(r.attributes) };
    if (r.droppedAttributesCount > 0) out.droppedAttributesCount = r.droppedAttributesCount;
    resources.set(r, out);
  }
  return out;
}

export function scopeOf(s: InstrumentationScope): OtlpScope {
  let out = scopes.get(s);
  if (out === undefined) {
    out = { name: s.name ?? '' };
    if (s.version) out.version = s.version;
    const attrs = keyValuesOf(s.attributes);
    if (attrs.length > 0) out.attributes = attrs;
    scopes.set(s, out);
  }
  return out;
}

function withAttributes<T extends { attributes?: OtlpKeyValue[] }>(out: T, attrs: Readonly<Record<string, unknown>> | undefined): T {
  if (attrs !== undefined) {
    const kv = keyValuesOf(attrs);
    if (kv.length > 0) out.attributes = kv;
  }
  return out;
}

export function logRecordOf(r: LogRecord): OtlpLogRecord {
  const out: OtlpLogRecord = {};
  if (r.timestamp !== undefined && Number.isFinite(r.timestamp)) out.timeUnixNano = epochNanosString(r.timestamp);
  out.observedTimeUnixNano = epochNanosString(r.observedTimestamp);
  if (r.severityNumber) out.severityNumber = r.severityNumber;
  if (r.severityText) out.severityText = r.severityText;
  if (r.body !== undefined && r.body !== null) out.body = anyValueOf(r.body);
  withAttributes(out, r.attributes);
  if (r.droppedAttributesCount > 0) out.droppedAttributesCount = r.droppedAttributesCount;
  if (r.traceFlags & 0xff) out.flags = r.traceFlags & 0xff;
  if (r.hasTrace) out.traceId = traceIdHex(r.t0, r.t1, r.t2, r.t3);
  if ((r.s0 | r.s1) !== 0) out.spanId = spanIdHex(r.s0, r.s1);
  if (r.eventName) out.eventName = r.eventName;
  return out;
}

function numberPoint(p: { attributes: Readonly<Record<string, unknown>>; startTime: number; time: number; value: number }, int: boolean): OtlpNumberDataPoint {
  const out = withAttributes<OtlpNumberDataPoint>({ startTimeUnixNano: epochNanosString(p.startTime), timeUnixNano: epochNanosString(p.time) }, p.attributes);
  if (int && Number.isInteger(p.value)) out.asInt = String(p.value);
  else out.asDouble = jsonSafeDouble(p.value);
  return out;
}

const finite = (v: number): number | string | undefined => (v === v ? jsonSafeDouble(v) : undefined);

export function metricOf(m: MetricData): OtlpMetric {
  const out: OtlpMetric = { name: m.name };
  if (m.description) out.description = m.description;
  if (m.unit) out.unit = m.unit;
  const int = m.valueType === 'int';
  switch (m.kind) {
    case MetricKind.SUM:
      out.sum = { dataPoints: m.points.map((p) => numberPoint(p, int)), aggregationTemporality: m.temporality, isMonotonic: m.isMonotonic };
      break;
    case MetricKind.GAUGE:
      out.gauge = { dataPoints: m.points.map((p) => numberPoint(p, int)) };
      break;
    case MetricKind.HISTOGRAM:
      out.histogram = {
        aggregationTemporality: m.temporality,
        dataPoints: m.points.map((p) => {
          const min = finite(p.min);
          const max = finite(p.max);
          return withAttributes<OtlpHistogramDataPoint>(
            {
              startTimeUnixNano: epochNanosString(p.startTime),
              timeUnixNano: epochNanosString(p.time),
              count: String(p.count),
              sum: jsonSafeDouble(p.sum),
              bucketCounts: p.bucketCounts.map(String),
              explicitBounds: [...p.boundaries],
              ...(min !== undefined ? { min } : {}),
              ...(max !== undefined ? { max } : {}),
            },
            p.attributes,
          );
        }),
      };
      break;
    case MetricKind.EXPONENTIAL_HISTOGRAM:
      out.exponentialHistogram = {
        aggregationTemporality: m.temporality,
        dataPoints: m.points.map((p) => {
          const min = finite(p.min);
          const max = finite(p.max);
          return withAttributes<OtlpExponentialHistogramDataPoint>(
            {
              startTimeUnixNano: epochNanosString(p.startTime),
              timeUnixNano: epochNanosString(p.time),
              count: String(p.count),
              sum: jsonSafeDouble(p.sum),
              scale: p.scale,
              zeroCount: String(p.zeroCount),
              zeroThreshold: p.zeroThreshold,
              positive: { offset: p.positiveOffset, bucketCounts: p.positiveCounts.map(String) },
              negative: { offset: p.negativeOffset, bucketCounts: p.negativeCounts.map(String) },
              ...(min !== undefined ? { min } : {}),
              ...(max !== undefined ? { max } : {}),
            },
            p.attributes,
          );
        }),
      };
      break;
  }
  return out;
}
