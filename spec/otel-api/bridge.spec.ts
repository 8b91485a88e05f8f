/**
 * zerotel behind @opentelemetry/api, in process: the API's tracer, span,
 * context, propagation, metrics, logs and diag calls land in zerotel, and
 * mixing the API with zerotel's own API works both ways.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as api from '@opentelemetry/api';
import * as logsApi from '@opentelemetry/api-logs';
import { registerGlobal } from '../../lib/otel-api.js';
import type { OtelApiRegistration } from '../../lib/otel-api.js';
import { getCurrentSpan, withSpan } from '../../lib/context/async-context.js';
import { startSpan, setTracerProvider } from '../../lib/trace/api.js';
import { setMeterProvider } from '../../lib/metrics/api.js';
import { setLoggerProvider } from '../../lib/logs/api.js';
import { Span } from '../../lib/trace/span.js';
import type { HistogramDataPoint, NumberDataPoint } from '../../lib/metrics/metric-data.js';
import { epochNanosBigInt } from '../../lib/common/time.js';
import { captureDiag, testTracing } from '../helpers/tracing.js';
import { testLogs } from '../helpers/logs.js';
import { metric, setup } from '../metrics/helpers.js';

const tracing = testTracing({}, true);
const metrics = setup();
const logs = testLogs();
let registration: OtelApiRegistration;

before(() => {
  setMeterProvider(metrics.provider);
  setLoggerProvider(logs.provider);
  registration = registerGlobal(api, { logsApi });
});
after(() => {
  registration.unregister();
  setTracerProvider(undefined);
  setMeterProvider(undefined);
  setLoggerProvider(undefined);
});

async function finished(): Promise<Span[]> {
  const spans = (await tracing.spans()).slice();
  tracing.exporter.reset();
  return spans as Span[];
}

describe('registerGlobal', () => {
  test('installs every global of the API and of the logs API', () => {
    assert.deepEqual(registration.registered, { trace: true, metrics: true, context: true, propagation: true, logs: true });
  });

  test('a second registration behind the same API changes nothing', () => {
    const again = registerGlobal(api, { logsApi });
    assert.deepEqual(again.registered, { trace: false, metrics: false, context: false, propagation: false, logs: false });
    again.unregister();
    assert.ok(api.trace.getTracer('still').startSpan('x') instanceof Span, 'the first registration still holds');
    const hostileOptions = Object.defineProperty({}, 'logsApi', {
      get() {
        throw new Error('options getter');
      },
    });
    for (const options of [null, hostileOptions, { logsApi: {} }]) {
      assert.doesNotThrow(() => registerGlobal(api, options as never).unregister());
    }
    assert.ok(api.trace.getTracer('still').startSpan('y') instanceof Span, 'and still does');
  });

  test('a global another SDK holds is left in place and reported; the other globals are still taken', () => {
    registration.unregister();
    const other = { getTracer: () => api.trace.wrapSpanContext(api.INVALID_SPAN_CONTEXT) as never };
    api.trace.setGlobalTracerProvider(other as never);
    const diag = captureDiag();
    let r: OtelApiRegistration | undefined;
    try {
      r = registerGlobal(api, { logsApi });
      assert.deepEqual(r.registered, { trace: false, metrics: true, context: true, propagation: true, logs: true });
      assert.ok(diag.messages.some((m) => m.message.includes('already has a global tracer provider')), JSON.stringify(diag.messages));
    } finally {
      r?.unregister();
      diag.restore();
      api.trace.disable();
      registration = registerGlobal(api, { logsApi });
    }
    assert.equal(registration.registered.trace, true);
  });

  test('something that is not the API module is reported, not thrown', () => {
    for (const bad of [undefined, null, {}, { trace: 1 }, new Proxy({}, { get: () => { throw new Error('trap'); } })]) {
      const r = registerGlobal(bad as never);
      assert.equal(r.registered.trace, false);
      assert.doesNotThrow(() => r.unregister());
    }
  });
});

describe('tracing through the API', () => {
  test('an API span is a zerotel Span: the current span for getCurrentSpan() and the parent of startSpan()', async () => {
    const tracer = api.trace.getTracer('api-lib', '2.0.0');
    tracer.startActiveSpan('api-parent', (span) => {
      assert.ok(span instanceof Span, 'no wrapper per span');
      assert.equal(getCurrentSpan(), span);
      startSpan('zerotel-child').end();
      span.end();
    });
    const [child, parent] = await finished();
    assert.equal(child!.name, 'zerotel-child');
    assert.equal(child!.parentSpanId, parent!.spanId);
    assert.equal(parent!.instrumentationScope?.name, 'api-lib');
    assert.equal(parent!.instrumentationScope?.version, '2.0.0');
  });

  test('a zerotel span is api.trace.getActiveSpan() and the parent of an API span', async () => {
    const z = startSpan('zerotel-parent');
    withSpan(z, () => {
      assert.equal(api.trace.getActiveSpan(), z);
      api.trace.getTracer('api-lib').startSpan('api-child').end();
    });
    z.end();
    const [child] = await finished();
    assert.equal(child!.parentSpanId, z.spanId);
  });

  test('every startActiveSpan overload, with an explicit context in the four-argument one', async () => {
    const tracer = api.trace.getTracer('overloads');
    const root = tracer.startSpan('root');
    const r1 = tracer.startActiveSpan('a', (s) => (s.end(), 1));
    const r2 = tracer.startActiveSpan('b', { kind: api.SpanKind.CLIENT }, (s) => (s.end(), 2));
    const r3 = tracer.startActiveSpan('c', { attributes: { k: 'v' } }, api.trace.setSpan(api.ROOT_CONTEXT, root), (s) => {
      assert.equal(api.trace.getActiveSpan(), s);
      s.end();
      return 3;
    });
    root.end();
    assert.deepEqual([r1, r2, r3], [1, 2, 3]);
    const spans = await finished();
    const byName = new Map(spans.map((s) => [s.name, s]));
    assert.equal(byName.get('b')!.kind, api.SpanKind.CLIENT);
    assert.equal(byName.get('c')!.parentSpanId, root.spanContext().spanId);
    assert.equal(byName.get('c')!.attributes?.k, 'v');
  });

  test('every Span method of the API interface records what the official SDK records', async () => {
    const tracer = api.trace.getTracer('methods');
    const other = api.trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 });
    const start = Date.now();
    const span = tracer.startSpan('before', { links: [{ context: other.spanContext(), attributes: { l: 1 } }], startTime: start });
    assert.equal(span.isRecording(), true);
    assert.equal(api.isSpanContextValid(span.spanContext()), true);
    span.setAttribute('a', 1).setAttributes({ b: 'two', c: [true, false] });
    span.addEvent('plain');
    span.addEvent('with-attrs', { e: 1 });
    span.addEvent('hrtime', [Math.floor(start / 1000), 5_000_000]);
    span.addEvent('date-and-attrs', { f: 2 }, new Date(start + 1));
    span.addLink({ context: other.spanContext() });
    span.addLinks([{ context: other.spanContext(), attributes: { m: 2 } }]);
    span.recordException(new TypeError('boom'));
    span.setStatus({ code: api.SpanStatusCode.ERROR, message: 'failed' });
    span.updateName('after');
    span.end(start + 10);
    assert.equal(span.isRecording(), false);
    const [s] = await finished();
    assert.equal(s!.name, 'after');
    assert.deepEqual({ ...s!.attributes }, { a: 1, b: 'two', c: [true, false] });
    assert.deepEqual(s!.events!.map((e) => e.name), ['plain', 'with-attrs', 'hrtime', 'date-and-attrs', 'exception']);
    assert.equal(epochNanosBigInt(s!.events![2]!.time), BigInt(Math.floor(start / 1000)) * 1_000_000_000n + 5_000_000n);
    assert.equal(s!.events![4]!.attributes?.['exception.type'], 'TypeError');
    assert.equal(s!.links!.length, 3);
    assert.deepEqual(s!.links!.map((l) => (l.attributes === undefined ? undefined : { ...l.attributes })), [{ l: 1 }, undefined, { m: 2 }]);
    assert.equal(s!.statusCode, api.SpanStatusCode.ERROR);
    assert.equal(s!.statusMessage, 'failed');
    assert.equal(Math.round(s!.duration), 10);
  });

  test('a span of a tracer obtained before registerGlobal reaches zerotel (the API proxy follows)', async () => {
    // The API's own proxy: a tracer taken while no provider is registered delegates once one is.
    registration.unregister();
    const early = api.trace.getTracer('early');
    registration = registerGlobal(api, { logsApi });
    early.startSpan('late').end();
    const [s] = await finished();
    assert.equal(s!.name, 'late');
    assert.equal(s!.instrumentationScope?.name, 'early');
  });
});

describe('context, propagation, metrics, logs and diag through the API', () => {
  test('context.with, bind (function and EventEmitter) run in the given context', () => {
    const key = api.createContextKey('k');
    const ctx = api.context.active().setValue(key, 'v');
    assert.equal(api.context.with(ctx, () => api.context.active().getValue(key)), 'v');
    const bound = api.context.bind(ctx, () => api.context.active().getValue(key));
    assert.equal(bound(), 'v');
    const ee = api.context.bind(ctx, new EventEmitter());
    let seen: unknown;
    const listener = (): void => {
      seen = api.context.active().getValue(key);
    };
    ee.on('x', listener);
    ee.emit('x');
    assert.equal(seen, 'v');
    ee.removeListener('x', listener);
    assert.equal(ee.listenerCount('x'), 0, 'removing the original listener removes its wrapper');
    // A context made by the API on its own ROOT_CONTEXT is accepted too.
    assert.equal(api.context.with(api.ROOT_CONTEXT.setValue(key, 'root'), () => api.context.active().getValue(key)), 'root');
  });

  test('api.propagation injects and extracts W3C trace context and baggage with the API getters and setters', () => {
    const span = api.trace.getTracer('p').startSpan('out');
    const ctx = api.propagation.setBaggage(api.trace.setSpan(api.context.active(), span), api.propagation.createBaggage({ u: { value: '1' } }));
    const carrier: Record<string, string> = {};
    api.propagation.inject(ctx, carrier);
    // Flags 03: sampled, and the W3C level-2 "random trace id" bit zerotel sets on the traces it starts.
    assert.equal(carrier.traceparent, `00-${span.spanContext().traceId}-${span.spanContext().spanId}-03`);
    assert.equal(carrier.baggage, 'u=1');
    const back = api.propagation.extract(api.ROOT_CONTEXT, carrier);
    assert.equal(api.trace.getSpanContext(back)?.spanId, span.spanContext().spanId);
    assert.equal(api.trace.getSpanContext(back)?.isRemote, true);
    assert.equal(api.propagation.getBaggage(back)?.getEntry('u')?.value, '1');
    assert.deepEqual(api.propagation.fields(), ['traceparent', 'tracestate', 'baggage']);
    span.end();
  });

  test('API instruments of every kind record into zerotel, the API ValueType included', async () => {
    const meter = api.metrics.getMeter('api-meter');
    meter.createCounter('c', { valueType: api.ValueType.INT }).add(2, { k: 'v' }, api.context.active());
    meter.createUpDownCounter('u').add(-3);
    meter.createHistogram('h', { advice: { explicitBucketBoundaries: [1, 10] } }).record(5);
    meter.createGauge('g').record(7);
    meter.createObservableCounter('oc').addCallback((r) => r.observe(11));
    meter.createObservableUpDownCounter('ou').addCallback((r) => r.observe(-1));
    const og = meter.createObservableGauge('og');
    meter.addBatchObservableCallback((r) => r.observe(og, 42, { b: true }), [og]);
    const rm = await metrics.collect();
    const value = (n: string): unknown => (metric(rm, n)?.points[0] as NumberDataPoint | undefined)?.value;
    assert.deepEqual(['c', 'u', 'g', 'oc', 'ou', 'og'].map(value), [2, -3, 7, 11, -1, 42]);
    assert.equal(metric(rm, 'c')!.valueType, 'int');
    assert.deepEqual((metric(rm, 'h')!.points[0] as HistogramDataPoint).boundaries, [1, 10]);
  });

  test('a log record emitted through @opentelemetry/api-logs carries the active span and its fields', () => {
    const span = api.trace.getTracer('l').startSpan('with-log');
    const logger = logsApi.logs.getLogger('api-logger', '1.0.0');
    assert.equal(logger.enabled({ severityNumber: logsApi.SeverityNumber.INFO }), true);
    logger.emit({
      severityNumber: logsApi.SeverityNumber.WARN,
      severityText: 'WARN',
      body: { msg: 'hi' },
      attributes: { a: 1 },
      eventName: 'evt',
      context: api.trace.setSpan(api.ROOT_CONTEXT, span),
    });
    span.end();
    const r = logs.records.at(-1)!;
    assert.deepEqual([r.severityNumber, r.severityText, r.body, r.attributes, r.eventName], [13, 'WARN', { msg: 'hi' }, { a: 1 }, 'evt']);
    assert.equal(r.spanId, span.spanContext().spanId);
    assert.equal(r.instrumentationScope.name, 'api-logger');
  });

  test("zerotel's diagnostics reach api.diag", () => {
    const seen: string[] = [];
    const sink = { error: (m: string) => seen.push(m), warn: (m: string) => seen.push(m), info: () => {}, debug: () => {}, verbose: () => {} };
    api.diag.setLogger(sink, { logLevel: api.DiagLogLevel.WARN, suppressOverrideMessage: true });
    try {
      api.trace.getTracer('d').startActiveSpan('no-function' as never, {} as never);
      assert.ok(seen.some((m) => m.startsWith('zerotel: dropped span.start')), JSON.stringify(seen));
    } finally {
      api.diag.disable();
    }
  });
});

describe('hostile values at the bridge never throw into the caller', () => {
  const throwing = new Proxy(
    {},
    {
      get() {
        throw new Error('get trap');
      },
      getPrototypeOf() {
        throw new Error('prototype trap');
      },
      has() {
        throw new Error('has trap');
      },
    },
  );
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const getter = Object.defineProperty({}, 'spanContext', {
    get() {
      throw new Error('getter');
    },
  });
  const HOSTILE: unknown[] = [throwing, revocable.proxy, getter, Symbol('s'), 10n, Object.create(null), { traceId: 5, spanId: null }, () => 1];

  test('as contexts, parents, spans in a context, link targets and carriers', async (t) => {
    const diag = captureDiag();
    t.after(() => diag.restore());
    const tracer = api.trace.getTracer('hostile');
    for (const h of HOSTILE) {
      const label = typeof h === 'symbol' ? 'symbol' : typeof h;
      assert.doesNotThrow(() => api.context.with(h as never, () => undefined), `with ${label}`);
      assert.doesNotThrow(() => api.context.bind(h as never, () => undefined)(), `bind ${label}`);
      assert.doesNotThrow(() => tracer.startSpan('p', undefined, h as never).end(), `parent ${label}`);
      assert.doesNotThrow(() => {
        const ctx = api.trace.setSpan(api.context.active(), h as never);
        tracer.startSpan('under', undefined, ctx).end();
      }, `setSpan ${label}`);
      assert.doesNotThrow(() => {
        const s = tracer.startSpan('links');
        s.addLink(h as never);
        s.addLinks([h as never]);
        s.end();
      }, `link ${label}`);
      assert.doesNotThrow(() => api.propagation.inject(h as never, {}), `inject ${label}`);
      assert.doesNotThrow(() => api.propagation.extract(h as never, h), `extract ${label}`);
      assert.doesNotThrow(() => logsApi.logs.getLogger('h').emit({ body: 'b', context: h as never }), `log context ${label}`);
    }
    await finished();
    assert.ok(diag.messages.some((m) => m.message.includes('failed to extract')), 'a carrier that throws is reported');
  });
});
