import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { markUntracedServer } from '../../lib/common/untraced-servers.js';
import { getCurrentSpan } from '../../lib/context/async-context.js';
import { isTracingSuppressed } from '../../lib/context/suppress-tracing.js';
import { PrometheusExporter } from '../../lib/exporters/prometheus-exporter.js';
import { disableHttpInstrumentation, enableHttpInstrumentation } from '../../lib/instrumentation/http-instrumentation.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import { testTracing } from '../helpers/tracing.js';

const t = testTracing();
enableHttpInstrumentation({ tracerProvider: t.provider });
after(() => disableHttpInstrumentation());

test('a Prometheus scrape makes no SERVER span while an ordinary server beside it does', async () => {
  const exporter = new PrometheusExporter({ port: 0 });
  const provider = new MeterProvider({ readers: [exporter] });
  after(() => provider.shutdown());
  await exporter.ready;
  const scrape = await fetch(`http://127.0.0.1:${exporter.port}/metrics`);
  assert.equal(scrape.status, 200);
  await scrape.text();

  const plain = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  after(() => plain.close());
  const res = await fetch(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/x`);
  await res.text();

  const spans = await t.spans();
  // fetch makes CLIENT spans for both requests; only the plain server makes a SERVER span.
  const servers = spans.filter((s) => s.kind === 1);
  assert.deepEqual(servers.map((s) => s.attributes?.['url.path']), ['/x']);
});

test('a marked server handles its requests with tracing suppressed and no current span', async () => {
  let seen: { suppressed: boolean; span: unknown } | undefined;
  const server = http.createServer((_req, res) => {
    seen = { suppressed: isTracingSuppressed(), span: getCurrentSpan() };
    res.end('ok');
  });
  markUntracedServer(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  after(() => server.close());
  const before = (await t.spans()).length;
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/own`, { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
  await res.text();
  assert.deepEqual(seen, { suppressed: true, span: undefined });
  const after_ = (await t.spans()).slice(before);
  assert.equal(after_.filter((s) => s.kind === 1).length, 0);
});
