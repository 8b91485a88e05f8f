/**
 * The official @opentelemetry/instrumentation-http and -undici as real
 * clients of zerotel: registered against @opentelemetry/api with zerotel
 * behind it, they produce the spans they produce under the official SDK —
 * same names, kinds, scopes, attributes, statuses and parent chain — and
 * zerotel exports them. Each side runs in its own child process (the
 * instrumentations patch modules process-wide).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { BUILD_ROOT, LIB_BUILD } from '../helpers/paths.js';
import { childEnv } from './child-env.js';
import { decodeTraces, normalSpans } from './otlp-compare.js';

const run = promisify(execFile);
const FIXTURE = join(BUILD_ROOT, 'spec', 'otel-api', 'fixtures', 'instrumented-app.js');

/** Ports differ between runs (the server's, the client's ephemeral one): masked wherever they appear. */
function maskPorts(key: string, v: unknown): unknown {
  const value = v as { intValue?: string; stringValue?: string };
  if (/port$/.test(key) && value.intValue !== undefined) return { intValue: '<port>' };
  if (typeof value.stringValue === 'string') return { stringValue: value.stringValue.replace(/:\d{2,5}\b/g, ':<port>') };
  return v;
}

async function spansOf(mode: 'official' | 'zerotel' | 'registered', env: Record<string, string> = {}): Promise<ReturnType<typeof normalSpans>> {
  const args = mode === 'registered' ? ['--import', pathToFileURL(join(LIB_BUILD, 'register.js')).href, FIXTURE, mode] : [FIXTURE, mode];
  const { stdout } = await run(process.execPath, args, { env: { ...childEnv(), ...env }, timeout: 60_000 });
  const { otlp } = JSON.parse(stdout) as { otlp: string };
  return normalSpans(decodeTraces(Buffer.from(otlp, 'base64')), maskPorts);
}

test('instrumentation-http and instrumentation-undici produce the same spans with zerotel behind the API as with the official SDK', { timeout: 150_000 }, async () => {
  const [official, zerotel] = await Promise.all([spansOf('official'), spansOf('zerotel')]);
  assert.equal(official.length, 5, 'root, http client + server, fetch client + server');
  // The chain the instrumentations build: root → client → server (traceparent injected and extracted).
  assert.deepEqual(
    zerotel.map((s) => s.path),
    official.map((s) => s.path),
  );
  assert.ok(zerotel.some((s) => s.path.includes('instrumentation-http:3:GET > @opentelemetry/instrumentation-http:2:GET')), zerotel.map((s) => s.path).join('\n'));
  for (let i = 0; i < official.length; i++) {
    const o = official[i]!;
    const z = zerotel[i]!;
    assert.deepEqual({ ...z, resource: undefined }, { ...o, resource: undefined }, `span ${o.path}`);
  }
});

test('under zerotel/register, OTEL_NODE_DISABLED_INSTRUMENTATIONS=http,undici leaves the HTTP spans to the official instrumentations: each request traced once', { timeout: 150_000 }, async () => {
  const NONE = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
  const [official, once, twice] = await Promise.all([
    spansOf('official'),
    spansOf('registered', { ...NONE, OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http,undici' }),
    spansOf('registered', NONE),
  ]);
  assert.deepEqual(
    once.map((s) => s.path),
    official.map((s) => s.path),
  );
  // Without the variable both instrumentations trace the requests: what the variable is for.
  assert.ok(twice.length > official.length, `zerotel's own HTTP spans beside the official ones: ${twice.length} spans`);
});
