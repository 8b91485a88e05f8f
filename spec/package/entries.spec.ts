/**
 * The package as it ships: every test here imports the bundles in dist/pkg
 * through the package's own name (`zerotel`, `zerotel/sdk`, … resolved from
 * the repository as itself), never lib/ — so a bundling mistake (two copies
 * of a class, a chunk missing, an internal leaking out, a lazy import made
 * eager) fails here. Types come from the sources; values from the bundles.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FIXTURES, LIB_BUILD, REPO_ROOT } from '../helpers/paths.js';

const run = promisify(execFile);

type Root = typeof import('../../lib/index.js');
type Sdk = typeof import('../../lib/sdk.js');
type Otlp = typeof import('../../lib/otlp.js');
/** A specifier tsc does not resolve (the bundles do not exist when the specs compile). */
const load = <T>(specifier: string): Promise<T> => import(specifier) as Promise<T>;

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  exports: Record<string, string | { types: string; default: string }>;
  bin: Record<string, string>;
};
/** Which sources each shipped file holds, written by the build. */
const meta = JSON.parse(readFileSync(join(REPO_ROOT, 'dist', 'pkg-meta.json'), 'utf8')) as Record<string, string[]>;
const PKG_DIR = join(REPO_ROOT, 'dist', 'pkg');

interface Loaded {
  files: string[];
  sources: string[];
}

/**
 * The shipped files a fresh process loads for `specifier` (and, when `call`
 * names an export, after calling it), and the lib/ sources in them.
 */
async function loads(specifier: string, env: Record<string, string> = {}, call?: [string, unknown[]]): Promise<Loaded & { afterCall: Loaded }> {
  const args = [join(FIXTURES, 'package', 'count-modules.mjs'), specifier, ...(call ? [call[0], JSON.stringify(call[1])] : [])];
  const { stdout } = await run(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env }, timeout: 20_000 });
  const { atImport, afterCall } = JSON.parse(stdout) as { atImport: string[]; afterCall: string[] };
  return { ...shipped(atImport), afterCall: shipped(afterCall) };
}

function shipped(urls: string[]): Loaded {
  // zerotel's own files must all be shipped ones; the application's packages (the @opentelemetry/api
  // that register hands to the bridge when the application has it) are not counted.
  const all = urls.map((u) => fileURLToPath(u));
  assert.deepEqual(all.filter((f) => f.startsWith(join(REPO_ROOT, 'dist')) && !f.startsWith(PKG_DIR)), [], 'no development build loads');
  const files = all.filter((f) => f.startsWith(PKG_DIR));
  assert.ok(files.length > 0, 'shipped files load');
  const rel = files.map((f) => f.slice(PKG_DIR.length + 1).split('\\').join('/'));
  const sources = rel.flatMap((f) => {
    const inputs = meta[f];
    assert.ok(inputs, `${f} is a built file`);
    return inputs;
  });
  return { files: rel, sources };
}

const NONE = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
/**
 * Sources that only an export (or the dashboard) needs. The batch processors
 * are not among them: the exit hooks of `register` know the batch core.
 */
const EXPORT_PATH = /^lib\/(exporters|transport|otlp|dashboard)\/|^lib\/(dashboard|otlp)\.ts$|^lib\/setup\/pipelines\.ts$/;

