/**
 * The tarball as a user gets it: `npm pack`, installed into an empty project,
 * compiled against by a strict TypeScript consumer (with @types/node and
 * WITHOUT skipLibCheck, so every shipped declaration file is checked) that
 * imports and uses every public entry point, then run; and the README's quick
 * start compiled and run the same way.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { BUILD_ROOT, FIXTURES, REPO_ROOT } from '../helpers/paths.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// The package ships dist/pkg; only a build into dist/ (as `npm test` makes) can be packed.
const builtIntoDist = resolve(BUILD_ROOT) === resolve(REPO_ROOT, 'dist');
/**
 * The budget, unpacked (`npm pack`'s unpackedSize; npm's kB are 1000 bytes): the
 * whole tarball (the bundles, their declarations, the dashboard's page minified
 * and gzipped, the demo, the documents) within 500 kB, as issue 10 asks.
 */
const MAX_TARBALL_BYTES = 500_000;
/** The page as shipped (bundled, minified, gzipped): 25 KB at the time of writing. */
const MAX_PAGE_BYTES = 40 * 1024;
/** How long `zerotel demo` may take to print its URL and show traces, and to stop on Ctrl-C. */
const DEMO_TRACES_MS = 30_000;
const DEMO_STOP_MS = 15_000;

/**
 * One use per public entry point (package.json `exports`); an entry point
 * added without a line here fails the test, so none ships unchecked.
 */
const USES: Record<string, string> = {
  '.': `
import { startSpan, traced, getCurrentSpan, withSpan, inject, extract, createCounter, logger, registerView, type Span, type Attributes } from 'zerotel';
const attrs: Attributes = { 'cart.items': 3 };
const span: Span = startSpan('from-package');
span.setAttributes(attrs);
const work = traced('work')((n: number): string => getCurrentSpan()?.name ?? String(n));
const carrier = withSpan(span, () => inject({}));
out.root = { id: span.spanContext().traceId, inner: work(1), propagated: extract(carrier).span?.spanContext().traceId === span.spanContext().traceId };
createCounter('orders.placed').add(1, { region: 'eu' });
logger.info('hello from the package');
registerView('orders.placed', 'bar');
span.end();`,
  './sdk': `
import { TracerProvider, SimpleSpanProcessor, InMemorySpanExporter, MeterProvider, MetricReader, readConfig, type SpanExporter } from 'zerotel/sdk';
const memory = new InMemorySpanExporter();
const asExporter: SpanExporter = memory;
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor(asExporter)] });
provider.getTracer('sdk').startSpan('in-memory').end();
const reader = new MetricReader();
new MeterProvider({ readers: [reader] }).getMeter('m').createCounter('c').add(2);
const config = readConfig({ OTEL_TRACES_EXPORTER: 'console' });
out.sdk = { spans: memory.getFinishedSpans().length, points: (await reader.collect())?.scopeMetrics.length, exporters: config.disabled ? [] : config.traces.exporters };`,
  './otlp': `
import { encodeTracesProto, decodeTracesRequest, type OtlpTracesRequest } from 'zerotel/otlp';
import { TracerProvider as CodecProvider } from 'zerotel/sdk';
const codecSpan = new CodecProvider().getTracer('codec').startSpan('encoded');
codecSpan.end();
const decoded: OtlpTracesRequest = decodeTracesRequest(encodeTracesProto([codecSpan]));
out.otlp = decoded.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.name;`,
  './dashboard': `
import { startDashboardServer, registerView as chartAs, type DashboardHandle } from 'zerotel/dashboard';
chartAs('orders.placed', 'line');
const board: DashboardHandle = await startDashboardServer({ port: 0, print: () => {} });
out.dashboard = (await (await fetch(board.url)).text()).includes('<title>zerotel dashboard</title>');
await board.close();`,
  './otel-api': `
import * as bridge from 'zerotel/otel-api';
out.otelApi = Object.keys(bridge).length > 0;`,
  './register': `
import 'zerotel/register';
out.register = true;`,
};

