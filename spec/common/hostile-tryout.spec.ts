/**
 * What the second hostile tryout of the packed package found: calls that
 * still threw into user code, wrong input accepted silently, and input not
 * validated. Each test names the behaviour; the table-driven sweep of every
 * exported function is in spec/fuzz/entry-sweep.spec.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as api from '@opentelemetry/api';
import { registerGlobal } from '../../lib/otel-api.js';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator, extract, inject, setPropagator } from '../../lib/propagation/propagation.js';
import { defaultGetter, defaultSetter } from '../../lib/propagation/carriers.js';
import { TraceState } from '../../lib/propagation/trace-state.js';
import { ROOT_CONTEXT } from '../../lib/context/context.js';
import { droppedCounts } from '../../lib/common/diag.js';
import { exportFailure } from '../../lib/common/export-result.js';
import { SimpleSpanProcessor } from '../../lib/pipeline/simple-span-processor.js';
import { SimpleLogRecordProcessor } from '../../lib/pipeline/simple-log-record-processor.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { LoggerProvider } from '../../lib/logs/logger-provider.js';
import { getLogger, setLoggerProvider } from '../../lib/logs/api.js';
import { getMeter, setMeterProvider } from '../../lib/metrics/api.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import { MetricReader } from '../../lib/metrics/metric-reader.js';
import { CUMULATIVE_SELECTOR, DELTA_SELECTOR, InstrumentType, temporalitySelector } from '../../lib/metrics/metric-data.js';
import { AlwaysOffSampler, ParentBasedSampler, SamplingDecision, TraceIdRatioBasedSampler } from '../../lib/trace/sampler.js';
import { readConfig } from '../../lib/config/config.js';
import { otlpExporterConfig } from '../../lib/config/otlp-config.js';
import { toPrometheusText } from '../../lib/exporters/prometheus-text.js';
import { PrometheusExporter } from '../../lib/exporters/prometheus-exporter.js';
import { Baggage } from '../../lib/propagation/baggage.js';
import { InMemorySpanExporter } from '../../lib/pipeline/in-memory-span-exporter.js';
import { ConsoleMetricExporter } from '../../lib/pipeline/metric-exporters.js';
import { TransportError } from '../../lib/transport/transport-result.js';
import { disableHttpInstrumentation, enableHttpInstrumentation } from '../../lib/instrumentation/http-instrumentation.js';
import { OtlpTraceExporter } from '../../lib/exporters/otlp-trace-exporter.js';
import { RetryingTransport } from '../../lib/transport/retry.js';
import { captureConsole, releaseConsole } from '../../lib/logs/console-bridge.js';
import { decodeTracesRequest, encodeTracesJson, encodeTracesProto } from '../../lib/otlp.js';
import { epochNanosString } from '../../lib/common/time.js';
import { captureDiag } from '../helpers/diag.js';
import { throwingGetter, throwingProxy } from '../helpers/hostile.js';

const said = (d: ReturnType<typeof captureDiag>, text: string): boolean => d.messages.some((m) => m.message.includes(text));

test('registerGlobal takes back a global the API gave up with disable(), and says which it found already registered', (t) => {
  const d = captureDiag();
  const first = registerGlobal(api);
  t.after(() => {
    d.restore();
    api.trace.disable();
    api.metrics.disable();
    api.context.disable();
    api.propagation.disable();
  });
  assert.equal(first.registered.trace, true);
  api.trace.disable();
  api.metrics.disable();
  const again = registerGlobal(api);
  // Before: the second call saw its own earlier registration and registered nothing, silently.
  assert.deepEqual(again.registered, { trace: true, metrics: true, context: false, propagation: false, logs: false });
  assert.deepEqual(again.alreadyRegistered, { trace: false, metrics: false, context: true, propagation: true, logs: false });
  assert.equal(api.trace.getTracerProvider().getTracer('t').startSpan('s').constructor.name, 'Span');
  assert.ok(said(d, 'already registered for context, propagation'), JSON.stringify(d.messages));
  const third = registerGlobal(api);
  assert.deepEqual(third.alreadyRegistered, { trace: true, metrics: true, context: true, propagation: true, logs: false });
  assert.ok(said(d, 'for context, trace, metrics, propagation'));
});

test('a SimpleSpanProcessor or SimpleLogRecordProcessor without an exporter says so once and counts what it drops', async () => {
  const d = captureDiag();
  try {
    const ssp = new SimpleSpanProcessor(undefined as never);
    new SimpleSpanProcessor(null as never);
    assert.equal(d.messages.filter((m) => m.message.includes('SimpleSpanProcessor needs an exporter')).length, 1);
    const provider = new TracerProvider({ spanProcessors: [ssp] });
    provider.getTracer('t').startSpan('lost').end();
    assert.equal(droppedCounts()['ssp.span.no-exporter'], 1);
    await assert.doesNotReject(provider.shutdown());

    const slp = new SimpleLogRecordProcessor(5 as never);
    assert.ok(said(d, 'SimpleLogRecordProcessor needs an exporter'));
    const logs = new LoggerProvider({ processors: [slp] });
    logs.getLogger('l').info('lost');
    assert.equal(droppedCounts()['slp.record.no-exporter'], 1);
    await assert.doesNotReject(logs.shutdown());
  } finally {
    d.restore();
  }
});

test('simple processors count an export that resolves to something not a result, and survive a throwing flush and shutdown', async () => {
  const d = captureDiag();
  try {
    const exporter = {
      export: () => Promise.resolve(undefined),
      forceFlush: () => Promise.reject(new Error('flush refused')),
      shutdown: () => {
        throw new Error('shutdown refused');
      },
    };
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter as never)] });
    provider.getTracer('t').startSpan('s').end();
    await assert.doesNotReject(provider.forceFlush());
    assert.equal(droppedCounts()['ssp.span.export-failed'], 1);
    await assert.doesNotReject(provider.shutdown());
    assert.ok(said(d, 'exporter forceFlush failed: flush refused'));
    assert.ok(said(d, 'exporter shutdown failed: shutdown refused'));
  } finally {
    d.restore();
  }
});

test('CompositePropagator takes a non-array or non-propagator entries without throwing, and reports them', () => {
  const d = captureDiag();
  try {
    for (const bad of [null, 5, 'tracecontext', throwingProxy(), throwingGetter()]) {
      const p = new CompositePropagator(bad as never);
      assert.deepEqual(p.fields(), []);
    }
    const mixed = new CompositePropagator([null, throwingProxy(), new W3CTraceContextPropagator()] as never);
    assert.deepEqual(mixed.fields(), ['traceparent', 'tracestate']);
    const carrier: Record<string, string> = {};
    assert.doesNotThrow(() => mixed.inject(ROOT_CONTEXT, carrier, defaultSetter));
    assert.equal(mixed.extract(ROOT_CONTEXT, {}, defaultGetter), ROOT_CONTEXT);
    assert.ok(said(d, 'CompositePropagator option "propagators" must be an array'));
    // Five values that are not arrays, two entries that are not propagators (later lines of a kind are summed).
    assert.equal(droppedCounts()['config.option'], 7);
  } finally {
    d.restore();
  }
});

test('a propagator whose class name cannot be read (a Proxy) is reported when it throws, not rethrown', () => {
  const d = captureDiag();
  try {
    const sly = new Proxy(
      { inject: () => { throw new Error('inject boom'); }, extract: () => { throw new Error('extract boom'); }, fields: () => [] },
      { get: (target, key) => (key === 'constructor' ? (() => { throw new Error('no name'); })() : Reflect.get(target, key)) },
    );
    const p = new CompositePropagator([sly as never]);
    assert.doesNotThrow(() => p.inject(ROOT_CONTEXT, {}, defaultSetter));
    assert.equal(p.extract(ROOT_CONTEXT, {}, defaultGetter), ROOT_CONTEXT);
    assert.ok(said(d, 'propagator anonymous failed to inject: inject boom'));
  } finally {
    d.restore();
  }
});

test('the W3C propagators called directly with a hostile context, carrier or getter report instead of throwing', () => {
  const d = captureDiag();
  try {
    for (const p of [new W3CTraceContextPropagator(), new W3CBaggagePropagator()]) {
      for (const v of [undefined, null, 7, throwingProxy()]) {
        assert.doesNotThrow(() => p.inject(v as never, {}, defaultSetter));
        assert.doesNotThrow(() => p.inject(ROOT_CONTEXT, {}, v as never));
        assert.equal(p.extract(ROOT_CONTEXT, v, v as never), ROOT_CONTEXT);
      }
    }
    assert.ok(said(d, 'propagator W3CTraceContextPropagator failed to inject'));
    assert.ok(said(d, 'propagator W3CBaggagePropagator failed to extract'));
  } finally {
    d.restore();
  }
});

test('setPropagator refuses something that is not a propagator, keeping inject and extract working', () => {
  const d = captureDiag();
  try {
    setPropagator(throwingProxy() as never);
    assert.ok(said(d, 'setPropagator needs a propagator'));
    assert.doesNotThrow(() => inject(throwingProxy()));
    assert.doesNotThrow(() => extract(throwingProxy()));
  } finally {
    setPropagator(undefined);
    d.restore();
  }
});

test('new TraceState(header) checks the header as extraction does', () => {
  const d = captureDiag();
  try {
    const ts = new TraceState('a=1,=,B=2,,c=x y,a=dup');
    assert.equal(ts.serialize(), 'a=1,c=x y');
    assert.deepEqual(ts.keys(), ['a', 'c']);
    assert.ok(d.messages.some((m) => m.level === 'warn' && m.message.includes('3 member(s) discarded')), JSON.stringify(d.messages));
    assert.equal(new TraceState('vendor=ok').serialize(), 'vendor=ok');
    assert.equal(new TraceState().serialize(), '');
    assert.equal(new TraceState(['a=1', 'b=2'] as never).serialize(), 'a=1,b=2');
    for (const bad of [null, 5, throwingProxy()]) assert.equal(new TraceState(bad as never).serialize(), '');
    assert.ok(said(d, 'new TraceState() needs a string, got object'));
    // What parse and the mutators build stays as it was.
    assert.equal(TraceState.parse('k=v')?.set('z', '1').unset('k').serialize(), 'z=1');
  } finally {
    d.restore();
  }
});

test('the global logger and meter survive options whose getters or traps throw', (t) => {
  const logs = new LoggerProvider({ processors: [{ onEmit() {}, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() }] });
  const prevLogs = setLoggerProvider(logs);
  const reader = new MetricReader();
  const prevMeter = setMeterProvider(new MeterProvider({ readers: [reader] }));
  const d = captureDiag();
  t.after(() => {
    setLoggerProvider(prevLogs);
    setMeterProvider(prevMeter);
    d.restore();
  });
  const logger = getLogger('hostile');
  assert.equal(logger.enabled(throwingGetter('severityNumber') as never), true);
  assert.equal(logger.enabled(throwingProxy() as never), true);
  assert.ok(said(d, 'logger.enabled(): unreadable options'));
  const g = getMeter('hostile').createObservableGauge('g', throwingProxy() as never);
  assert.doesNotThrow(() => g.addCallback((r) => r.observe(1)));
});

test('samplers built from missing or hostile options use the defaults and say so', () => {
  const d = captureDiag();
  try {
    for (const bad of [undefined, null, 3, 'root', throwingProxy(), throwingGetter('root')]) {
      const s = new ParentBasedSampler(bad as never);
      assert.equal(s.shouldSample(undefined, 1, 'n', 0, undefined), SamplingDecision.RECORD_AND_SAMPLED);
      assert.equal(s.toString(), 'ParentBased{root=AlwaysOnSampler}');
    }
    assert.ok(said(d, 'ParentBasedSampler: "root" is not a sampler'));
    // The shorthand and a proper options object still work.
    assert.equal(new ParentBasedSampler(new AlwaysOffSampler()).shouldSample(undefined, 1, 'n', 0, undefined), SamplingDecision.DROP);
    const local = new ParentBasedSampler({ root: new AlwaysOffSampler(), localParentSampled: 'x' as never });
    assert.equal(local.shouldSample({ traceFlags: 1, isRemote: false }, 1, 'n', 0, undefined), SamplingDecision.RECORD_AND_SAMPLED);
    assert.ok(said(d, '"localParentSampled" is not a sampler'));
    const ratio = new TraceIdRatioBasedSampler('0.5' as never);
    assert.equal(ratio.ratio, 0);
    assert.ok(said(d, 'ratio string 0.5 is not a number'));
    assert.equal(new TraceIdRatioBasedSampler(1).shouldSample(undefined, Symbol('x') as never), SamplingDecision.DROP);
  } finally {
    d.restore();
  }
});

test('readConfig, MetricReader, temporalitySelector, toPrometheusText and PrometheusExporter take missing or hostile input without throwing', () => {
  const d = captureDiag();
  try {
    assert.equal(readConfig(null as never).disabled, readConfig().disabled);
    assert.ok(said(d, 'readConfig needs an environment object'));
    const hostileEnv = throwingGetter('OTEL_TRACES_SAMPLER', { OTEL_SERVICE_NAME: 'svc', OTEL_TRACES_EXPORTER: 42 });
    const c = readConfig(hostileEnv as never);
    assert.equal(c.disabled, false);
    assert.ok(said(d, 'OTEL_TRACES_SAMPLER could not be read'));
    assert.ok(said(d, 'OTEL_TRACES_EXPORTER must be a string, got number'));
    assert.doesNotThrow(() => readConfig(throwingProxy() as never));

    for (const bad of [null, 5, throwingProxy(), throwingGetter('temporality')]) {
      assert.equal(new MetricReader(bad as never).selectTemporality(InstrumentType.COUNTER), CUMULATIVE_SELECTOR(InstrumentType.COUNTER));
    }
    assert.equal(temporalitySelector(7 as never), CUMULATIVE_SELECTOR);
    assert.equal(temporalitySelector('Delta'), DELTA_SELECTOR);
    assert.equal(temporalitySelector('sideways'), CUMULATIVE_SELECTOR);
    assert.ok(said(d, 'unknown temporality preference "sideways"'));

    for (const bad of [undefined, null, 'metrics', 5, throwingProxy(), { scopeMetrics: 5 }]) assert.equal(toPrometheusText(bad as never), '');
    assert.ok(said(d, 'toPrometheusText needs a collection, got undefined'));

    // Not attached to a provider: the constructor alone starts no server.
    for (const bad of [null, 5, throwingProxy(), throwingGetter('host')]) {
      assert.equal(new PrometheusExporter(bad as never).host, '127.0.0.1');
    }
    const odd = new PrometheusExporter({ port: 'x', host: 7, endpoint: 9, preventServerStart: true } as never);
    assert.equal(odd.host, '127.0.0.1');
    assert.equal(odd.endpoint, '/metrics');
    assert.ok(said(d, 'PrometheusExporter: invalid port; 9464 is used'));
  } finally {
    d.restore();
  }
});

test('exportFailure describes a hostile error value instead of throwing', () => {
  const r = exportFailure(throwingProxy());
  assert.equal(r.code, 'failure');
  assert.ok(r.code === 'failure' && r.error instanceof Error);
  const sym = exportFailure(Symbol('why'));
  assert.ok(sym.code === 'failure' && sym.error.message === 'Symbol(why)');
});

test('a certificate file only matters to an https endpoint: a missing one does not disable an http:// exporter', () => {
  const d = captureDiag();
  try {
    const env = { OTEL_EXPORTER_OTLP_CERTIFICATE: '/nonexistent/ca.pem', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    const plain = otlpExporterConfig(env, 'traces');
    assert.equal(plain.disabledReason, undefined);
    assert.equal(plain.tls, undefined);
    assert.ok(said(d, 'OTEL_EXPORTER_OTLP_CERTIFICATE not used: http://127.0.0.1:4318/v1/traces is not https'));
    assert.ok(!d.messages.some((m) => m.level === 'warn'), JSON.stringify(d.messages));
    // The same file for an https endpoint of one signal disables that signal's exporter only, named.
    const mixed = { ...env, OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'https://collector:4318/v1/logs' };
    assert.equal(otlpExporterConfig(mixed, 'traces').disabledReason, undefined);
    assert.match(otlpExporterConfig(mixed, 'logs').disabledReason ?? '', /^OTLP logs exporter disabled: OTEL_EXPORTER_OTLP_CERTIFICATE="\/nonexistent\/ca.pem" cannot be read/);
  } finally {
    d.restore();
  }
});

test('a signal whose exporter is not OTLP says nothing about OTLP settings it does not use', () => {
  const d = captureDiag();
  try {
    const c = readConfig({
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'console',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318',
      OTEL_EXPORTER_OTLP_CERTIFICATE: '/nonexistent/ca.pem',
    });
    assert.equal(c.disabled, false);
    // Before: three warnings, "OTLP metrics exporter disabled" among them, with only Prometheus asked for.
    assert.deepEqual(d.messages.filter((m) => m.level === 'warn'), []);
    const used = readConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318', OTEL_EXPORTER_OTLP_CERTIFICATE: '/nonexistent/ca.pem', OTEL_METRICS_EXPORTER: 'otlp', OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' });
    assert.ok(!used.disabled && used.metrics.otlp.disabledReason !== undefined);
    assert.deepEqual(d.messages.filter((m) => m.level === 'warn').map((m) => m.message.slice(0, 30)), ['OTLP metrics exporter disabled']);
  } finally {
    d.restore();
  }
});

test('what the entry sweep found: bad values are reported or answered as results, the good ones still work', async () => {
  const d = captureDiag();
  try {
    const b = new Baggage(new Map<string, unknown>([['ok', { value: '1' }], ['bad key', { value: 'x' }], ['n', { value: 5 }], ['m', { value: 'v', metadata: 'p=1' }]]) as never);
    assert.equal(b.serialize(), 'ok=1,m=v;p=1');
    assert.equal(droppedCounts()['baggage.entry'], 2);
    assert.equal(new Baggage('ok=1' as never).size, 0);
    assert.equal(droppedCounts()['baggage.entry'], 3);
    assert.equal(new Baggage().setEntry('k', throwingProxy() as never).size, 0);

    const provider = new MeterProvider();
    assert.equal(provider.addMetricReader(5 as never), false);
    assert.ok(said(d, 'addMetricReader needs a MetricReader'));
    const reader = new MetricReader();
    provider.addMetricReader(reader);
    assert.ok((await reader.collect(throwingProxy() as never)) !== undefined);

    const spans = new InMemorySpanExporter();
    assert.equal((await spans.export(5 as never)).code, 'failure');
    assert.equal((await spans.export([])).code, 'success');
    provider.getMeter('m').createCounter('c').add(1);
    const printed = await new ConsoleMetricExporter(() => {
      throw new Error('stdout gone');
    }).export((await reader.collect())!);
    assert.ok(printed.code === 'failure' && printed.error.message.includes('stdout gone'));
    assert.equal((await new ConsoleMetricExporter(() => {}).export(undefined as never)).code, 'failure');

    const err = new TransportError(throwingProxy() as never, throwingProxy() as never, 'x' as never);
    assert.equal(err.message, 'unprintable value');
    assert.equal(err.status, undefined);

    enableHttpInstrumentation({ ignorePaths: throwingProxy([1]) as never, tracerProvider: 5 as never });
    assert.ok(said(d, 'tracerProvider has no getTracer()'));
    enableHttpInstrumentation(throwingProxy() as never);
  } finally {
    disableHttpInstrumentation();
    d.restore();
  }
});

test('Baggage.from / setAll with a very large object copies the entries once (was one copy per entry)', { timeout: 20_000 }, () => {
  const many: Record<string, string> = {};
  for (let i = 0; i < 100_000; i++) many[`k${i}`] = 'v';
  const b = Baggage.from(many);
  assert.equal(b.size, 100_000);
  assert.equal(b.setAll({ extra: '1' }).size, 100_001);
});

test('what the packed-package tryout found: names that cannot be printed, revoked Proxies, options that cannot be converted', async () => {
  const boom = (): never => {
    throw new Error('boom');
  };
  const unprintable = { [Symbol.toPrimitive]: boom };
  const revoked = (() => {
    const r = Proxy.revocable({}, {});
    r.revoke();
    return r.proxy;
  })();
  const d = captureDiag();
  try {
    // A metric name that cannot be printed, in the diagnostic of a bad callback.
    assert.doesNotThrow(() => getMeter('m').createObservableCounter(unprintable as never).addCallback(5 as never));
    assert.ok(said(d, 'addCallback needs a function'));
    // Array.isArray throws for a revoked Proxy.
    assert.equal(new TraceState(revoked as never).serialize(), '');
    assert.equal(TraceState.parse(revoked), undefined);
    assert.doesNotThrow(() => new MeterProvider(revoked as never));
    assert.doesNotThrow(() => new CompositePropagator(revoked as never));
    // Options whose conversion to a number throws, or that cannot be read at all.
    const exporter = new OtlpTraceExporter({ timeoutMillis: unprintable as never, retry: throwingProxy() as never, url: 'http://127.0.0.1:9/v1/traces' });
    assert.equal(exporter.timeoutMillis, 10000);
    assert.ok(said(d, 'invalid timeoutMillis; 10000 is used'));
    await exporter.shutdown();
    assert.doesNotThrow(() => new RetryingTransport({ send: () => Promise.resolve({ ok: true }) } as never, { maxAttempts: 'x', jitter: -1 } as never));
    assert.ok(said(d, 'retry: invalid maxAttempts; 5 is used'));
    assert.ok(said(d, 'retry: invalid jitter; 0.2 is used'));
  } finally {
    d.restore();
  }
});

test('captureConsole reads its options once and refuses a logger that cannot emit', (t) => {
  const d = captureDiag();
  t.after(() => {
    releaseConsole();
    d.restore();
  });
  assert.equal(captureConsole(throwingProxy() as never), true);
  releaseConsole();
  assert.equal(captureConsole({ logger: {} as never }), true);
  assert.ok(said(d, 'captureConsole: logger has no enabled()/emit()'));
});

test('a start, end, event or log time OTLP cannot carry is reported and replaced by the current time (it encoded as a wrapped or exponent-form number)', async () => {
  const d = captureDiag();
  try {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('t');
    const bad = [1e300, 8.64e15, -5e12, Number.NaN, 'soon', new Date(Number.NaN), [1e20, 0], [Number.NaN, 1], { valueOf: () => 1 }];
    const before = Date.now();
    for (const time of bad) {
      const span = tracer.startSpan('bad time', { startTime: time as never });
      span.addEvent('e', {}, time as never);
      span.end(time as never);
    }
    tracer.startSpan('good time', { startTime: new Date(1_700_000_000_000) }).end([1_700_000_001, 5_000_000]);
    await provider.forceFlush();
    const decoded = decodeTracesRequest(encodeTracesProto(exporter.getFinishedSpans()));
    const spans = decoded.resourceSpans[0]!.scopeSpans[0]!.spans;
    for (const s of spans.slice(0, bad.length)) {
      for (const t of [s.startTimeUnixNano, s.endTimeUnixNano, s.events![0]!.timeUnixNano]) {
        const ms = Number(BigInt(t) / 1_000_000n);
        assert.ok(ms >= before - 1000 && ms <= Date.now() + 1000, `${t} is about now`);
      }
    }
    assert.equal(spans.at(-1)!.startTimeUnixNano, '1700000000000000000');
    assert.equal(spans.at(-1)!.endTimeUnixNano, '1700000001005000000');
    assert.equal(droppedCounts()['time.input'], bad.length * 3);
    const logs = new LoggerProvider({ processors: [{ onEmit() {}, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() }] });
    logs.getLogger('l').emit({ body: 'x', timestamp: -5e12, observedTimestamp: 1e300 });
    assert.equal(droppedCounts()['time.input'], bad.length * 3 + 2);
    assert.ok(said(d, 'is not a time OTLP can carry'));
    // JSON: no exponent form, no negative number.
    assert.doesNotMatch(encodeTracesJson(exporter.getFinishedSpans()), /UnixNano":"(-|\d+e)/);
    // The public conversion of a huge relative time: digits, not "1e+294…".
    assert.match(epochNanosString(1e300), /^\d{300,}$/);
  } finally {
    d.restore();
  }
});

test('every log severity off the scale is counted, not only the first one said', () => {
  const d = captureDiag();
  try {
    const logs = new LoggerProvider({ processors: [{ onEmit() {}, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() }] });
    const logger = logs.getLogger('l');
    for (const severityNumber of [Number.NaN, 2.5, '9', -5]) logger.emit({ body: 'x', severityNumber: severityNumber as never });
    assert.equal(droppedCounts()['log.severity'], 4);
    assert.ok(said(d, 'severity number NaN is off the 0..24 scale'));
  } finally {
    d.restore();
  }
});
