/**
 * Every way out of a process under `--import zerotel/register`, against a
 * collector that is up, down (connection refused) or never answers: the 100
 * spans ended before the exit are delivered, or counted and reported in one
 * zerotel stderr line — never silently lost — and the process ends as it
 * would have, within its bound (export timeouts 1 s here when the collector
 * cannot take the spans, 10 s when it can; the exit flush is
 * capped at 5 s, the synchronous hand-off at process.exit() at 5 s; each
 * child is killed at 30 s, which fails the test: a hang detector generous
 * enough for a loaded machine, not a timing assertion).
 * Prints the delivered / counted / lost table for the closing note.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { freePort, startCollector } from '../helpers/collector.js';
import type { Collector } from '../helpers/collector.js';
import { startGrpcCollector } from '../helpers/grpc-collector.js';
import { runChild, spansCounted, zerotelLines } from './exit-child.js';

const APP = join(REPO_ROOT, 'spec', 'pipeline', 'fixtures', 'exit-matrix-app.mjs');
const SPANS = 100;

type State = 'up' | 'down' | 'never answering';

interface Mode {
  mode: string;
  name: string;
  /** How the process must end. */
  code?: number;
  signal?: NodeJS.Signals;
  /** Whether, with the collector up, the spans must be delivered (all paths, process.exit() through the synchronous hand-off). */
  deliverable: boolean;
}

const MODES: Mode[] = [
  { mode: 'natural', name: 'the event loop empties', code: 0, deliverable: true },
  { mode: 'SIGTERM', name: 'SIGTERM', signal: 'SIGTERM', deliverable: true },
  { mode: 'SIGINT', name: 'SIGINT', signal: 'SIGINT', deliverable: true },
  { mode: 'SIGHUP', name: 'SIGHUP', signal: 'SIGHUP', deliverable: true },
  { mode: 'exit', name: 'process.exit() without awaiting', code: 0, deliverable: true },
  { mode: 'uncaught', name: 'an uncaught exception', code: 1, deliverable: true },
  { mode: 'rejection', name: 'an unhandled rejection', code: 1, deliverable: true },
  { mode: 'shutdown-exit', name: 'await shutdown() then process.exit()', code: 0, deliverable: true },
];

type Protocol = 'http/protobuf' | 'grpc';
/** The exit paths also run over OTLP/gRPC (the others differ from these only before the flush starts). */
const GRPC_MODES = new Set(['natural', 'SIGTERM', 'exit', 'uncaught']);

interface Endpoint {
  url: string;
  delivered: () => number;
  close: () => Promise<void> | void;
}