test('npm pack: under budget, installs alone, a strict TypeScript consumer of every entry point compiles and runs, and the installed zerotel demo serves its page and traces', { skip: !builtIntoDist && 'built outside dist/', timeout: 180_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'zerotel-pack-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NODE_OPTIONS: '' };
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: REPO_ROOT, env, encoding: 'utf8' })) as {
    filename: string;
    unpackedSize: number;
    files: { path: string; size: number }[];
  }[];
  const info = packed[0]!;
  assert.ok(info.unpackedSize <= MAX_TARBALL_BYTES, `the whole tarball unpacked: ${info.unpackedSize} bytes > ${MAX_TARBALL_BYTES}`);
  const pageFiles = info.files.filter((f) => f.path.startsWith('dist/pkg/static/'));
  const page = pageFiles.reduce((n, f) => n + f.size, 0);
  assert.ok(page > 0 && page <= MAX_PAGE_BYTES, `the dashboard page: ${page} bytes`);
  // The page ships as the three files index.html loads, gzipped (the server sends them as they are).
  assert.deepEqual(pageFiles.map((f) => f.path.slice('dist/pkg/static/'.length)).sort(), ['app.js.gz', 'index.html.gz', 'style.css.gz'], 'the page ships gzipped, under dist/pkg/static/');
  const shippedApp = gunzipSync(readFileSync(join(REPO_ROOT, 'dist', 'pkg', 'static', 'app.js.gz'))).toString();
  const sourceBytes = readdirSync(join(REPO_ROOT, 'dashboard-static'))
    .filter((f) => f.endsWith('.js'))
    .reduce((n, f) => n + readFileSync(join(REPO_ROOT, 'dashboard-static', f)).byteLength, 0);
  assert.ok(shippedApp.length < sourceBytes, `app.js is the page's modules bundled and minified (${shippedApp.length} of ${sourceBytes} bytes)`);
  assert.doesNotMatch(shippedApp, /\bimport\s*\(|\bfrom\s*["']\.\//, 'the shipped app.js imports no other page file (none ships)');
  const files = info.files.map((f) => f.path);
  assert.deepEqual(
    files.filter((f) => !/^dist\/pkg\//.test(f) && !['package.json', 'LICENSE', 'README.md'].includes(f)),
    [],
    'only the bundles, their declarations, the minified page and the documents ship (not the readable dashboard-static/)',
  );
  assert.deepEqual(files.filter((f) => f.endsWith('.map')), [], 'no source or declaration maps');

  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { types: string; default: string }>;
    bin: Record<string, string>;
  };
  const entries = Object.entries(manifest.exports).filter(([k]) => k !== './package.json');
  for (const [key, target] of entries) {
    assert.ok(typeof target === 'object', `${key}: types and code`);
    assert.deepEqual(Object.keys(target), ['types', 'default'], `${key}: types first`);
    for (const f of [target.types, target.default]) assert.ok(files.includes(f.slice(2)), `${key}: ${f} ships`);
    assert.ok(USES[key], `${key} has a use in this test`);
  }
  for (const f of Object.values(manifest.bin)) assert.ok(files.includes(f.slice(2)), `bin ${f} ships`);

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
  execFileSync(npm, ['install', '--offline', '--no-package-lock', join(work, info.filename)], { cwd: app, env, stdio: 'pipe' });
  assert.deepEqual(readdirSync(join(app, 'node_modules')).filter((f) => !f.startsWith('.')), ['zerotel'], 'zerotel brings no dependencies');

  // Every entry point, in one strict program; imports hoist, so the uses only write into `out`.
  const uses = entries.map(([k]) => USES[k]!);
  const imports = uses.flatMap((u) => u.split('\n').filter((l) => l.startsWith('import ')));
  const bodies = uses.map((u) => u.split('\n').filter((l) => !l.startsWith('import ')).join('\n'));
  writeFileSync(join(app, 'main.ts'), [...imports, 'const out: Record<string, unknown> = {};', ...bodies, 'console.log(JSON.stringify(out));', ''].join('\n'));
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const strict = ['--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(REPO_ROOT, 'node_modules', '@types')];
  compile(tsc, [...strict, 'main.ts'], app);
  const out = JSON.parse(
    execFileSync(process.execPath, ['--import', 'zerotel/register', 'main.js'], {
      cwd: app,
      encoding: 'utf8',
      env: { ...env, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
    }),
  ) as { root: { id: string; inner: string; propagated: boolean }; sdk: { spans: number; points: number; exporters: string[] }; otlp: string; dashboard: boolean; register: boolean };
  assert.match(out.root.id, /^[0-9a-f]{32}$/);
  assert.deepEqual({ inner: out.root.inner, propagated: out.root.propagated }, { inner: 'work', propagated: true });
  assert.deepEqual(out.sdk, { spans: 1, points: 1, exporters: ['console'] });
  assert.equal(out.otlp, 'encoded');
  assert.equal(out.dashboard, true);
  assert.equal(out.register, true);

  // The CLI as installed (node_modules/.bin/zerotel): decode, and the dashboard serving its page.
  const bin = join(app, 'node_modules', '.bin', 'zerotel');
  const decoded = JSON.parse(execFileSync(bin, ['decode', join(FIXTURES, 'golden-traces.binpb')], { cwd: app, encoding: 'utf8', env })) as { resourceSpans: unknown[] };
  assert.ok(decoded.resourceSpans.length > 0);
  const board = spawn(bin, ['dashboard', '--port', '0'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => board.kill());
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const look = (c: Buffer): void => {
      seen += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(seen);
      if (m) resolve(m[1]!);
    };
    board.stdout.on('data', look);
    board.stderr.on('data', look);
    board.once('exit', (code) => reject(new Error(`zerotel dashboard exited ${String(code)}: ${seen}`)));
  });
  const html = await (await fetch(url)).text();
  assert.match(html, /<title>zerotel dashboard<\/title>/);
  const script = /<script[^>]*src="([^"]+)"/.exec(html)?.[1];
  assert.ok(script, 'the page loads a script');
  const served = await fetch(new URL(script, url));
  assert.equal(served.status, 200, 'its script is served from the installed package');
  // fetch() asks for gzip and inflates: the text is the shipped .gz's content.
  assert.equal(served.headers.get('content-encoding'), 'gzip', 'sent gzipped, as shipped');
  assert.equal(
    await served.text(),
    gunzipSync(readFileSync(join(app, 'node_modules', 'zerotel', 'dist', 'pkg', 'static', `${new URL(script, url).pathname.slice(1)}.gz`))).toString(),
    'the dashboard serves the copy the package ships',
  );
  board.kill();

  // `npx zerotel demo` as installed: its URL first, the page there, traces in its API, Ctrl-C stops it.
  await runDemo(t, bin, app, env);

  // The README's quick start, compiled and run as a newcomer would.
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const quick = /## Quick start\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(quick, 'README has a quick start in TypeScript');
  writeFileSync(join(app, 'quick.ts'), `${quick.replace('/* … */', 'return id;')}\nawait new Orders().place('o-1');\nconsole.log(JSON.stringify(await loadUser('u-1')));\n`);
  compile(tsc, [...strict, 'quick.ts'], app);
  const quickOut = execFileSync(process.execPath, ['quick.js'], { cwd: app, encoding: 'utf8', env });
  assert.match(quickOut, /\{"id":"u-1"\}/);
});

