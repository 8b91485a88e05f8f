/**
 * Our protobuf bytes against `protoc`, the reference implementation, with the official .proto
 * files: `protoc --decode` must find no field the schema does not know, and `protoc --encode` of
 * what it decoded must give back exactly our bytes (canonical encoding: fields in field-number
 * order, proto3 defaults left out, packed repeated scalars). Traces, metrics (every point kind)
 * and logs, including edge cases (empty points, zero counts, the epoch as a time).
 * Skipped, saying why, only when protoc is not installed (.ci/run installs it).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Resource } from '../../lib/common/resource.js';
import { toRelative } from '../../lib/common/time.js';
import { LogRecord } from '../../lib/logs/log-record.js';
import { LoggerProvider } from '../../lib/logs/logger-provider.js';
import type { MetricData, ResourceMetrics } from '../../lib/metrics/metric-data.js';
import { AggregationTemporality, MetricKind } from '../../lib/metrics/metric-data.js';
import { encodeLogsProto } from '../../lib/otlp/logs-proto.js';
import { encodeMetricsProto } from '../../lib/otlp/metrics-proto.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { SpanKind } from '../../lib/trace/span.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { goldenLogRecords } from '../helpers/golden-logs.js';
import { goldenSpans, withGoldenTime } from '../helpers/golden-spans.js';
import { PROTOC_AVAILABLE, PROTO_DIR, protocDecode, protocEncode, unknownFieldLines } from '../helpers/protoc.js';
import type { ProtocSignal } from '../helpers/protoc.js';
import { goldenMetrics } from '../metrics/golden-metrics.js';

const skip = PROTOC_AVAILABLE ? false : 'protoc is not installed (apt-get install protobuf-compiler; .ci/run installs it)';

function assertCanonical(signal: ProtocSignal, ours: Uint8Array, mustContain: string[]): string {
  const text = protocDecode(signal, ours);
  assert.deepEqual(unknownFieldLines(text), [], 'protoc found fields the schema does not know');
  for (const s of mustContain) assert.ok(text.includes(s), `decoded text lacks ${s}`);
  const back = protocEncode(signal, text);
  if (!Buffer.from(ours).equals(back)) {
    let i = 0;
    while (i < back.length && back[i] === ours[i]) i++;
    assert.fail(`protoc --encode differs from our bytes at offset ${i} of ${ours.length} (ours ${ours[i]}, protoc ${back[i]})`);
  }
  return text;
}

const T0 = 1000.5;
const T1 = 61000.123456;

/** Point kinds and edge cases beyond the golden collection. */
function edgeMetrics(): ResourceMetrics {
  const metrics: MetricData[] = [
    {
      name: 'empty.delta.histogram',
      description: '',
      unit: '',
      valueType: 'double',
      kind: MetricKind.HISTOGRAM,
      temporality: AggregationTemporality.DELTA,
      isMonotonic: false,
      points: [
        { attributes: { a: 1 }, startTime: T0, time: T1, count: 0, sum: 0, min: NaN, max: NaN, boundaries: [], bucketCounts: [0] },
        { attributes: {}, startTime: T0, time: T1, count: 3, sum: -1.5, min: -2, max: 0.5, boundaries: [0], bucketCounts: [2, 2 ** 33] },
      ],
    },
    {
      name: 'empty.exponential',
      description: 'd',
      unit: 'By',
      valueType: 'double',
      kind: MetricKind.EXPONENTIAL_HISTOGRAM,
      temporality: AggregationTemporality.CUMULATIVE,
      isMonotonic: false,
      points: [
        { attributes: { b: 'x' }, startTime: T0, time: T1, count: 0, sum: 0, min: NaN, max: NaN, scale: 0, zeroCount: 0, zeroThreshold: 0, positiveOffset: 0, positiveCounts: [], negativeOffset: 0, negativeCounts: [] },
        { attributes: { b: 'y' }, startTime: T0, time: T1, count: 5, sum: 9, min: 0, max: 4, scale: -3, zeroCount: 1, zeroThreshold: 1e-9, positiveOffset: -2, positiveCounts: [1, 0, 3], negativeOffset: 0, negativeCounts: [] },
      ],
    },
    {
      name: 'zero.sum',
      description: '',
      unit: '',
      valueType: 'int',
      kind: MetricKind.SUM,
      temporality: AggregationTemporality.CUMULATIVE,
      isMonotonic: true,
      points: [{ attributes: { k: '' }, startTime: T0, time: T1, value: 0 }],
    },
    {
      name: 'neg.gauge',
      description: '',
      unit: '',
      valueType: 'double',
      kind: MetricKind.GAUGE,
      temporality: AggregationTemporality.CUMULATIVE,
      isMonotonic: false,
      points: [{ attributes: { list: [1, 2], strs: ['a', ''] }, startTime: T0, time: T1, value: -0.25 }],
    },
  ];
  return { resource: new Resource({}), scopeMetrics: [{ scope: { name: '' }, metrics }] } as unknown as ResourceMetrics;
}

