/**
 * Runs a fixture as a child process (optionally under `--import register`),
 * bounded in time, and reports how it ended and what it wrote. The compiled
 * lib under test is LIB_BUILD, or ZEROTEL_LIB_UNDER_TEST (to run the same
 * tests against an older build and watch them fail).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LIB_BUILD } from '../helpers/paths.js';

export const LIB_UNDER_TEST = process.env['ZEROTEL_LIB_UNDER_TEST'] ?? LIB_BUILD;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the bound passed and the child was killed. */
  killed: boolean;
  ms: number;
}

export interface ChildOptions {
  /** Load zerotel/register with `--import` (default), through NODE_OPTIONS, or not at all. */
  register?: boolean | 'NODE_OPTIONS';
  env?: Record<string, string>;
  boundMs?: number;
}

export function runChild(script: string, options: ChildOptions = {}): Promise<ChildExit> {
  const importRegister = `--import=${pathToFileURL(join(LIB_UNDER_TEST, 'register.js')).href}`;
  const args = options.register === false || options.register === 'NODE_OPTIONS' ? [] : [importRegister];
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [...args, script], {
      env: {
        PATH: process.env['PATH'] ?? '',
        ZEROTEL_LIB: pathToFileURL(LIB_UNDER_TEST).href,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        ...(options.register === 'NODE_OPTIONS' && { NODE_OPTIONS: importRegister }),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, options.boundMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, killed, ms: Date.now() - t0 });
    });
  });
}

/** zerotel's own stderr lines. */
export function zerotelLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('zerotel:'));
}

/**
 * Spans a zerotel stderr line says were not delivered: the exit line's
 * "N spans (…)", or a drop line's "dropped bsp.span… (N)".
 */
export function spansCounted(line: string): number {
  const exit = /not delivered: (\d+) spans/.exec(line);
  if (exit) return Number(exit[1]);
  const drop = /dropped bsp\.span[\w.-]*(?: \((\d+)\))?:/.exec(line);
  if (drop) return drop[1] === undefined ? 1 : Number(drop[1]);
  return 0;
}

/** Metric points a zerotel stderr line says were not delivered (the exit line's "N metric points (…)"). */
export function metricPointsCounted(line: string): number {
  const m = /(\d+) metric points \(/.exec(line);
  return m ? Number(m[1]) : 0;
}
