/**
 * `node --import zerotel/register`: code written against the application's
 * own `@opentelemetry/api` reports through zerotel with no change; an
 * application without the API is not affected. Child processes, since the
 * registration is process-wide.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { LIB_BUILD, REPO_ROOT } from '../helpers/paths.js';
import { isolatedTempDir } from '../helpers/isolated-dir.js';
import { childEnv } from './child-env.js';

const run = promisify(execFile);

const APP = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
let api;
try { api = require('@opentelemetry/api'); } catch { console.log('no-api'); process.exit(0); }
const logs = require('@opentelemetry/api-logs');
api.trace.getTracer('app-lib').startActiveSpan('through-api', (span) => {
  span.setAttribute('k', 'v');
  logs.logs.getLogger('app-log').emit({ body: 'log-through-api' });
  span.end();
});
`;

function project(t: { after(fn: () => void): void }, withApi: boolean): string {
  // Without the API, the project must not find one in an ancestor node_modules either.
  const dir = withApi ? mkdtempSync(join(tmpdir(), 'zerotel-auto-')) : isolatedTempDir('zerotel-auto-');
  if (dir === undefined) throw new Error('unreachable: the caller checked');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'app.mjs'), APP);
  if (withApi) {
    mkdirSync(join(dir, 'node_modules', '@opentelemetry'), { recursive: true });
    for (const pkg of ['api', 'api-logs']) {
      symlinkSync(join(REPO_ROOT, 'node_modules', '@opentelemetry', pkg), join(dir, 'node_modules', '@opentelemetry', pkg), 'dir');
    }
  }
  return dir;
}

const ENV = {
  ...childEnv(),
  OTEL_TRACES_EXPORTER: 'console',
  OTEL_LOGS_EXPORTER: 'console',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_SERVICE_NAME: 'auto-app',
};

test('an application that resolves @opentelemetry/api has its API spans and logs exported by zerotel/register', { timeout: 30_000 }, async (t) => {
  const dir = project(t, true);
  const { stdout, stderr } = await run(process.execPath, ['--import', pathToFileURL(join(LIB_BUILD, 'register.js')).href, 'app.mjs'], { cwd: dir, env: ENV });
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const span = lines.find((l) => l.name === 'through-api');
  assert.ok(span, stdout);
  assert.deepEqual(span.attributes, [{ key: 'k', value: { stringValue: 'v' } }]);
  const log = lines.find((l) => (l.body as { stringValue?: string } | undefined)?.stringValue === 'log-through-api');
  assert.ok(log, stdout);
  assert.equal(log.spanId, span.spanId, 'the log record is correlated with the API span');
  assert.equal(stderr, '');
});

const cleanDir = isolatedTempDir('zerotel-probe-');
if (cleanDir !== undefined) rmSync(cleanDir, { recursive: true, force: true });

test('an application without @opentelemetry/api runs under zerotel/register as before', { timeout: 30_000, skip: cleanDir === undefined && 'every temporary directory can resolve @opentelemetry/api from an ancestor node_modules' }, async (t) => {
  const dir = project(t, false);
  const { stdout, stderr } = await run(process.execPath, ['--import', pathToFileURL(join(LIB_BUILD, 'register.js')).href, 'app.mjs'], { cwd: dir, env: ENV });
  assert.equal(stdout.trim(), 'no-api');
  assert.equal(stderr, '');
});
