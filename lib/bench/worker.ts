/**
 * One `zerotel bench` target in its own process (argv: target name, options
 * as JSON; the working directory is the user's project). Prints one JSON line:
 * `{ ok: true, results }` or `{ ok: false, reason }`.
 */
import { measure, warmUp } from './measure.js';
import type { Measurement } from './measure.js';
import { setUpTarget, TARGETS, Unavailable } from './targets.js';
import type { TargetName } from './targets.js';
import { workload } from './workloads.js';

export interface WorkerOptions {
  readonly timeMs: number;
  readonly warmupMs: number;
  readonly pipeline: boolean;
  readonly filter?: string | undefined;
}

export type CaseResult = ({ name: string } & Measurement) | { name: string; unavailable: string };
export type WorkerOutput = { ok: true; results: CaseResult[] } | { ok: false; reason: string };

async function main(): Promise<WorkerOutput> {
  const target = process.argv[2] as TargetName;
  if (!TARGETS.includes(target)) return { ok: false, reason: `unknown target ${String(target)}` };
  const options = JSON.parse(process.argv[3] ?? '{}') as WorkerOptions;
  const filter = options.filter ? new RegExp(options.filter, 'i') : undefined;
  let t;
  try {
    t = await setUpTarget(target, process.cwd(), options.pipeline);
  } catch (err) {
    if (err instanceof Unavailable) return { ok: false, reason: err.message };
    throw err;
  }
  const results: CaseResult[] = [];
  try {
    const cases = workload(t.handles, options.pipeline).filter((c) => filter === undefined || filter.test(c.name));
    for (const c of cases) if (c.call !== undefined) await warmUp(c.call, options.warmupMs);
    for (const c of cases) {
      if (c.call === undefined) results.push({ name: c.name, unavailable: 'not set up for this target' });
      else results.push({ name: c.name, ...(await measure(c.call, c.ops, options)) });
    }
  } finally {
    await t.close();
  }
  return { ok: true, results };
}

const out = await main().catch((err: unknown): WorkerOutput => ({ ok: false, reason: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
process.stdout.write(`${JSON.stringify(out)}\n`);
// Batch processors keep unref'd timers only; exit now rather than wait for anything a target left behind.
process.exit(0);
