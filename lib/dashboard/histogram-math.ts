/**
 * Percentiles from histogram buckets, and exponential histograms turned into
 * explicit bounds so the page draws both kinds alike.
 *
 * Explicit buckets: counts[i] covers (bounds[i-1], bounds[i]], the first
 * (-inf, bounds[0]], the last (bounds[n-1], +inf). A quantile is found by the
 * cumulative count and interpolated linearly inside its bucket; the open
 * ends are closed by the recorded min and max when known.
 */

export interface Buckets {
  readonly bounds: readonly number[];
  readonly counts: readonly number[];
}

export function quantileFromBuckets(b: Buckets, q: number, min: number | undefined, max: number | undefined): number | undefined {
  let total = 0;
  for (const c of b.counts) total += c;
  if (total <= 0) return undefined;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < b.counts.length; i++) {
    const c = b.counts[i]!;
    if (c <= 0) continue;
    if (seen + c >= rank) {
      let lo = i === 0 ? (min ?? b.bounds[0] ?? 0) : b.bounds[i - 1]!;
      let hi = i < b.bounds.length ? b.bounds[i]! : (max ?? b.bounds[b.bounds.length - 1] ?? lo);
      if (min !== undefined && lo < min) lo = min;
      if (max !== undefined && hi > max) hi = max;
      if (hi < lo) hi = lo;
      const within = (rank - seen) / c;
      return lo + (hi - lo) * within;
    }
    seen += c;
  }
  return max;
}

export interface ExponentialBuckets {
  readonly scale: number;
  readonly zeroCount: number;
  readonly zeroThreshold: number;
  readonly positiveOffset: number;
  readonly positiveCounts: readonly number[];
  readonly negativeOffset: number;
  readonly negativeCounts: readonly number[];
}

/**
 * Bucket i of scale s covers (base^i, base^(i+1)] with base = 2^(2^-s);
 * negative buckets mirror that. Laid out ascending: negative buckets from the
 * highest index down, the zero bucket, positive buckets; `bounds` are the
 * upper bounds of every bucket, and a final empty count closes the list.
 */
export function exponentialToExplicit(e: ExponentialBuckets): Buckets {
  const base = Math.pow(2, Math.pow(2, -e.scale));
  const bounds: number[] = [];
  const counts: number[] = [];
  for (let k = e.negativeCounts.length - 1; k >= 0; k--) {
    bounds.push(-Math.pow(base, e.negativeOffset + k));
    counts.push(e.negativeCounts[k]!);
  }
  // Empty buckets close the gaps between the zero bucket and the nearest populated ones.
  if (e.negativeCounts.length > 0 && e.zeroThreshold > 0 && -Math.pow(base, e.negativeOffset) < -e.zeroThreshold) {
    bounds.push(-e.zeroThreshold);
    counts.push(0);
  }
  if (e.zeroCount > 0 || e.negativeCounts.length > 0 || e.positiveCounts.length === 0) {
    bounds.push(e.zeroThreshold);
    counts.push(e.zeroCount);
  }
  if (e.positiveCounts.length > 0 && Math.pow(base, e.positiveOffset) > (bounds.length > 0 ? bounds[bounds.length - 1]! : -Infinity)) {
    bounds.push(Math.pow(base, e.positiveOffset));
    counts.push(0);
  }
  for (let k = 0; k < e.positiveCounts.length; k++) {
    bounds.push(Math.pow(base, e.positiveOffset + k + 1));
    counts.push(e.positiveCounts[k]!);
  }
  counts.push(0);
  return { bounds, counts };
}

/** p50/p95/p99 of a sorted array of numbers (nearest rank); undefined when empty. */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
