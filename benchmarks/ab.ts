/**
 * Before/after on a busy machine: zerotel's side of the cases of two builds
 * (two compiled trees, e.g. a copy of dist/ made before a change, and dist/),
 * in one process, in alternating short rounds, so a change of load hits both
 * alike. Prints the median ns/op of each and the ratio after/before.
 *
 *   cp -r dist dist-before   # before the change; then rebuild
 *   node dist/benchmarks/ab.js dist-before dist 'trace|logs log record' [rounds]
 *
 * The regex selects suites by name and cases by "suite task" (the official
 * side is not run). Both trees are loaded into one process: each has its own
 * module instances (its own AsyncLocalStorage, counters, pools).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchCase, BenchSuite } from './harness.js';

const [dirA, dirB, pattern = '.', roundsArg] = process.argv.slice(2);
if (dirA === undefined || dirB === undefined) {
  console.log("usage: node dist/benchmarks/ab.js <before-dir> <after-dir> ['regex'] [rounds]");
  process.exit(2);
}
const filter = new RegExp(pattern, 'i');
const rounds = Number(roundsArg ?? 21);
const ROUND_MS = 40;

async function casesOf(dir: string): Promise<Map<string, BenchCase>> {
  const url = pathToFileURL(resolve(dir, 'benchmarks', 'suites.js')).href;
  const { suites } = (await import(url)) as { suites: BenchSuite[] };
  const out = new Map<string, BenchCase>();
  for (const suite of suites) {
    if (!filter.test(suite.name)) continue;
    for (const c of await suite.setup()) if (filter.test(`${suite.name} ${c.task}`)) out.set(`${suite.name} ${c.task}`, c);
  }
  return out;
}

/** ns per operation over one round of about `ms`. */
async function round(c: BenchCase, ms: number): Promise<number> {
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    const r = c.zerotel();
    if (r instanceof Promise) await r;
    calls++;
    t = performance.now();
  }
  return ((t - t0) * 1e6) / (calls * (c.ops ?? 1));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

const before = await casesOf(dirA);
const after = await casesOf(dirB);
console.log(`node ${process.version}; ${rounds} alternating rounds of ${ROUND_MS} ms per case; ${dirA} → ${dirB}`);
for (const [name, a] of before) {
  const b = after.get(name);
  if (b === undefined || /serialize/i.test(name)) continue;
  await round(a, 250);
  await round(b, 250);
  const xa: number[] = [];
  const xb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    if (r % 2 === 0) {
      xa.push(await round(a, ROUND_MS));
      xb.push(await round(b, ROUND_MS));
    } else {
      xb.push(await round(b, ROUND_MS));
      xa.push(await round(a, ROUND_MS));
    }
  }
  const ma = median(xa);
  const mb = median(xb);
  console.log(`${name.padEnd(66)} ${ma.toFixed(0).padStart(6)} ns → ${mb.toFixed(0).padStart(6)} ns  ${(mb / ma).toFixed(2)}x`);
}
process.exit(0);
