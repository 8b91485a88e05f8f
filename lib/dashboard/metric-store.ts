/**
 * Metric series over a sliding window. A series is one (service, metric,
 * attribute set); its points are kept in time order, at most
 * `maxPointsPerSeries` and none older than the window.
 *
 * Each kind is turned into what a chart needs:
 *  - sums: the value as sent, plus `rate` per second for monotonic sums —
 *    from consecutive cumulative points (a reset starts over), or a delta
 *    point's value over its own interval;
 *  - gauges: the value;
 *  - histograms (explicit and exponential): count, sum, min, max, bounds and
 *    counts, p50/p95/p99 interpolated from the buckets.
 */
import type {
  OtlpExponentialHistogramDataPoint,
  OtlpHistogramDataPoint,
  OtlpMetric,
  OtlpNumberDataPoint,
} from '../otlp/metrics-reader.js';
import type { OtlpKeyValue } from '../otlp/types.js';
import { exponentialToExplicit, quantileFromBuckets } from './histogram-math.js';
import type { Buckets } from './histogram-math.js';
import { attributesObject } from './otlp-values.js';
import { nanosToMs } from './trace-store.js';

export type MetricKindName = 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram';

export interface NumberPoint {
  t: number;
  value: number;
  rate?: number;
}

export interface HistogramPoint {
  t: number;
  count: number;
  sum: number;
  min?: number;
  max?: number;
  bounds: number[];
  counts: number[];
  p50?: number;
  p95?: number;
  p99?: number;
}

export type Point = NumberPoint | HistogramPoint;

export interface Series {
  readonly key: string;
  readonly attributes: Record<string, unknown>;
  readonly service: string;
  readonly points: Point[];
  /** The previous cumulative sum point, for rates: value, time and start. */
  last: { value: number; t: number; start: number } | undefined;
  bytes: number;
}

export class MetricEntry {
  readonly name: string;
  description: string;
  unit: string;
  kind: MetricKindName;
  monotonic: boolean | undefined;
  temporality: 'delta' | 'cumulative' | undefined;
  readonly series = new Map<string, Series>();

  constructor(name: string, kind: MetricKindName) {
    this.name = name;
    this.description = '';
    this.unit = '';
    this.kind = kind;
    this.monotonic = undefined;
    this.temporality = undefined;
  }
}

const NUMBER_POINT_BYTES = 72;
const HISTOGRAM_POINT_BYTES = 160;

export interface MetricStoreCounters {
  evictedPoints: number;
  droppedPoints: number;
  evictedSeries: number;
}

export class MetricStore {
  readonly metrics = new Map<string, MetricEntry>();
  seriesCount = 0;
  bytes = 0;
  readonly counters: MetricStoreCounters = { evictedPoints: 0, droppedPoints: 0, evictedSeries: 0 };
  readonly #maxSeries: number;
  readonly #maxPoints: number;
  readonly #maxBytes: number;
  readonly #windowMs: number;
  /** Series in the order they were created, for oldest-first eviction. */
  readonly #order = new Map<string, { metric: MetricEntry; series: Series }>();

  constructor(maxSeries: number, maxPoints: number, maxBytes: number, windowMs: number) {
    this.#maxSeries = maxSeries;
    this.#maxPoints = maxPoints;
    this.#maxBytes = maxBytes;
    this.#windowMs = windowMs;
  }

  /** Adds a metric's points; returns true when anything was stored. */
  add(metric: OtlpMetric, service: string): boolean {
    const kind: MetricKindName | undefined = metric.sum
      ? 'sum'
      : metric.gauge
        ? 'gauge'
        : metric.histogram
          ? 'histogram'
          : metric.exponentialHistogram
            ? 'exponentialHistogram'
            : undefined;
    if (kind === undefined || metric.name === '') {
      this.counters.droppedPoints++;
      return false;
    }
    let entry = this.metrics.get(metric.name);
    if (entry === undefined) {
      entry = new MetricEntry(metric.name, kind);
      this.metrics.set(metric.name, entry);
    }
    entry.kind = kind;
    entry.description = metric.description ?? entry.description;
    entry.unit = metric.unit ?? entry.unit;
    const data = metric.sum ?? metric.gauge ?? metric.histogram ?? metric.exponentialHistogram!;
    const temporality = 'aggregationTemporality' in data ? data.aggregationTemporality : undefined;
    entry.temporality = temporality === 1 ? 'delta' : temporality === 2 ? 'cumulative' : undefined;
    entry.monotonic = metric.sum ? metric.sum.isMonotonic === true : undefined;
    let stored = false;
    for (const p of data.dataPoints) {
      const series = this.#series(entry, service, p.attributes);
      let point: Point | undefined;
      if (kind === 'sum') point = this.#sumPoint(entry, series, p as OtlpNumberDataPoint);
      else if (kind === 'gauge') point = { t: nanosToMs((p as OtlpNumberDataPoint).timeUnixNano), value: numberValue(p as OtlpNumberDataPoint) };
      else if (kind === 'histogram') point = histogramPoint(p as OtlpHistogramDataPoint);
      else point = exponentialPoint(p as OtlpExponentialHistogramDataPoint);
      if (point === undefined) continue;
      this.#append(series, point);
      stored = true;
    }
    this.#bound();
    return stored;
  }

