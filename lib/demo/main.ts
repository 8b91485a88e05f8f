/**
 * `npm start` — the zerotel demo: a small "orders" HTTP service and a client
 * that calls it, instrumented the way an application would be. Traces and logs
 * go to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set; metrics are
 * served for Prometheus on 127.0.0.1:9464/metrics. A one-line summary prints
 * every two seconds. The live dashboard arrives with a later release.
 *
 * ZEROTEL_DEMO_SECONDS=N stops it after N seconds (used by its test); PORT
 * picks the service port (default 3000, 0 for any free one).
 */
import { createServer, get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { processEnv } from '../config/env.js';
import { startSdk } from '../setup/sdk-setup.js';
import { getCurrentSpan } from '../context/async-context.js';
import { setHttpRoute } from '../instrumentation/http-server.js';
import { logger } from '../logs/api.js';
import { createCounter, createHistogram } from '../metrics/api.js';
import { getTracerProvider } from '../trace/api.js';
import type { Span } from '../trace/span.js';
import { SpanStatusCode } from '../trace/span.js';
import { traced } from '../trace/traced.js';

const env = processEnv();
const hasCollector = Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
const sdk = await startSdk({
  OTEL_SERVICE_NAME: 'zerotel-demo',
  OTEL_TRACES_EXPORTER: hasCollector ? 'otlp' : 'none',
  OTEL_LOGS_EXPORTER: hasCollector ? 'otlp' : 'none',
  OTEL_METRICS_EXPORTER: hasCollector ? 'otlp,prometheus' : 'prometheus',
  OTEL_BSP_SCHEDULE_DELAY: '500',
  OTEL_BLRP_SCHEDULE_DELAY: '500',
  OTEL_METRIC_EXPORT_INTERVAL: '2000',
  ...env,
});

/** Counts what the demo produced, for the summary line. */
const stats = { spans: 0, errors: 0, server: 0, durations: [] as number[] };
getTracerProvider().addSpanProcessor({
  onStart() {},
  onEnd(span: Span) {
    stats.spans++;
    if (span.statusCode === SpanStatusCode.ERROR) stats.errors++;
    if (span.kind === 1) {
      stats.server++;
      stats.durations.push(span.duration);
    }
  },
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
});

const orders = createCounter('demo.orders', { unit: '{order}', description: 'Orders looked up, by outcome' });
const lookupTime = createHistogram('demo.order.lookup.duration', { unit: 'ms', description: 'Time to load an order' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const loadOrder = traced('db.orders.select', { 'db.system': 'sqlite' })(async (id: number) => {
  const started = performance.now();
  await sleep(2 + (id % 7) * 3);
  if (id % 13 === 0) throw new Error(`order ${id} is locked`);
  lookupTime.record(performance.now() - started, { 'db.system': 'sqlite' });
  return { id, total: (id * 7.31) % 100 };
});

const server = createServer(async (req, res) => {
  const match = /^\/api\/orders\/(\d+)$/.exec(req.url ?? '');
  if (!match) {
    res.writeHead(req.url === '/healthz' ? 200 : 404).end();
    return;
  }
  setHttpRoute('/api/orders/:id');
  const id = Number(match[1]);
  try {
    const order = await loadOrder(id);
    orders.add(1, { outcome: 'found' });
    logger.info('order served', { 'order.id': id });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(order));
  } catch (err) {
    orders.add(1, { outcome: 'error' });
    logger.error('order lookup failed', err as Error);
    getCurrentSpan()?.setAttribute('order.id', id);
    res.writeHead(500).end();
  }
});

server.listen(Number(env['PORT'] ?? 3000), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const promPort = env['OTEL_EXPORTER_PROMETHEUS_PORT'] ?? '9464';
  console.log(`zerotel demo: orders service on ${base}/api/orders/:id`);
  console.log(`  metrics for Prometheus: http://127.0.0.1:${promPort}/metrics`);
  console.log(hasCollector ? '  traces, metrics and logs → your OTLP collector' : '  set OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 to send traces and logs to a collector');
  console.log('  the live dashboard arrives with a later release; Ctrl-C stops the demo');

  let n = 0;
  const client = setInterval(() => {
    n++;
    // Alternate fetch and node:http so both client instrumentations show up.
    if (n % 2 === 0) void fetch(`${base}/api/orders/${n}`).then((r) => r.arrayBuffer(), () => undefined);
    else httpGet(`${base}/api/orders/${n}`, (r) => r.resume()).on('error', () => undefined);
  }, 150);
  const summary = setInterval(() => {
    const d = stats.durations.sort((a, b) => a - b);
    const p50 = d.length ? d[Math.floor(d.length / 2)]!.toFixed(1) : '–';
    console.log(`[zerotel demo] ${stats.spans} spans (${stats.errors} errors) · ${stats.server} requests served · p50 ${p50} ms`);
    stats.durations.length = 0;
  }, 2000);

  const stop = async () => {
    clearInterval(client);
    clearInterval(summary);
    server.close();
    await sdk.shutdown();
    console.log(`zerotel demo: stopped after ${stats.spans} spans`);
  };
  const seconds = Number(env['ZEROTEL_DEMO_SECONDS']);
  if (seconds > 0) setTimeout(() => void stop(), seconds * 1000);
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
});
