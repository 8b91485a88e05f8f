/**
 * The synchronous hand-off at `process.exit()` for every signal and wire
 * protocol, as child processes under zerotel/register against a collector
 * that is up, down (connection refused) or never answering: spans and the
 * metrics recorded before the exit arrive — decoded by the official
 * protobufjs decoders (OTLP/HTTP protobuf and JSON), or by a real
 * @grpc/grpc-js server with the same decoders (OTLP/gRPC) — or are counted
 * in one zerotel line that says why. Also: delta and cumulative readers at
 * exit, gRPC metadata, gzip and TLS in the hand-off, the hand-off process
 * loading nothing of zerotel, and the natural exit with a dead collector
 * (one attempt, no retry back-off). Each child is killed at 30 s (a hang
 * detector, not a timing assertion); export timeouts are short where the
 * collector cannot answer.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { FIXTURES, REPO_ROOT } from '../helpers/paths.js';
import { freePort, startCollector } from '../helpers/collector.js';
import type { Collector, ReceivedRequest } from '../helpers/collector.js';
import type { ServerResponse } from 'node:http';
import { startGrpcCollector } from '../helpers/grpc-collector.js';
import type { GrpcCollector } from '../helpers/grpc-collector.js';
import { officialDecode } from '../helpers/official-decode.js';
import { handOffEnv } from '../../lib/transport/sync-post.js';
import { metricPointsCounted, runChild, spansCounted, zerotelLines } from './exit-child.js';

const APP = join(REPO_ROOT, 'spec', 'pipeline', 'fixtures', 'exit-handoff-app.mjs');
const TLS = join(FIXTURES, 'tls');
const SPANS = 20;
const COUNTER = 7;

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const root: any = require('otlp-decoder/build/src/generated/root.js');

type Protocol = 'http/protobuf' | 'http/json' | 'grpc';
type State = 'up' | 'down' | 'never answering';

/** One request as the official decoders read it (OTLP/JSON through the same schema's fromObject). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function decodeHttp(signal: 'traces' | 'metrics', r: ReceivedRequest): any {
  if (r.headers['content-type'] !== 'application/json') return officialDecode(signal, r.body);
  const c = root.opentelemetry.proto.collector;
  const R = signal === 'traces' ? c.trace.v1.ExportTraceServiceRequest : c.metrics.v1.ExportMetricsServiceRequest;
  const msg = R.fromObject(JSON.parse(r.body.toString('utf8')));
  assert.equal(R.verify(msg), null);
  return R.toObject(msg, { longs: String, enums: Number, bytes: String });
}

interface Arrived {
  spans: string[];
  /** Each arrived data point of exit.counter: its value and temporality (1 delta, 2 cumulative). */
  counter: { value: number; temporality: number; attrs: string[] }[];
  metadata: Record<string, unknown>[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function readDecoded(signal: string, d: any, out: Arrived): void {
  if (signal === 'traces') {
    for (const rs of d.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) out.spans.push(s.name);
    return;
  }
  for (const rm of d.resourceMetrics ?? []) {
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        if (m.name !== 'exit.counter') continue;
        for (const p of m.sum.dataPoints) {
          out.counter.push({ value: Number(p.asInt ?? p.asDouble), temporality: m.sum.aggregationTemporality, attrs: (p.attributes ?? []).map((a: { key: string; value: { stringValue: string } }) => `${a.key}=${a.value.stringValue}`) });
        }
      }
    }
  }
}

function arrivedHttp(c: Collector): Arrived {
  const out: Arrived = { spans: [], counter: [], metadata: [] };
  for (const r of c.requests) {
    const signal = r.path === '/v1/traces' ? 'traces' : r.path === '/v1/metrics' ? 'metrics' : undefined;
    if (signal !== undefined) readDecoded(signal, decodeHttp(signal, r), out);
    out.metadata.push(r.headers);
  }
  return out;
}

function arrivedGrpc(c: GrpcCollector): Arrived {
  const out: Arrived = { spans: [], counter: [], metadata: [] };
  for (const call of c.calls) {
    readDecoded(call.signal, call.decoded, out);
    out.metadata.push(call.metadata);
  }
  return out;
}

