import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { droppedCounts } from '../../lib/common/diag.js';
import {
  createCounter,
  createGauge,
  createHistogram,
  createUpDownCounter,
  getDefaultMeter,
  getMeterProvider,
  recordMetric,
  setMeterProvider,
} from '../../lib/metrics/api.js';
import { Counter } from '../../lib/metrics/instruments.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import type { HistogramDataPoint } from '../../lib/metrics/metric-data.js';
import { MetricKind } from '../../lib/metrics/metric-data.js';
import { MetricReader } from '../../lib/metrics/metric-reader.js';
import { OVERFLOW_ATTRIBUTES } from '../../lib/metrics/series-index.js';
import { metric, pointsOf, setup, valueOf } from './helpers.js';
import { warningsPerTest } from '../helpers/diag.js';

const messages = warningsPerTest();

const dropped = (): number => droppedCounts()['metric.measurement'] ?? 0;

describe('recording validation', () => {
  const cases: { what: string; run: (p: MeterProvider) => void; drops: number }[] = [
    { what: 'a negative counter increment', run: (p) => p.getMeter('m').createCounter('x').add(-1), drops: 1 },
    { what: 'NaN and Infinity on a counter', run: (p) => ((c) => (c.add(NaN), c.add(Infinity)))(p.getMeter('m').createCounter('x')), drops: 2 },
    { what: 'a non-number on an up-down counter', run: (p) => p.getMeter('m').createUpDownCounter('x').add('3' as unknown as number), drops: 1 },
    { what: 'a negative histogram value', run: (p) => p.getMeter('m').createHistogram('x').record(-0.5), drops: 1 },
    { what: 'an infinite gauge value', run: (p) => p.getMeter('m').createGauge('x').set(-Infinity), drops: 1 },
    { what: 'a valid increment', run: (p) => p.getMeter('m').createCounter('x').add(0), drops: 0 },
  ];
  for (const c of cases) {
    test(`${c.what} is ${c.drops ? 'dropped, reported and counted' : 'recorded'}, never thrown`, async () => {
      const { provider, collect } = setup();
      assert.doesNotThrow(() => c.run(provider));
      assert.equal(dropped(), c.drops);
      if (c.drops > 0) assert.ok(messages.some((m) => m.includes('dropped metric.measurement')));
      assert.equal(metric(await collect(), 'x') === undefined, c.drops > 0);
    });
  }
});

