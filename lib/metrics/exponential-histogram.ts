/**
 * The base-2 exponential histogram aggregation (OpenTelemetry metrics SDK
 * spec). Buckets have boundaries base^i with base = 2^(2^-scale); bucket i
 * holds (base^i, base^(i+1)]. Recording starts at `maxScale` and, whenever a
 * value would need more than `maxSize` buckets, lowers the scale by the
 * smallest change that makes the range fit (each step merges pairs of buckets).
 */
import type { Attributes } from '../common/attributes.js';
import { HistogramStats } from './histogram-stats.js';
import type { ExponentialHistogramDataPoint } from './metric-data.js';

export const DEFAULT_EXPONENTIAL_MAX_SIZE = 160;
export const DEFAULT_EXPONENTIAL_MAX_SCALE = 20;
export const MIN_SCALE = -10;

// IEEE-754 views of one double, so the exponent and the significand's zero-ness
// are read exactly (Math.log2 is off by an ulp at powers of two).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;
const LO = LITTLE ? 0 : 1;
const MIN_NORMAL = 2 ** -1022;

/** The bucket index of a positive finite `value` at `scale`. */
export function mapToIndex(value: number, scale: number): number {
  if (value < MIN_NORMAL) value = MIN_NORMAL; // subnormals share the lowest normal bucket
  f64[0] = value;
  const hi = u32[HI]!;
  const exp = ((hi >>> 20) & 0x7ff) - 1023;
  const exactPowerOfTwo = (hi & 0xfffff) === 0 && u32[LO] === 0;
  if (scale <= 0) {
    // Exact powers of two are the inclusive upper bound of the bucket below.
    return (exactPowerOfTwo ? exp - 1 : exp) >> -scale;
  }
  if (exactPowerOfTwo) return (exp << scale) - 1;
  const index = Math.floor(Math.log(value) * (Math.LOG2E * 2 ** scale));
  // Guard the top end, where rounding of log() could step past the last bucket.
  const maxIndex = ((1024 << scale) >>> 0) - 1;
  return index > maxIndex ? maxIndex : index;
}

/** A contiguous run of bucket counts starting at index `offset`. */
export class ExponentialBuckets {
  offset = 0;
  counts: number[] = [];

  get length(): number {
    return this.counts.length;
  }

  increment(index: number, n: number): void {
    const counts = this.counts;
    if (counts.length === 0) {
      this.offset = index;
      counts.push(n);
      return;
    }
    let at = index - this.offset;
    if (at < 0) {
      const grow = new Array<number>(-at).fill(0);
      this.counts = grow.concat(counts);
      this.offset = index;
      at = 0;
    } else {
      while (at >= counts.length) counts.push(0);
    }
    this.counts[at]! += n;
  }

  /** Merges buckets so that every index i becomes i >> change. */
  downscale(change: number): void {
    const counts = this.counts;
    if (change <= 0 || counts.length === 0) return;
    const newOffset = this.offset >> change;
    const out: number[] = [];
    for (let i = 0; i < counts.length; i++) {
      const j = ((this.offset + i) >> change) - newOffset;
      out[j] = (out[j] ?? 0) + counts[i]!;
    }
    this.counts = out;
    this.offset = newOffset;
  }

  clear(): void {
    this.counts = [];
    this.offset = 0;
  }
}

/** The smallest scale reduction that makes [lo, hi] span at most maxSize buckets. */
function changeNeeded(lo: number, hi: number, maxSize: number): number {
  let change = 0;
  while ((hi >> change) - (lo >> change) + 1 > maxSize) change++;
  return change;
}

export class ExponentialHistogramAccumulation extends HistogramStats {
  zeroCount = 0;
  scale: number;
  readonly positive = new ExponentialBuckets();
  readonly negative = new ExponentialBuckets();
  readonly maxSize: number;
  readonly maxScale: number;

  constructor(maxSize: number, maxScale: number, recordMinMax: boolean) {
    super(recordMinMax);
    this.maxSize = maxSize >= 2 ? Math.floor(maxSize) : 2;
    this.maxScale = Math.max(MIN_SCALE, Math.min(20, Math.floor(maxScale)));
    this.scale = this.maxScale;
  }

  record(value: number): void {
    this.recordStats(value);
    if (value === 0) {
      this.zeroCount++;
      return;
    }
    const buckets = value > 0 ? this.positive : this.negative;
    const abs = value > 0 ? value : -value;
    let index = mapToIndex(abs, this.scale);
    if (buckets.length > 0) {
      const lo = Math.min(buckets.offset, index);
      const hi = Math.max(buckets.offset + buckets.length - 1, index);
      if (hi - lo + 1 > this.maxSize) {
        const change = changeNeeded(lo, hi, this.maxSize);
        this.#downscale(change);
        index >>= change;
      }
    }
    buckets.increment(index, 1);
  }

  #downscale(change: number): void {
    if (change <= 0) return;
    this.positive.downscale(change);
    this.negative.downscale(change);
    this.scale -= change;
  }

  merge(from: ExponentialHistogramAccumulation): void {
    if (from.count === 0) return;
    let target = Math.min(this.scale, from.scale);
    // Lower the target until both sides' combined ranges fit.
    target -= Math.max(this.#fitChange(this.positive, from.positive, from.scale, target), this.#fitChange(this.negative, from.negative, from.scale, target));
    this.#downscale(this.scale - target);
    addBuckets(this.positive, from.positive, from.scale - target);
    addBuckets(this.negative, from.negative, from.scale - target);
    this.zeroCount += from.zeroCount;
    this.mergeStats(from);
  }

  #fitChange(mine: ExponentialBuckets, theirs: ExponentialBuckets, theirScale: number, target: number): number {
    let lo = Infinity;
    let hi = -Infinity;
    if (mine.length > 0) {
      const d = this.scale - target;
      lo = mine.offset >> d;
      hi = (mine.offset + mine.length - 1) >> d;
    }
    if (theirs.length > 0) {
      const d = theirScale - target;
      lo = Math.min(lo, theirs.offset >> d);
      hi = Math.max(hi, (theirs.offset + theirs.length - 1) >> d);
    }
    return lo === Infinity ? 0 : changeNeeded(lo, hi, this.maxSize);
  }

  reset(): void {
    this.resetStats();
    this.zeroCount = 0;
    this.scale = this.maxScale;
    this.positive.clear();
    this.negative.clear();
  }

  point(attributes: Attributes, startTime: number, time: number): ExponentialHistogramDataPoint {
    return {
      attributes,
      startTime,
      time,
      count: this.count,
      sum: this.sum,
      min: this.pointMin,
      max: this.pointMax,
      scale: this.scale,
      zeroCount: this.zeroCount,
      zeroThreshold: 0,
      positiveOffset: this.positive.offset,
      positiveCounts: this.positive.counts.slice(),
      negativeOffset: this.negative.offset,
      negativeCounts: this.negative.counts.slice(),
    };
  }
}

function addBuckets(into: ExponentialBuckets, from: ExponentialBuckets, shift: number): void {
  const counts = from.counts;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c !== 0) into.increment((from.offset + i) >> shift, c);
  }
}
