/**
 * The global provider slots and the proxies they hand out: tracers, meters,
 * instruments and loggers obtained before a provider is set record into it
 * afterwards (and follow later changes); invalid providers are reported and
 * ignored, so nothing after them throws.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { droppedCounts } from '../../lib/common/diag.js';
import { getTracer, getTracerProvider, setTracerProvider, startActiveSpan, startSpan } from '../../lib/trace/api.js';
import {
  createCounter,
  createGauge,
  createHistogram,
  createUpDownCounter,
  getMeter,
  getMeterProvider,
  recordMetric,
  setMeterProvider,
} from '../../lib/metrics/api.js';
import { getLogger, getLoggerProvider, logger, setLoggerProvider } from '../../lib/logs/api.js';
import { ROOT_CONTEXT } from '../../lib/context/context.js';
import { getCurrentSpan } from '../../lib/context/async-context.js';
import type { HistogramDataPoint, NumberDataPoint } from '../../lib/metrics/metric-data.js';
import { testTracing, captureDiag } from '../helpers/tracing.js';
import { testLogs } from '../helpers/logs.js';
import { metric, setup } from '../metrics/helpers.js';

/** Values a careless or hostile caller might pass as a provider. */
const NOT_PROVIDERS: unknown[] = [
  {},
  null,
  'provider',
  42,
  Symbol('p'),
  10n,
  () => undefined,
  Object.create(null),
  new Proxy(
    {},
    {
      getPrototypeOf() {
        throw new Error('trap');
      },
    },
  ),
];

function sum(rm: Awaited<ReturnType<ReturnType<typeof setup>['collect']>>, name: string): number | undefined {
  const p = metric(rm, name)?.points[0] as NumberDataPoint | undefined;
  return p?.value;
}

describe('invalid providers are reported and ignored', () => {
  test('after setTracerProvider({}) and friends every tracing call still works on the provider that was there', async () => {
    const t = testTracing({}, true);
    const diag = captureDiag();
    try {
      for (const bad of NOT_PROVIDERS) assert.equal(setTracerProvider(bad as never), undefined);
      assert.equal(getTracerProvider(), t.provider);
      assert.equal(diag.messages.filter((m) => m.message.startsWith('setTracerProvider:')).length, NOT_PROVIDERS.length);
      startSpan('a').end();
      getTracer('lib').startSpan('b').end();
      startActiveSpan('c', (s) => s.end());
      assert.deepEqual((await t.spans()).map((s) => s.name), ['a', 'b', 'c']);
    } finally {
      diag.restore();
      setTracerProvider(undefined);
    }
  });

  test('after setMeterProvider({}) instruments and recordMetric still record into the provider that was there', async () => {
    const m = setup();
    setMeterProvider(m.provider);
    const diag = captureDiag();
    try {
      for (const bad of NOT_PROVIDERS) assert.equal(setMeterProvider(bad as never), undefined);
      assert.equal(getMeterProvider(), m.provider);
      createCounter('after.bad').add(2);
      recordMetric('after.bad', 3);
      getMeter('lib').createObservableGauge('after.bad.gauge', { callback: (r) => r.observe(7) });
      const rm = await m.collect();
      assert.equal(sum(rm, 'after.bad'), 5);
      assert.equal(sum(rm, 'after.bad.gauge'), 7);
      assert.equal(diag.messages.filter((x) => x.message.startsWith('setMeterProvider:')).length, NOT_PROVIDERS.length);
    } finally {
      diag.restore();
      setMeterProvider(undefined);
    }
  });

  test('after setLoggerProvider({}) the application logger and named loggers still emit', () => {
    const l = testLogs();
    setLoggerProvider(l.provider);
    const diag = captureDiag();
    try {
      for (const bad of NOT_PROVIDERS) assert.equal(setLoggerProvider(bad as never), undefined);
      assert.equal(getLoggerProvider(), l.provider);
      logger.info('still here');
      getLogger('lib').emit({ body: 'named' });
      assert.deepEqual(l.records.map((r) => r.body), ['still here', 'named']);
      assert.equal(diag.messages.filter((x) => x.message.startsWith('setLoggerProvider:')).length, NOT_PROVIDERS.length);
    } finally {
      diag.restore();
      setLoggerProvider(undefined);
    }
  });
});

