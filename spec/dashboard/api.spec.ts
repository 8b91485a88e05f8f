/**
 * The JSON API's queries and shapes (contract 3, lib/dashboard/API.md):
 * trace filters, the OTLP download, metric kinds from the in-process reader
 * (sums, gauges, explicit and exponential histograms), log filters, the wire
 * view, and a 400 or 404 with a message for every bad query. The content
 * comes from this process through the in-process sink (model objects) and
 * from OTLP/HTTP, so both roads are read through the same routes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDashboardServer } from '../../lib/dashboard.js';
import type { DashboardHandle } from '../../lib/dashboard.js';
import { resourceFromAttributes } from '../../lib/common/resource.js';
import { withSpan } from '../../lib/context/async-context.js';
import { setLoggerProvider } from '../../lib/logs/api.js';
import { LoggerProvider } from '../../lib/logs/logger-provider.js';
import { setMeterProvider } from '../../lib/metrics/api.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import { MetricReader } from '../../lib/metrics/metric-reader.js';
import { decodeTracesJson } from '../../lib/otlp/json-reader.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { setTracerProvider } from '../../lib/trace/api.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import type { Span } from '../../lib/trace/span.js';
import { attributeText } from '../../lib/dashboard/otlp-values.js';
import { getJson, rawRequest } from './helpers.js';

let dash: DashboardHandle;
const resource = resourceFromAttributes({ 'service.name': 'api-spec', 'deployment.environment': 'test' });
const tracerProvider = new TracerProvider({ resource });
const loggerProvider = new LoggerProvider({ resource });
const meterProvider = new MeterProvider({ resource, readers: [new MetricReader({ temporality: 'delta' })], defaultHistogramAggregation: 'explicit' });
let errorTrace = '';
let okTrace = '';
let linkedFrom = '';

before(async () => {
  setTracerProvider(tracerProvider);
  setLoggerProvider(loggerProvider);
  setMeterProvider(meterProvider);
  dash = await startDashboardServer({ port: 0 });
  const tracer = tracerProvider.getTracer('api', '2.0');
  const target = tracer.startSpan('target');
  target.end();
  const root = tracer.startSpan('POST /pay', { kind: 1, attributes: { 'http.route': '/pay', amount: 12.5, retries: [1, 2] } });
  root.addEvent('validated', { ok: true });
  root.addLink(target, { reason: 'follows' });
  withSpan(root, () => loggerProvider.getLogger('payments').emit({ body: { card: 'visa', cents: 1250n }, severityNumber: 17, severityText: 'ERROR', eventName: 'pay.failed', attributes: { bytes: new Uint8Array([1, 2]) } }));
  loggerProvider.getLogger('payments').info?.('plain info');
  root.setStatus({ code: 2, message: 'card declined' });
  root.end();
  errorTrace = root.spanContext().traceId;
  linkedFrom = target.spanContext().traceId;
  const ok = tracer.startSpan('GET /health');
  ok.setStatus({ code: 1 });
  ok.end();
  okTrace = ok.spanContext().traceId;
  const meter = meterProvider.getMeter('api');
  meter.createCounter('pay.count').add(3, { method: 'card' });
  meter.createUpDownCounter('pay.inflight').add(-2);
  meter.createGauge('pay.temperature').record(21.5);
  meter.createHistogram('pay.latency', { unit: 'ms' }).record(42);
  await dash.flush();
});
after(async () => {
  await dash.close();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
});

describe('JSON API', () => {
  test('trace filters: service, name, status, minDurationMs, attr, q and limit; newest first with a total', async () => {
    const q = async (query: string) => (await getJson(`${dash.url}api/traces?${query}`)).body;
    assert.deepEqual((await q('status=error')).traces.map((t: { traceId: string }) => t.traceId), [errorTrace]);
    assert.deepEqual((await q('status=ok')).traces.map((t: { traceId: string }) => t.traceId), [okTrace]);
    assert.ok((await q('status=unset')).traces.some((t: { traceId: string }) => t.traceId === linkedFrom));
    assert.equal((await q('name=POST%20/pay')).total, 1);
    assert.equal((await q('attr=http.route=/pay')).traces[0].traceId, errorTrace);
    assert.equal((await q('attr=deployment.environment=test')).total, 3, 'resource attributes match too');
    assert.equal((await q('q=PAY')).traces[0].traceId, errorTrace);
    assert.equal((await q('service=nobody')).total, 0);
    assert.equal((await q('minDurationMs=100000')).total, 0);
    const limited = await q('limit=1');
    assert.deepEqual([limited.traces.length, limited.total], [1, 3]);
    assert.equal(limited.traces[0].traceId, okTrace, 'newest first');
  });

  test('a trace sends each distinct resource and scope once, however many spans and requests carry them', async () => {
    const web = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'refs-web', 'host.name': 'h-web-1' }) });
    const db = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'refs-db', 'host.name': 'h-db-1' }) });
    const root = web.getTracer('http', '1').startSpan('GET /orders');
    const batches: Span[][] = [[root], [], []];
    for (let i = 0; i < 40; i++) {
      const parent = root;
      // Web spans in two requests (equal copies of one resource), db spans under two scopes.
      batches[1 + (i % 2)]!.push(i % 4 === 0 ? web.getTracer('http', '1').startSpan(`web ${i}`, {}, parent) : db.getTracer(i % 2 ? 'pg' : 'redis').startSpan(`db ${i}`, {}, parent));
    }
    for (const b of batches) for (const sp of b) sp.end();
    for (const b of batches) dash.store.ingestTracesProto(encodeTracesProto(b));
    const t = (await getJson(`${dash.url}api/traces/${root.spanContext().traceId}`)).body;
    assert.equal(t.spans.length, 41);
    assert.deepEqual(t.resources.map((r: { attributes: [] }) => attributeText(r.attributes, 'host.name')).sort(), ['h-db-1', 'h-web-1']);
    assert.deepEqual(t.scopes.map((sc: { name: string }) => sc.name).sort(), ['http', 'pg', 'redis']);
    for (const sp of t.spans) {
      const host = attributeText(t.resources[sp.resourceIndex].attributes, 'host.name');
      assert.equal(host, sp.service === 'refs-web' ? 'h-web-1' : 'h-db-1', `${sp.name} names its own resource`);
      assert.equal(t.scopes[sp.scopeIndex].name, sp.name.startsWith('web') || sp.name === 'GET /orders' ? 'http' : Number(sp.name.slice(3)) % 2 ? 'pg' : 'redis');
    }
    assert.equal(JSON.stringify(t).split('h-db-1').length - 1, 1, 'the db resource is in the answer once');
  });

  test('a trace in OTLP/JSON span shape with resource, scope, service and backlinks; the download is an ExportTraceServiceRequest', async () => {
    const t = (await getJson(`${dash.url}api/traces/${errorTrace.toUpperCase()}`)).body;
    const s = t.spans[0];
    assert.equal(s.kind, 2);
    assert.deepEqual(s.status, { message: 'card declined', code: 2 });
    assert.deepEqual(s.attributes.find((a: { key: string }) => a.key === 'retries').value, { arrayValue: { values: [{ intValue: '1' }, { intValue: '2' }] } });
    assert.deepEqual(s.events.map((e: { name: string }) => e.name), ['validated']);
    assert.equal(s.links[0].traceId, linkedFrom);
    assert.deepEqual(t.scopes[s.scopeIndex], { name: 'api', version: '2.0' });
    assert.equal(attributeText(t.resources[s.resourceIndex].attributes, 'deployment.environment'), 'test');
    assert.equal('resource' in s || 'scope' in s, false, 'spans name their resource and scope by index');
    assert.equal(s.service, 'api-spec');
    const back = (await getJson(`${dash.url}api/traces/${linkedFrom}`)).body.backlinks;
    assert.deepEqual(back, [{ traceId: linkedFrom, spanId: s.links[0].spanId, fromTraceId: errorTrace, fromSpanId: s.spanId }]);
    const dl = await rawRequest(dash.url, { path: `/api/traces/${errorTrace}/otlp` });
    assert.equal(dl.status, 200);
    assert.match(String(dl.headers['content-disposition']), /attachment; filename="trace-/);
    const req = decodeTracesJson(dl.body);
    assert.equal(req.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.name, 'POST /pay');
  });

  test('metrics from the in-process reader: kinds, temporality, chart and points', async () => {
    const list = (await getJson(`${dash.url}api/metrics`)).body.metrics;
    const by = new Map(list.map((m: { name: string }) => [m.name, m]));
    assert.deepEqual(by.get('pay.count'), { name: 'pay.count', description: '', unit: '', kind: 'sum', monotonic: true, temporality: 'cumulative', chart: null, seriesCount: 1 });
    assert.equal((by.get('pay.inflight') as { monotonic: boolean }).monotonic, false);
    assert.equal((by.get('pay.temperature') as { kind: string }).kind, 'gauge');
    const h = (await getJson(`${dash.url}api/metrics/pay.latency`)).body;
    assert.equal(h.unit, 'ms');
    const p = h.series[0].points.at(-1);
    assert.deepEqual([p.count, p.sum, p.min, p.max], [1, 42, 42, 42]);
    assert.equal(p.p50, 42);
    assert.equal((await getJson(`${dash.url}api/metrics/pay.temperature`)).body.series[0].points.at(-1).value, 21.5);
  });

  test('log filters: traceId, spanId, severity and q; bodies and attributes in OTLP/JSON form', async () => {
    const logs = (await getJson(`${dash.url}api/logs?traceId=${errorTrace}`)).body.logs;
    assert.equal(logs.length, 1);
    assert.deepEqual(logs[0].body, { kvlistValue: { values: [{ key: 'card', value: { stringValue: 'visa' } }, { key: 'cents', value: { intValue: '1250' } }] } });
    assert.deepEqual(logs[0].attributes, [{ key: 'bytes', value: { bytesValue: 'AQI=' } }]);
    assert.equal(logs[0].eventName, 'pay.failed');
    assert.equal(logs[0].scope.name, 'payments');
    assert.equal((await getJson(`${dash.url}api/logs?spanId=${logs[0].spanId}`)).body.logs.length, 1);
    assert.equal((await getJson(`${dash.url}api/logs?severity=17`)).body.logs.length, 1);
    assert.equal((await getJson(`${dash.url}api/logs?q=visa`)).body.logs.length, 1);
    assert.equal((await getJson(`${dash.url}api/logs?q=nothing-like-it`)).body.logs.length, 0);
  });

  test('the wire view lists received bodies, returns them as received and decodes them field by field (JSON bodies: 415)', async () => {
    const tracer = new TracerProvider().getTracer('wire');
    const s = tracer.startSpan('over the wire');
    s.end();
    await rawRequest(dash.url, { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf' }, body: encodeTracesProto([s]) });
    await rawRequest(dash.url, { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans":[]}' });
    const list = (await getJson(`${dash.url}api/raw`)).body.requests;
    const [proto, json] = list.slice(-2);
    assert.deepEqual([proto.signal, proto.contentType, json.contentType], ['traces', 'application/x-protobuf', 'application/json']);
    const bytes = await rawRequest(dash.url, { path: `/api/raw/${proto.id}` });
    assert.deepEqual(Buffer.from(bytes.body), Buffer.from(encodeTracesProto([s])));
    const fields = (await getJson(`${dash.url}api/raw/${proto.id}/fields`)).body.fields;
    assert.equal(fields[0].name, 'resource_spans');
    assert.equal((await getJson(`${dash.url}api/raw/${json.id}/fields`)).status, 415);
    assert.equal((await getJson(`${dash.url}api/raw/999999`)).status, 404);
  });

  test('bad queries are 400 and unknown things 404, each with a message', async () => {
    const cases: [string, number, RegExp][] = [
      ['api/traces?limit=0', 400, /limit must be a positive integer/],
      ['api/traces?status=maybe', 400, /status must be ok, error or unset/],
      ['api/traces?minDurationMs=-1', 400, /minDurationMs/],
      ['api/traces?attr=novalue', 400, /attr must be key=value/],
      ['api/traces/xyz', 400, /32 hex digits/],
      ['api/traces/' + 'ab'.repeat(16), 404, /not in the store/],
      ['api/traces/' + errorTrace + '/nope', 404, /no such route/],
      ['api/metrics/nope', 404, /not in the store/],
      ['api/logs?severity=99', 400, /severity must be/],
      ['api/logs?limit=x', 400, /limit/],
      ['api/nothing', 404, /no such route/],
      ['api/health/extra', 404, /no such route/],
    ];
    for (const [path, status, re] of cases) {
      const r = await getJson(`${dash.url}${path}`);
      assert.equal(r.status, status, path);
      assert.match(r.body.error, re, path);
    }
  });
});
