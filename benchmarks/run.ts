/**
 * `npm run bench [regex]` — runs every suite (or the rows matching the regex),
 * prints one table and writes benchmarks/results.json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { Bench } from 'tinybench';
import type { BenchCase } from './harness.js';
import { suites } from './suites.js';
import { REPO_ROOT } from '../spec/helpers/paths.js';

interface Row {
  suite: string;
  task: string;
  officialNs: number | null;
  zerotelNs: number;
  ratio: number | null;
  target: number | null;
  note?: string;
}

const filter = process.argv[2] ? new RegExp(process.argv[2], 'i') : undefined;
const time = Number(process.env.BENCH_TIME_MS ?? 700);

async function measure(c: BenchCase): Promise<{ official: number | null; zerotel: number }> {
  const bench = new Bench({ time, warmupTime: Math.min(200, time / 2) });
  if (c.official) bench.add('official', c.official, c.beforeOfficial ? { beforeAll: c.beforeOfficial } : {});
  bench.add('zerotel', c.zerotel, c.beforeZerotel ? { beforeAll: c.beforeZerotel } : {});
  await bench.run();
  const ops = c.ops ?? 1;
  const ns = (name: string): number | null => {
    const t = bench.getTask(name);
    const r = t?.result;
    if (!r || !('latency' in r)) return null;
    return (r.latency.mean * 1e6) / ops;
  };
  const z = ns('zerotel');
  if (z === null) throw new Error(`zerotel case "${c.task}" did not complete`);
  return { official: c.official ? ns('official') : null, zerotel: z };
}

const rows: Row[] = [];
console.log(`zerotel benchmarks — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${time} ms per task`);
for (const suite of suites) {
  const cases = await suite.setup();
  for (const c of cases) {
    if (filter && !filter.test(`${suite.name} ${c.task}`)) continue;
    const m = await measure(c);
    const ratio = m.official === null ? null : m.official / m.zerotel;
    const row: Row = { suite: suite.name, task: c.task, officialNs: m.official, zerotelNs: m.zerotel, ratio, target: c.target ?? null };
    if (c.note) row.note = c.note;
    rows.push(row);
    const fmt = (v: number | null): string => (v === null ? '—' : v >= 1e5 ? `${(v / 1e6).toFixed(3)} ms` : `${v.toFixed(0)} ns`);
    const met = c.target === undefined || ratio === null ? '' : ratio >= c.target ? `  (target ${c.target}x met)` : `  (target ${c.target}x MISSED)`;
    console.log(
      `${suite.name.padEnd(12)} ${c.task.padEnd(52)} official ${fmt(m.official).padStart(11)}  zerotel ${fmt(m.zerotel).padStart(11)}  ratio ${ratio === null ? '  —' : `${ratio.toFixed(2)}x`}${met}`,
    );
  }
  await suite.teardown?.();
}
for (const r of rows) if (r.note) console.log(`note — ${r.task}: ${r.note}`);
const out = { node: process.version, cpus: os.cpus().length, date: new Date().toISOString(), timeMsPerTask: time, rows };
writeFileSync(join(REPO_ROOT, 'benchmarks', 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote benchmarks/results.json (${rows.length} rows)`);
