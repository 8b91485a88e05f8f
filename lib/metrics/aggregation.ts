/**
 * Aggregations: what a series keeps between collections. Each accumulation is
 * a small class with every field declared up front (one hidden class per kind,
 * so the record call sites stay monomorphic), and knows how to merge another
 * of its kind (used when several readers collect at different times) and how
 * to turn itself into a data point.
 */
import type { Attributes } from '../common/attributes.js';
import type { DataPoint, HistogramDataPoint, NumberDataPoint } from './metric-data.js';
import { MetricKind } from './metric-data.js';
import { ExponentialHistogramAccumulation } from './exponential-histogram.js';
import { HistogramStats } from './histogram-stats.js';

/** The state of one series. */
export interface Accumulation {
  /** True once something was recorded since the last reset. */
  dirty: boolean;
  record(value: number): void;
  /** Adds `from` (a later interval) into this one. */
  merge(from: this): void;
  reset(): void;
  point(attributes: Attributes, startTime: number, time: number): DataPoint;
}

/** Chooses the accumulation for a stream; created once per stream. */
export interface Aggregator {
  readonly kind: MetricKind;
  create(): Accumulation;
}

export class SumAccumulation implements Accumulation {
  dirty = false;
  value = 0;
  record(value: number): void {
    this.value += value;
    this.dirty = true;
  }
  merge(from: SumAccumulation): void {
    this.value += from.value;
    this.dirty ||= from.dirty;
  }
  reset(): void {
    this.value = 0;
    this.dirty = false;
  }
  point(attributes: Attributes, startTime: number, time: number): NumberDataPoint {
    return { attributes, startTime, time, value: this.value };
  }
}

export class LastValueAccumulation implements Accumulation {
  dirty = false;
  value = 0;
  record(value: number): void {
    this.value = value;
    this.dirty = true;
  }
  merge(from: LastValueAccumulation): void {
    if (!from.dirty) return;
    this.value = from.value;
    this.dirty = true;
  }
  reset(): void {
    this.dirty = false;
  }
  point(attributes: Attributes, startTime: number, time: number): NumberDataPoint {
    return { attributes, startTime, time, value: this.value };
  }
}

/** A plain-array copy (Array.from on a typed array is several times slower). */
function copyCounts(counts: Float64Array): number[] {
  const n = counts.length;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = counts[i]!;
  return out;
}

/** The OpenTelemetry default explicit bucket boundaries. */
export const DEFAULT_HISTOGRAM_BOUNDARIES: readonly number[] = Object.freeze([
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
]);

export class HistogramAccumulation extends HistogramStats implements Accumulation {
  readonly boundaries: readonly number[];
  readonly counts: Float64Array;

  constructor(boundaries: readonly number[], recordMinMax: boolean) {
    super(recordMinMax);
    this.boundaries = boundaries;
    this.counts = new Float64Array(boundaries.length + 1);
  }

  record(value: number): void {
    // Buckets are upper-inclusive: (b[i-1], b[i]]. A short linear scan beats a
    // binary search for the default 15 boundaries (most values land early).
    const b = this.boundaries;
    const n = b.length;
    let i = 0;
    while (i < n && value > b[i]!) i++;
    this.counts[i]!++;
    this.recordStats(value);
  }

  merge(from: HistogramAccumulation): void {
    const c = this.counts;
    const f = from.counts;
    for (let i = 0; i < c.length; i++) c[i]! += f[i]!;
    this.mergeStats(from);
  }

  reset(): void {
    this.counts.fill(0);
    this.resetStats();
  }

  point(attributes: Attributes, startTime: number, time: number): HistogramDataPoint {
    return {
      attributes,
      startTime,
      time,
      count: this.count,
      sum: this.sum,
      min: this.pointMin,
      max: this.pointMax,
      boundaries: this.boundaries,
      bucketCounts: copyCounts(this.counts),
    };
  }
}

export const SUM_AGGREGATOR: Aggregator = { kind: MetricKind.SUM, create: () => new SumAccumulation() };
export const LAST_VALUE_AGGREGATOR: Aggregator = { kind: MetricKind.GAUGE, create: () => new LastValueAccumulation() };

export function histogramAggregator(boundaries: readonly number[], recordMinMax: boolean): Aggregator {
  return { kind: MetricKind.HISTOGRAM, create: () => new HistogramAccumulation(boundaries, recordMinMax) };
}

export function exponentialHistogramAggregator(maxSize: number, maxScale: number, recordMinMax: boolean): Aggregator {
  return {
    kind: MetricKind.EXPONENTIAL_HISTOGRAM,
    create: () => new ExponentialHistogramAccumulation(maxSize, maxScale, recordMinMax),
  };
}

/**
 * Boundaries as the spec wants them: finite, strictly increasing. Invalid input
 * is reported and replaced by the defaults (never thrown: telemetry config
 * errors must not crash the application).
 */
export function validBoundaries(input: readonly number[] | undefined): readonly number[] | undefined {
  if (input === undefined) return undefined;
  if (!Array.isArray(input)) return undefined;
  for (let i = 0; i < input.length; i++) {
    const v = input[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || (i > 0 && v <= input[i - 1]!)) return undefined;
  }
  return Object.freeze(input.slice());
}
