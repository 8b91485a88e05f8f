/**
 * A newcomer's first minute: a fresh clone, `npm start` with no environment
 * variables at all, and the URL it prints first answers with the dashboard
 * page, whose API shows traces within seconds. Then Ctrl-C (SIGINT) stops it
 * cleanly. The clone borrows this checkout's node_modules (offline).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/paths.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a fresh clone runs `npm start` with no configuration: the printed URL serves the page and its API shows traces', { timeout: 180_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'zerotel-newcomer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('git', ['clone', '--quiet', REPO_ROOT, join(dir, 'zerotel')], { stdio: 'ignore' });
  const cwd = join(dir, 'zerotel');
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(cwd, 'node_modules'), 'dir');

  // No OTEL_*, PORT or DASHBOARD_PORT: only what a shell needs to find node and npm.
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir };
  const started = Date.now();
  const child = spawn('npm', ['start'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  t.after(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  });

  let url: string | undefined;
  while (!url && Date.now() - started < 60_000) {
    url = /zerotel dashboard: (http:\/\/\S+)/.exec(out)?.[1];
    if (!url) await sleep(100);
  }
  assert.ok(url, `no dashboard URL printed within 60 s:\n${out}`);
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  const html = await page.text();
  assert.match(html, /<script type="module" src="\/app\.js"><\/script>/);
  assert.equal((await fetch(new URL('/app.js', url))).status, 200);
  assert.ok(Date.now() - started < 60_000, 'the page answered within 60 s of npm start');

  const answered = Date.now();
  let traces = 0;
  while (traces === 0 && Date.now() - answered < 5_000) {
    traces = ((await (await fetch(new URL('/api/traces?limit=5', url))).json()) as { traces: unknown[] }).traces.length;
    if (traces === 0) await sleep(200);
  }
  assert.ok(traces > 0, `no trace in the API 5 s after the page answered:\n${out}`);

  process.kill(-child.pid!, 'SIGINT');
  // npm itself dies of the SIGINT; the demo under it shuts down cleanly and says so.
  const { code, signal } = await exited;
  assert.ok(code === 0 || signal === 'SIGINT', `npm exited with ${code ?? signal}:\n${out}`);
  assert.match(out, /zerotel demo: stopped after \d+ spans/);
  assert.doesNotMatch(out, /Error|dropped/);
});
