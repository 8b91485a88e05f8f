import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Resource } from '../../lib/common/resource.js';
import { PrometheusExporter } from '../../lib/exporters/prometheus-exporter.js';
import { escapeLabelValue, formatValue, prometheusName, prometheusUnit, sanitizeName, toPrometheusText } from '../../lib/exporters/prometheus-text.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import type { MetricData } from '../../lib/metrics/metric-data.js';
import { AggregationTemporality, MetricKind } from '../../lib/metrics/metric-data.js';
import { MetricReader } from '../../lib/metrics/metric-reader.js';
import { warningsPerTest } from '../helpers/diag.js';

const messages = warningsPerTest();

function sum(name: string, unit: string, isMonotonic: boolean): MetricData {
  return { name, unit, description: '', valueType: 'double', kind: MetricKind.SUM, temporality: AggregationTemporality.CUMULATIVE, isMonotonic, points: [] };
}
function gauge(name: string, unit: string): MetricData {
  return { name, unit, description: '', valueType: 'double', kind: MetricKind.GAUGE, temporality: AggregationTemporality.CUMULATIVE, isMonotonic: false, points: [] };
}

describe('names', () => {
  const cases: [MetricData, string][] = [
    [sum('http.server.requests', '{request}', true), 'http_server_requests_total'],
    [sum('http.server.requests_total', '', true), 'http_server_requests_total'],
    [sum('bytes.sent', 'By', true), 'bytes_sent_bytes_total'],
    [sum('queue.size', '{item}', false), 'queue_size'],
    [gauge('cpu.utilization', '1'), 'cpu_utilization_ratio'],
    [sum('ops', '1', true), 'ops_total'],
    [gauge('speed', 'm/s'), 'speed_meters_per_second'],
    [gauge('rate', '{packet}/s'), 'rate_per_second'],
    [gauge('latency_milliseconds', 'ms'), 'latency_milliseconds'],
    [gauge('temp', 'Cel'), 'temp_celsius'],
    [gauge('2xx.count', ''), '_2xx_count'],
    [gauge('weird--name..with  spaces', ''), 'weird_name_with_spaces'],
    [gauge('ns:name', 'custom-unit'), 'ns:name_custom_unit'],
  ];
  for (const [m, expected] of cases) {
    test(`${m.name} (${m.kind === MetricKind.SUM ? (m.isMonotonic ? 'counter' : 'non-monotonic sum') : 'gauge'}, unit "${m.unit}") is exposed as ${expected}`, () => {
      assert.equal(prometheusName(m), expected);
    });
  }

  test('label names lose colons and invalid characters; a leading digit gets an underscore', () => {
    assert.equal(sanitizeName('http.method', false), 'http_method');
    assert.equal(sanitizeName('a:b', false), 'a_b');
    assert.equal(sanitizeName('0day', false), '_0day');
    assert.equal(prometheusUnit('', true), '');
    assert.equal(prometheusUnit('{x}', false), '');
  });

  test('label values escape backslash, quote and newline; values format as Go floats', () => {
    assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
    assert.deepEqual([Infinity, -Infinity, NaN, 1.5, 0].map(formatValue), ['+Inf', '-Inf', 'NaN', '1.5', '0']);
  });
});

