import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AggregationTemporality, MetricKind } from '../../lib/metrics/metric-data.js';
import type { HistogramDataPoint, NumberDataPoint } from '../../lib/metrics/metric-data.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import { MetricReader } from '../../lib/metrics/metric-reader.js';
import { metric, pointsOf, setup, valueOf } from './helpers.js';
import { warningsPerTest } from '../helpers/diag.js';

// Diagnostics are expected here (throwing callbacks, bad boundaries): keep them out of the test output.
const messages = warningsPerTest();

describe('sum aggregation', () => {
  const cases = [
    {
      temporality: 'cumulative' as const,
      rounds: [[1, 2], [3], [], [4]],
      expected: [3, 6, 6, 10],
    },
    {
      temporality: 'delta' as const,
      rounds: [[1, 2], [3], [], [4]],
      expected: [3, 3, undefined, 4],
    },
  ];
  for (const c of cases) {
    test(`a counter reports ${c.expected.join(', ')} over four ${c.temporality} collections`, async () => {
      const { provider, collect } = setup({ temporality: c.temporality });
      const counter = provider.getMeter('m').createCounter('requests');
      const attrs = { route: '/a' };
      for (let i = 0; i < c.rounds.length; i++) {
        for (const v of c.rounds[i]!) counter.add(v, attrs);
        const rm = await collect();
        assert.equal(valueOf(rm, 'requests', attrs), c.expected[i], `collection ${i}`);
        const m = metric(rm, 'requests');
        if (m !== undefined) {
          assert.equal(m.kind, MetricKind.SUM);
          assert.equal(m.isMonotonic, true);
          assert.equal(m.temporality, c.temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE);
        }
      }
    });
  }

  test('cumulative points keep the series start time; delta points start where the previous collection ended', async () => {
    for (const temporality of ['cumulative', 'delta'] as const) {
      const { provider, collect } = setup({ temporality });
      const c = provider.getMeter('m').createCounter('c');
      c.add(1);
      const first = (await collect()).scopeMetrics[0]!.metrics[0]!.points[0]!;
      c.add(1);
      const second = (await collect()).scopeMetrics[0]!.metrics[0]!.points[0]!;
      assert.ok(first.startTime <= first.time);
      assert.ok(second.time > first.time);
      if (temporality === 'cumulative') assert.equal(second.startTime, first.startTime);
      else assert.equal(second.startTime, first.time);
    }
  });

  test('an up-down counter is a non-monotonic sum and stays cumulative under the delta preference', async () => {
    const { provider, collect } = setup({ temporality: 'delta' });
    const udc = provider.getMeter('m').createUpDownCounter('queue');
    udc.add(5);
    udc.add(-2);
    let rm = await collect();
    const m = metric(rm, 'queue')!;
    assert.equal(m.isMonotonic, false);
    assert.equal(m.temporality, AggregationTemporality.CUMULATIVE);
    assert.equal(valueOf(rm, 'queue'), 3);
    udc.add(-4);
    rm = await collect();
    assert.equal(valueOf(rm, 'queue'), -1);
  });

  test('attribute sets are keyed independently of key order', async () => {
    const { provider, collect } = setup();
    const c = provider.getMeter('m').createCounter('c');
    c.add(1, { a: 1, b: 'x' });
    c.add(2, { b: 'x', a: 1 });
    c.add(4, { a: '1', b: 'x' }); // a string "1" is a different value than the number 1
    const pts = pointsOf(await collect(), 'c');
    assert.equal(pts.size, 2);
    assert.equal(valueOf(await collect(), 'c', { a: 1, b: 'x' }), 3);
    assert.equal(valueOf(await collect(), 'c', { a: '1', b: 'x' }), 4);
  });
});

describe('last value aggregation', () => {
  test('a gauge reports the last value per attribute set; cumulative repeats it, delta reports only updated series', async () => {
    const cum = setup();
    const del = setup({ temporality: 'delta' });
    for (const { provider, collect } of [cum, del]) {
      const g = provider.getMeter('m').createGauge('temp');
      g.set(10, { room: 'a' });
      g.set(12, { room: 'a' });
      g.set(7, { room: 'b' });
      let rm = await collect();
      assert.equal(valueOf(rm, 'temp', { room: 'a' }), 12);
      assert.equal(valueOf(rm, 'temp', { room: 'b' }), 7);
      assert.equal(metric(rm, 'temp')!.kind, MetricKind.GAUGE);
      g.record(3, { room: 'b' });
      rm = await collect();
      assert.equal(valueOf(rm, 'temp', { room: 'b' }), 3);
      assert.equal(valueOf(rm, 'temp', { room: 'a' }), provider === cum.provider ? 12 : undefined);
    }
  });
});

