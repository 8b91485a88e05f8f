/**
 * An application awaiting a zerotel call that waits on user code which never
 * settles — `reader.collect()` on an observable callback, a simple
 * processor's `forceFlush()` / `shutdown()` on an exporter — gets its answer
 * at the deadline, and the wait holds the process until then. Before, the
 * collect timer was unref'd and the simple processors had no deadline at
 * all: with nothing else pending, Node ended the process under the await
 * (exit code 13, "unsettled top-level await") and the application's next
 * lines never ran; with a server running, the await never returned.
 * Background work still holds nothing. Child processes: exit behaviour.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { LIB_BUILD } from '../helpers/paths.js';

const sdkUrl = pathToFileURL(join(LIB_BUILD, 'sdk.js')).href;

function run(body: string): { status: number | null; stdout: string; stderr: string } {
  const script = `import * as sdk from ${JSON.stringify(sdkUrl)};\n${body}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('awaiting collect() with a callback that never settles resolves at the timeout, and the application goes on', () => {
  const r = run(`
    const reader = new sdk.MetricReader();
    const provider = new sdk.MeterProvider({ readers: [reader] });
    const meter = provider.getMeter('m');
    meter.createObservableGauge('stuck', { callback: () => new Promise(() => {}) });
    meter.createObservableGauge('fine', { callback: (r) => r.observe(7) });
    const rm = await reader.collect({ timeoutMillis: 200 });
    const names = rm.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.name));
    console.log('after collect', JSON.stringify(names));
  `);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /after collect \["fine"\]/);
  assert.match(r.stderr, /observable callbacks did not finish within 200 ms/);
});

test("a reader's background collection (collectInBackground, the periodic reader's) stuck on such a callback does not hold the process", () => {
  // With the wait held, this child would live for the 60 s timeout (and be killed at 20 s).
  const r = run(`
    class Background extends sdk.MetricReader {
      onAttach() {
        setTimeout(() => void this.collectInBackground({ timeoutMillis: 60_000 }).then(() => console.log('collected')), 10).unref();
      }
    }
    const provider = new sdk.MeterProvider({ readers: [new Background()] });
    provider.getMeter('m').createObservableGauge('stuck', { callback: () => new Promise(() => {}) });
    setTimeout(() => console.log('tick'), 100);
  `);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'tick\n');
});

for (const [processor, emit] of [
  ['SimpleSpanProcessor', "const provider = new sdk.TracerProvider({ spanProcessors: [processor] }); provider.getTracer('t').startSpan('s').end();"],
  ['SimpleLogRecordProcessor', "const provider = new sdk.LoggerProvider({ processors: [processor] }); provider.getLogger('l').info('x');"],
] as const) {
  test(`${processor}: forceFlush and shutdown with an exporter that never settles end at the deadline; the export is aborted and counted`, () => {
    const r = run(`
      let signal;
      const exporter = { export: (_items, s) => { signal = s; return new Promise(() => {}); }, forceFlush: () => new Promise(() => {}), shutdown: () => new Promise(() => {}) };
      const processor = new sdk.${processor}(exporter, { exportTimeoutMillis: 200 });
      ${emit}
      await provider.forceFlush();
      console.log('flushed, signal aborted:', signal?.aborted);
      await provider.shutdown();
      console.log('shut down');
    `);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'flushed, signal aborted: true\nshut down\n');
    assert.match(r.stderr, /export failed: export timed out after 200 ms/);
    assert.match(r.stderr, /exporter forceFlush did not finish within 200 ms/);
    assert.match(r.stderr, /exporter shutdown did not finish within 200 ms/);
  });
}
