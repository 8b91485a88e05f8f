/**
 * The metrics data model a collection produces. Encoders (OTLP protobuf/JSON,
 * Prometheus text, console) read these objects directly: no intermediate
 * message objects. Times are relative ms floats (see common/time.ts); the
 * encoders turn them into epoch nanoseconds.
 */
import type { Attributes } from '../common/attributes.js';
import { diag } from '../common/diag.js';
import type { InstrumentationScope, Resource } from '../common/resource.js';
import { describeValue } from '../common/exception.js';

/** OTLP's AggregationTemporality numbers, so encoders write them as they are. */
export const AggregationTemporality = {
  DELTA: 1,
  CUMULATIVE: 2,
} as const;
export type AggregationTemporality = (typeof AggregationTemporality)[keyof typeof AggregationTemporality];

/** What a metric's points hold. */
export const MetricKind = {
  SUM: 0,
  GAUGE: 1,
  HISTOGRAM: 2,
  EXPONENTIAL_HISTOGRAM: 3,
} as const;
export type MetricKind = (typeof MetricKind)[keyof typeof MetricKind];

/** The seven instrument kinds of the OpenTelemetry API. */
export const InstrumentType = {
  COUNTER: 'counter',
  UP_DOWN_COUNTER: 'updowncounter',
  GAUGE: 'gauge',
  HISTOGRAM: 'histogram',
  OBSERVABLE_COUNTER: 'observablecounter',
  OBSERVABLE_UP_DOWN_COUNTER: 'observableupdowncounter',
  OBSERVABLE_GAUGE: 'observablegauge',
} as const;
export type InstrumentType = (typeof InstrumentType)[keyof typeof InstrumentType];

/** int values are written as OTLP `as_int` (sfixed64), double as `as_double`. */
export type ValueType = 'int' | 'double';

/** What every point kind carries. */
export interface PointBase {
  readonly attributes: Attributes;
  readonly startTime: number;
  readonly time: number;
}

/** A Sum or Gauge point. */
export interface NumberDataPoint extends PointBase {
  readonly value: number;
}

/** What both histogram kinds summarize their measurements by. */
export interface HistogramSummary extends PointBase {
  readonly count: number;
  readonly sum: number;
  /** NaN when not recorded (no measurement, or recordMinMax off). */
  readonly min: number;
  readonly max: number;
}

/** An explicit-bucket histogram point; `bucketCounts.length === boundaries.length + 1`. */
export interface HistogramDataPoint extends HistogramSummary {
  readonly boundaries: readonly number[];
  readonly bucketCounts: readonly number[];
}

/** A base-2 exponential histogram point. */
export interface ExponentialHistogramDataPoint extends HistogramSummary {
  readonly scale: number;
  readonly zeroCount: number;
  readonly zeroThreshold: number;
  readonly positiveOffset: number;
  readonly positiveCounts: readonly number[];
  readonly negativeOffset: number;
  readonly negativeCounts: readonly number[];
}

export type DataPoint = NumberDataPoint | HistogramDataPoint | ExponentialHistogramDataPoint;

/** One metric of kind `K` whose points are `P`. */
interface MetricDataOf<K extends MetricKind, P> {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly valueType: ValueType;
  readonly kind: K;
  readonly temporality: AggregationTemporality;
  readonly isMonotonic: boolean;
  readonly points: P[];
}

export type SumMetricData = MetricDataOf<typeof MetricKind.SUM, NumberDataPoint>;
export interface GaugeMetricData extends MetricDataOf<typeof MetricKind.GAUGE, NumberDataPoint> {
  readonly isMonotonic: false;
}
export type HistogramMetricData = MetricDataOf<typeof MetricKind.HISTOGRAM, HistogramDataPoint>;
export type ExponentialHistogramMetricData = MetricDataOf<typeof MetricKind.EXPONENTIAL_HISTOGRAM, ExponentialHistogramDataPoint>;
export type MetricData = SumMetricData | GaugeMetricData | HistogramMetricData | ExponentialHistogramMetricData;

export interface ScopeMetrics {
  readonly scope: InstrumentationScope;
  readonly metrics: MetricData[];
}

/** One collection: everything a provider holds for one reader. */
export interface ResourceMetrics {
  readonly resource: Resource;
  readonly scopeMetrics: ScopeMetrics[];
}

/** Chooses the temporality a reader wants for an instrument kind. */
export type TemporalitySelector = (type: InstrumentType) => AggregationTemporality;

export const CUMULATIVE_SELECTOR: TemporalitySelector = () => AggregationTemporality.CUMULATIVE;

/** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta. */
export const DELTA_SELECTOR: TemporalitySelector = (type) =>
  type === InstrumentType.UP_DOWN_COUNTER || type === InstrumentType.OBSERVABLE_UP_DOWN_COUNTER
    ? AggregationTemporality.CUMULATIVE
    : AggregationTemporality.DELTA;

/** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=lowmemory: delta only where it saves state. */
export const LOW_MEMORY_SELECTOR: TemporalitySelector = (type) =>
  type === InstrumentType.COUNTER || type === InstrumentType.HISTOGRAM ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;

/** The selector for a temporality preference name; unknown names fall back to cumulative. */
export function temporalitySelector(preference: string | undefined): TemporalitySelector {
  if (preference !== undefined && typeof preference !== 'string') {
    diag.warn(`temporality preference ${describeValue(preference)} ignored; cumulative is used`);
    return CUMULATIVE_SELECTOR;
  }
  const name = (preference ?? '').trim().toLowerCase();
  switch (name) {
    case 'delta':
      return DELTA_SELECTOR;
    case 'lowmemory':
      return LOW_MEMORY_SELECTOR;
    default:
      if (name !== '' && name !== 'cumulative') diag.warnOnce(`temporality:${name}`, `unknown temporality preference "${name}"; cumulative is used`);
      return CUMULATIVE_SELECTOR;
  }
}
