import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeLogsRequest } from '../../lib/otlp/logs-reader.js';
import { decodeMetricsRequest } from '../../lib/otlp/metrics-reader.js';
import { freePort, startCollector } from '../helpers/collector.js';
import { LIB_BUILD } from '../helpers/paths.js';

test('the demo (npm start) prints its dashboard URL first and sends correlated traces (an HTTP service, a four-level agent), logs and metrics to a collector', { timeout: 45_000 }, async (t) => {
  const collector = await startCollector();
  t.after(() => collector.close());
  const promPort = await freePort();
  const child = spawn(process.execPath, [join(LIB_BUILD, 'demo', 'main.js')], {
    env: {
      ...process.env,
      PORT: '0',
      ZEROTEL_DEMO_SECONDS: '6',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}`,
      OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort),
      OTEL_METRICS_EXPORTER: 'otlp,prometheus',
      DASHBOARD_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let printed = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    printed += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => (stdout += c.toString()));
  t.after(() => child.kill());

  // Scrape while it runs (until the first orders were counted: a loaded machine starts slowly).
  let prom = '';
  for (let i = 0; i < 40 && !/^demo_orders_total\{outcome="found"/m.test(prom); i++) {
    await new Promise((r) => setTimeout(r, 200));
    prom = await fetch(`http://127.0.0.1:${promPort}/metrics`).then((r) => r.text(), () => '');
  }
  assert.match(prom, /^demo_orders_total\{outcome="found".*\} \d+$/m);
  assert.match(prom, /^demo_order_lookup_duration_milliseconds_bucket\{.*le="\+Inf"\} \d+$/m);
  assert.match(prom, /^target_info\{.*service_name="zerotel-demo".*\} 1$/m);

  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, stdout);
  assert.match(printed, /^zerotel dashboard: http:\/\/127\.0\.0\.1:\d+\//, 'the dashboard URL is printed first');
  assert.doesNotMatch(stdout, /dropped|added after shutdown/, 'every span ended before the SDK shut down');
  assert.match(stdout, /orders service on http:\/\/127\.0\.0\.1:\d+/);
  assert.match(stdout, /zerotel demo: stopped after \d+ spans/);

  const spans = collector.requests.flatMap((r) => r.traces?.resourceSpans ?? []);
  assert.ok(spans.length > 0, 'traces arrived');
  const service = spans[0]!.resource?.attributes?.find((a) => a.key === 'service.name')?.value;
  assert.deepEqual(service, { stringValue: 'zerotel-demo' });
  const all = spans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
  const servers = all.filter((s) => s.kind === 2 && s.name === 'GET /api/orders/:id');
  assert.ok(servers.length > 0, 'SERVER spans named by route');
  const server = servers[0]!;
  const client = all.find((s) => s.spanId === server.parentSpanId);
  assert.ok(client, 'the SERVER span has its CLIENT parent in the same export');
  assert.equal(client.kind, 3);
  assert.equal(client.traceId, server.traceId);
  assert.ok(all.some((s) => s.name === 'db.orders.select' && s.parentSpanId !== undefined));
  assert.ok(all.some((s) => s.status?.code === 2), 'failed lookups are ERROR spans');
  const run = all.find((s) => s.name === 'agent.run');
  assert.ok(run, 'an agent run was traced');
  const depthOf = (s: (typeof all)[number]): number => {
    let d = 0;
    for (let p = all.find((x) => x.spanId === s.parentSpanId); p && p.spanId !== run.spanId; p = all.find((x) => x.spanId === p!.parentSpanId)) d++;
    return d;
  };
  const steps = all.filter((s) => s.traceId === run.traceId && s.name.startsWith('tool '));
  assert.ok(steps.length > 0 && steps.every((s) => depthOf(s) === 4), 'the agent decomposes four levels deep down to its tools');

  const logs = collector.requests.filter((r) => r.path === '/v1/logs').flatMap((r) => decodeLogsRequest(r.body).resourceLogs);
  const records = logs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords));
  const served = records.find((r) => r.body?.stringValue === 'order served');
  assert.ok(served?.traceId && served.spanId, 'log records carry the trace context');
  assert.ok(all.some((s) => s.traceId === served.traceId), 'and that trace is among the exported spans');

  const metrics = collector.requests.filter((r) => r.path === '/v1/metrics').flatMap((r) => decodeMetricsRequest(r.body).resourceMetrics);
  const names = new Set(metrics.flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => m.name))));
  assert.ok(names.has('demo.orders') && names.has('demo.order.lookup.duration'), [...names].join());
  assert.ok(names.has('demo.agent.tasks') && names.has('demo.agent.active') && names.has('demo.process.heap'), [...names].join());
});
