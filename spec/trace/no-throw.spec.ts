/**
 * Calls that used to throw into application code: each now does what it can,
 * counts what it could not do in droppedCounts() and reports it — and never
 * throws. Plus the API shapes people copy from the OpenTelemetry docs.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { droppedCounts } from '../../lib/common/diag.js';
import { activeContext, bindContext, getCurrentSpan, withContext, withSpan } from '../../lib/context/async-context.js';
import { ROOT_CONTEXT } from '../../lib/context/context.js';
import { LoggerProvider } from '../../lib/logs/logger-provider.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import { MetricReader } from '../../lib/metrics/metric-reader.js';
import { PeriodicExportingMetricReader } from '../../lib/metrics/periodic-reader.js';
import { linkSpan, setTracerProvider, startActiveSpan, startSpan } from '../../lib/trace/api.js';
import type { Sampler } from '../../lib/trace/sampler.js';
import { SpanKind } from '../../lib/trace/span.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { throwingError, throwingGetter, throwingProxy } from '../helpers/hostile.js';
import { testTracing } from '../helpers/tracing.js';
import { warningsPerTest } from '../helpers/diag.js';

const messages = warningsPerTest();
afterEach(() => {
  setTracerProvider(new TracerProvider());
});

const count = (kind: string): number => droppedCounts()[kind] ?? 0;

describe('span methods given what they cannot use', () => {
  test('addLinks(null), addLinks("x"), addLinks([null, 5, proxy]) add nothing, count each and keep good links', async () => {
    const t = testTracing();
    const tracer = t.provider.getTracer('t');
    const target = tracer.startSpan('target');
    const span = tracer.startSpan('s');
    assert.doesNotThrow(() => span.addLinks(null as never));
    assert.doesNotThrow(() => span.addLinks('x' as never));
    assert.doesNotThrow(() => span.addLinks([null, 5, throwingProxy(), { context: target.spanContext() }] as never));
    span.end();
    assert.equal(span.links?.length, 1);
    assert.equal(count('span.link'), 5);
  });

  test('a span started with links: null or links: [null] starts and counts the bad links', () => {
    const tracer = testTracing().provider.getTracer('t');
    assert.doesNotThrow(() => tracer.startSpan('a', { links: null as never }).end());
    assert.doesNotThrow(() => tracer.startSpan('b', { links: [null] as never }).end());
    assert.equal(count('span.link'), 2);
  });

  test('attributes whose getters throw, or a Proxy that throws on every trap, keep the readable entries and count the rest', async () => {
    const t = testTracing();
    const tracer = t.provider.getTracer('t');
    const a = tracer.startSpan('a', { attributes: throwingGetter('boom', { ok: 1 }) as never });
    a.setAttributes(throwingProxy() as never);
    a.setAttributes(throwingGetter('bang', { fine: 'y' }) as never);
    a.addEvent('e', throwingGetter('x', { e: 1 }) as never);
    a.addEvent('p', throwingProxy() as never);
    a.end();
    assert.deepEqual({ ...a.attributes }, { ok: 1, fine: 'y' });
    assert.deepEqual({ ...a.events![0]!.attributes }, { e: 1 });
    assert.equal(count('span.attribute'), 3);
    assert.equal(count('event.attribute'), 2);
  });

  test('recordException with a Proxy or an Error whose getters throw records an exception event and does not throw', () => {
    const tracer = testTracing().provider.getTracer('t');
    const span = tracer.startSpan('s');
    assert.doesNotThrow(() => span.recordException(throwingProxy()));
    assert.doesNotThrow(() => span.recordException(throwingError()));
    span.end();
    assert.equal(span.events?.length, 2);
    assert.equal(span.events![0]!.attributes!['exception.message'], 'unprintable value');
    assert.equal(span.events![1]!.attributes!['exception.type'], 'Error');
  });

  test('span options that are a Proxy, a string or hold an unknown kind are reported; the span still starts', () => {
    const tracer = testTracing().provider.getTracer('t');
    assert.equal(tracer.startSpan('a', throwingProxy() as never).isRecording(), true);
    assert.equal(tracer.startSpan('b', 'x' as never).isRecording(), true);
    assert.equal(tracer.startSpan('c', { kind: 9 as never }).kind, SpanKind.INTERNAL);
    assert.equal(tracer.startSpan(Symbol('n') as never).name, 'Symbol(n)');
    assert.equal(count('span.options'), 2);
    assert.equal(count('span.kind'), 1);
  });

  test('a sampler that throws records nothing for that span, counts span.sampler and reports it once', async () => {
    const sampler: Sampler = {
      shouldSample() {
        throw new Error('sampler bug');
      },
    };
    const t = testTracing({ sampler });
    const span = t.provider.getTracer('t').startSpan('s');
    assert.equal(span.isRecording(), false);
    span.end();
    assert.equal((await t.spans()).length, 0);
    assert.equal(count('span.sampler'), 1);
    assert.ok(messages.some((m) => m.includes('sampler bug')));
  });

  test('a sampler answering something that is not a decision records nothing and is counted', () => {
    const sampler = { shouldSample: () => 'yes' } as unknown as Sampler;
    const span = testTracing({ sampler }).provider.getTracer('t').startSpan('s');
    assert.equal(span.isRecording(), false);
    assert.equal(count('span.sampler'), 1);
  });

  test('a context holding a Proxy as its span (current or given) starts a root span, counted, without running a trap', () => {
    const tracer = testTracing().provider.getTracer('t');
    const ctx = ROOT_CONTEXT.withSpan(throwingProxy() as never);
    const current = withContext(ctx, () => tracer.startSpan('current'));
    const given = tracer.startSpan('given', {}, ctx);
    for (const span of [current, given]) {
      assert.equal(span.isRecording(), true);
      assert.equal(span.parentSpanId, undefined);
    }
    assert.equal(count('span.parent'), 2);
  });
});

describe('context helpers given what they cannot run', () => {
  test('withSpan(span, 5), withContext(ctx, "x") and bindContext(5) run nothing, return undefined or the value, and count it', () => {
    const span = startSpan('s');
    assert.equal(withSpan(span, 5 as never), undefined);
    assert.equal(withContext(ROOT_CONTEXT, 'x' as never), undefined);
    assert.equal(bindContext(5 as never), 5);
    assert.equal(count('context.callback'), 3);
    span.end();
  });

  test('withSpan with something that is not a span keeps the current span and counts it', () => {
    const outer = startSpan('outer');
    withSpan(outer, () => {
      withSpan({ t0: 1 } as never, () => assert.equal(getCurrentSpan(), outer));
      withContext(42 as never, () => assert.equal(activeContext().span, outer));
    });
    assert.equal(count('context.span'), 1);
    assert.equal(count('context.context'), 1);
    outer.end();
  });
});

describe('startActiveSpan in every OpenTelemetry shape', () => {
  test('without a function it starts nothing, returns undefined and counts span.start', () => {
    const t = testTracing({}, true);
    assert.equal(startActiveSpan('x' as never, undefined as never), undefined);
    assert.equal((startActiveSpan as (n: string) => unknown)('x'), undefined);
    assert.equal(t.provider.getTracer('t').startActiveSpan('y', {} as never, null as never, 5 as never), undefined);
    assert.equal(count('span.start'), 3);
  });

  test('(name, options, context, fn): the span is current in fn, its parent comes from the context, fn returns through', async () => {
    const t = testTracing({}, true);
    const parent = startSpan('parent');
    const ctx = ROOT_CONTEXT.withSpan(parent);
    const r = startActiveSpan('child', { kind: SpanKind.CLIENT }, ctx, (span) => {
      assert.equal(getCurrentSpan(), span);
      assert.equal(span.parentSpanId, parent.spanId);
      assert.equal(span.kind, SpanKind.CLIENT);
      span.end();
      return 7;
    });
    assert.equal(r, 7);
    parent.end();
    assert.equal((await t.spans()).length, 2);
  });

  test('(name, fn) and (name, options, fn) still work on the tracer and globally', () => {
    const t = testTracing({}, true);
    assert.equal(startActiveSpan('a', (s) => (s.end(), 1)), 1);
    assert.equal(startActiveSpan('b', { attributes: { k: 1 } }, (s) => (s.end(), s.attributes!['k'])), 1);
    assert.equal(t.provider.getTracer('t').startActiveSpan('c', (s) => (s.end(), 3)), 3);
  });
});

describe('the global startSpan argument orders', () => {
  test('options given in the Tracer order (name, options, parent) are applied, parent too', async () => {
    const t = testTracing({}, true);
    const parent = startSpan('parent');
    const child = startSpan('child', { kind: SpanKind.SERVER, attributes: { a: 1 } } as never, parent as never);
    assert.equal(child.kind, SpanKind.SERVER);
    assert.equal(child.attributes!['a'], 1);
    assert.equal(child.parentSpanId, parent.spanId);
    const alone = startSpan('alone', { kind: SpanKind.CLIENT } as never);
    assert.equal(alone.kind, SpanKind.CLIENT);
    const documented = startSpan('doc', parent, { kind: SpanKind.PRODUCER });
    assert.equal(documented.kind, SpanKind.PRODUCER);
    assert.equal(documented.parentSpanId, parent.spanId);
    for (const s of [child, alone, documented, parent]) s.end();
    assert.equal(count('span.parent'), 0);
    assert.equal(t.exporter.getFinishedSpans().length + (await t.spans()).length >= 4, true);
  });

  test('a parent that is neither a span, a span context nor a context is reported and the current span is the parent', () => {
    testTracing({}, true);
    const s = startSpan('x', 5 as never);
    assert.equal(s.isRecording(), true);
    assert.equal(count('span.parent'), 1);
  });
});

describe('links to ended spans', () => {
  test('linking a new span to an ended span is legitimate: no warning, the link is exported', async () => {
    const t = testTracing({}, true);
    const first = startSpan('checkout');
    first.end();
    const retry = startSpan('retry');
    linkSpan(retry, first);
    retry.end();
    const spans = await t.spans();
    assert.equal(spans[1]!.links![0]!.context.spanId, first.spanId);
    assert.deepEqual(messages, []);
  });
});

describe('providers and readers given bad options', () => {
  test('new MeterProvider({ views: "x" }), readers: [null] and views: [null, proxy] build a working provider and report', async () => {
    assert.doesNotThrow(() => new MeterProvider({ views: 'x' as never }));
    const reader = new MetricReader();
    let p: MeterProvider | undefined;
    assert.doesNotThrow(() => (p = new MeterProvider({ readers: [null, 5, reader] as never, views: [null, throwingProxy()] as never })));
    p!.getMeter('m').createCounter('c').add(1);
    const rm = await reader.collect();
    assert.equal(rm?.scopeMetrics[0]?.metrics[0]?.name, 'c');
    assert.ok(count('config.option') >= 5, 'each bad reader and view (and each unreadable view field) is counted');
  });

  test('new PeriodicExportingMetricReader() without an exporter reports it and its exports are failures, not throws', async () => {
    let r: PeriodicExportingMetricReader | undefined;
    assert.doesNotThrow(() => (r = new PeriodicExportingMetricReader(undefined as never)));
    assert.doesNotThrow(() => new PeriodicExportingMetricReader({} as never).shutdown());
    assert.doesNotThrow(() => new PeriodicExportingMetricReader(throwingProxy() as never));
    assert.ok(messages.some((m) => m.includes('no usable exporter')));
    const p = new MeterProvider({ readers: [r!] });
    p.getMeter('m').createCounter('c').add(1);
    await assert.doesNotReject(p.shutdown());
  });

  test('TracerProvider and LoggerProvider with processors that are not processors, a sampler that is not one, or a Proxy as options', () => {
    assert.doesNotThrow(() => new TracerProvider({ spanProcessors: [null, {}] as never, sampler: 5 as never, resource: {} as never }).getTracer('t').startSpan('s').end());
    assert.doesNotThrow(() => new TracerProvider(throwingProxy() as never).getTracer('t').startSpan('s').end());
    assert.doesNotThrow(() => new LoggerProvider({ processors: 'x' as never }).getLogger('l').info('x'));
    assert.doesNotThrow(() => new LoggerProvider(null as never).getLogger('l').info('x'));
    assert.ok(count('config.option') >= 5);
  });
});