describe('protobuf bytes are the canonical encoding (checked with protoc)', { skip }, () => {
  test('the .proto files are found beside the repository', () => {
    assert.ok(PROTO_DIR, 'opentelemetry-proto not found at ../shared/opentelemetry-proto (CI copies shared/ beside the clone)');
  });

  test('traces: the golden spans (every attribute type, events, links, statuses, tracestate)', () => {
    const bytes = withGoldenTime(() => encodeTracesProto(goldenSpans()));
    assertCanonical('traces', bytes, ['events {', 'links {', 'status {', 'trace_state:', 'dropped_attributes_count']);
  });

  test('traces: spans at their defaults (no attributes, UNSET status, no parent)', () => {
    const tracer = new TracerProvider({ resource: new Resource({}) }).getTracer('');
    const spans = [tracer.startSpan('a'), tracer.startSpan('b', { kind: SpanKind.CLIENT, attributes: { x: 0, y: false, z: '' } })];
    for (const s of spans) s.end();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    assertCanonical('traces', encodeTracesProto(spans as any), ['SPAN_KIND_CLIENT']);
  });

  test('metrics: the golden collection (sum, gauge, histogram, exponential histogram; int and double)', () => {
    const bytes = withGoldenTime(() => encodeMetricsProto(goldenMetrics()));
    assertCanonical('metrics', bytes, ['sum {', 'gauge {', 'histogram {', 'exponential_histogram {', 'as_int:', 'as_double:', 'explicit_bounds:', 'positive {', 'negative {']);
  });

  test('metrics: empty and zero points, big bucket counts, negative scale and offsets', () => {
    const bytes = withGoldenTime(() => encodeMetricsProto(edgeMetrics()));
    assertCanonical('metrics', bytes, ['zero_threshold:', 'scale: -3', 'offset: -2', 'as_int: 0']);
  });

  test('logs: the golden records (every AnyValue type, in and outside spans, event names)', () => {
    const bytes = withGoldenTime(() => encodeLogsProto(goldenLogRecords()));
    assertCanonical('logs', bytes, ['body {', 'bytes_value:', 'kvlist_value {', 'event_name:', 'trace_id:']);
  });

  test('logs: a record stamped at the epoch and one with nothing but times', () => {
    const logger = new LoggerProvider({ resource: new Resource({ 'service.name': 's' }) }).getLogger('l');
    const bytes = withGoldenTime(() => {
      const epoch = toRelative(new Date(0));
      return encodeLogsProto([
        new LogRecord(logger, epoch, 5000, 0, undefined, undefined, 0, 0, 0, 0, 0, 0, 0),
        new LogRecord(logger, 5000, 5000, 9, 'INFO', 'x', 0, 0, 0, 0, 0, 0, 0),
      ]);
    });
    assertCanonical('logs', bytes, ['observed_time_unix_nano:']);
  });
});