describe('exposition text', () => {
  test('a collection renders HELP/TYPE, counters, gauges, histogram buckets, scope labels and target_info', async () => {
    const reader = new MetricReader();
    const provider = new MeterProvider({ readers: [reader], resource: new Resource({ 'service.name': 'shop', 'host.name': 'h"1' }) });
    const m = provider.getMeter('shop-lib', '2.0');
    m.createCounter('orders', { description: 'Orders\nplaced \\ total' }).add(3, { 'pay.method': 'card', note: 'say "hi"\n' });
    m.createUpDownCounter('carts.open').add(-2);
    m.createHistogram('checkout.duration', { unit: 's', boundaries: [0.5, 1] }).record(0.7, { step: 'pay' });
    m.createHistogram('checkout.duration', { unit: 's', boundaries: [0.5, 1] }).record(3, { step: 'pay' });
    const text = toPrometheusText((await reader.collect())!);
    const scope = 'otel_scope_name="shop-lib",otel_scope_version="2.0"';
    assert.equal(
      text,
      [
        '# HELP target_info Target metadata',
        '# TYPE target_info gauge',
        `target_info{service_name="shop",telemetry_sdk_name="zerotel",telemetry_sdk_language="nodejs",telemetry_sdk_version="${provider.resource.attributes['telemetry.sdk.version']}",host_name="h\\"1"} 1`,
        '# HELP orders_total Orders\\nplaced \\\\ total',
        '# TYPE orders_total counter',
        `orders_total{note="say \\"hi\\"\\n",pay_method="card",${scope}} 3`,
        '# TYPE carts_open gauge',
        `carts_open{${scope}} -2`,
        '# TYPE checkout_duration_seconds histogram',
        `checkout_duration_seconds_bucket{step="pay",${scope},le="0.5"} 0`,
        `checkout_duration_seconds_bucket{step="pay",${scope},le="1"} 1`,
        `checkout_duration_seconds_bucket{step="pay",${scope},le="+Inf"} 2`,
        `checkout_duration_seconds_sum{step="pay",${scope}} 3.7`,
        `checkout_duration_seconds_count{step="pay",${scope}} 2`,
        '',
      ].join('\n'),
    );
  });

  test('exponential histograms and delta sums are skipped with one warning; kind conflicts keep the first', async () => {
    const reader = new MetricReader({ temporality: 'delta' });
    const provider = new MeterProvider({ readers: [reader], views: [{ instrumentName: 'exp', aggregation: { type: 'exponentialHistogram' } }] });
    const m = provider.getMeter('m');
    m.createHistogram('exp').record(1);
    m.createCounter('d').add(1);
    m.createUpDownCounter('x').add(1);
    m.createGauge('x_total').set(1);
    const text = toPrometheusText((await reader.collect())!, { withoutTargetInfo: true, withoutScopeLabels: true });
    assert.equal(text, '# TYPE x gauge\nx 1\n# TYPE x_total gauge\nx_total 1\n');
    assert.ok(messages.some((s) => s.includes('exponential histograms have no Prometheus text form')));
    assert.ok(messages.some((s) => s.includes('delta temporality cannot be exposed')));
  });

  test('two instruments mapping to the same name with different kinds: the first wins, the other is reported', async () => {
    const reader = new MetricReader();
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('a').createUpDownCounter('jobs').add(1);
    provider.getMeter('b').createHistogram('jobs').record(1);
    const text = toPrometheusText((await reader.collect())!, { withoutTargetInfo: true, withoutScopeLabels: true });
    assert.equal(text, '# TYPE jobs gauge\njobs 1\n');
    assert.ok(messages.some((s) => s.includes('already exposed as a gauge')));
  });
});

describe('the pull endpoint', () => {
  test('GET /metrics serves a fresh collection per scrape; other paths are 404; shutdown closes the port', async (t) => {
    const exporter = new PrometheusExporter({ port: 0 });
    const provider = new MeterProvider({ readers: [exporter] });
    t.after(() => provider.shutdown());
    await exporter.ready;
    assert.equal(exporter.host, '127.0.0.1');
    const c = provider.getMeter('m').createCounter('hits');
    c.add(1);
    const base = `http://127.0.0.1:${exporter.port}`;
    const r1 = await fetch(`${base}/metrics`);
    assert.equal(r1.status, 200);
    assert.equal(r1.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    assert.match(await r1.text(), /^hits_total\{otel_scope_name="m"\} 1$/m);
    c.add(2);
    assert.match(await (await fetch(`${base}/metrics?x=1`)).text(), /^hits_total\{otel_scope_name="m"\} 3$/m);
    assert.equal((await fetch(`${base}/other`)).status, 404);
    assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 404);
    const head = await fetch(`${base}/metrics`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    await provider.shutdown();
    await assert.rejects(fetch(`${base}/metrics`));
  });

  test('a port in use is reported, not thrown; preventServerStart waits for startServer()', async (t) => {
    const first = new PrometheusExporter({ port: 0 });
    const p1 = new MeterProvider({ readers: [first] });
    t.after(() => p1.shutdown());
    await first.ready;
    const second = new PrometheusExporter({ port: first.port, endpoint: 'stats' });
    const p2 = new MeterProvider({ readers: [second] });
    t.after(() => p2.shutdown());
    await second.ready;
    assert.ok(messages.some((m) => m.includes('could not listen')));
    const manual = new PrometheusExporter({ port: 0, preventServerStart: true, endpoint: 'stats' });
    const p3 = new MeterProvider({ readers: [manual] });
    t.after(() => p3.shutdown());
    assert.equal(manual.port, 0);
    await manual.startServer();
    assert.notEqual(manual.port, 0);
    const res = await fetch(`http://127.0.0.1:${manual.port}/stats`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /^target_info\{/m);
  });
});
