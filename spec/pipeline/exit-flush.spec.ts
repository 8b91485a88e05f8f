/**
 * `node --import zerotel/register app.js`, as a child process: spans ended
 * just before the process leaves — naturally, on SIGTERM, on SIGINT — reach
 * the collector, the exporter does not trace its own requests, and a signal
 * still ends the process as it would have.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIXTURES, LIB_BUILD } from '../helpers/paths.js';
import { startCollector } from '../helpers/collector.js';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runApp(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(LIB_BUILD, 'register.js')).href, join(FIXTURES, 'exit-app.mjs')], {
      env: {
        PATH: process.env['PATH'] ?? '',
        ZEROTEL_LIB: pathToFileURL(LIB_BUILD).href,
        OTEL_BSP_SCHEDULE_DELAY: '60000',
        // Hermetic: only traces, only to the test's collector.
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // A hang detector, generous enough for a loaded machine running the suite under coverage.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

describe('flush at exit through zerotel/register', () => {
  const modes: [string, string, Partial<Exit>][] = [
    ['the event loop empties', 'natural', { code: 0, signal: null }],
    ['SIGTERM arrives', 'SIGTERM', { signal: 'SIGTERM' }],
    ['SIGINT arrives', 'SIGINT', { signal: 'SIGINT' }],
  ];
  for (const [name, mode, expected] of modes) {
    test(`spans ended just before exit arrive when ${name}, and the process ends as it would have`, async (t) => {
      const collector = await startCollector();
      t.after(() => collector.close());
      const exit = await runApp({ EXIT_MODE: mode, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'exit-app' });
      assert.equal(exit.stderr, '');
      for (const [k, v] of Object.entries(expected)) assert.equal(exit[k as keyof Exit], v, k);
      // Only the app's spans: the exporter's own POST is not traced by the HTTP instrumentation.
      assert.deepEqual(collector.spanNames().sort(), ['exit-0', 'exit-1', 'exit-2', 'exit-3', 'exit-4']);
      const resource = collector.requests[0]!.traces!.resourceSpans[0]!.resource!;
      assert.ok(resource.attributes.some((a) => a.key === 'service.name' && a.value.stringValue === 'exit-app'));
    });
  }

  test('OTEL_SDK_DISABLED=true exports nothing and exits normally', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    const exit = await runApp({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url });
    assert.equal(exit.code, 0);
    assert.equal(collector.requests.length, 0);
  });
});
