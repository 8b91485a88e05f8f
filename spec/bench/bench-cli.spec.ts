/**
 * `zerotel bench` as a user runs it: from a packed and installed copy, in a
 * project that has the official SDK (linked from this repository's
 * node_modules) and in one that has nothing else; and the packed
 * `zerotel/otel-api` entry registering behind the project's API. Bounded with --quick: the
 * figures are not checked (no timing asserts), what is run and reported is.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { BUILD_ROOT, REPO_ROOT } from '../helpers/paths.js';
import { isolatedTempDir } from '../helpers/isolated-dir.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const builtIntoDist = resolve(BUILD_ROOT) === resolve(REPO_ROOT, 'dist');
const skip = !builtIntoDist && 'built outside dist/';
const OFFICIAL = ['api', 'sdk-trace-base', 'sdk-metrics', 'context-async-hooks', 'core'];
const CASES = ['span start+end', 'span + 3 attributes + event', 'active parent + child', 'traceparent extract+inject', 'counter.add, 3 attributes', 'histogram.record, 3 attributes'];

let work = '';
let tarball = '';
const isolated = skip ? undefined : isolatedTempDir('zerotel-bench-bare-');
const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

before(() => {
  if (skip) return;
  work = mkdtempSync(join(tmpdir(), 'zerotel-bench-'));
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: REPO_ROOT, env, encoding: 'utf8' })) as { filename: string }[];
  tarball = join(work, packed[0]!.filename);
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  if (isolated) rmSync(isolated, { recursive: true, force: true });
});

function project(name: string, withOfficial: boolean): string {
  // Without the SDK, the project must not find one in an ancestor node_modules either.
  const dir = withOfficial ? join(work, name) : join(isolated!, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  execFileSync(npm, ['install', '--offline', '--no-package-lock', tarball], { cwd: dir, env, stdio: 'pipe' });
  if (withOfficial) {
    mkdirSync(join(dir, 'node_modules', '@opentelemetry'), { recursive: true });
    for (const p of OFFICIAL) symlinkSync(join(REPO_ROOT, 'node_modules', '@opentelemetry', p), join(dir, 'node_modules', '@opentelemetry', p), 'dir');
  }
  return dir;
}

function bench(dir: string, ...args: string[]): string {
  return execFileSync(join(dir, 'node_modules', '.bin', 'zerotel'), ['bench', '--quick', ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
}

interface Report {
  node: string;
  cpu: string;
  versions: Record<string, string | null>;
  rows: { name: string; officialNs: number | null; zerotelApiNs: number | null; zerotelNativeNs: number | null; ratioApi: number | null }[];
  unavailable: Record<string, string>;
}

test('in a project with the official SDK, every case runs on all three targets and the versions are reported', { skip, timeout: 180_000 }, () => {
  const dir = project('with-sdk', true);
  // The bridge ships as its own entry point, next to the bench.
  const bridge = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "import * as api from '@opentelemetry/api'; import { registerGlobal } from 'zerotel/otel-api'; console.log(JSON.stringify(registerGlobal(api).registered));"],
    { cwd: dir, encoding: 'utf8' },
  );
  assert.deepEqual(JSON.parse(bridge), { context: true, trace: true, metrics: true, propagation: true, logs: false });
  const report = JSON.parse(bench(dir, '--json')) as Report;
  assert.equal(report.node, process.version);
  assert.equal(report.versions['@opentelemetry/sdk-trace-base'], '2.12.1');
  assert.equal(report.versions['@opentelemetry/api'], '1.9.1');
  assert.deepEqual(report.unavailable, {});
  assert.deepEqual(
    report.rows.map((r) => r.name),
    CASES,
  );
  for (const r of report.rows) {
    for (const v of [r.officialNs, r.zerotelApiNs, r.zerotelNativeNs]) assert.ok(typeof v === 'number' && v > 0, `${r.name}: ${String(v)}`);
    assert.equal(r.ratioApi, r.officialNs! / r.zerotelApiNs!);
  }
});

test('in a project without the official SDK, zerotel native runs and the table says clearly what was not measured', { skip: skip || (isolated === undefined && 'every temporary directory resolves @opentelemetry/api from an ancestor node_modules'), timeout: 180_000 }, () => {
  const dir = project('without-sdk', false);
  const table = bench(dir);
  assert.match(table, /^zerotel bench — node v\d+/);
  assert.match(table, /The official SDK was not measured: not installed in .*@opentelemetry\/api/);
  assert.match(table, /To compare, install it in this project: npm i -D @opentelemetry\/api @opentelemetry\/sdk-trace-base/);
  assert.match(table, /zerotel behind @opentelemetry\/api was not measured/);
  for (const c of CASES) assert.match(table, new RegExp(`^${c.replace(/[+.]/g, '\\$&')}\\s+—\\s+—\\s+[\\d,.]+ (ns|µs|ms)\\s+—\\s+—$`, 'm'), c);
});