interface Target {
  env: Record<string, string>;
  arrived: () => Arrived;
  close: () => Promise<void> | void;
}

async function target(protocol: Protocol, state: State): Promise<Target> {
  const env: Record<string, string> = { OTEL_EXPORTER_OTLP_PROTOCOL: protocol };
  if (state === 'down') {
    const port = await freePort();
    return { env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` }, arrived: () => ({ spans: [], counter: [], metadata: [] }), close: () => {} };
  }
  if (protocol === 'grpc') {
    const c = await startGrpcCollector();
    // Never answering: the call is held far past every bound (the child is gone long before).
    if (state === 'never answering') c.respond = () => ({ delayMs: 120_000 });
    return { env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: c.url }, arrived: () => arrivedGrpc(c), close: () => c.kill() };
  }
  const c = await startCollector();
  if (state === 'never answering') c.respond = () => false;
  return { env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${c.port}` }, arrived: () => arrivedHttp(c), close: () => c.close() };
}

const BASE = {
  OTEL_BSP_SCHEDULE_DELAY: '60000',
  OTEL_METRICS_EXPORTER: 'otlp',
  OTEL_METRIC_EXPORT_INTERVAL: '60000',
};

describe('process.exit() hands spans and metrics off over every protocol, or counts them in one line saying why', { concurrency: 2 }, () => {
  for (const protocol of ['http/protobuf', 'http/json', 'grpc'] as const) {
    for (const state of ['up', 'down', 'never answering'] as const) {
      test(`${protocol}, collector ${state}`, async (t) => {
        const tg = await target(protocol, state);
        t.after(() => tg.close());
        const exit = await runChild(APP, {
          env: {
            ...BASE,
            ...tg.env,
            EXIT_MODE: 'exit',
            SPANS: String(SPANS),
            COUNTER: String(COUNTER),
            // Long where the collector takes the data (a loaded machine is slow, not wrong); short where it cannot.
            OTEL_EXPORTER_OTLP_TIMEOUT: state === 'up' ? '10000' : '500',
          },
        });
        assert.equal(exit.killed, false, `still running after 30 s; stderr: ${exit.stderr}`);
        assert.equal(exit.code, 0, exit.stderr);
        const arrived = tg.arrived();
        const lines = zerotelLines(exit.stderr);
        if (state === 'up') {
          assert.deepEqual(lines, []);
          assert.deepEqual(arrived.spans, Array.from({ length: SPANS }, (_, i) => `h-${i}`));
          assert.deepEqual(arrived.counter, [{ value: COUNTER, temporality: 2, attrs: ['k=v'] }]);
          return;
        }
        assert.equal(lines.length, 1, `one zerotel line expected, got:\n${exit.stderr}`);
        const line = lines[0]!;
        assert.equal(spansCounted(line), SPANS, line);
        assert.equal(metricPointsCounted(line), 1, line);
        assert.match(line, state === 'down' ? /not accepted by the synchronous send at process\.exit\(\): connect ECONNREFUSED/ : /not accepted by the synchronous send at process\.exit\(\): (no answer within|the sending process did not finish)/);
        // A collector that never answers may hold a request it never acknowledged; nothing counts as delivered.
        if (state === 'down') assert.deepEqual(arrived.spans, []);
      });
    }
  }
});