describe('proxies follow the provider set after they were made', () => {
  test('a tracer taken before setTracerProvider starts its spans on the provider set later, and on the next one', async () => {
    setTracerProvider(undefined);
    const early = getTracer('early-lib', '1.0.0');
    const first = testTracing({}, true);
    early.startSpan('one').end();
    early.startActiveSpan('two', (s) => s.end());
    const second = testTracing({}, true);
    early.startSpan('three').end();
    assert.deepEqual((await first.spans()).map((s) => [s.name, s.instrumentationScope?.name, s.instrumentationScope?.version]), [
      ['one', 'early-lib', '1.0.0'],
      ['two', 'early-lib', '1.0.0'],
    ]);
    assert.deepEqual((await second.spans()).map((s) => s.name), ['three']);
    assert.equal(getTracer('early-lib', '1.0.0'), early, 'one proxy per scope');
    setTracerProvider(undefined);
  });

  test('instruments created at import time record into the meter provider set later, then into the next one', async () => {
    setMeterProvider(undefined);
    const counter = createCounter('proxy.counter');
    const updown = createUpDownCounter('proxy.updown');
    const gauge = createGauge('proxy.gauge');
    const hist = createHistogram('proxy.hist', { boundaries: [10] });
    const bound = getMeter('lib').createCounter('proxy.bound').bind({ route: '/a' });
    const observable = getMeter('lib').createObservableCounter('proxy.observable', { callback: (r) => r.observe(11, { k: 'v' }) });
    const batchGauge = getMeter('lib').createObservableGauge('proxy.batch');
    getMeter('lib').addBatchObservableCallback((r) => r.observe(batchGauge as never, 99), [batchGauge as never]);
    assert.ok(observable);

    const first = setup();
    setMeterProvider(first.provider);
    counter.add(1);
    updown.add(-2);
    gauge.record(3);
    hist.record(4);
    bound.add(5);
    recordMetric('proxy.counter', 1);
    const a = await first.collect();
    assert.equal(sum(a, 'proxy.counter'), 2);
    assert.equal(sum(a, 'proxy.updown'), -2);
    assert.equal(sum(a, 'proxy.gauge'), 3);
    assert.deepEqual((metric(a, 'proxy.hist')!.points[0] as HistogramDataPoint).bucketCounts, [1, 0]);
    assert.equal(sum(a, 'proxy.bound'), 5);
    assert.deepEqual({ ...metric(a, 'proxy.bound')!.points[0]!.attributes }, { route: '/a' });
    assert.equal(sum(a, 'proxy.observable'), 11);
    assert.equal(sum(a, 'proxy.batch'), 99);

    const second = setup();
    setMeterProvider(second.provider);
    counter.add(7);
    bound.add(8);
    const b = await second.collect();
    assert.equal(sum(b, 'proxy.counter'), 7);
    assert.equal(sum(b, 'proxy.bound'), 8);
    assert.equal(sum(b, 'proxy.observable'), 11, 'the observable callback moved to the new provider');
    assert.equal(sum(b, 'proxy.batch'), 99, 'the batch callback moved too');
    assert.equal(sum(await first.collect(), 'proxy.counter'), 2, 'nothing more went to the old provider');
    setMeterProvider(undefined);
  });

  test('removed observable and batch callbacks stay removed after the provider changes', async () => {
    setMeterProvider(undefined);
    const meter = getMeter('removal');
    const gauge = meter.createObservableGauge('removed.gauge');
    const kept = (r: { observe(v: number): void }): void => r.observe(1);
    const dropped = (r: { observe(v: number): void }): void => r.observe(2);
    gauge.addCallback(kept);
    gauge.addCallback(dropped);
    gauge.addCallback('not a function' as never);
    const batch = meter.createObservableCounter('removed.batch');
    const batchCallback = (r: { observe(i: unknown, v: number): void }): void => r.observe(batch, 5);
    meter.addBatchObservableCallback(batchCallback as never, [batch as never]);
    gauge.removeCallback(dropped);
    meter.removeBatchObservableCallback(batchCallback as never);
    const m = setup();
    setMeterProvider(m.provider);
    const rm = await m.collect();
    assert.equal(sum(rm, 'removed.gauge'), 1, 'only the kept callback observed');
    assert.equal(sum(rm, 'removed.batch'), undefined, 'the removed batch callback did not move along');
    setMeterProvider(undefined);
  });

  test('a logger taken before setLoggerProvider emits into the provider set later', () => {
    setLoggerProvider(undefined);
    const early = getLogger('early-lib');
    const l = testLogs();
    setLoggerProvider(l.provider);
    early.info('hello');
    assert.equal(early.enabled({ severityNumber: 9 }), true, 'the logs API options object is accepted');
    assert.deepEqual(l.records.map((r) => [r.body, r.instrumentationScope.name]), [['hello', 'early-lib']]);
    setLoggerProvider(undefined);
  });
});

describe('startActiveSpan in every OpenTelemetry shape', () => {
  test('the four-argument form takes its parent from the context and runs the function in it', async () => {
    const t = testTracing({}, true);
    try {
      const parent = t.provider.getTracer('x').startSpan('parent');
      const result = startActiveSpan('child', { attributes: { a: 1 } }, ROOT_CONTEXT.withSpan(parent), (span) => {
        assert.equal(getCurrentSpan(), span);
        span.end();
        return 'r';
      });
      assert.equal(result, 'r');
      const [child] = await t.spans();
      assert.equal(child!.parentSpanId, parent.spanId);
      assert.equal(child!.attributes?.a, 1);
    } finally {
      setTracerProvider(undefined);
    }
  });

  test('without a function nothing is started and the call is counted, not thrown', () => {
    const diag = captureDiag();
    try {
      assert.equal(startActiveSpan('x' as never, undefined as never), undefined);
      assert.equal(getTracer('t').startActiveSpan('y' as never, {} as never), undefined);
      assert.equal(droppedCounts()['span.start'], 2);
    } finally {
      diag.restore();
    }
  });
});