describe('instrument registration', () => {
  const names: [string, boolean][] = [
    ['http.server.request.duration', true],
    ['a', true],
    ['A_b-c/d.e', true],
    ['x'.repeat(255), true],
    ['x'.repeat(256), false],
    ['1starts.with.digit', false],
    ['has space', false],
    ['', false],
    ['ünïcode', false],
  ];
  for (const [name, valid] of names) {
    test(`the name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)} is ${valid ? 'accepted' : 'rejected with a warning and records nothing'}`, async () => {
      const { provider, collect } = setup();
      const c = provider.getMeter('m').createCounter(name);
      c.add(1);
      const rm = await collect();
      assert.equal(metric(rm, name) !== undefined, valid);
      assert.equal(messages.some((m) => m.includes('invalid instrument name')), !valid);
    });
  }

  test('a unit that is not ASCII or longer than 63 characters is ignored with a warning', async () => {
    const { provider, collect } = setup();
    provider.getMeter('m').createCounter('a', { unit: 'µs' }).add(1);
    provider.getMeter('m').createCounter('b', { unit: 'x'.repeat(64) }).add(1);
    provider.getMeter('m').createCounter('c', { unit: 'By', description: 'bytes sent' }).add(1);
    const rm = await collect();
    assert.deepEqual(
      ['a', 'b', 'c'].map((n) => [metric(rm, n)!.unit, metric(rm, n)!.description]),
      [
        ['', ''],
        ['', ''],
        ['By', 'bytes sent'],
      ],
    );
    assert.equal(messages.filter((m) => m.includes('unit must be ASCII')).length, 2);
  });

  test('registering the same name again returns the same instrument (case-insensitive)', () => {
    const { provider } = setup();
    const m = provider.getMeter('m');
    const a = m.createCounter('Requests', { unit: '1' });
    const b = m.createCounter('requests', { unit: '1' });
    assert.equal(a, b);
    const g = m.createObservableGauge('g');
    assert.equal(m.createObservableGauge('g'), g);
    assert.equal(messages.length, 0);
  });

  test('a conflicting registration warns and returns a separate working instrument; both are exported', async () => {
    const { provider, collect } = setup();
    const m = provider.getMeter('m');
    const a = m.createCounter('dup', { unit: 'ms' });
    const b = m.createCounter('dup', { unit: 's' });
    assert.notEqual(a, b);
    assert.ok(messages.some((x) => x.includes('"dup" registered again with a different unit')));
    const h = m.createHistogram('dup');
    assert.ok(messages.some((x) => x.includes('different kind')));
    a.add(1);
    b.add(2);
    h.record(3);
    const rm = await collect();
    assert.equal(rm.scopeMetrics[0]!.metrics.filter((x) => x.name === 'dup').length, 3);
  });

  test('meters are cached per name, version and schema URL', () => {
    const p = new MeterProvider();
    assert.equal(p.getMeter('a', '1'), p.getMeter('a', '1'));
    assert.notEqual(p.getMeter('a', '1'), p.getMeter('a', '2'));
    assert.equal(p.getMeter('').scope.name, '');
  });
});

describe('the seed API on the global meter provider', () => {
  test('createCounter/UpDownCounter/Gauge/Histogram + recordMetric record in the way each kind records', async () => {
    const reader = new MetricReader();
    const prev = setMeterProvider(new MeterProvider({ readers: [reader] }));
    try {
      const c = createCounter('seed.counter');
      createUpDownCounter('seed.udc');
      createGauge('seed.gauge');
      createHistogram('seed.hist', { boundaries: [1] });
      assert.ok(c.delegate instanceof Counter, 'a proxy over the global provider\'s counter');
      assert.equal(getDefaultMeter().scope.name, 'zerotel');
      recordMetric('seed.counter', 2, { k: 'v' });
      recordMetric('seed.counter', 3, { k: 'v' });
      recordMetric('seed.udc', -4);
      recordMetric('seed.gauge', 7);
      recordMetric('seed.gauge', 8);
      recordMetric('seed.hist', 0.5);
      recordMetric('seed.hist', 5);
      const rm = (await reader.collect())!;
      assert.equal(valueOf(rm, 'seed.counter', { k: 'v' }), 5);
      assert.equal(valueOf(rm, 'seed.udc'), -4);
      assert.equal(valueOf(rm, 'seed.gauge'), 8);
      assert.deepEqual((metric(rm, 'seed.hist')!.points[0] as HistogramDataPoint).bucketCounts, [1, 1]);
      assert.equal(dropped(), 0);
    } finally {
      if (prev) setMeterProvider(prev);
    }
  });

  test('recordMetric with an unknown name, an observable instrument or a non-finite value is reported and counted', () => {
    const prev = setMeterProvider(new MeterProvider({ readers: [new MetricReader()] }));
    try {
      getDefaultMeter().createObservableGauge('seed.obs');
      createCounter('seed.ok');
      assert.doesNotThrow(() => {
        recordMetric('seed.missing', 1);
        recordMetric('seed.obs', 1);
        recordMetric('seed.ok', NaN);
        recordMetric('seed.ok', Infinity);
      });
      assert.equal(dropped(), 4);
      assert.ok(messages.some((m) => m.includes('no instrument named "seed.missing"')));
    } finally {
      if (prev) setMeterProvider(prev);
    }
  });

  test('the default global provider has no reader: instruments accept calls and record nothing', () => {
    assert.ok(getMeterProvider() instanceof MeterProvider);
    const c = getMeterProvider().getMeter('x').createCounter('c');
    assert.doesNotThrow(() => c.add(1, { a: 1 }));
  });
});