describe('metrics at process.exit()', () => {
  for (const [temporality, expected] of [
    ['cumulative', [{ value: 5, temporality: 2, attrs: ['k=v'] }, { value: 8, temporality: 2, attrs: ['k=v'] }]],
    ['delta', [{ value: 5, temporality: 1, attrs: ['k=v'] }, { value: 3, temporality: 1, attrs: ['k=v'] }]],
  ] as const) {
    test(`a ${temporality} reader hands off ${temporality === 'delta' ? 'only what it has not exported yet' : 'the totals'} after an export`, async (t) => {
      const c = await startCollector();
      t.after(() => c.close());
      const exit = await runChild(APP, {
        env: {
          ...BASE,
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${c.port}`,
          OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: temporality,
          EXIT_MODE: 'after-export',
          COUNTER: '5',
          LATER: '3',
        },
      });
      assert.equal(exit.code, 0, exit.stderr);
      assert.deepEqual(zerotelLines(exit.stderr), []);
      assert.deepEqual(arrivedHttp(c).counter, expected);
    });
  }

  for (const temporality of ['cumulative', 'delta'] as const) {
    test(`an export in flight at process.exit() is ${temporality === 'cumulative' ? 'superseded by the cumulative totals handed off' : 'counted: its delta interval is not collected again'}`, async (t) => {
      const c = await startCollector();
      // The first metrics export is held (never answered), and /wait-first answered once it is; the hand-off's is answered.
      let held = false;
      let waiting: ServerResponse | undefined;
      c.respond = (req, res) => {
        if (req.path === '/wait-first') {
          if (held) res.end();
          else waiting = res;
          return undefined;
        }
        if (req.path === '/v1/metrics' && !held) {
          held = true;
          waiting?.end();
          return false;
        }
        res.end();
        return undefined;
      };
      t.after(() => c.close());
      const exit = await runChild(APP, {
        env: {
          ...BASE,
          OTEL_TRACES_EXPORTER: 'none',
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${c.port}`,
          OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: temporality,
          EXIT_MODE: 'during-export',
          WAIT_URL: `http://127.0.0.1:${c.port}/wait-first`,
          COUNTER: '6',
        },
      });
      assert.equal(exit.code, 0, exit.stderr);
      const lines = zerotelLines(exit.stderr);
      if (temporality === 'cumulative') {
        assert.deepEqual(lines, []);
        assert.deepEqual(arrivedHttp(c).counter, [{ value: 6, temporality: 2, attrs: ['k=v'] }, { value: 6, temporality: 2, attrs: ['k=v'] }]);
      } else {
        // Nothing new since the export in flight: the hand-off has nothing to send, the interval in flight is counted.
        assert.equal(lines.length, 1, exit.stderr);
        assert.match(lines[0]!, /not delivered: 1 metric points \(1 still queued or in flight\)/);
        assert.deepEqual(arrivedHttp(c).counter, [{ value: 6, temporality: 1, attrs: ['k=v'] }]);
      }
    });
  }

  test('with the console metric exporter, the collection at process.exit() is printed', async () => {
    const exit = await runChild(APP, { env: { ...BASE, OTEL_METRICS_EXPORTER: 'console', OTEL_TRACES_EXPORTER: 'none', EXIT_MODE: 'exit', COUNTER: '4' } });
    assert.equal(exit.code, 0, exit.stderr);
    assert.deepEqual(zerotelLines(exit.stderr), []);
    const line = exit.stdout.split('\n').find((l) => l.includes('"exit.counter"'));
    assert.ok(line !== undefined, exit.stdout);
    assert.equal(JSON.parse(line).points[0].value, 4);
  });
});

