/**
 * Profiles one benchmark case at a time, zerotel's side only:
 *
 *   node --cpu-prof --cpu-prof-dir=prof dist/benchmarks/profile.js 'span start\+end \(bare' [ms]
 *   node dist/benchmarks/profile.js --summary prof [rows]
 *
 * The first form runs the first case whose "suite task" matches the regex
 * for `ms` (default 3000) after the suites' setup; Node writes the profile at
 * exit. The second prints the functions with the most self time in the
 * newest profile of the directory (open the file in Chrome DevTools for the
 * call tree).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { suites } from './suites.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function summary(dir: string, rows: number): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (files[0] === undefined) throw new Error(`no .cpuprofile in ${dir}`);
  const p = JSON.parse(readFileSync(files[0], 'utf8')) as Profile;
  const byNode = new Map<number, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    byNode.set(id, (byNode.get(id) ?? 0) + dt);
    total += dt;
  });
  const self = new Map<string, number>();
  for (const n of p.nodes) {
    const f = n.callFrame;
    const where = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + (byNode.get(n.id) ?? 0));
  }
  console.log(files[0]);
  for (const [where, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${where}`);
  }
}

async function run(pattern: string, ms: number): Promise<void> {
  const filter = new RegExp(pattern, 'i');
  for (const suite of suites) {
    const cases = await suite.setup();
    const c = cases.find((x) => filter.test(`${suite.name} ${x.task}`));
    if (c !== undefined) {
      const t0 = performance.now();
      let calls = 0;
      while (performance.now() - t0 < ms) {
        const r = c.zerotel();
        if (r instanceof Promise) await r;
        calls++;
      }
      console.log(`${suite.name} ${c.task}: ${calls} calls of ${c.ops ?? 1} operations in ${ms} ms`);
      await suite.teardown?.();
      return;
    }
    await suite.teardown?.();
  }
  throw new Error(`no case matches ${filter}`);
}

const [first, second] = process.argv.slice(2);
if (first === undefined) {
  console.log("usage: node --cpu-prof --cpu-prof-dir=prof dist/benchmarks/profile.js '<regex of \"suite task\">' [ms]\n       node dist/benchmarks/profile.js --summary prof [rows]");
} else if (first === '--summary') {
  summary(second ?? '.', Number(process.argv[4] ?? 25));
} else {
  await run(first, Number(second ?? 3000));
  process.exit(0);
}