describe('what a program loads', () => {
  // esbuild puts code into one chunk per set of entry points (and import() targets) reaching it, which
  // spread the API over 13 chunks (0.1 loaded 108 modules); the build makes every other entry and
  // import() target import the API too (.ci/build.mjs, apiFirst), so the API is one chunk: index.js,
  // that chunk, and at most one small chunk it shares with a child-process script.
  test("import 'zerotel' loads at most three shipped files, holding no exporter, transport, codec, pipeline, setup or dashboard", async () => {
    const { files, sources } = await loads('zerotel');
    assert.ok(files.length >= 2 && files.length <= 3, `import 'zerotel' loaded ${files.length} files: ${files.join(', ')}`);
    assert.equal(files[0], 'index.js');
    assert.deepEqual(sources.filter((s) => EXPORT_PATH.test(s) || /^lib\/(setup|config|pipeline)\//.test(s)), []);
    assert.ok(sources.includes('lib/trace/span.ts') && sources.includes('lib/context/async-context.ts'), 'the API and the model are there');
  });

  test('--import zerotel/register with every exporter none loads three shipped files (register.js, the SDK core, the API) and no exporter, transport or codec', async () => {
    const { files, sources } = await loads('zerotel/register', NONE);
    // @opentelemetry/api resolves from the repository, so register also loads the bridge (otel-api.js): not counted.
    const own = files.filter((f) => f !== 'otel-api.js');
    assert.ok(own.length <= 3, `register loaded ${files.length} files: ${files.join(', ')}`);
    assert.ok(sources.includes('lib/setup/sdk-setup.ts') && sources.includes('lib/config/config.ts'));
    assert.deepEqual(sources.filter((s) => EXPORT_PATH.test(s)), []);
  });

  test('register loads the exporters, the codec and the transport when the configuration names OTLP', async () => {
    const { sources } = await loads('zerotel/register', { ...NONE, OTEL_TRACES_EXPORTER: 'otlp' });
    for (const s of ['lib/setup/pipelines.ts', 'lib/exporters/otlp-trace-exporter.ts', 'lib/transport/http-transport.ts', 'lib/otlp/trace-proto.ts']) {
      assert.ok(sources.includes(s), `${s} loaded`);
    }
    assert.equal(new Set(sources).size, sources.length, 'no source is in two loaded files');
  });
});

describe('one copy of the model across entry points', () => {
  test('a span made through zerotel is the Span zerotel/sdk exports, and reaches a provider set through zerotel', async () => {
    const z = await load<Root>('zerotel');
    const sdk = await load<Sdk>('zerotel/sdk');
    const exporter = new sdk.InMemorySpanExporter();
    const provider = new sdk.TracerProvider({ spanProcessors: [new sdk.SimpleSpanProcessor(exporter)] });
    const prev = z.setTracerProvider(provider);
    try {
      assert.equal(z.getTracerProvider(), provider);
      const span = z.startSpan('through-root');
      assert.ok(span instanceof sdk.Span && span instanceof z.Span);
      z.withSpan(span, () => assert.equal(z.getCurrentSpan(), span));
      span.end();
      assert.deepEqual(
        exporter.getFinishedSpans().map((s) => s.name),
        ['through-root'],
      );
    } finally {
      if (prev !== undefined) z.setTracerProvider(prev);
    }
  });

  test('a meter provider and a logger provider built from zerotel/sdk serve the seed API of zerotel', async () => {
    const z = await load<Root>('zerotel');
    const sdk = await load<Sdk>('zerotel/sdk');
    const reader = new sdk.MetricReader();
    const meters = new sdk.MeterProvider({ readers: [reader] });
    const logs = new sdk.InMemoryLogRecordExporter();
    const loggers = new sdk.LoggerProvider({ processors: [new sdk.SimpleLogRecordProcessor(logs)] });
    const prevMeters = z.setMeterProvider(meters);
    const prevLoggers = z.setLoggerProvider(loggers);
    try {
      // (The seed API hands out proxies that follow the global provider; what counts is where the data goes.)
      z.createCounter('entries.count').add(2);
      const collected = await reader.collect();
      const metric = collected?.scopeMetrics[0]?.metrics[0];
      assert.equal(metric?.name, 'entries.count');
      z.logger.info('through the root');
      assert.deepEqual(
        logs.getFinishedLogRecords().map((r) => r.body),
        ['through the root'],
      );
    } finally {
      if (prevMeters !== undefined) z.setMeterProvider(prevMeters);
      if (prevLoggers !== undefined) z.setLoggerProvider(prevLoggers);
    }
  });

  test('zerotel/otlp encodes a span made through zerotel, and its reader gives back the ids and the name', async () => {
    const z = await load<Root>('zerotel');
    const otlp = await load<Otlp>('zerotel/otlp');
    const sdk = await load<Sdk>('zerotel/sdk');
    const span = new sdk.TracerProvider().getTracer('codec').startSpan('encoded', { attributes: { k: 'v' } });
    span.end();
    const decoded = otlp.decodeTracesRequest(otlp.encodeTracesProto([span]));
    const s = decoded.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    assert.equal(s?.name, 'encoded');
    assert.equal(s?.traceId, span.spanContext().traceId);
    assert.ok(span instanceof z.Span);
  });
});

describe('the public surface', () => {
  /** Internals the 0.1 root exported; none may reappear on any entry point. */
  const INTERNALS = [
    'RingBuffer',
    'BatchProcessorCore',
    'resolveBatchOptions',
    'HttpTransport',
    'RetryingTransport',
    'BSP_DEFAULTS',
    'BLRP_DEFAULTS',
    'BAGGAGE_KEY',
    'SUPPRESS_TRACING_KEY',
    'enterContext',
    'TRACES_SIGNAL',
    'OtlpHttpExporter',
    'startSdkFromEnv',
  ];

  test('no entry point exports an internal', async () => {
    for (const key of Object.keys(pkg.exports)) {
      if (key === './package.json' || key === './register') continue;
      const names = Object.keys(await load<object>(key === '.' ? 'zerotel' : `zerotel/${key.slice(2)}`));
      assert.ok(names.length > 0, `${key} exports something`);
      assert.deepEqual(names.filter((n) => INTERNALS.includes(n)), [], key);
    }
  });

  for (const [name, args] of [
    ['registerView', ['orders.placed', 'bar']],
    ['updateDisplay', []],
  ] as const) {
    test(`zerotel's ${name} loads the dashboard only when called, and never throws`, async () => {
      const { sources, afterCall } = await loads('zerotel', {}, [name, [...args]]);
      assert.ok(!sources.includes('lib/dashboard.ts'), 'not at import');
      assert.ok(afterCall.sources.includes('lib/dashboard.ts'), 'loaded by the call');
      const z = await load<Root>('zerotel');
      assert.equal((z[name] as (...a: unknown[]) => unknown)(...args), undefined);
    });
  }

  test('the zerotel command is the shipped CLI: its version, and a decode equal to the development build', async () => {
    const bin = join(REPO_ROOT, pkg.bin['zerotel']!);
    assert.ok(bin.startsWith(PKG_DIR));
    assert.ok(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n'), 'a shebang first');
    assert.equal((await run(process.execPath, [bin, '--version'])).stdout.trim(), pkg.version);
    const golden = join(FIXTURES, 'golden-traces.binpb');
    const shipped = await run(process.execPath, [bin, 'decode', golden]);
    const dev = await run(process.execPath, [join(LIB_BUILD, 'cli.js'), 'decode', golden]);
    assert.deepEqual(JSON.parse(shipped.stdout), JSON.parse(dev.stdout));
    assert.ok((JSON.parse(shipped.stdout) as { resourceSpans: unknown[] }).resourceSpans.length > 0);
  });
});