describe('the hand-off process', () => {
  test('runs with the environment minus what would load code into it, and with the SDK disabled should anything load it anyway', () => {
    const env = handOffEnv({ PATH: '/bin', NODE_OPTIONS: '--import zerotel/register', NODE_V8_COVERAGE: '/tmp/cov', NODE_EXTRA_CA_CERTS: '/ca.pem', OTEL_SERVICE_NAME: 'app', OTEL_SDK_DISABLED: 'false' });
    assert.deepEqual(env, { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/ca.pem', OTEL_SERVICE_NAME: 'app', OTEL_SDK_DISABLED: 'true' });
  });

  test('gRPC: headers arrive as metadata, and with gzip configured the calls decode in grpc-js', async (t) => {
    const c = await startGrpcCollector();
    t.after(() => c.close());
    const exit = await runChild(APP, {
      env: { ...BASE, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: c.url, OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip', EXIT_MODE: 'exit', SPANS: '3', COUNTER: '2' },
    });
    assert.equal(exit.code, 0, exit.stderr);
    assert.deepEqual(zerotelLines(exit.stderr), []);
    const arrived = arrivedGrpc(c);
    assert.deepEqual(arrived.spans, ['h-0', 'h-1', 'h-2']);
    assert.equal(arrived.counter[0]?.value, 2);
    assert.equal(arrived.metadata.length, 2);
    // grpc-js keeps the grpc-* headers to itself; the rest is the metadata the transport would send.
    for (const m of arrived.metadata) assert.deepEqual(m, { 'x-tenant': 'acme', 'user-agent': 'zerotel-grpc' });
  });

  test('gRPC over TLS: the hand-off verifies the collector with OTEL_EXPORTER_OTLP_CERTIFICATE, and without it delivers nothing and says why', async (t) => {
    const pem = (f: string): Buffer => readFileSync(join(TLS, f));
    const c = await startGrpcCollector(0, grpc.ServerCredentials.createSsl(null, [{ private_key: pem('server.key'), cert_chain: pem('server.pem') }], false));
    t.after(() => c.close());
    const env = { ...BASE, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: `https://localhost:${c.port}`, OTEL_METRICS_EXPORTER: 'none', EXIT_MODE: 'exit', SPANS: '2' };
    const trusted = await runChild(APP, { env: { ...env, OTEL_EXPORTER_OTLP_CERTIFICATE: join(TLS, 'ca.pem') } });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.deepEqual(zerotelLines(trusted.stderr), []);
    assert.deepEqual(c.spanNames(), ['h-0', 'h-1']);
    const untrusted = await runChild(APP, { env });
    const lines = zerotelLines(untrusted.stderr);
    assert.equal(lines.length, 1, untrusted.stderr);
    assert.equal(spansCounted(lines[0]!), 2);
    assert.match(lines[0]!, /CERT|certificate/i);
    assert.equal(c.spanNames().length, 2);
  });

  test('OTLP/HTTP over https: the hand-off verifies the collector with OTEL_EXPORTER_OTLP_CERTIFICATE', async (t) => {
    const { createServer } = await import('node:https');
    const pem = (f: string): Buffer => readFileSync(join(TLS, f));
    const bodies: Buffer[] = [];
    const server = createServer({ key: pem('server.key'), cert: pem('server.pem') }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (b: Buffer) => chunks.push(b));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks));
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.after(
      () =>
        new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    );
    const port = (server.address() as import('node:net').AddressInfo).port;
    const exit = await runChild(APP, {
      env: { ...BASE, OTEL_METRICS_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: `https://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_CERTIFICATE: join(TLS, 'ca.pem'), EXIT_MODE: 'exit', SPANS: '2' },
    });
    assert.equal(exit.code, 0, exit.stderr);
    assert.deepEqual(zerotelLines(exit.stderr), []);
    assert.equal(bodies.length, 1);
    const names = officialDecode('traces', bodies[0]!).resourceSpans[0].scopeSpans[0].spans.map((s: { name: string }) => s.name);
    assert.deepEqual(names, ['h-0', 'h-1']);
  });

  test('with zerotel/register in NODE_OPTIONS, the hand-off process loads none of it: it neither traces its own request nor flushes anything of its own', async (t) => {
    const c = await startCollector();
    t.after(() => c.close());
    const exit = await runChild(APP, {
      register: 'NODE_OPTIONS',
      env: { ...BASE, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${c.port}`, EXIT_MODE: 'exit', SPANS: '2', COUNTER: '1' },
    });
    assert.equal(exit.code, 0, exit.stderr);
    assert.deepEqual(zerotelLines(exit.stderr), []);
    // Only the application's data: a traced hand-off would add its POST span (and metrics of its own) in later requests.
    assert.deepEqual(
      c.requests.map((r) => r.path),
      ['/v1/traces', '/v1/metrics'],
    );
    assert.deepEqual(arrivedHttp(c).spans, ['h-0', 'h-1']);
  });
});

describe('what the exit line says when the collector answers with a refusal', () => {
  test('OTLP/HTTP 503: one attempt, no retry, the status named', async (t) => {
    const c = await startCollector();
    c.respond = (_req, res) => {
      res.statusCode = 503;
      res.end();
    };
    t.after(() => c.close());
    const exit = await runChild(APP, { env: { ...BASE, OTEL_METRICS_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${c.port}`, EXIT_MODE: 'exit', SPANS: '3' } });
    const lines = zerotelLines(exit.stderr);
    assert.equal(lines.length, 1, exit.stderr);
    assert.equal(spansCounted(lines[0]!), 3);
    assert.match(lines[0]!, /process\.exit\(\): HTTP 503\)/);
    assert.equal(c.requests.length, 1);
  });

  test('OTLP/gRPC UNAVAILABLE: the status and its message named', async (t) => {
    const c = await startGrpcCollector();
    c.respond = () => ({ code: grpc.status.UNAVAILABLE, details: 'collector draining' });
    t.after(() => c.close());
    const exit = await runChild(APP, { env: { ...BASE, OTEL_METRICS_EXPORTER: 'none', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: c.url, EXIT_MODE: 'exit', SPANS: '3' } });
    const lines = zerotelLines(exit.stderr);
    assert.equal(lines.length, 1, exit.stderr);
    assert.equal(spansCounted(lines[0]!), 3);
    assert.match(lines[0]!, /process\.exit\(\): gRPC status 14: collector draining\)/);
    assert.equal(c.calls.length, 1);
  });
});

describe('one hand-off for every signal', () => {
  test('traces over gRPC, metrics over OTLP/HTTP and logs to a dead endpoint leave in one process.exit(): each outcome is counted for its own signal', async (t) => {
    const g = await startGrpcCollector();
    t.after(() => g.close());
    const h = await startCollector();
    t.after(() => h.close());
    const dead = await freePort();
    const exit = await runChild(APP, {
      env: {
        ...BASE,
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_BLRP_SCHEDULE_DELAY: '60000',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: g.url,
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `http://127.0.0.1:${h.port}/v1/metrics`,
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `http://127.0.0.1:${dead}/v1/logs`,
        EXIT_MODE: 'exit',
        SPANS: '4',
        LOGS: '6',
        COUNTER: '9',
      },
    });
    assert.equal(exit.code, 0, exit.stderr);
    assert.deepEqual(arrivedGrpc(g).spans, ['h-0', 'h-1', 'h-2', 'h-3']);
    assert.deepEqual(arrivedHttp(h).counter, [{ value: 9, temporality: 2, attrs: ['k=v'] }]);
    const lines = zerotelLines(exit.stderr);
    assert.equal(lines.length, 1, exit.stderr);
    assert.match(lines[0]!, /not delivered: 6 log records \(6 export failed: not accepted by the synchronous send at process\.exit\(\): connect ECONNREFUSED/);
    assert.equal(spansCounted(lines[0]!), 0);
    assert.equal(metricPointsCounted(lines[0]!), 0);
  });
});

describe('the natural exit with a dead collector', () => {
  for (const protocol of ['http/protobuf', 'grpc'] as const) {
    test(`${protocol}: one attempt, the refused connection not retried, spans and metric points counted in one line`, async () => {
      const port = await freePort();
      // Default export timeouts (10 s exporter, 30 s processor): without the exit rule the retries run into the 5 s cap.
      const exit = await runChild(APP, {
        env: { ...BASE, OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, EXIT_MODE: 'natural', SPANS: '50', COUNTER: '3' },
      });
      assert.equal(exit.killed, false);
      assert.equal(exit.code, 0);
      const lines = zerotelLines(exit.stderr);
      assert.equal(lines.length, 1, exit.stderr);
      assert.equal(spansCounted(lines[0]!), 50);
      assert.equal(metricPointsCounted(lines[0]!), 1);
      assert.match(lines[0]!, /ECONNREFUSED: not retried at exit/);
      assert.doesNotMatch(lines[0]!, /cancelled by shutdown/);
    });
  }
});