describe('attribute sets and the identity fast path', () => {
  test('the same object passed again lands in its series; mutating it between calls moves to the right series', async () => {
    const { provider, collect } = setup();
    const c = provider.getMeter('m').createCounter('c');
    const attrs: Record<string, string> = { status: 'ok', route: '/' };
    c.add(1, attrs);
    c.add(1, attrs);
    attrs['status'] = 'error';
    c.add(5, attrs);
    const rm = await collect();
    assert.equal(valueOf(rm, 'c', { status: 'ok', route: '/' }), 2);
    assert.equal(valueOf(rm, 'c', { status: 'error', route: '/' }), 5);
  });

  test('fresh objects in any key order, many of them, land in the same series; reused objects still work after', async () => {
    const { provider, collect } = setup({}, { cardinalityLimit: 4 });
    const c = provider.getMeter('m').createCounter('c');
    for (let i = 0; i < 500; i++) c.add(1, i % 2 ? { a: 1, b: 'x' } : { b: 'x', a: 1 });
    const reused = { a: 2, b: 'y' };
    for (let i = 0; i < 2000; i++) c.add(1, reused);
    // More key orders than the lookup cache keeps (it starts over past 2 × limit entries).
    const keys = ['k0', 'k1', 'k2'];
    const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    for (let round = 0; round < 3; round++) {
      for (const o of orders) c.add(1, Object.fromEntries(o.map((i) => [keys[i]!, 1])));
    }
    const rm = await collect();
    assert.equal(valueOf(rm, 'c', { a: 1, b: 'x' }), 500);
    assert.equal(valueOf(rm, 'c', { a: 2, b: 'y' }), 2000);
    assert.equal(valueOf(rm, 'c', { k0: 1, k1: 1, k2: 1 }), 18);
    assert.equal(pointsOf(rm, 'c').size, 3);
  });

  test('invalid attribute values are dropped from the set and counted; undefined ones are ignored', async () => {
    const { provider, collect } = setup();
    const c = provider.getMeter('m').createCounter('c');
    c.add(1, { ok: 1, bad: { nested: true } as unknown as string, gone: undefined });
    c.add(1, { ok: 1 });
    c.add(1, 'not an object' as unknown as Record<string, string>);
    const rm = await collect();
    assert.equal(valueOf(rm, 'c', { ok: 1 }), 2);
    assert.equal(valueOf(rm, 'c', {}), 1);
    assert.equal(droppedCounts()['metric.attribute'], 1);
  });

  test('array attribute values are copied and keyed by content', async () => {
    const { provider, collect } = setup();
    const c = provider.getMeter('m').createCounter('c');
    c.add(1, { tags: ['a', 'b'] });
    c.add(1, { tags: ['a', 'b'] });
    const pts = [...pointsOf(await collect(), 'c').values()];
    assert.equal(pts.length, 1);
    assert.ok(Object.isFrozen(pts[0]!.attributes['tags']));
  });

  test('a bound instrument records into its series without any lookup', async () => {
    const { provider, collect } = setup();
    const m = provider.getMeter('m');
    const bc = m.createCounter('c').bind({ a: 1 });
    const bu = m.createUpDownCounter('u').bind({ a: 1 });
    const bg = m.createGauge('g').bind({ a: 1 });
    const bh = m.createHistogram('h', { boundaries: [1] }).bind({ a: 1 });
    bc.add(2);
    bc.add(3);
    bc.add(-1); // dropped
    bu.add(-2);
    bu.add(Infinity); // dropped
    bg.set(4);
    bg.record(6);
    bg.set(NaN); // dropped
    bh.record(0.5);
    bh.record(-1); // dropped
    const rm = await collect();
    assert.equal(valueOf(rm, 'c', { a: 1 }), 5);
    assert.equal(valueOf(rm, 'u', { a: 1 }), -2);
    assert.equal(valueOf(rm, 'g', { a: 1 }), 6);
    assert.equal((metric(rm, 'h')!.points[0] as HistogramDataPoint).count, 1);
    assert.equal(dropped(), 4);
  });

  test('under delta, idle series are evicted and a bound handle or cached object re-creates its series', async () => {
    const { provider, collect } = setup({ temporality: 'delta' });
    const c = provider.getMeter('m').createCounter('c');
    const attrs = { k: 'v' };
    const bound = c.bind({ k: 'b' });
    c.add(1, attrs);
    bound.add(1);
    await collect();
    const idle = await collect(); // nothing recorded: both series evicted
    assert.equal(metric(idle, 'c'), undefined);
    c.add(2, attrs);
    bound.add(3);
    const rm = await collect();
    assert.equal(valueOf(rm, 'c', { k: 'v' }), 2);
    assert.equal(valueOf(rm, 'c', { k: 'b' }), 3);
  });
});

