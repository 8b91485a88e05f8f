/**
 * `zerotel dashboard --grpc-port N` (a child process): the official
 * OTLP/gRPC exporters send to it, and the dashboard's JSON API serves exactly
 * what the official SDK recorded — spans field by field, metric values, log
 * bodies and attributes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HrTime } from '@opentelemetry/api';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { attributesObject } from '../../lib/dashboard/otlp-values.js';
import { freePort } from '../helpers/collector.js';
import type { CliDashboard } from '../dashboard/helpers.js';
import { eventually, getJson, startCliDashboard } from '../dashboard/helpers.js';

const nanos = (t: HrTime): string => (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString();

let dash: CliDashboard;
let grpcUrl: string;
before(async () => {
  const port = await freePort();
  dash = await startCliDashboard(['--grpc-port', String(port)]);
  grpcUrl = `http://127.0.0.1:${port}`;
  await eventually(probe, 5000, 'the gRPC receiver');
});
after(() => dash.close());

/** True once something answers on the gRPC port (it opens just after the HTTP one announces itself). */
async function probe(): Promise<boolean> {
  const { connect } = await import('node:http2');
  return new Promise((resolve) => {
    const s = connect(grpcUrl);
    s.on('connect', () => {
      s.close();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

describe('official OTLP/gRPC exporters → zerotel dashboard', () => {
  test('spans come back from the API field by field', async () => {
    const exporter = new OTLPTraceExporter({ url: grpcUrl });
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'official-grpc', 'deployment.environment': 'test' }),
      spanProcessors: [new SimpleSpanProcessor(exporter), new SimpleSpanProcessor(memory)],
    });
    const tracer = provider.getTracer('grpc-scope', '4.5.6');
    const parent = tracer.startSpan('GET /grpc', { kind: SpanKind.SERVER, attributes: { 'http.status_code': 503, ratio: 0.5, ok: false, tags: ['x', 'y'] } });
    parent.addEvent('retrying', { attempt: 2 });
    parent.setStatus({ code: SpanStatusCode.ERROR, message: 'unavailable' });
    parent.end();
    await provider.forceFlush();
    const recorded = memory.getFinishedSpans();
    await provider.shutdown();
    for (const s of recorded) {
      const id = s.spanContext().traceId;
      const { status, body } = await getJson(`${dash.url}api/traces/${id}`);
      assert.equal(status, 200);
      const got = body.spans.find((x: { spanId: string }) => x.spanId === s.spanContext().spanId);
      assert.equal(got.name, s.name);
      assert.equal(got.kind, s.kind + 1);
      assert.equal(got.startTimeUnixNano, nanos(s.startTime));
      assert.equal(got.endTimeUnixNano, nanos(s.endTime));
      assert.deepEqual(attributesObject(got.attributes), s.attributes);
      assert.deepEqual(
        got.events.map((e: { name: string; timeUnixNano: string; attributes?: [] }) => [e.name, e.timeUnixNano, attributesObject(e.attributes)]),
        s.events.map((e) => [e.name, nanos(e.time), e.attributes ?? {}]),
      );
      assert.deepEqual([got.status.code, got.status.message], [s.status.code, s.status.message]);
      assert.equal(got.service, 'official-grpc');
      assert.deepEqual(attributesObject(body.resources[got.resourceIndex].attributes), s.resource.attributes);
      assert.deepEqual([body.scopes[got.scopeIndex].name, body.scopes[got.scopeIndex].version], ['grpc-scope', '4.5.6']);
    }
    const raw = await getJson(`${dash.url}api/raw`);
    assert.ok(raw.body.requests.some((r: { signal: string; contentType: string }) => r.signal === 'traces' && r.contentType.startsWith('application/grpc')));
  });

  test('a counter and a histogram come back with their values', async () => {
    const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: grpcUrl, temporalityPreference: AggregationTemporality.CUMULATIVE }), exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'official-grpc' }), readers: [reader] });
    const meter = provider.getMeter('grpc-meter');
    meter.createCounter('grpc.requests').add(7, { route: '/a' });
    const h = meter.createHistogram('grpc.latency', { unit: 'ms' });
    h.record(10, { route: '/a' });
    h.record(30, { route: '/a' });
    await provider.forceFlush();
    await provider.shutdown();
    const counter = await getJson(`${dash.url}api/metrics/grpc.requests`);
    assert.equal(counter.status, 200);
    assert.deepEqual(counter.body.series[0].attributes, { route: '/a' });
    assert.equal(counter.body.series[0].points.at(-1).value, 7);
    const hist = await getJson(`${dash.url}api/metrics/grpc.latency`);
    const point = hist.body.series[0].points.at(-1);
    assert.deepEqual([point.count, point.sum, point.min, point.max], [2, 40, 10, 30]);
  });

  test('log records come back with their bodies, severities and attributes', async () => {
    const memory = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'official-grpc' }),
      processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: grpcUrl }) } as never), new SimpleLogRecordProcessor({ exporter: memory })],
    });
    provider.getLogger('grpc-logger').emit({ severityNumber: 13, severityText: 'WARN', body: 'grpc says hi', attributes: { user: 'u7' } });
    await provider.forceFlush();
    const recorded = memory.getFinishedLogRecords();
    await provider.shutdown();
    const { body } = await getJson(`${dash.url}api/logs?q=grpc%20says`);
    const got = body.logs.find((l: { body: { stringValue?: string } }) => l.body.stringValue === 'grpc says hi');
    assert.ok(got, 'the record is served');
    assert.equal(got.severityNumber, recorded[0]!.severityNumber);
    assert.equal(got.severityText, 'WARN');
    assert.deepEqual(attributesObject(got.attributes), { user: 'u7' });
    assert.equal(got.timeUnixNano, nanos(recorded[0]!.hrTime));
    assert.equal(got.service, 'official-grpc');
  });
});
