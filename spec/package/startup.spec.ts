import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { promisify } from 'node:util';
import { withSpan } from '../../lib/context/async-context.js';
import { TracingHttpAgent, TracingHttpsAgent } from '../../lib/instrumentation/http-client.js';
import { disableHttpInstrumentation, enableHttpInstrumentation } from '../../lib/instrumentation/http-instrumentation.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { REPO_ROOT } from '../helpers/paths.js';

const run = promisify(execFile);

/** The built-ins `import 'zerotel'` must not load: each is paid for only by the feature that needs it. */
const HEAVY = ['http', 'https', 'tls', 'net', 'zlib', 'http2', 'worker_threads'];

/**
 * Runs in a fresh process: imports the shipped `zerotel` (the package resolved
 * from the repository as itself), notes which HEAVY
 * built-ins are loaded, runs one scenario, notes them again. The lists are
 * read before anything is printed (a piped stdout would load node:net itself).
 */
const CHILD = `
const [scenario, url] = process.argv.slice(1);
const heavy = ${JSON.stringify(HEAVY)};
const loaded = () => heavy.filter((m) => process.moduleLoadList.includes('NativeModule ' + m));
const z = await import('zerotel');
const atImport = loaded();
const sdk = scenario === 'export' || scenario === 'prometheus' ? await import('zerotel/sdk') : undefined;
switch (scenario) {
  case 'core': {
    const span = z.startSpan('work');
    z.withSpan(span, () => {
      const carrier = z.inject({});
      if (z.extract(carrier).span?.spanContext().traceId !== span.spanContext().traceId) throw new Error('propagation failed');
      z.createCounter('requests').add(1);
      z.createHistogram('latency').record(3);
      z.logger.info('hello');
    });
    span.end();
    break;
  }
  case 'http-instrumentation':
    z.enableHttpInstrumentation();
    break;
  case 'register': {
    // OTEL_* from the test; HTTP spans on, trace context injected only when spans are exported.
    await import('zerotel/register');
    if (!z.isHttpInstrumentationEnabled()) throw new Error('register did not enable the HTTP instrumentation');
    break;
  }
  case 'export': {
    const provider = new sdk.TracerProvider();
    const span = provider.getTracer('t').startSpan('exported');
    span.end();
    const exporter = new sdk.OtlpHttpTraceExporter({ url, compression: 'gzip', timeoutMillis: 5000 });
    const result = await exporter.export([span]);
    await exporter.shutdown();
    if (result.code !== 'success') throw new Error('export failed: ' + String(result.error));
    break;
  }
  case 'prometheus': {
    const exporter = new sdk.PrometheusExporter({ port: 0, preventServerStart: true });
    await exporter.startServer();
    await exporter.stopServer();
    break;
  }
}
const after = loaded();
console.log(JSON.stringify({ atImport, after }));
`;

async function inChild(scenario: string, url = '', env: Record<string, string> = {}): Promise<{ atImport: string[]; after: string[] }> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CHILD, scenario, url], { cwd: REPO_ROOT, timeout: 20_000, env: { ...process.env, ...env } });
  return JSON.parse(stdout) as { atImport: string[]; after: string[] };
}

/** A loopback OTLP endpoint answering 200 to every POST. */
async function startCollector(t: TestContext): Promise<{ url: string; received: () => number }> {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, received: () => received };
}

describe('start-up cost: heavy built-ins load only when a feature needs them', () => {
  const NONE = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
  const cases: ReadonlyArray<{ scenario: string; name: string; loads: string[]; env?: Record<string, string> }> = [
    { scenario: 'import', name: 'importing zerotel loads none of them', loads: [] },
    { scenario: 'core', name: 'spans, context, propagation, metrics and logs recording load none of them', loads: [] },
    { scenario: 'http-instrumentation', name: 'enableHttpInstrumentation() loads http and https (with tls and net)', loads: ['http', 'https', 'tls', 'net'] },
    { scenario: 'export', name: 'zerotel/sdk and a first gzip OTLP/HTTP export load http, net and zlib, and not https', loads: ['http', 'net', 'zlib'] },
    { scenario: 'prometheus', name: 'zerotel/sdk and starting the Prometheus endpoint load http and net', loads: ['http', 'net'] },
    { scenario: 'register', name: 'zerotel/register with every exporter none loads none of them (no tracing agents: no spans leave the process)', loads: [], env: NONE },
    {
      scenario: 'register',
      name: 'zerotel/register exporting spans installs the tracing agents (http, https, tls, net)',
      loads: ['http', 'https', 'tls', 'net'],
      env: { ...NONE, OTEL_TRACES_EXPORTER: 'console' },
    },
    {
      scenario: 'register',
      name: 'zerotel/register with OTEL_NODE_DISABLED_INSTRUMENTATIONS=http installs no tracing agents (fetch stays traced)',
      loads: [],
      env: { ...NONE, OTEL_TRACES_EXPORTER: 'console', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http' },
    },
  ];

  for (const c of cases) {
    test(c.name, async (t) => {
      const collector = c.scenario === 'export' ? await startCollector(t) : undefined;
      const { atImport, after } = await inChild(c.scenario, collector?.url, c.env);
      assert.deepEqual(atImport, [], 'nothing heavy at import');
      assert.deepEqual(after, c.loads);
      if (collector !== undefined) assert.equal(collector.received(), 1, 'the collector got the export');
    });
  }
});

describe('the tracing agents, whose Agent parent is attached at first construction', () => {
  const cases = [
    { name: 'TracingHttpAgent is an http.Agent with the options it was given', Agent: TracingHttpAgent, Base: http.Agent },
    { name: 'TracingHttpsAgent is an https.Agent with the options it was given', Agent: TracingHttpsAgent, Base: https.Agent },
  ];
  for (const c of cases) {
    test(c.name, (t) => {
      const agent = new c.Agent({ keepAlive: true, maxSockets: 3 });
      t.after(() => agent.destroy());
      assert.ok(agent instanceof c.Base && agent instanceof c.Agent);
      assert.equal(Object.getPrototypeOf(c.Agent), c.Base, 'the class now extends the real Agent');
      assert.equal(agent.maxSockets, 3);
      assert.equal((agent as unknown as { keepAlive: boolean }).keepAlive, true);
    });
  }

  test('a subclass of a tracing agent constructs, keeps its own methods and still injects trace context', async (t) => {
    class CountingAgent extends TracingHttpAgent {
      added = 0;
      override addRequest(req: http.ClientRequest, options: http.RequestOptions): void {
        this.added++;
        super.addRequest(req, options);
      }
    }
    const seen: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.traceparent as string | undefined);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const agent = new CountingAgent();
    t.after(() => agent.destroy());
    const provider = new TracerProvider();
    enableHttpInstrumentation({ tracerProvider: provider, server: false, fetch: false, injectHttpHeaders: false });
    t.after(() => disableHttpInstrumentation());
    const port = (server.address() as AddressInfo).port;
    await withSpan(provider.getTracer('t').startSpan('parent'), () => get(`http://127.0.0.1:${port}/`, agent));
    assert.equal(agent.added, 1);
    assert.match(seen[0] ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-9a-f]$/);
  });
});

function get(url: string, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });
}
