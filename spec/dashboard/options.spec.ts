/**
 * `startDashboardServer`'s options: unusable ones reject the returned promise
 * with a DashboardOptionError naming the option (and diag says it), never a
 * synchronous throw and never a quiet fallback; `grpcPort` starts the OTLP/gRPC
 * receiver beside the HTTP one; the in-process road follows `set*Provider`
 * calls made after the start and joins a meter provider once however often
 * dashboards start and stop.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes as officialResource } from '@opentelemetry/resources';
import { DashboardOptionError, startDashboardServer } from '../../lib/dashboard.js';
import { resourceFromAttributes } from '../../lib/common/resource.js';
import { setMeterProvider } from '../../lib/metrics/api.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import { MetricReader } from '../../lib/metrics/metric-reader.js';
import { startSpan, setTracerProvider } from '../../lib/trace/api.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { captureDiag } from '../helpers/diag.js';
import { eventually, getJson } from './helpers.js';

describe('startDashboardServer options', () => {
  const bad: [string, unknown, RegExp][] = [
    ['a negative port', { port: -1 }, /option port -1 must be an integer port number from 0 to 65535/],
    ['a port above 65535', { port: 70000 }, /option port 70000 must be an integer/],
    ['a port given as text', { port: 'abc' }, /option port "abc" must be an integer/],
    ['a fractional port', 80.5, /option port 80.5 must be an integer/],
    ['NaN as the port', { port: Number.NaN }, /option port NaN/],
    ['a bad gRPC port', { grpcPort: 65536 }, /option grpcPort 65536 must be an integer/],
    ['a token that is not text', { token: 1234 }, /option token 1234 must be a non-empty string/],
    ['an empty host', { host: '' }, /option host "" must be a non-empty string/],
    ['limits that are not an object', { limits: 5 }, /option limits 5 must be an object/],
    ['a limit given as text', { limits: { maxSpans: '10' } }, /option limits.maxSpans "10" must be a finite number ≥ 1/],
    ['a limit below 1', { limits: { maxTraces: 0 } }, /option limits.maxTraces 0 must be/],
    ['maxBytes above 256 MB', { limits: { maxBytes: 1e12 } }, /limits.maxBytes .* above the most/],
    ['an unknown limit', { limits: { maxSpan: 10 } }, /"limits.maxSpan" is not a dashboard option \(known: maxBytes, /],
    ['an unknown option', { prot: 0 }, /"prot" is not a dashboard option/],
    ['inProcess as text', { inProcess: 'no' }, /option inProcess "no" must be true or false/],
    ['an SSE bound as text', { sse: { maxClientBuffer: 'big' } }, /option sse.maxClientBuffer "big"/],
    ['a string instead of options', '4318', /takes a port number or an options object, not "4318"/],
    [
      'an option whose getter throws',
      Object.defineProperty({}, 'port', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      }),
      /could not be read: .*boom/,
    ],
  ];
  for (const [what, options, message] of bad) {
    test(`${what}: the promise rejects with a DashboardOptionError naming it, and diag reports it`, async () => {
      const captured = captureDiag();
      try {
        let started: Promise<unknown> | undefined;
        assert.doesNotThrow(() => {
          started = startDashboardServer(options as never);
        });
        await assert.rejects(started!, (err: unknown) => err instanceof DashboardOptionError && err.code === 'ERR_ZEROTEL_DASHBOARD_OPTION' && message.test(err.message));
        assert.ok(
          captured.messages.some((m) => m.level === 'error' && m.message.startsWith('startDashboardServer: ') && message.test(m.message)),
          JSON.stringify(captured.messages),
        );
      } finally {
        captured.restore();
      }
    });
  }

  test('good options still start: a port number, and limits within bounds', async (t) => {
    const a = await startDashboardServer(0);
    t.after(() => a.close());
    const b = await startDashboardServer({ port: 0, inProcess: false, limits: { maxTraces: 3, maxBytes: 1024 * 1024 } });
    t.after(() => b.close());
    assert.ok(a.port > 0 && b.port > 0 && a.port !== b.port);
    assert.equal(b.store.limits.maxTraces, 3);
    assert.equal(a.grpcPort, undefined, 'no gRPC receiver unless asked for');
  });
});

describe('startDashboardServer({ grpcPort })', () => {
  test('starts an OTLP/gRPC receiver: spans from the official gRPC exporter appear in the API, and close() stops it', async () => {
    const dash = await startDashboardServer({ port: 0, grpcPort: 0, inProcess: false });
    let closed = false;
    try {
      assert.equal(typeof dash.grpcPort, 'number');
      assert.ok(dash.grpcPort! > 0 && dash.grpcPort !== dash.port);
      const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${dash.grpcPort}` });
      const provider = new BasicTracerProvider({ resource: officialResource({ 'service.name': 'option-grpc' }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
      const span = provider.getTracer('grpc-option').startSpan('over gRPC');
      span.end();
      await provider.forceFlush();
      await provider.shutdown();
      const traceId = span.spanContext().traceId;
      const { status, body } = await getJson(`${dash.url}api/traces/${traceId}`);
      assert.equal(status, 200);
      assert.deepEqual(body.spans.map((s: { name: string; service: string }) => [s.name, s.service]), [['over gRPC', 'option-grpc']]);
      const port = dash.grpcPort!;
      await dash.close();
      closed = true;
      const { connect } = await import('node:http2');
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect(`http://127.0.0.1:${port}`);
        s.on('connect', () => {
          s.close();
          resolve(false);
        });
        s.on('error', () => resolve(true));
      });
      assert.ok(refused, 'the gRPC port is closed with the dashboard');
    } finally {
      if (!closed) await dash.close();
    }
  });

  test('a gRPC port already taken rejects the start and leaves nothing listening', async (t) => {
    const first = await startDashboardServer({ port: 0, grpcPort: 0, inProcess: false });
    t.after(() => first.close());
    await assert.rejects(startDashboardServer({ port: 0, grpcPort: first.grpcPort!, inProcess: false }), (err: unknown) => {
      return err instanceof Error && (err as { code?: string }).code === 'ERR_ZEROTEL_DASHBOARD_GRPC' && /no OTLP\/gRPC receiver on 127\.0\.0\.1:\d+: .*EADDRINUSE/.test(err.message);
    });
  });
});

describe('the in-process road follows the application', () => {
  test('spans of a tracer provider set after the dashboard started reach it', async (t) => {
    const before = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'set-before' }) });
    setTracerProvider(before);
    const dash = await startDashboardServer({ port: 0 });
    t.after(async () => {
      await dash.close();
      setTracerProvider(undefined);
    });
    const later = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'set-later' }) });
    setTracerProvider(later);
    const span = startSpan('after the switch');
    span.end();
    await dash.flush();
    const { status, body } = await getJson(`${dash.url}api/traces/${span.spanContext().traceId}`);
    assert.equal(status, 200, 'the span of the provider set later is in the store');
    assert.equal(body.spans[0].service, 'set-later');
  });

  test('starting and stopping the dashboard five times joins a meter provider once, and metrics still arrive', async () => {
    // The application's own reader (instruments of a provider built with none record nothing).
    const meterProvider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'restarts' }), readers: [new MetricReader()] });
    let joined = 0;
    const add = meterProvider.addMetricReader.bind(meterProvider);
    meterProvider.addMetricReader = (reader) => {
      joined++;
      return add(reader);
    };
    setMeterProvider(meterProvider);
    try {
      const counter = meterProvider.getMeter('restarts').createCounter('restarts.done');
      for (let i = 1; i <= 5; i++) {
        const dash = await startDashboardServer({ port: 0 });
        try {
          counter.add(1);
          await dash.flush();
          const points = await eventually(async () => {
            const r = await getJson(`${dash.url}api/metrics/restarts.done`);
            return r.status === 200 ? r.body.series[0].points : undefined;
          }, 5000, 'the counter in the API');
          assert.equal(points.at(-1).value, i, `start ${i}: the cumulative count`);
        } finally {
          await dash.close();
        }
      }
      assert.equal(joined, 1, 'one reader slot for the provider, not one per start');
    } finally {
      setMeterProvider(undefined);
      await meterProvider.shutdown();
    }
  });
});
