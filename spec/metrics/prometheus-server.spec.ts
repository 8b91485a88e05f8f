/**
 * A REAL Prometheus server (Debian's `prometheus` package) scrapes our
 * endpoint; the values are read back through its HTTP query API. The server
 * runs on loopback with its own generated config, data dir and port, and is
 * stopped when the test ends. Skipped (with a message) only when the binary
 * is absent and CI is not set; in CI its absence is a failure.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Resource } from '../../lib/common/resource.js';
import { PrometheusExporter } from '../../lib/exporters/prometheus-exporter.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';

const BINARY = process.env['PROMETHEUS_BIN'] ?? 'prometheus';
const available = spawnSync(BINARY, ['--version'], { stdio: 'ignore' }).status === 0;
const skip = !available && !process.env['CI'] ? `the "${BINARY}" binary is not installed (apt-get install prometheus); set CI=1 to make this a failure` : false;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('a real Prometheus scrapes the endpoint and answers queries with our values', { skip, timeout: 30_000 }, async (t) => {
  assert.ok(available, `the "${BINARY}" binary is required in CI`);
  const exporter = new PrometheusExporter({ port: 0 });
  const provider = new MeterProvider({ readers: [exporter], resource: new Resource({ 'service.name': 'prom-e2e', 'service.instance.id': 'i-1' }) });
  t.after(() => provider.shutdown());
  await exporter.ready;

  const meter = provider.getMeter('e2e', '1.0');
  const requests = meter.createCounter('http.requests', { unit: '{request}', description: 'Requests "served"' });
  requests.add(3, { route: '/a', note: 'back\\slash "quote"\nnewline' });
  requests.add(4, { route: '/b' });
  meter.createUpDownCounter('queue.depth').add(-5);
  meter.createGauge('room.temperature', { unit: 'Cel' }).set(21.5, { room: 'lab' });
  const latency = meter.createHistogram('http.duration', { unit: 'ms', boundaries: [10, 100] });
  for (const v of [5, 50, 500, 60]) latency.record(v, { route: '/a' });

  const dir = mkdtempSync(join(tmpdir(), 'zerotel-prom-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: zerotel',
      '    scrape_interval: 1s',
      '    scrape_timeout: 900ms',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${exporter.port}']`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    BINARY,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  t.after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(3000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const query = async (q: string): Promise<Sample[]> => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await res.json()) as { status: string; data: { result: Sample[] } };
    assert.equal(body.status, 'success', `query ${q}`);
    return body.data.result;
  };

  // Wait (bounded) until a scrape has landed: Prometheus needs ~1-2 s to start plus one interval.
  const deadline = Date.now() + 15_000;
  let up: Sample[] = [];
  for (;;) {
    try {
      up = await query('up{job="zerotel"} == 1');
      if (up.length > 0 && (await query('http_requests_total')).length > 0) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) assert.fail(`no successful scrape within 15 s; prometheus stderr:\n${stderr}`);
    await sleep(250);
  }

  const byRoute = (samples: Sample[]): Record<string, number> =>
    Object.fromEntries(samples.map((s) => [s.metric['route'] ?? '', Number(s.value[1])]));

  const reqs = await query('http_requests_total');
  assert.deepEqual(byRoute(reqs), { '/a': 3, '/b': 4 });
  const a = reqs.find((s) => s.metric['route'] === '/a')!;
  assert.equal(a.metric['note'], 'back\\slash "quote"\nnewline', 'escaped label values round-trip exactly');
  assert.equal(a.metric['otel_scope_name'], 'e2e');
  assert.equal(a.metric['otel_scope_version'], '1.0');

  assert.equal(Number((await query('queue_depth'))[0]!.value[1]), -5);
  assert.equal(Number((await query('room_temperature_celsius{room="lab"}'))[0]!.value[1]), 21.5);

  const buckets = await query('http_duration_milliseconds_bucket{route="/a"}');
  assert.deepEqual(Object.fromEntries(buckets.map((s) => [s.metric['le'], Number(s.value[1])])), { '10': 1, '100': 3, '+Inf': 4 });
  assert.equal(Number((await query('http_duration_milliseconds_sum'))[0]!.value[1]), 615);
  assert.equal(Number((await query('http_duration_milliseconds_count'))[0]!.value[1]), 4);
  const median = Number((await query('histogram_quantile(0.5, http_duration_milliseconds_bucket)'))[0]!.value[1]);
  assert.ok(median > 10 && median <= 100, `median ${median} lies in the (10, 100] bucket`);

  const target = await query('target_info');
  assert.equal(target[0]!.metric['service_name'], 'prom-e2e');
  assert.equal(target[0]!.metric['service_instance_id'], 'i-1');

  // Prometheus parsed our metadata (TYPE / HELP) too.
  const meta = (await (await fetch(`http://127.0.0.1:${port}/api/v1/metadata?metric=http_requests_total`)).json()) as {
    data: Record<string, { type: string; help: string }[]>;
  };
  assert.deepEqual(meta.data['http_requests_total']?.[0], { type: 'counter', help: 'Requests "served"', unit: '' });
});
