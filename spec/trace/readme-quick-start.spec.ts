/**
 * The README's quick start, copied verbatim (compiled as TypeScript with its
 * decorator), runs in a fresh process without a single diagnostic line: a
 * newcomer's first run must not print a warning they did nothing to earn.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { transform } from 'esbuild';
import { LIB_BUILD, REPO_ROOT } from '../helpers/paths.js';

const run = promisify(execFile);

test('the README quick start runs as copied, printing no zerotel warning', async (t) => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'the quick start has a ts code block');
  assert.match(block, /from 'zerotel'/);
  const source = block.replace(/from 'zerotel'/g, `from ${JSON.stringify(pathToFileURL(join(LIB_BUILD, 'index.js')).href)}`);
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'es2022' });
  const dir = mkdtempSync(join(tmpdir(), 'zerotel-readme-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'quick-start.mjs');
  writeFileSync(file, code);
  const { stdout, stderr } = await run(process.execPath, [file], { timeout: 20_000 });
  assert.doesNotMatch(stderr, /zerotel/, `stderr: ${stderr}`);
  assert.doesNotMatch(stdout, /zerotel:/, `stdout: ${stdout}`);
});
