import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as official from '@opentelemetry/sdk-metrics';
import { ExponentialHistogramAccumulation, mapToIndex } from '../../lib/metrics/exponential-histogram.js';
import type { ExponentialHistogramDataPoint } from '../../lib/metrics/metric-data.js';
import { metric, setup } from './helpers.js';

describe('bucket index mapping', () => {
  // Bucket i at scale s holds (2^(i/2^s), 2^((i+1)/2^s)]: exact powers of two
  // are the inclusive upper bound of the bucket below them.
  const cases: [value: number, scale: number, index: number][] = [
    [1, 0, -1],
    [2, 0, 0],
    [3, 0, 1],
    [4, 0, 1],
    [4.0001, 0, 2],
    [1, 1, -1],
    [1.2, 1, 0],
    [1.5, 1, 1],
    [2, 1, 1],
    [8, -1, 1],
    [4, -1, 0],
    [9, -1, 1],
    [16, -1, 1],
    [17, -1, 2],
    [0.5, 0, -2],
    [0.75, 0, -1],
    [1, 20, -1],
    [2, 20, 1048575],
    [Number.MAX_VALUE, 20, 1073741823],
    [Number.MIN_VALUE, 0, -1023],
  ];
  for (const [v, s, i] of cases) {
    test(`${v} maps to index ${i} at scale ${s}`, () => {
      assert.equal(mapToIndex(v, s), i);
    });
  }
});

describe('recording and scaling down', () => {
  test('1, 2 and 4 at max size 160 end at scale 6 with buckets -1, 63, 127 (hand-computed)', () => {
    // At scale 20, 1 → -1 and 2 → 2^20-1: fitting both in 160 buckets needs scale 7
    // (2 → 127); then 4 → 255 needs one more halving: scale 6, indexes -1, 63, 127.
    const h = new ExponentialHistogramAccumulation(160, 20, true);
    h.record(1);
    assert.equal(h.scale, 20);
    h.record(2);
    assert.equal(h.scale, 7);
    h.record(4);
    const p = h.point({}, 0, 1);
    assert.equal(p.scale, 6);
    assert.equal(p.positiveOffset, -1);
    assert.equal(p.positiveCounts.length, 129);
    assert.deepEqual(
      p.positiveCounts.flatMap((c, i) => (c ? [[i + p.positiveOffset, c]] : [])),
      [
        [-1, 1],
        [63, 1],
        [127, 1],
      ],
    );
    assert.deepEqual([p.count, p.sum, p.min, p.max, p.zeroCount], [3, 7, 1, 4, 0]);
  });

  test('zeros go to the zero count and negatives to their own buckets at the shared scale', () => {
    const h = new ExponentialHistogramAccumulation(4, 20, true);
    for (const v of [0, 0, -1, -2, 3, 1000]) h.record(v);
    const p = h.point({}, 0, 1);
    assert.equal(p.zeroCount, 2);
    assert.equal(p.count, 6);
    assert.equal(p.min, -2);
    assert.equal(p.max, 1000);
    assert.ok(p.positiveCounts.length <= 4 && p.negativeCounts.length <= 4);
    assert.equal(p.positiveCounts.reduce((a, b) => a + b, 0), 2);
    assert.equal(p.negativeCounts.reduce((a, b) => a + b, 0), 2);
    // 3 and 1000 fit 4 buckets first at scale 0 (indexes 1 and 9 → 1>>2=0, 9>>2=2): scale -2.
    assert.equal(p.scale, -2);
  });

  test('merging two histograms at different scales lands at the lower scale and keeps every count', () => {
    const a = new ExponentialHistogramAccumulation(160, 20, true);
    const b = new ExponentialHistogramAccumulation(160, 20, true);
    for (const v of [1, 1.1, 1.2]) a.record(v);
    for (const v of [1, 100, 10000]) b.record(v);
    a.merge(b);
    assert.equal(a.count, 6);
    assert.ok(a.scale <= b.scale);
    const total = a.positive.counts.reduce((x, y) => x + y, 0);
    assert.equal(total, 6);
    const direct = new ExponentialHistogramAccumulation(160, 20, true);
    for (const v of [1, 1.1, 1.2, 1, 100, 10000]) direct.record(v);
    assert.equal(a.scale, direct.scale);
    assert.deepEqual([a.positive.offset, a.positive.counts], [direct.positive.offset, direct.positive.counts]);
  });
});

class OfficialReader extends official.MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

async function officialPoint(values: readonly number[], maxSize: number): Promise<{
  scale: number;
  zeroCount: number;
  positive: { offset: number; bucketCounts: number[] };
  negative: { offset: number; bucketCounts: number[] };
}> {
  const reader = new OfficialReader();
  const provider = new official.MeterProvider({
    readers: [reader],
    views: [{ instrumentName: 'h', aggregation: { type: official.AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize } } }],
  });
  const h = provider.getMeter('m').createHistogram('h');
  for (const v of values) h.record(v);
  const { resourceMetrics } = await reader.collect();
  const dp = resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints[0]!;
  await provider.shutdown();
  return dp.value as never;
}

/** Trims zero buckets at both ends so implementations that keep empty edges compare equal. */
function trimmed(offset: number, counts: readonly number[]): [number, number[]] {
  let lo = 0;
  let hi = counts.length;
  while (lo < hi && counts[lo] === 0) lo++;
  while (hi > lo && counts[hi - 1] === 0) hi--;
  return lo === hi ? [0, []] : [offset + lo, counts.slice(lo, hi)];
}

describe('agreement with the official SDK', () => {
  // Deterministic pseudo-random inputs (no Math.random: failures must reproduce).
  let seed = 42;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const inputs: [string, number[], number][] = [
    ['powers of two', [1, 2, 4, 8, 16, 1024], 160],
    ['latencies in ms', Array.from({ length: 200 }, () => Math.round(rand() * 5000) / 10), 160],
    ['tiny and huge', [1e-9, 3e-5, 1, 7e6, 1e12], 160],
    ['a narrow band at max size 20', Array.from({ length: 50 }, () => 100 + rand()), 20],
    ['with zeros', [0, 0, 5, 6, 7], 160],
  ];
  for (const [name, values, maxSize] of inputs) {
    test(`scale, zero count and buckets match for ${name}`, async () => {
      const { provider, collect } = setup({}, { views: [{ instrumentName: 'h', aggregation: { type: 'exponentialHistogram', maxSize } }] });
      const h = provider.getMeter('m').createHistogram('h');
      for (const v of values) h.record(v);
      const ours = metric(await collect(), 'h')!.points[0] as ExponentialHistogramDataPoint;
      const theirs = await officialPoint(values, maxSize);
      assert.equal(ours.scale, theirs.scale, 'scale');
      assert.equal(ours.zeroCount, theirs.zeroCount, 'zero count');
      assert.deepEqual(trimmed(ours.positiveOffset, ours.positiveCounts), trimmed(theirs.positive.offset, theirs.positive.bucketCounts), 'positive');
    });
  }
});