/** Starts the installed `zerotel demo`, checks its page and traces, then stops it with SIGINT. */
async function runDemo(t: { after(fn: () => void): void }, bin: string, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const demo = spawn(bin, ['demo'], { cwd, env: { ...env, DASHBOARD_PORT: '0', ZEROTEL_DEMO_SECONDS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => demo.kill('SIGKILL'));
  let seen = '';
  let stdout = '';
  demo.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`zerotel demo printed no URL within ${DEMO_TRACES_MS} ms: ${seen}`)), DEMO_TRACES_MS);
    timer.unref();
    const look = (c: Buffer): void => {
      seen += c.toString();
      const m = /zerotel dashboard: (http:\/\/\S+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    demo.stdout.on('data', look);
    demo.stderr.on('data', look);
    void exited.then((code) => reject(new Error(`zerotel demo exited ${String(code)}: ${seen}`)));
  });
  assert.match(stdout.split('\n')[0]!, /^zerotel dashboard: http:\/\//, 'the URL is the first line the demo prints');
  const page = await fetch(url);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(await page.text(), /<title>zerotel dashboard<\/title>/);
  const deadline = Date.now() + DEMO_TRACES_MS;
  let listed: { traces: { traceId: string; spanCount: number }[] } = { traces: [] };
  while (listed.traces.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    listed = (await (await fetch(new URL('/api/traces', url))).json()) as typeof listed;
  }
  assert.ok(listed.traces.length > 0, `the demo's traces reach its dashboard within ${DEMO_TRACES_MS} ms`);
  assert.match(listed.traces[0]!.traceId, /^[0-9a-f]{32}$/);
  demo.kill('SIGINT');
  const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), DEMO_STOP_MS).unref())]);
  assert.equal(code, 0, `Ctrl-C stops the demo cleanly: ${seen.slice(-500)}`);
  assert.match(seen, /zerotel demo: stopped after \d+ spans/);
}

/** Runs tsc; a type error fails the test with tsc's own output. */
function compile(tsc: string, args: string[], cwd: string): void {
  try {
    execFileSync(process.execPath, [tsc, ...args], { cwd, stdio: 'pipe', encoding: 'utf8' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    assert.fail(`tsc ${args.at(-1)} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}
