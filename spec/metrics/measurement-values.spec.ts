/**
 * Every path that records a measurement rejects what is not a usable number:
 * it is never stored (no "100250" sums, no NaN buckets), never thrown, counted
 * under `metric.measurement` and reported.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { droppedCounts } from '../../lib/common/diag.js';
import { createCounter, getDefaultMeter, recordMetric, setMeterProvider } from '../../lib/metrics/api.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import type { HistogramDataPoint, NumberDataPoint } from '../../lib/metrics/metric-data.js';
import { metric, setup, valueOf } from './helpers.js';
import { warningsPerTest } from '../helpers/diag.js';

const messages = warningsPerTest();

let seq = 0;
const measurementDrops = (): number => droppedCounts()['metric.measurement'] ?? 0;

const hostile = (): { toString(): string } => ({
  toString() {
    throw new Error('no string form');
  },
});

/** Values no instrument may store; `-1` and `-Infinity` are valid for up-down counters and gauges, so they are not here. */
const BAD_VALUES: [string, () => unknown][] = [
  ['a numeric string', () => '250'],
  ['an empty string', () => ''],
  ['null', () => null],
  ['undefined', () => undefined],
  ['true', () => true],
  ['an array holding a number', () => [5]],
  ['an object with valueOf', () => ({ valueOf: () => 7 })],
  ['an object whose toString throws', hostile],
  ['a Symbol', () => Symbol('s')],
  ['a BigInt', () => 1n],
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['-Infinity', () => -Infinity],
  ['a Number object', () => new Number(3)],
];

type Recorder = (value: unknown) => void;
type Kind = 'counter' | 'updown' | 'gauge' | 'histogram';
const KINDS: Kind[] = ['counter', 'updown', 'gauge', 'histogram'];

/** Every way a value reaches a series of an instrument of `kind`: the instrument, a bound handle, an observable, recordMetric. */
function recorders(kind: Kind): { path: string; make: (p: ReturnType<typeof setup>['provider'], name: string) => Recorder }[] {
  const attrs = { k: 'v' };
  const sync = (p: ReturnType<typeof setup>['provider'], name: string): { add?: Recorder; set?: Recorder; record?: Recorder } => {
    const m = p.getMeter('m');
    if (kind === 'counter') return m.createCounter(name) as never;
    if (kind === 'updown') return m.createUpDownCounter(name) as never;
    if (kind === 'gauge') return m.createGauge(name) as never;
    return m.createHistogram(name) as never;
  };
  const call = (inst: { add?: Recorder; set?: Recorder; record?: Recorder }, v: unknown, a?: object): void => {
    const i = inst as Record<string, (v: unknown, a?: object) => void>;
    if (kind === 'counter' || kind === 'updown') i['add']!(v, a);
    else if (kind === 'gauge') i['set']!(v, a);
    else i['record']!(v, a);
  };
  const out: { path: string; make: (p: ReturnType<typeof setup>['provider'], name: string) => Recorder }[] = [
    { path: 'the instrument', make: (p, name) => ((inst) => (v: unknown) => call(inst, v, attrs))(sync(p, name)) },
    {
      path: 'a bound handle',
      make: (p, name) => ((b) => (v: unknown) => call(b as never, v))((sync(p, name) as unknown as { bind(a: object): unknown }).bind(attrs)),
    },
    {
      path: 'recordMetric',
      make: (p, name) => {
        // recordMetric records on the global default meter's instrument named "x".
        setMeterProvider(p);
        const dm = getDefaultMeter();
        if (kind === 'counter') dm.createCounter(name);
        else if (kind === 'updown') dm.createUpDownCounter(name);
        else if (kind === 'gauge') dm.createGauge(name);
        else dm.createHistogram(name);
        return (v: unknown) => recordMetric(name, v as number, attrs);
      },
    },
  ];
  if (kind !== 'histogram') {
    out.push({
      path: 'an observable callback',
      make: (p, name) => {
        const m = p.getMeter('m');
        let pending: unknown[] = [];
        const cb = (r: { observe(v: number, a?: object): void }): void => {
          for (const v of pending) r.observe(v as number, attrs);
          pending = [];
        };
        if (kind === 'counter') m.createObservableCounter(name, { callback: cb });
        else if (kind === 'updown') m.createObservableUpDownCounter(name, { callback: cb });
        else m.createObservableGauge(name, { callback: cb });
        return (v: unknown) => void pending.push(v);
      },
    });
  }
  return out;
}

describe('measurement values on every recording path', () => {
  for (const kind of KINDS) {
    for (const { path, make } of recorders(kind)) {
      test(`a ${kind} reached through ${path} stores only numbers; every other value is counted and reported, never thrown`, async () => {
        const { provider, collect } = setup();
        // A name per test: the global default meter remembers instruments by name across providers.
        const name = `m${++seq}`;
        const rec = make(provider, name);
        rec(100);
        for (const [, v] of BAD_VALUES) assert.doesNotThrow(() => rec(v()));
        rec(2);
        const rm = await collect();
        const m = metric(rm, name);
        assert.ok(m, 'the metric is exported');
        const p = m.points[0]!;
        if (kind === 'histogram') {
          const h = p as HistogramDataPoint;
          assert.equal(h.count, 2);
          assert.equal(h.sum, 102);
          assert.equal(h.min, 2);
          assert.equal(h.max, 100);
          assert.equal(h.bucketCounts.reduce((a, b) => a + b, 0), 2);
        } else {
          // A gauge keeps the last value; sums add up (observations of one set in one collection too).
          const expected = kind === 'gauge' ? 2 : 102;
          assert.equal(typeof (p as NumberDataPoint).value, 'number');
          assert.equal((p as NumberDataPoint).value, expected);
        }
        assert.equal(measurementDrops(), BAD_VALUES.length);
        assert.ok(messages.some((msg) => msg.includes('metric.measurement')), 'reported');
        setMeterProvider(new MeterProvider());
      });
    }
  }

  test('a negative value is rejected by counters and histograms but kept by up-down counters and gauges', async () => {
    const { provider, collect } = setup();
    const m = provider.getMeter('m');
    m.createCounter('c').add(-1);
    m.createHistogram('h').record(-1);
    m.createUpDownCounter('u').add(-1);
    m.createGauge('g').set(-1);
    const rm = await collect();
    assert.equal(metric(rm, 'c'), undefined);
    assert.equal(metric(rm, 'h'), undefined);
    assert.equal(valueOf(rm, 'u'), -1);
    assert.equal(valueOf(rm, 'g'), -1);
    assert.equal(measurementDrops(), 2);
  });

  test('a counter with a string after a number keeps the numeric sum (was "100250")', async () => {
    const { provider, collect } = setup();
    setMeterProvider(provider);
    const c = createCounter('orders');
    c.add(100);
    c.add('250' as unknown as number);
    assert.equal(valueOf(await collect(), 'orders'), 100);
    setMeterProvider(new MeterProvider());
  });
});