describe('cardinality limit', () => {
  test('past limit-1 distinct sets, new sets go to the otel.metric.overflow series; known sets keep recording', async () => {
    const { provider, collect } = setup({}, { cardinalityLimit: 4 });
    const c = provider.getMeter('m').createCounter('c');
    for (let i = 0; i < 6; i++) c.add(1, { i });
    c.add(10, { i: 0 }); // known set: still its own series
    c.add(100, { i: 5 }); // overflowed set: overflow again
    const pts = pointsOf(await collect(), 'c');
    assert.equal(pts.size, 4);
    assert.equal(valueOf(await collect(), 'c', { i: 0 }), 11);
    assert.equal(valueOf(await collect(), 'c', { ...OVERFLOW_ATTRIBUTES }), 103);
    assert.ok(messages.some((m) => m.includes('cardinality limit 4 reached')));
  });

  test('the default limit is 2000 series per instrument', async () => {
    const { provider, collect } = setup();
    const c = provider.getMeter('m').createCounter('c');
    for (let i = 0; i < 2100; i++) c.add(1, { i });
    const pts = pointsOf(await collect(), 'c');
    assert.equal(pts.size, 2000);
    assert.equal(valueOf(await collect(), 'c', { ...OVERFLOW_ATTRIBUTES }), 101);
  });

  test('a view can set its own cardinality limit; observable instruments overflow too', async () => {
    const { provider, collect } = setup({}, { views: [{ instrumentName: 'o', cardinalityLimit: 2 }] });
    provider.getMeter('m').createObservableCounter('o', {
      callback: (r) => {
        r.observe(1, { a: 1 });
        r.observe(2, { a: 2 });
        r.observe(3, { a: 3 });
      },
    });
    const rm = await collect();
    assert.equal(valueOf(rm, 'o', { a: 1 }), 1);
    assert.equal(valueOf(rm, 'o', { ...OVERFLOW_ATTRIBUTES }), 5);
  });
});

