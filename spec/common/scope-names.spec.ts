/**
 * Instrumentation scope names and versions are normalised where they enter
 * (getTracer, getLogger, getMeter, on providers and the global API): a
 * non-string is reported and replaced (name '' as the OpenTelemetry API says,
 * version undefined), so one bad scope can never break an encoder and with it
 * a whole batch of good telemetry from other scopes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getLogger, setLoggerProvider } from '../../lib/logs/api.js';
import { LoggerProvider } from '../../lib/logs/logger-provider.js';
import { getMeter, setMeterProvider } from '../../lib/metrics/api.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import { encodeLogsJson } from '../../lib/otlp/logs-json.js';
import { encodeLogsProto } from '../../lib/otlp/logs-proto.js';
import { encodeMetricsJson } from '../../lib/otlp/metrics-json.js';
import { encodeMetricsProto } from '../../lib/otlp/metrics-proto.js';
import { encodeTracesJson } from '../../lib/otlp/trace-json.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { getTracer, setTracerProvider } from '../../lib/trace/api.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { testLogs } from '../helpers/logs.js';
import { officialDecode } from '../helpers/official-decode.js';
import { testTracing } from '../helpers/tracing.js';
import { setup } from '../metrics/helpers.js';
import { warningsPerTest } from '../helpers/diag.js';

const messages = warningsPerTest();

const throwingToString = { toString: () => { throw new Error('nope'); } };
const BAD: [string, unknown][] = [
  ['null', null],
  ['a function', () => 'v'],
  ['a Symbol', Symbol('v')],
  ['a BigInt', 10n],
  ['a number', 1.5],
  ['an object whose toString throws', throwingToString],
];

describe('scope names and versions at the API edge', () => {
  for (const [what, bad] of BAD) {
    test(`a tracer with ${what} as version: 99 good spans and 1 from it decode in one batch (protobuf and JSON)`, async () => {
      const t = testTracing();
      for (let i = 0; i < 99; i++) t.provider.getTracer('good', '1.0.0').startSpan(`good-${i}`).end();
      let badTracer: ReturnType<TracerProvider['getTracer']> | undefined;
      assert.doesNotThrow(() => (badTracer = t.provider.getTracer('lib', bad as string)));
      badTracer!.startSpan('from-bad').end();
      const spans = await t.spans();
      assert.equal(spans.length, 100);
      const req = officialDecode('traces', encodeTracesProto(spans));
      const names = req.resourceSpans.flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans.map((x: any) => x.name)));
      assert.equal(names.length, 100);
      const scope = req.resourceSpans[0].scopeSpans.find((s: any) => s.spans[0].name === 'from-bad').scope;
      assert.equal(scope.name, 'lib');
      assert.equal(scope.version ?? '', '');
      const json = JSON.parse(encodeTracesJson(spans));
      assert.equal(json.resourceSpans[0].scopeSpans.reduce((n: number, s: any) => n + s.spans.length, 0), 100);
      assert.ok(messages.some((m) => m.includes('version')), 'the bad version is reported');
    });

    test(`a tracer, logger and meter with ${what} as name get the name '' and work`, async () => {
      const t = testTracing();
      const tracer = t.provider.getTracer(bad as string, bad as string);
      assert.equal(tracer.scope.name, '');
      assert.equal(tracer.scope.version, undefined);
      tracer.startSpan('s').end();
      const spans = await t.spans();
      officialDecode('traces', encodeTracesProto(spans));
      JSON.parse(encodeTracesJson(spans));

      const { provider: lp, records } = testLogs();
      const logger = lp.getLogger(bad as string, bad as string);
      assert.equal(logger.scope.name, '');
      assert.equal(logger.scope.version, undefined);
      logger.info('hello');
      lp.getLogger('good', '1').info('good');
      assert.equal(officialDecode('logs', encodeLogsProto(records)).resourceLogs[0].scopeLogs.length, 2);
      JSON.parse(Buffer.from(encodeLogsJson(records)).toString());

      const { provider: mp, collect } = setup();
      const meter = mp.getMeter(bad as string, bad as string);
      assert.equal(meter.scope.name, '');
      assert.equal(meter.scope.version, undefined);
      meter.createCounter('c').add(1);
      mp.getMeter('good', '1').createCounter('c').add(1);
      const rm = await collect();
      assert.equal(officialDecode('metrics', encodeMetricsProto(rm)).resourceMetrics[0].scopeMetrics.length, 2);
      JSON.parse(new TextDecoder().decode(encodeMetricsJson(rm)));
    });
  }

  test('schemaUrl and scope attributes that are not what they should be are dropped, not encoded', async () => {
    const t = testTracing();
    const attrs = { ok: 1, bad: { nested: 1 } };
    Object.defineProperty(attrs, 'boom', { enumerable: true, get: () => { throw new Error('getter'); } });
    const tracer = t.provider.getTracer('lib', '1', { schemaUrl: 5 as never, attributes: attrs as never });
    tracer.startSpan('s').end();
    const req = officialDecode('traces', encodeTracesProto(await t.spans()));
    const ss = req.resourceSpans[0].scopeSpans[0];
    assert.equal(ss.schemaUrl ?? '', '');
    assert.deepEqual(ss.scope.attributes.map((a: any) => a.key), ['ok']);
  });

  test('the global getTracer, getLogger and getMeter never throw on a Symbol name or version', () => {
    const prev = [setTracerProvider(new TracerProvider()), setLoggerProvider(new LoggerProvider()), setMeterProvider(new MeterProvider())];
    try {
      assert.doesNotThrow(() => getTracer(Symbol('n') as never, Symbol('v') as never).startSpan('x').end());
      assert.doesNotThrow(() => getLogger(Symbol('n') as never, Symbol('v') as never).info('x'));
      assert.doesNotThrow(() => getMeter(Symbol('n') as never, Symbol('v') as never).createCounter('c').add(1));
    } finally {
      setTracerProvider(prev[0] as TracerProvider ?? new TracerProvider());
      setLoggerProvider(prev[1] as LoggerProvider ?? new LoggerProvider());
      setMeterProvider(prev[2] as MeterProvider ?? new MeterProvider());
    }
  });
});