  /** Drops points that left the window (called by the store's clock). */
  expire(nowMs: number): void {
    const oldest = nowMs - this.#windowMs;
    for (const { series } of this.#order.values()) {
      let n = 0;
      while (n < series.points.length && series.points[n]!.t < oldest) n++;
      if (n > 0) this.#dropFront(series, n);
    }
  }

  #series(entry: MetricEntry, service: string, attrs: OtlpKeyValue[] | undefined): Series {
    const attributes = attributesObject(attrs);
    const key = `${entry.name}\u0000${service}\u0000${JSON.stringify(attributes)}`;
    let series = entry.series.get(key);
    if (series === undefined) {
      series = { key, attributes, service, points: [], last: undefined, bytes: 200 + key.length * 2 };
      entry.series.set(key, series);
      this.#order.set(key, { metric: entry, series });
      this.seriesCount++;
      this.bytes += series.bytes;
    }
    return series;
  }

  #sumPoint(entry: MetricEntry, series: Series, p: OtlpNumberDataPoint): NumberPoint {
    const t = nanosToMs(p.timeUnixNano);
    const start = nanosToMs(p.startTimeUnixNano);
    const value = numberValue(p);
    const point: NumberPoint = { t, value };
    if (!entry.monotonic) return point;
    if (entry.temporality === 'delta') {
      const previous = series.points.length > 0 ? series.points[series.points.length - 1]!.t : undefined;
      const from = start > 0 ? start : previous;
      if (from !== undefined && t > from) point.rate = (value * 1000) / (t - from);
    } else {
      const last = series.last;
      // A new start time or a smaller value is a reset: the rate starts over.
      if (last !== undefined && last.start === start && value >= last.value && t > last.t) point.rate = ((value - last.value) * 1000) / (t - last.t);
      series.last = { value, t, start };
    }
    return point;
  }

  #append(series: Series, point: Point): void {
    const pts = series.points;
    // Usually in order; a late point is placed where it belongs.
    let i = pts.length;
    while (i > 0 && pts[i - 1]!.t > point.t) i--;
    if (i === pts.length) pts.push(point);
    else pts.splice(i, 0, point);
    const size = pointBytes(point);
    series.bytes += size;
    this.bytes += size;
    if (pts.length > this.#maxPoints) this.#dropFront(series, pts.length - this.#maxPoints);
  }

  #dropFront(series: Series, n: number): void {
    const gone = series.points.splice(0, n);
    let size = 0;
    for (const p of gone) size += pointBytes(p);
    series.bytes -= size;
    this.bytes -= size;
    this.counters.evictedPoints += n;
  }

  #bound(): void {
    while (this.seriesCount > this.#maxSeries || this.bytes > this.#maxBytes) {
      const first = this.#order.values().next().value as { metric: MetricEntry; series: Series } | undefined;
      if (first === undefined) return;
      const { metric, series } = first;
      this.#order.delete(series.key);
      metric.series.delete(series.key);
      if (metric.series.size === 0) this.metrics.delete(metric.name);
      this.seriesCount--;
      this.bytes -= series.bytes;
      this.counters.evictedSeries++;
      this.counters.evictedPoints += series.points.length;
    }
  }
}

function pointBytes(p: Point): number {
  return 'counts' in p ? HISTOGRAM_POINT_BYTES + p.counts.length * 16 : NUMBER_POINT_BYTES;
}

function num(v: number | string | undefined): number {
  if (v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}

function numberValue(p: OtlpNumberDataPoint): number {
  return p.asInt !== undefined ? Number(p.asInt) : num(p.asDouble);
}

function withQuantiles(t: number, count: number, sum: number, min: number | undefined, max: number | undefined, b: Buckets): HistogramPoint {
  const point: HistogramPoint = { t, count, sum, bounds: b.bounds as number[], counts: b.counts as number[] };
  if (min !== undefined) point.min = min;
  if (max !== undefined) point.max = max;
  const p50 = quantileFromBuckets(b, 0.5, min, max);
  if (p50 !== undefined) {
    point.p50 = p50;
    point.p95 = quantileFromBuckets(b, 0.95, min, max)!;
    point.p99 = quantileFromBuckets(b, 0.99, min, max)!;
  }
  return point;
}

function histogramPoint(p: OtlpHistogramDataPoint): HistogramPoint {
  const bounds = (p.explicitBounds ?? []).map(num);
  const counts = (p.bucketCounts ?? []).map(Number);
  while (counts.length < bounds.length + 1) counts.push(0);
  return withQuantiles(
    nanosToMs(p.timeUnixNano),
    Number(p.count ?? '0'),
    num(p.sum),
    p.min !== undefined ? num(p.min) : undefined,
    p.max !== undefined ? num(p.max) : undefined,
    { bounds, counts },
  );
}

function exponentialPoint(p: OtlpExponentialHistogramDataPoint): HistogramPoint {
  const b = exponentialToExplicit({
    scale: p.scale ?? 0,
    zeroCount: Number(p.zeroCount ?? '0'),
    zeroThreshold: num(p.zeroThreshold),
    positiveOffset: p.positive?.offset ?? 0,
    positiveCounts: (p.positive?.bucketCounts ?? []).map(Number),
    negativeOffset: p.negative?.offset ?? 0,
    negativeCounts: (p.negative?.bucketCounts ?? []).map(Number),
  });
  return withQuantiles(
    nanosToMs(p.timeUnixNano),
    Number(p.count ?? '0'),
    num(p.sum),
    p.min !== undefined ? num(p.min) : undefined,
    p.max !== undefined ? num(p.max) : undefined,
    b,
  );
}