describe('views', () => {
  test('rename and describe one instrument, keep only listed attribute keys', async () => {
    const { provider, collect } = setup(
      {},
      { views: [{ instrumentName: 'http.requests', name: 'requests', description: 'all requests', attributeKeys: ['method'] }] },
    );
    const c = provider.getMeter('m').createCounter('http.requests', { description: 'old' });
    c.add(1, { method: 'GET', path: '/a' });
    c.add(2, { method: 'GET', path: '/b' });
    c.add(4, { method: 'POST', path: '/a' });
    const rm = await collect();
    assert.equal(metric(rm, 'http.requests'), undefined);
    const m = metric(rm, 'requests')!;
    assert.equal(m.description, 'all requests');
    assert.equal(valueOf(rm, 'requests', { method: 'GET' }), 3);
    assert.equal(valueOf(rm, 'requests', { method: 'POST' }), 4);
  });

  test('choose the aggregation: boundaries, exponential histogram, sum, last value', async () => {
    const { provider, collect } = setup(
      {},
      {
        views: [
          { instrumentName: 'h1', aggregation: { type: 'histogram', boundaries: [100], recordMinMax: false } },
          { instrumentName: 'h2', aggregation: { type: 'exponentialHistogram', maxSize: 4 } },
          { instrumentName: 'h3', aggregation: { type: 'sum' } },
          { instrumentName: 'c1', aggregation: { type: 'lastValue' } },
        ],
      },
    );
    const m = provider.getMeter('m');
    for (const n of ['h1', 'h2', 'h3']) {
      m.createHistogram(n).record(5);
      m.createHistogram(n).record(500);
    }
    m.createCounter('c1').add(3);
    m.createCounter('c1').add(4);
    const rm = await collect();
    const h1 = metric(rm, 'h1')!.points[0] as HistogramDataPoint;
    assert.deepEqual([h1.boundaries, h1.bucketCounts, Number.isNaN(h1.min), Number.isNaN(h1.max)], [[100], [1, 1], true, true]);
    assert.equal(metric(rm, 'h2')!.kind, MetricKind.EXPONENTIAL_HISTOGRAM);
    assert.equal(valueOf(rm, 'h3'), 505);
    assert.equal(metric(rm, 'c1')!.kind, MetricKind.GAUGE);
    assert.equal(valueOf(rm, 'c1'), 4);
  });

  test('drop an instrument; wildcard and type selectors; two views make two streams', async () => {
    const { provider, collect } = setup(
      {},
      {
        views: [
          { instrumentName: 'debug.*', aggregation: { type: 'drop' } },
          { instrumentType: 'histogram', meterName: 'm', aggregation: { type: 'histogram', boundaries: [1] } },
          { instrumentName: 'two', aggregation: { type: 'sum' } },
          { instrumentName: 'tw?', aggregation: { type: 'lastValue' }, name: 'ignored' },
        ],
      },
    );
    const m = provider.getMeter('m');
    m.createCounter('debug.noise').add(1);
    m.createHistogram('lat').record(2);
    const two = m.createCounter('two');
    two.add(1);
    two.add(2);
    const rm = await collect();
    assert.equal(metric(rm, 'debug.noise'), undefined);
    assert.deepEqual((metric(rm, 'lat')!.points[0] as HistogramDataPoint).boundaries, [1]);
    const streams = rm.scopeMetrics[0]!.metrics.filter((x) => x.name === 'two');
    assert.deepEqual(
      streams.map((s) => [s.kind, (s.points[0] as { value: number }).value]),
      [
        [MetricKind.SUM, 3],
        [MetricKind.GAUGE, 2],
      ],
    );
    assert.ok(messages.some((x) => x.includes('must select one instrument by exact name')));
  });

  test('provider-wide exponential default histogram aggregation', async () => {
    const { provider, collect } = setup({}, { defaultHistogramAggregation: 'exponential' });
    provider.getMeter('m').createHistogram('h').record(3);
    assert.equal(metric(await collect(), 'h')!.kind, MetricKind.EXPONENTIAL_HISTOGRAM);
  });
});

describe('readers', () => {
  test('a reader attached to a second provider is refused; a shut-down reader collects nothing', async () => {
    const reader = new MetricReader();
    new MeterProvider({ readers: [reader] });
    new MeterProvider({ readers: [reader] });
    assert.ok(messages.some((m) => m.includes('one meter provider only')));
    assert.equal(await new MetricReader().collect(), undefined);
    await reader.shutdown();
    await reader.shutdown();
    assert.equal(reader.isShutdown, true);
    assert.equal(await reader.collect(), undefined);
  });
});