async function collectorFor(state: State, protocol: Protocol): Promise<Endpoint> {
  if (state === 'down') {
    const port = await freePort();
    return { url: protocol === 'grpc' ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}/v1/traces`, delivered: () => 0, close: () => {} };
  }
  if (protocol === 'grpc') {
    const c = await startGrpcCollector();
    // Never answering: each call is held far past every bound.
    if (state === 'never answering') c.respond = () => ({ delayMs: 120_000 });
    return { url: c.url, delivered: () => c.spanNames().length, close: () => c.kill() };
  }
  const collector: Collector = await startCollector();
  if (state === 'never answering') collector.respond = () => false;
  return { url: collector.url, delivered: () => collector.spanNames().length, close: () => collector.close() };
}

const table: string[] = [];
after(() => {
  if (process.env['EXIT_MATRIX_TABLE']) console.log(['| exit path | collector | delivered | counted | lost |', '|---|---|---|---|---|', ...table].join('\n'));
});

describe('every exit path delivers what was ended, or counts and reports it in one line', { concurrency: 2 }, () => {
  for (const protocol of ['http/protobuf', 'grpc'] as const) {
    for (const m of MODES) {
      if (protocol === 'grpc' && !GRPC_MODES.has(m.mode)) continue;
      for (const state of ['up', 'down', 'never answering'] as const) {
        test(`${m.name}, collector ${state}${protocol === 'grpc' ? ', over gRPC' : ''}`, async (t) => {
          const endpoint = await collectorFor(state, protocol);
          t.after(() => endpoint.close());
          const url = endpoint.url;
          const exit = await runChild(APP, {
            env: {
              OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol,
              EXIT_MODE: m.mode,
              SPANS: String(SPANS),
              OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url,
              OTEL_BSP_SCHEDULE_DELAY: '60000',
              // Short timeouts where the export cannot succeed (so each cell ends quickly); long ones where
              // it can, so a loaded machine does not turn a slow delivery into a failure.
              OTEL_BSP_EXPORT_TIMEOUT: state === 'up' ? '10000' : '1000',
              OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: state === 'up' ? '10000' : '1000',
            },
          });
          assert.equal(exit.killed, false, `still running after 30 s; stderr: ${exit.stderr}`);
          if (m.signal) assert.equal(exit.signal, m.signal);
          else assert.equal(exit.code, m.code, exit.stderr);
          const delivered = state === 'up' ? endpoint.delivered() : 0;
          const lines = zerotelLines(exit.stderr);
          const counted = lines.reduce((a, l) => a + spansCounted(l), 0);
          table.push(`| ${m.name}${protocol === 'grpc' ? ' (gRPC)' : ''} | ${state} | ${delivered} | ${counted} | ${SPANS - delivered - counted} |`);
          if (state === 'up' && m.deliverable) {
            assert.equal(delivered, SPANS);
            assert.deepEqual(lines, []);
          } else {
            assert.equal(lines.length, 1, `one zerotel line expected, got:\n${exit.stderr}`);
            assert.equal(delivered + counted, SPANS, lines[0]);
          }
          if (m.mode === 'uncaught') assert.match(exit.stderr, /boom \(expected by the test\)/);
          if (m.mode === 'rejection') assert.match(exit.stderr, /rejected \(expected by the test\)/);
        });
      }
    }
  }
});

describe('exit details', () => {
  test("spans an application's own SIGTERM handler ends while draining are delivered, not dropped as added after shutdown", async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    const exit = await runChild(APP, { env: { EXIT_MODE: 'app-sigterm', SPANS: '20', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '60000' } });
    assert.equal(exit.code, 0, exit.stderr);
    assert.deepEqual(zerotelLines(exit.stderr), []);
    const names = collector.spanNames();
    assert.equal(names.length, 40);
    assert.equal(names.filter((n) => n.startsWith('drain-')).length, 20);
  });

  test('a second SIGINT while the exit flush waits on a silent collector ends the process at once, counting what is left', async (t) => {
    const collector = await startCollector();
    collector.respond = () => false;
    t.after(() => collector.close());
    // Export timeouts of 30 s: without the second SIGINT (sent 300 ms after the first) the flush would wait its 5 s cap.
    const exit = await runChild(APP, {
      env: { EXIT_MODE: 'double-sigint', SPANS: '10', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '60000' },
    });
    assert.equal(exit.killed, false);
    assert.equal(exit.signal, 'SIGINT');
    const lines = zerotelLines(exit.stderr);
    assert.equal(lines.length, 1, exit.stderr);
    assert.match(lines[0]!, /^zerotel: at exit \(flush cut short by a second SIGINT\), not delivered: /);
    assert.equal(spansCounted(lines[0]!), 10);
  });

  test('with default timeouts and a collector that never answers, the exit flush stops at its 5 s cap and counts all 2,048 spans', async (t) => {
    // Default export timeouts are 10 s (exporter) and 30 s (processor): four batches of 512 exported one
    // after the other would take 40 s; only the exit cap cutting every flush short ends the process before
    // the 25 s bound.
    const collector = await startCollector();
    collector.respond = () => false;
    t.after(() => collector.close());
    const exit = await runChild(APP, { boundMs: 25_000, env: { EXIT_MODE: 'natural', SPANS: '2048', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url } });
    assert.equal(exit.killed, false);
    assert.equal(exit.code, 0);
    const lines = zerotelLines(exit.stderr);
    assert.equal(lines.length, 1, exit.stderr);
    assert.equal(spansCounted(lines[0]!), 2048);
  });

  test('with default timeouts and the collector down, the exit flush tries once and does not retry the refused connection', async () => {
    // Without the exit rule, the retry back-off (1 s, 1.5 s, 2.25 s…) runs until the 5 s cap cancels the export.
    const port = await freePort();
    const exit = await runChild(APP, { boundMs: 25_000, env: { EXIT_MODE: 'natural', SPANS: '2048', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces` } });
    assert.equal(exit.killed, false);
    assert.equal(exit.code, 0);
    const lines = zerotelLines(exit.stderr);
    assert.equal(lines.length, 1, exit.stderr);
    assert.equal(spansCounted(lines[0]!), 2048);
    assert.match(lines[0]!, /ECONNREFUSED: not retried at exit/);
  });

  test('OTEL_LOG_LEVEL=none silences the exit line; OTEL_LOG_LEVEL=nonsense is reported and warn used', async () => {
    const port = await freePort();
    const env = { EXIT_MODE: 'exit', SPANS: '5', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces` };
    const quiet = await runChild(APP, { env: { ...env, OTEL_LOG_LEVEL: 'NONE' } });
    assert.equal(quiet.stderr, '');
    const loud = await runChild(APP, { env: { ...env, OTEL_LOG_LEVEL: 'nonsense' } });
    const lines = zerotelLines(loud.stderr);
    assert.equal(lines.length, 2, loud.stderr);
    assert.match(lines[0]!, /OTEL_LOG_LEVEL="nonsense"/);
    assert.equal(spansCounted(lines[1]!), 5);
  });
});
