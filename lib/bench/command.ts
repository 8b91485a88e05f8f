/**
 * `zerotel bench`: what tracing and metrics cost, measured on the user's
 * machine and project. The same @opentelemetry/api workload runs with the
 * official SDK behind the API (when the user's project has it), with zerotel
 * behind the API, and through zerotel's native API — each target in its own
 * process, one after the other — and a table of ns/op and ratios is printed
 * (`--json` for machines) with the Node version, CPU and package versions,
 * ready to paste into an issue.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../common/version.js';
import { packageVersion } from '../otel-api/project-import.js';
import { OFFICIAL_PACKAGES, OFFICIAL_PIPELINE_PACKAGE, TARGETS } from './targets.js';
import type { TargetName } from './targets.js';
import type { CaseResult, WorkerOptions, WorkerOutput } from './worker.js';
import { CASE_NAMES } from './workloads.js';

export const BENCH_USAGE = `usage: zerotel bench [--json] [--quick] [--pipeline] [--time MS] [--filter REGEX]
  Measures span, propagation and metric costs through @opentelemetry/api with the
  official SDK and with zerotel behind it, and through zerotel's native API, each
  in its own process. The official SDK and the API are taken from the project in
  the current directory when installed.
    --json       one JSON object instead of the table
    --quick      a very short run (checks that everything works; figures are rough)
    --pipeline   add a case exporting OTLP/HTTP protobuf to a loopback sink
    --time MS    measuring time per case (default 500; warm-up is 40% of it)
    --filter RE  only the cases whose name matches`;

export interface BenchIo {
  out(s: string): void;
  err(s: string): void;
}

interface Parsed {
  json: boolean;
  options: WorkerOptions;
}

function parse(args: readonly string[]): Parsed | string {
  let json = false;
  let quick = false;
  let pipeline = false;
  let time: number | undefined;
  let filter: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--quick') quick = true;
    else if (a === '--pipeline') pipeline = true;
    else if (a === '--time' || a.startsWith('--time=')) {
      const v = Number(a === '--time' ? args[++i] : a.slice(7));
      if (!Number.isFinite(v) || v <= 0 || v > 600_000) return `--time needs a number of milliseconds, got ${String(a === '--time' ? args[i] : a.slice(7))}`;
      time = v;
    } else if (a === '--filter' || a.startsWith('--filter=')) {
      filter = a === '--filter' ? args[++i] : a.slice(9);
      try {
        new RegExp(filter ?? '');
      } catch {
        return `--filter needs a regular expression, got ${String(filter)}`;
      }
    } else return `unexpected argument "${a}"`;
  }
  const timeMs = time ?? (quick ? 20 : 500);
  return { json, options: { timeMs, warmupMs: quick ? 10 : Math.round(timeMs * 0.4), pipeline, filter } };
}

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

function runTarget(target: TargetName, options: WorkerOptions, cwd: string): Promise<WorkerOutput> {
  const budget = 60_000 + CASE_NAMES.length * (options.timeMs + options.warmupMs) * 20;
  return new Promise((resolve) => {
    execFile(process.execPath, [WORKER, target, JSON.stringify(options)], { cwd, timeout: budget, maxBuffer: 1 << 22 }, (err, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as WorkerOutput);
      } catch {
        resolve({ ok: false, reason: err ? `${err.message}${stderr ? `\n${stderr.trim()}` : ''}` : `no result (${stderr.trim() || 'empty output'})` });
      }
    });
  });
}

interface Row {
  name: string;
  officialNs: number | null;
  zerotelApiNs: number | null;
  zerotelNativeNs: number | null;
  /** official / zerotel behind the API */
  ratioApi: number | null;
  /** official / zerotel native */
  ratioNative: number | null;
}

function nsOf(out: WorkerOutput, name: string): number | null {
  if (!out.ok) return null;
  const r = out.results.find((x: CaseResult) => x.name === name);
  return r !== undefined && 'ns' in r ? r.ns : null;
}