describe('explicit bucket histogram', () => {
  test('default boundaries, upper-inclusive buckets, min, max, sum and count', async () => {
    const { provider, collect } = setup();
    const h = provider.getMeter('m').createHistogram('latency', { unit: 'ms' });
    for (const v of [0, 5, 5.5, 10, 99, 100, 10000, 10001]) h.record(v);
    const p = metric(await collect(), 'latency')!.points[0] as HistogramDataPoint;
    assert.deepEqual(p.boundaries, [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000]);
    //                 ≤0 ≤5 ≤10 ≤25 ≤50 ≤75 ≤100 … ≤10000 >10000
    assert.deepEqual(p.bucketCounts, [1, 1, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    assert.equal(p.count, 8);
    assert.equal(p.sum, 0 + 5 + 5.5 + 10 + 99 + 100 + 10000 + 10001);
    assert.equal(p.min, 0);
    assert.equal(p.max, 10001);
  });

  test('custom boundaries per instrument (option and advice), invalid ones fall back to the defaults', async () => {
    const { provider, collect } = setup();
    const m = provider.getMeter('m');
    m.createHistogram('a', { boundaries: [1, 2] }).record(1.5);
    m.createHistogram('b', { advice: { explicitBucketBoundaries: [10] } }).record(11);
    m.createHistogram('c', { boundaries: [2, 1] }).record(1);
    const rm = await collect();
    const a = metric(rm, 'a')!.points[0] as HistogramDataPoint;
    const b = metric(rm, 'b')!.points[0] as HistogramDataPoint;
    const c = metric(rm, 'c')!.points[0] as HistogramDataPoint;
    assert.deepEqual([a.boundaries, a.bucketCounts], [[1, 2], [0, 1, 0]]);
    assert.deepEqual([b.boundaries, b.bucketCounts], [[10], [0, 1]]);
    assert.equal(c.boundaries.length, 15);
  });

  test('delta histograms restart every interval; cumulative ones accumulate', async () => {
    const cum = setup();
    const del = setup({ temporality: 'delta' });
    const expected = {
      cum: [
        { count: 2, sum: 30, min: 10, max: 20 },
        { count: 3, sum: 31, min: 1, max: 20 },
      ],
      del: [
        { count: 2, sum: 30, min: 10, max: 20 },
        { count: 1, sum: 1, min: 1, max: 1 },
      ],
    };
    for (const [name, s] of [
      ['cum', cum],
      ['del', del],
    ] as const) {
      const h = s.provider.getMeter('m').createHistogram('h', { boundaries: [5] });
      h.record(10);
      h.record(20);
      const p1 = metric(await s.collect(), 'h')!.points[0] as HistogramDataPoint;
      h.record(1);
      const p2 = metric(await s.collect(), 'h')!.points[0] as HistogramDataPoint;
      const pick = (p: HistogramDataPoint): object => ({ count: p.count, sum: p.sum, min: p.min, max: p.max });
      assert.deepEqual([pick(p1), pick(p2)], expected[name], name);
      assert.deepEqual(p2.bucketCounts, name === 'cum' ? [1, 2] : [1, 0]);
    }
  });
});

describe('several readers', () => {
  test('a delta reader and a cumulative reader collecting at different times each see their own view', async () => {
    const delta = new MetricReader({ temporality: 'delta' });
    const cumulative = new MetricReader();
    const provider = new MeterProvider({ readers: [delta, cumulative] });
    const c = provider.getMeter('m').createCounter('c');
    const h = provider.getMeter('m').createHistogram('h', { boundaries: [10] });
    c.add(1);
    h.record(5);
    const d1 = (await delta.collect())!;
    c.add(2);
    h.record(50);
    const c1 = (await cumulative.collect())!;
    const d2 = (await delta.collect())!;
    c.add(4);
    const c2 = (await cumulative.collect())!;
    const d3 = (await delta.collect())!;
    assert.deepEqual([valueOf(d1, 'c'), valueOf(d2, 'c'), valueOf(d3, 'c')], [1, 2, 4]);
    assert.deepEqual([valueOf(c1, 'c'), valueOf(c2, 'c')], [3, 7]);
    assert.deepEqual((metric(c2, 'h')!.points[0] as HistogramDataPoint).bucketCounts, [1, 1]);
    assert.equal(metric(d3, 'h'), undefined);
  });
});

describe('asynchronous instruments', () => {
  test('observable counters report absolute values; delta readers get the differences', async () => {
    for (const temporality of ['cumulative', 'delta'] as const) {
      const { provider, collect } = setup({ temporality });
      let total = 0;
      provider.getMeter('m').createObservableCounter('cpu', {
        callback: (r) => {
          r.observe(total, { cpu: 0 });
        },
      });
      const seen: (number | undefined)[] = [];
      for (const t of [5, 12, 12, 20]) {
        total = t;
        seen.push(valueOf(await collect(), 'cpu', { cpu: 0 }));
      }
      assert.deepEqual(seen, temporality === 'cumulative' ? [5, 12, 12, 20] : [5, 7, 0, 8], temporality);
    }
  });

  test('observable gauges and up-down counters report what was observed this collection only', async () => {
    const { provider, collect } = setup({ temporality: 'delta' });
    const m = provider.getMeter('m');
    let rooms: Record<string, number> = { a: 1, b: 2 };
    const gauge = m.createObservableGauge('temp');
    gauge.addCallback((r) => {
      for (const [room, v] of Object.entries(rooms)) r.observe(v, { room });
    });
    const udc = m.createObservableUpDownCounter('conns');
    const cb = async (r: { observe(v: number): void }): Promise<void> => {
      await new Promise((resolve) => setImmediate(resolve));
      r.observe(-3);
    };
    udc.addCallback(cb);
    let rm = await collect();
    assert.equal(pointsOf(rm, 'temp').size, 2);
    assert.equal(valueOf(rm, 'conns'), -3);
    assert.equal(metric(rm, 'conns')!.temporality, AggregationTemporality.CUMULATIVE);
    rooms = { b: 5 };
    udc.removeCallback(cb);
    rm = await collect();
    assert.deepEqual([...pointsOf(rm, 'temp').values()].map((p) => (p as NumberDataPoint).value), [5]);
    assert.equal(metric(rm, 'conns'), undefined);
  });

  test('a throwing or rejecting callback is reported and the others still report', async () => {
    const { provider, collect } = setup();
    const m = provider.getMeter('m');
    const g = m.createObservableGauge('g');
    g.addCallback(() => {
      throw new Error('boom');
    });
    g.addCallback(() => Promise.reject(new Error('later boom')));
    g.addCallback((r) => r.observe(1));
    assert.equal(valueOf(await collect(), 'g'), 1);
    assert.ok(messages.some((m) => m.includes('callback failed: boom')));
    assert.ok(messages.some((m) => m.includes('callback failed: later boom')));
  });

  test('a callback that never settles is cut off by the collection timeout', async () => {
    const { provider, reader } = setup();
    const g = provider.getMeter('m').createObservableGauge('g');
    g.addCallback((r) => {
      r.observe(2);
      return new Promise<void>(() => {});
    });
    // The library's timeout timer is unref'd; keep the loop alive for the test.
    const keepAlive = setTimeout(() => {}, 1000);
    const rm = await reader.collect({ timeoutMillis: 20 });
    clearTimeout(keepAlive);
    assert.equal(valueOf(rm!, 'g'), 2);
  });
});

describe('batch observable callbacks', () => {
  test('one callback observes several instruments; unregistered instruments are ignored; removal stops it', async () => {
    const { provider, collect } = setup();
    const m = provider.getMeter('m');
    const used = m.createObservableGauge('heap.used');
    const total = m.createObservableUpDownCounter('heap.total');
    const other = m.createObservableGauge('other');
    const cb = (r: { observe(i: typeof used, v: number, a?: Record<string, string>): void }): void => {
      r.observe(used, 10, { space: 'old' });
      r.observe(total, 30);
      r.observe(other, 1);
    };
    m.addBatchObservableCallback(cb, [used, total]);
    m.addBatchObservableCallback(cb, [used, total]); // the same callback again: ignored
    m.addBatchObservableCallback(() => {
      throw new Error('batch boom');
    }, [used]);
    m.addBatchObservableCallback(() => Promise.reject(new Error('async batch boom')), [used]);
    let rm = await collect();
    assert.equal(valueOf(rm, 'heap.used', { space: 'old' }), 10);
    assert.equal(valueOf(rm, 'heap.total'), 30);
    assert.equal(metric(rm, 'other'), undefined);
    assert.ok(messages.some((x) => x.includes('"other", which it was not registered for')));
    assert.ok(messages.some((x) => x.includes('batch boom')) && messages.some((x) => x.includes('async batch boom')));
    m.removeBatchObservableCallback(cb);
    rm = await collect();
    assert.equal(metric(rm, 'heap.used'), undefined);
  });
});
