/**
 * `zerotel bench` from this build (the packed copy is bench-cli.spec): the
 * pipeline case against a loopback OTLP sink on every target, the argument
 * errors, and the JSON report's shape. Bounded with --quick and a filter; no
 * figure is checked, only that each was measured.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBench } from '../../lib/bench/command.js';
import { REPO_ROOT } from '../helpers/paths.js';

function capture(): { out: string[]; err: string[]; io: { out(s: string): void; err(s: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s) => out.push(s), err: (s) => err.push(s) } };
}

test('--pipeline measures span → batch → OTLP/HTTP protobuf → loopback sink on all three targets', { timeout: 120_000 }, async () => {
  const c = capture();
  const code = await runBench(['--quick', '--json', '--pipeline', '--filter', 'pipeline|counter'], c.io, REPO_ROOT);
  assert.equal(code, 0, c.err.join('\n'));
  const report = JSON.parse(c.out.join('\n')) as { rows: { name: string; officialNs: number; zerotelApiNs: number; zerotelNativeNs: number }[]; versions: Record<string, string> };
  assert.deepEqual(
    report.rows.map((r) => r.name),
    ['counter.add, 3 attributes', 'pipeline: span → OTLP/HTTP loopback'],
  );
  for (const r of report.rows) for (const v of [r.officialNs, r.zerotelApiNs, r.zerotelNativeNs]) assert.ok(v > 0, `${r.name}`);
  assert.equal(report.versions['@opentelemetry/exporter-trace-otlp-proto'], '0.223.1');
});

test('bad arguments are refused with the usage and exit code 2; --help prints it', async () => {
  for (const args of [['--nope'], ['--time', 'abc'], ['--time', '-5'], ['--filter', '(']]) {
    const c = capture();
    assert.equal(await runBench(args, c.io, REPO_ROOT), 2, args.join(' '));
    assert.match(c.err.join('\n'), /^zerotel bench: .*\nusage: zerotel bench/);
  }
  const h = capture();
  assert.equal(await runBench(['--help'], h.io, REPO_ROOT), 0);
  assert.match(h.out.join('\n'), /--pipeline/);
});
