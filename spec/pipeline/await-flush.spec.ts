/**
 * `await provider.forceFlush()` / `shutdown()` at an ESM module's top level
 * while the collector is down, answers 503, or never answers: both resolve
 * at their deadline (1 s here) and the program goes on. The export's timers
 * and socket are unref'd (they must not hold an idle process); what keeps
 * the process alive is the flush's own ref'd deadline timer. Child processes,
 * each bounded at 30 s (a hang detector, not a timing assertion).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { freePort, startCollector } from '../helpers/collector.js';
import { runChild } from './exit-child.js';

const APP = join(REPO_ROOT, 'spec', 'pipeline', 'fixtures', 'await-flush-app.mjs');

describe('awaiting a flush or shutdown against a failing collector', { concurrency: 3 }, () => {
  for (const signal of ['traces', 'metrics'] as const) {
    for (const state of ['down', '503', 'never answering'] as const) {
      test(`${signal}: forceFlush and shutdown resolve and the code after them runs, collector ${state}`, async (t) => {
        let url: string;
        if (state === 'down') {
          url = `http://127.0.0.1:${await freePort()}/v1/${signal}`;
        } else {
          const collector = await startCollector();
          t.after(() => collector.close());
          collector.respond =
            state === '503'
              ? (_req, res) => {
                  res.writeHead(503).end();
                }
              : () => false;
          url = collector.url.replace('/v1/traces', `/v1/${signal}`);
        }
        const exit = await runChild(APP, { register: false, env: { SIGNAL: signal, COLLECTOR_URL: url } });
        assert.equal(exit.killed, false);
        assert.equal(exit.code, 0, `exit code ${exit.code}; stderr: ${exit.stderr}`);
        assert.deepEqual(exit.stdout.trim().split('\n'), ['after forceFlush', 'after shutdown']);
      });
    }
  }

  test('an exporter awaited directly against a collector answering 503 resolves with a failure and the code after it runs', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    collector.respond = (_req, res) => {
      res.writeHead(503).end();
    };
    const exit = await runChild(APP, { register: false, env: { SIGNAL: 'direct', COLLECTOR_URL: collector.url } });
    assert.equal(exit.code, 0, exit.stderr);
    assert.deepEqual(exit.stdout.trim().split('\n'), ['after export: failure', 'after shutdown']);
    assert.ok(collector.requests.length > 1, 'retried');
  });

  test('an application whose collector accepts connections and never answers still ends on its own', async (t) => {
    // Nothing awaited: nothing zerotel holds may keep the process alive (the batch and interval timers and the sockets are unref'd).
    const collector = await startCollector();
    collector.respond = () => false;
    t.after(() => collector.close());
    const script = join(REPO_ROOT, 'spec', 'pipeline', 'fixtures', 'idle-app.mjs');
    const exit = await runChild(script, { register: false, env: { COLLECTOR_URL: collector.url } });
    assert.equal(exit.killed, false);
    assert.equal(exit.code, 0, exit.stderr);
    assert.ok(collector.requests.length > 0, 'the exports did start');
  });
});