function fmtNs(v: number | null): string {
  if (v === null) return '—';
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} ms`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)} µs`;
  return `${Math.round(v).toLocaleString('en-US')} ns`;
}

function fmtRatio(v: number | null): string {
  return v === null ? '—' : `${v.toFixed(2)}x`;
}

export async function runBench(args: readonly string[], io: BenchIo, cwd: string = process.cwd()): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(BENCH_USAGE);
    return 0;
  }
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    io.err(`zerotel bench: ${parsed}\n${BENCH_USAGE}`);
    return 2;
  }
  const { json, options } = parsed;
  const versions: Record<string, string | null> = { zerotel: VERSION };
  for (const p of [...OFFICIAL_PACKAGES.slice(0, 3), ...(options.pipeline ? [OFFICIAL_PIPELINE_PACKAGE] : [])]) versions[p] = packageVersion(cwd, p) ?? null;
  const cpus = os.cpus();
  const env = { node: process.version, platform: `${process.platform} ${process.arch}`, cpu: `${cpus.length} × ${cpus[0]?.model?.trim() ?? 'unknown'}` };
  if (!json) io.out(`zerotel bench — node ${env.node}, ${env.platform}, ${env.cpu}, ${options.timeMs} ms per case\n  ${Object.entries(versions).map(([k, v]) => `${k} ${v ?? 'not installed'}`).join(', ')}`);

  const outputs = {} as Record<TargetName, WorkerOutput>;
  for (const t of TARGETS) outputs[t] = await runTarget(t, options, cwd);

  const names = CASE_NAMES.filter((n) => TARGETS.some((t) => nsOf(outputs[t], n) !== null));
  const rows: Row[] = names.map((name) => {
    const o = nsOf(outputs.official, name);
    const za = nsOf(outputs['zerotel-api'], name);
    const zn = nsOf(outputs.zerotel, name);
    return { name, officialNs: o, zerotelApiNs: za, zerotelNativeNs: zn, ratioApi: o !== null && za ? o / za : null, ratioNative: o !== null && zn ? o / zn : null };
  });
  const unavailable: Record<string, string> = {};
  for (const t of TARGETS) {
    const out = outputs[t];
    if (!out.ok) unavailable[t] = out.reason;
  }
  if (json) {
    io.out(JSON.stringify({ ...env, versions, timeMsPerCase: options.timeMs, rows, unavailable }, null, 2));
  } else {
    const head = ['case', 'official SDK', 'zerotel (API)', 'zerotel (native)', 'official / zerotel (API)', 'official / zerotel (native)'];
    const table = rows.map((r) => [r.name, fmtNs(r.officialNs), fmtNs(r.zerotelApiNs), fmtNs(r.zerotelNativeNs), fmtRatio(r.ratioApi), fmtRatio(r.ratioNative)]);
    const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
    const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    io.out(line(head));
    for (const row of table) io.out(line(row));
    if (unavailable.official !== undefined) {
      io.out(
        `\nThe official SDK was not measured: ${unavailable.official.split('\n')[0]}.\n  To compare, install it in this project: npm i -D ${OFFICIAL_PACKAGES.join(' ')}${options.pipeline ? ` ${OFFICIAL_PIPELINE_PACKAGE}` : ''}`,
      );
    }
    if (unavailable['zerotel-api'] !== undefined) io.out(`zerotel behind @opentelemetry/api was not measured: ${unavailable['zerotel-api'].split('\n')[0]}.`);
    if (unavailable.zerotel !== undefined) io.err(`zerotel (native) failed: ${unavailable.zerotel}`);
    io.out('ns per operation (median of the timed calls); ratios above 1 mean zerotel is faster. Figures drift between runs: compare ratios from one run.');
  }
  return unavailable.zerotel === undefined ? 0 : 1;
}
