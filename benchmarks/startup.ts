/**
 * `npm run bench:startup` — what zerotel costs a process at start, measured
 * from a packed and installed copy (as a user gets it), never in `npm test`.
 *
 * Each command runs RUNS times, each run right after a run of bare `node` on
 * an empty module (alternating, so both see the same machine load); the table
 * gives the medians, the ratio of the medians and the difference. Wall time of
 * the whole process, from spawn to exit (or, for a server, to "listening").
 * `STARTUP_RUNS` overrides the run count.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../spec/helpers/paths.js';

const RUNS = Number(process.env['STARTUP_RUNS'] ?? 15);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NONE = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };

interface Command {
  name: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** For a server: the run ends when stdout or stderr shows this. */
  until?: RegExp;
  target?: number;
}

function install(work: string): string {
  const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: REPO_ROOT, env, encoding: 'utf8' })) as { filename: string }[];
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
  execFileSync(npm, ['install', '--offline', '--no-package-lock', join(work, packed[0]!.filename)], { cwd: app, env, stdio: 'pipe' });
  writeFileSync(join(app, 'empty.mjs'), '');
  writeFileSync(join(app, 'import-root.mjs'), "import 'zerotel';\n");
  writeFileSync(join(app, 'import-otlp.mjs'), "import 'zerotel/otlp';\n");
  writeFileSync(join(app, 'timed-import.mjs'), TIMED_IMPORT);
  return app;
}

/** In-process: the time of `await import(argv[2])` alone, less sensitive to machine load than a whole process. */
const TIMED_IMPORT = "const t0 = performance.now();\nawait import(process.argv[2]);\nprocess.stdout.write(String(performance.now() - t0));\n";

function timedImport(cwd: string, specifier: string): number {
  const r = spawnSync(process.execPath, [join(cwd, 'timed-import.mjs'), specifier], { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0) throw new Error(`import ${specifier}: ${r.stderr}`);
  return Number(r.stdout);
}

function runOnce(c: Command): number {
  const env = { ...process.env, NODE_OPTIONS: '', ...c.env };
  const t0 = process.hrtime.bigint();
  if (c.until === undefined) {
    const r = spawnSync(process.execPath, c.args, { cwd: c.cwd, env, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${c.name}: exit ${String(r.status)}`);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  }
  throw new Error('servers are measured with runServer');
}

function runServer(c: Command): Promise<number> {
  const env = { ...process.env, NODE_OPTIONS: '', ...c.env };
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, c.args, { cwd: c.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const check = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (c.until!.test(seen)) {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        child.kill('SIGTERM');
        child.once('exit', () => resolve(ms));
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => {
      if (!c.until!.test(seen)) reject(new Error(`${c.name}: exited ${String(code)} before listening: ${seen.slice(0, 300)}`));
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const work = mkdtempSync(join(tmpdir(), 'zerotel-startup-'));
const collector = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
});
await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
try {
  const app = install(work);
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  // The official SDK resolves from this repository's node_modules.
  const official = join(REPO_ROOT, 'dist', 'benchmarks', 'official-startup.mjs');
  writeFileSync(
    official,
    "import '@opentelemetry/sdk-trace-base';\nimport '@opentelemetry/sdk-metrics';\nimport '@opentelemetry/exporter-trace-otlp-proto';\n",
  );
  const bin = join(app, 'node_modules', 'zerotel', 'dist', 'pkg', 'cli.js');
  const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  const hasDashboard = /dashboard/.test(`${help.stdout}${help.stderr}`);

  const bare: Command = { name: 'bare node', args: ['empty.mjs'], cwd: app };
  const commands: Command[] = [
    { name: "import 'zerotel'", args: ['import-root.mjs'], cwd: app, target: 1.2 },
    { name: '--import zerotel/register (exporters none)', args: ['--import', 'zerotel/register', 'empty.mjs'], cwd: app, env: NONE, target: 1.3 },
    {
      name: '--import zerotel/register (OTLP, all signals)',
      args: ['--import', 'zerotel/register', 'empty.mjs'],
      cwd: app,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
    },
    { name: "import 'zerotel/otlp'", args: ['import-otlp.mjs'], cwd: app },
    { name: 'official SDK (trace-base + metrics + otlp-proto)', args: [official], cwd: REPO_ROOT },
  ];
  if (hasDashboard) {
    commands.push({ name: 'zerotel dashboard (to listening)', args: [bin, 'dashboard', '--port', '0'], cwd: app, until: /https?:\/\/[^\s]+/ });
  }

  console.log(`startup — node ${process.version}, ${RUNS} runs each, alternated with bare node; medians of wall time`);
  if (!hasDashboard) console.log('(`zerotel dashboard` is not in this build: not measured)');
  console.log(`${'command'.padEnd(52)} ${'bare'.padStart(9)} ${'command'.padStart(9)} ${'ratio'.padStart(7)} ${'+ms'.padStart(7)}  target`);
  for (const c of commands) {
    const base: number[] = [];
    const cmd: number[] = [];
    runOnce(bare);
    for (let i = 0; i < RUNS; i++) {
      base.push(runOnce(bare));
      cmd.push(c.until === undefined ? runOnce(c) : await runServer(c));
    }
    const b = median(base);
    const m = median(cmd);
    const ratio = m / b;
    const verdict = c.target === undefined ? '' : `${c.target}x ${ratio <= c.target ? 'met' : 'MISSED'}`;
    console.log(`${c.name.padEnd(52)} ${b.toFixed(1).padStart(7)}ms ${m.toFixed(1).padStart(7)}ms ${ratio.toFixed(2).padStart(6)}x ${(m - b).toFixed(1).padStart(7)}  ${verdict}`);
  }

  console.log(`\nin-process \`await import()\` alone (median of ${RUNS}):`);
  writeFileSync(join(REPO_ROOT, 'dist', 'benchmarks', 'timed-import.mjs'), TIMED_IMPORT);
  const imports: [string, string, string][] = [
    ['an empty module', app, './empty.mjs'],
    ["'zerotel'", app, 'zerotel'],
    ["'zerotel/sdk'", app, 'zerotel/sdk'],
    ["'zerotel/otlp'", app, 'zerotel/otlp'],
    ['the official SDK (3 packages)', join(REPO_ROOT, 'dist', 'benchmarks'), official],
  ];
  for (const [name, cwd, spec] of imports) {
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) xs.push(timedImport(cwd, spec));
    console.log(`${name.padEnd(52)} ${median(xs).toFixed(1).padStart(7)}ms`);
  }
} finally {
  collector.close();
  rmSync(work, { recursive: true, force: true });
}
