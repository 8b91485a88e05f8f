import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { BUILD_ROOT, REPO_ROOT } from '../helpers/paths.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// The package ships dist/; only a build into dist/ (as `npm test` makes) can be packed.
const builtIntoDist = resolve(BUILD_ROOT) === resolve(REPO_ROOT, 'dist');

test('npm pack installs into an empty project and imports as `zerotel`, with types', { skip: !builtIntoDist && 'built outside dist/', timeout: 120_000 }, (t) => {
  const work = mkdtempSync(join(tmpdir(), 'zerotel-pack-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: REPO_ROOT, env, encoding: 'utf8' })) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = packed[0]!.files.map((f) => f.path);
  assert.ok(files.includes('dist/lib/index.js') && files.includes('dist/lib/index.d.ts') && files.includes('LICENSE'));
  assert.deepEqual(files.filter((f) => /^(spec|benchmarks|dist\/spec|dist\/benchmarks|lib|node_modules)\//.test(f)), [], 'no tests, benchmarks or sources of the build');

  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
  execFileSync(npm, ['install', '--offline', '--no-package-lock', join(work, packed[0]!.filename)], { cwd: app, env, stdio: 'pipe' });
  assert.deepEqual(readdirSync(join(app, 'node_modules')).filter((f) => !f.startsWith('.')), ['zerotel'], 'zerotel brings no dependencies');

  writeFileSync(
    join(app, 'main.ts'),
    [
      "import { startSpan, traced, getCurrentSpan, type Span } from 'zerotel';",
      "const span: Span = startSpan('from-package');",
      "const work = traced('work')((n: number): string => getCurrentSpan()?.name ?? String(n));",
      'span.end();',
      'console.log(JSON.stringify({ id: span.traceId, inner: work(1) }));',
      '',
    ].join('\n'),
  );
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(
    process.execPath,
    [tsc, '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', '', '--typeRoots', join(REPO_ROOT, 'node_modules', '@types'), 'main.ts'],
    { cwd: app, stdio: 'pipe' },
  );
  const out = JSON.parse(execFileSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8' })) as { id: string; inner: string };
  assert.match(out.id, /^[0-9a-f]{32}$/);
  assert.equal(out.inner, 'work');

  // The README's quick start, compiled and run as a newcomer would.
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const quick = /## Quick start\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(quick, 'README has a quick start in TypeScript');
  writeFileSync(join(app, 'quick.ts'), `${quick.replace('/* … */', 'return id;')}\nawait new Orders().place('o-1');\nconsole.log(JSON.stringify(await loadUser('u-1')));\n`);
  execFileSync(
    process.execPath,
    [tsc, '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', '', 'quick.ts'],
    { cwd: app, stdio: 'pipe' },
  );
  const quickOut = execFileSync(process.execPath, ['quick.js'], { cwd: app, encoding: 'utf8' });
  assert.match(quickOut, /\{"id":"u-1"\}/);
});
