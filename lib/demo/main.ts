/**
 * `npm start` (and `zerotel demo`) — everything zerotel does, at once, with no
 * configuration: the live dashboard in-process (its URL printed first), an
 * "orders" HTTP service and a client calling it over loopback (automatic
 * CLIENT/SERVER spans), a recursive agent decomposing goals into parallel and
 * sequential sub-tasks with occasional failures, correlated logs, and metrics
 * of every kind charted the way `registerView` says. Ctrl-C stops it cleanly
 * after a final flush.
 *
 * Environment (all optional): DASHBOARD_PORT (default 4318, any free port when
 * taken), PORT for the service (default any free port), ZEROTEL_DEMO_SECONDS=N
 * to stop after N seconds, OTEL_EXPORTER_OTLP_ENDPOINT to also send everything
 * to a collector, OTEL_METRICS_EXPORTER=prometheus for a scrape endpoint.
 */
import type { Span } from '../trace/span.js';
import { createDemoMetrics } from './demo-metrics.js';
import { startClient, startOrdersService } from './orders-service.js';
import { api, board, sdk as sdkEntry } from './zerotel.js';

const { getTracerProvider, SpanStatusCode } = api;
const { startDashboardServer } = board;
const { startSdk } = sdkEntry;
// The demo is an application: it reads its own settings, and hands zerotel the OTEL_* ones.
const env: Record<string, string | undefined> = process.env;
const hasCollector = Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
const sdk = await startSdk({
  OTEL_SERVICE_NAME: 'zerotel-demo',
  OTEL_TRACES_EXPORTER: hasCollector ? 'otlp' : 'none',
  OTEL_LOGS_EXPORTER: hasCollector ? 'otlp' : 'none',
  OTEL_METRICS_EXPORTER: hasCollector ? 'otlp' : 'none',
  OTEL_BSP_SCHEDULE_DELAY: '500',
  OTEL_BLRP_SCHEDULE_DELAY: '500',
  OTEL_METRIC_EXPORT_INTERVAL: '2000',
  OTEL_METRIC_EXPORT_TIMEOUT: '2000',
  ...env,
});

/** Counts what the demo produced, for the summary line. */
const stats = { spans: 0, errors: 0, server: 0 };
getTracerProvider().addSpanProcessor({
  onStart() {},
  onEnd(span: Span) {
    stats.spans++;
    if (span.statusCode === SpanStatusCode.ERROR) stats.errors++;
    if (span.kind === 1) stats.server++;
  },
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
});

async function openDashboard() {
  const wanted = Number(env['DASHBOARD_PORT'] ?? 4318);
  try {
    return await startDashboardServer({ port: wanted });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || wanted === 0) throw err;
    return startDashboardServer({ port: 0 });
  }
}

async function main(): Promise<void> {
  const dashboard = await openDashboard();
  console.log(`zerotel dashboard: ${dashboard.url}`);
  const metrics = createDemoMetrics();
  const { server, base } = await startOrdersService(Number(env['PORT'] ?? 0), metrics);
  console.log(`  orders service on ${base}/api/orders/:id, an agent on ${base}/api/agent`);
  console.log(hasCollector ? '  also sending traces, metrics and logs to your OTLP collector' : `  other apps can send here too: OTEL_EXPORTER_OTLP_ENDPOINT=${dashboard.url.replace(/\/$/, '')}`);
  console.log('  Ctrl-C stops the demo');
  const stopClient = startClient(base, metrics);
  const summary = setInterval(() => {
    console.log(`[zerotel demo] ${stats.spans} spans (${stats.errors} errors) · ${stats.server} requests served · ${dashboard.url}`);
  }, 5000).unref();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // zerotel's own servers and timers never hold the process open; this holds it until the flush is done.
      const hold = setInterval(() => {}, 1000);
      clearInterval(summary);
      await stopClient(3000);
      // In-flight requests get a second to finish, then their sockets are closed.
      const closed = new Promise<void>((r) => server.close(() => r()));
      setTimeout(() => server.closeAllConnections(), 1000).unref();
      await closed;
      await sdk.shutdown();
      await dashboard.close();
      console.log(`zerotel demo: stopped after ${stats.spans} spans`);
      clearInterval(hold);
    })());
  const seconds = Number(env['ZEROTEL_DEMO_SECONDS']);
  if (seconds > 0) setTimeout(() => void stop(), seconds * 1000);
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  console.error(`zerotel demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
