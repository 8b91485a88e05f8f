/**
 * The in-process dashboard never holds the application open: an app with
 * the dashboard listening and a browser-like client on /events exits on its
 * own when its work is done (a child process, bounded in time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURES, LIB_BUILD } from '../helpers/paths.js';
import { eventually, openEvents } from './helpers.js';

test('an app with the dashboard running and an SSE client connected exits by itself when its work is done', async () => {
  const child = spawn(process.execPath, [join(FIXTURES, 'dashboard', 'exit-app.mjs')], { env: { ...process.env, ZEROTEL_LIB: LIB_BUILD }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = (await eventually(async () => /ready (\S+)/.exec(out)?.[1], 10_000, 'the child dashboard'))!;
  const events = openEvents(url);
  await events.ready;
  await eventually(async () => events.events.length > 0, 5000, 'the snapshot');
  child.stdin.end(); // the app's last work is done; our /events connection stays open
  const code = await new Promise<number | null | 'hung'>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('hung');
    }, 15_000);
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  events.close();
  await exited;
  assert.equal(code, 0, out);
  assert.match(out, /work done/);
});
