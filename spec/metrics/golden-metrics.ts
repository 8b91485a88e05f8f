/**
 * A fixed collection for the metrics golden vectors: every metric kind, int
 * and double values, both temporalities, every attribute type, negative and
 * positive exponential buckets, two scopes. Built straight in the data model
 * (no clock), and adapted to the official SDK's ResourceMetrics shape so the
 * same data goes through the official serializer.
 */
import { Resource } from '../../lib/common/resource.js';
import { epochParts } from '../../lib/common/time.js';
import type { MetricData, ResourceMetrics } from '../../lib/metrics/metric-data.js';
import { AggregationTemporality, MetricKind } from '../../lib/metrics/metric-data.js';

const T0 = 1000.5;
const T1 = 61000.123456;

export function goldenMetrics(): ResourceMetrics {
  const resource = new Resource(
    { 'service.name': 'golden-metrics', 'host.cpus': 2, 'deployment.canary': false, 'sample.ratio': 0.25 },
    'https://opentelemetry.io/schemas/1.26.0',
  );
  const a: MetricData[] = [
    {
      name: 'http.server.requests',
      description: 'Requests served',
      unit: '{request}',
      valueType: 'double',
      kind: MetricKind.SUM,
      temporality: AggregationTemporality.CUMULATIVE,
      isMonotonic: true,
      points: [
        { attributes: { 'http.method': 'GET', 'http.status_code': 200, ok: true, weight: 1.5, tags: ['a', 'ü'] }, startTime: T0, time: T1, value: 3.5 },
        { attributes: {}, startTime: T0, time: T1, value: 0 },
      ],
    },
    {
      name: 'queue.size',
      description: '',
      unit: '',
      valueType: 'int',
      kind: MetricKind.SUM,
      temporality: AggregationTemporality.DELTA,
      isMonotonic: false,
      points: [
        { attributes: { queue: 'q1' }, startTime: T0, time: T1, value: -42 },
        { attributes: { queue: 'q2' }, startTime: T0, time: T1, value: 2 ** 40 },
      ],
    },
    {
      name: 'room.temperature',
      description: 'Celsius, "quoted"\nnewline',
      unit: 'Cel',
      valueType: 'double',
      kind: MetricKind.GAUGE,
      temporality: AggregationTemporality.CUMULATIVE,
      isMonotonic: false,
      points: [{ attributes: { room: 'kitchen' }, startTime: T0, time: T1, value: 21.75 }],
    },
    {
      name: 'cpu.count',
      description: '',
      unit: '1',
      valueType: 'int',
      kind: MetricKind.GAUGE,
      temporality: AggregationTemporality.CUMULATIVE,
      isMonotonic: false,
      points: [{ attributes: {}, startTime: T0, time: T1, value: 8 }],
    },
  ];
  const b: MetricData[] = [
    {
      name: 'http.server.duration',
      description: 'Latency',
      unit: 'ms',
      valueType: 'double',
      kind: MetricKind.HISTOGRAM,
      temporality: AggregationTemporality.CUMULATIVE,
      isMonotonic: true,
      points: [
        { attributes: { route: '/a' }, startTime: T0, time: T1, count: 4, sum: 27.5, min: 0, max: 12.5, boundaries: [0, 5, 10], bucketCounts: [1, 0, 2, 1] },
        { attributes: { route: '/b' }, startTime: T0, time: T1, count: 0, sum: 0, min: NaN, max: NaN, boundaries: [0, 5, 10], bucketCounts: [0, 0, 0, 0] },
      ],
    },
    {
      name: 'payload.size',
      description: '',
      unit: 'By',
      valueType: 'double',
      kind: MetricKind.EXPONENTIAL_HISTOGRAM,
      temporality: AggregationTemporality.DELTA,
      isMonotonic: false,
      points: [
        {
          attributes: { kind: 'upload' },
          startTime: T0,
          time: T1,
          count: 7,
          sum: -60.5,
          min: -40,
          max: 2.5,
          scale: 3,
          zeroCount: 1,
          zeroThreshold: 0,
          positiveOffset: -2,
          positiveCounts: [1, 0, 3],
          negativeOffset: 5,
          negativeCounts: [2],
        },
        {
          attributes: {},
          startTime: T0,
          time: T1,
          count: 2,
          sum: 3000,
          min: 1000,
          max: 2000,
          scale: -2,
          zeroCount: 0,
          zeroThreshold: 0,
          positiveOffset: 0,
          positiveCounts: [2],
          negativeOffset: 0,
          negativeCounts: [],
        },
      ],
    },
  ];
  return {
    resource,
    scopeMetrics: [
      { scope: { name: 'golden-meter', version: '1.0.0', schemaUrl: 'https://opentelemetry.io/schemas/1.25.0', attributes: { 'scope.attr': 'x' } }, metrics: a },
      { scope: { name: 'second-meter' }, metrics: b },
    ],
  };
}

const parts = { ms: 0, ns: 0 };
function hr(t: number): [number, number] {
  epochParts(t, parts);
  const s = Math.floor(parts.ms / 1000);
  return [s, (parts.ms - s * 1000) * 1e6 + parts.ns];
}

const num = (v: number): number | undefined => (Number.isNaN(v) ? undefined : v);

/** Our collection in the official SDK's ResourceMetrics shape (call inside withGoldenTime). */
export function toOfficialResourceMetrics(rm: ResourceMetrics): unknown {
  return {
    resource: { attributes: rm.resource.attributes, schemaUrl: rm.resource.schemaUrl },
    scopeMetrics: rm.scopeMetrics.map((sm) => ({
      scope: sm.scope,
      metrics: sm.metrics.map((m) => ({
        descriptor: { name: m.name, description: m.description, unit: m.unit, valueType: m.valueType === 'int' ? 0 : 1 },
        // official: DELTA = 0, CUMULATIVE = 1; DataPointType: HISTOGRAM 0, EXPONENTIAL_HISTOGRAM 1, GAUGE 2, SUM 3
        aggregationTemporality: m.temporality === AggregationTemporality.DELTA ? 0 : 1,
        dataPointType: [3, 2, 0, 1][m.kind],
        isMonotonic: m.isMonotonic,
        dataPoints: m.points.map((p) => {
          const base = { attributes: p.attributes, startTime: hr(p.startTime), endTime: hr(p.time) };
          if ('value' in p) return { ...base, value: p.value };
          if ('boundaries' in p) {
            return {
              ...base,
              value: { buckets: { boundaries: p.boundaries, counts: p.bucketCounts }, count: p.count, sum: p.sum, min: num(p.min), max: num(p.max) },
            };
          }
          return {
            ...base,
            value: {
              count: p.count,
              sum: p.sum,
              min: num(p.min),
              max: num(p.max),
              scale: p.scale,
              zeroCount: p.zeroCount,
              positive: { offset: p.positiveOffset, bucketCounts: p.positiveCounts },
              negative: { offset: p.negativeOffset, bucketCounts: p.negativeCounts },
            },
          };
        }),
      })),
    })),
  };
}
