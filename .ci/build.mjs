#!/usr/bin/env node
/**
 * Builds what the package ships, into dist/pkg/, after `tsc` has compiled
 * lib/ into dist/lib/ (the declarations come from there):
 *
 *   - one ES module per entry point (lib/index.ts → index.js, sdk, otlp,
 *     dashboard, otel-api, register, cli), bundled by esbuild with code
 *     splitting: code two entries share lives in one chunk under chunks/, so
 *     there is ONE copy of Span, Context and the global provider slots
 *     whichever entries a program imports, and a lazy `import()` (an exporter
 *     named by the configuration, the dashboard behind `startDashboardServer`)
 *     stays a separate file loaded only when called;
 *   - the declarations: tsc's .d.ts tree of lib/ copied beside the bundles
 *     (dist/pkg/index.d.ts re-exports from dist/pkg/trace/span.d.ts, …), only
 *     the files an entry point's types reach, without declaration maps (they
 *     point at sources that do not ship).
 *
 * Footprint (README "Package contents" has the measured sizes): minified,
 * because readable bundles put the package far over its 500 KB budget once
 * the dashboard ships; class and function names are kept. No source maps
 * (they would add about as much as the code itself) and no declaration maps
 * (they point at sources that do not ship); the declarations keep the
 * symbol documentation of the API (KEEP_DOCS) but not the module overviews
 * at the top of each file (written for maintainers); the demo does not ship
 * (it runs from the development build).
 * Usage: node .ci/build.mjs   (package.json `build` runs tsc, then this)
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'pkg');
const declarations = join(root, 'dist', 'lib');

/** The entry points, by the file under lib/; one missing (a branch not merged yet) is skipped. */
const ENTRIES = ['index', 'sdk', 'otlp', 'dashboard', 'otel-api', 'register', 'cli'];
/**
 * Declarations whose symbol documentation ships: the API behind `zerotel` (what editors show
 * when an application hovers startSpan, Span, createCounter, logger…). The building blocks of
 * the SDK, the codec, the dashboard and the internals ship their types without the comments:
 * the budget (500 KB unpacked) does not hold them; the README documents those entry points.
 */
const KEEP_DOCS = /^(index\.d\.ts$|trace\/|context\/|metrics\/|logs\/)/;
/** Sources that never ship: the demo runs from the development build (`npm start`). */
const NOT_SHIPPED = [/^demo\//];

const entryPoints = ENTRIES.filter((e) => existsSync(join(root, 'lib', `${e}.ts`))).map((e) => ({ in: join(root, 'lib', `${e}.ts`), out: e }));
/**
 * Scripts zerotel starts as child processes, found beside the module that starts them
 * (`new URL('./worker.js', import.meta.url)`): that code lives in chunks/, so they are built there.
 */
const CHILD_SCRIPTS = [{ in: join(root, 'lib', 'bench', 'worker.ts'), out: 'chunks/worker' }].filter((e) => existsSync(e.in));

rmSync(out, { recursive: true, force: true });
const result = await build({
  entryPoints: [...entryPoints, ...CHILD_SCRIPTS],
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Only node: built-ins may be imported by what ships; anything else fails the build.
  external: ['node:*'],
  packages: 'bundle',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: false,
  minify: true,
  // Class and function names survive minification: diagnostics and `constructor.name` read them.
  keepNames: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  for (const imp of meta.imports) {
    if (imp.external && !imp.path.startsWith('node:')) throw new Error(`${file} imports ${imp.path}: only node: built-ins may ship`);
  }
}

/** Copies every .d.ts of the shipped sources, dropping the declaration-map comment. */
function copyDeclarations(dir) {
  for (const name of readdirSync(dir)) {
    const from = join(dir, name);
    const rel = relative(declarations, from).split('\\').join('/');
    if (NOT_SHIPPED.some((re) => re.test(rel))) continue;
    if (statSync(from).isDirectory()) copyDeclarations(from);
    else if (name.endsWith('.d.ts')) {
      const to = join(out, rel);
      mkdirSync(dirname(to), { recursive: true });
      let text = readFileSync(from, 'utf8')
        .replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n')
        // The module overview: a leading comment followed by imports or re-exports (never a symbol's own doc).
        .replace(/^\/\*\*[\s\S]*?\*\/\n(?=import |export (?:type )?\{|\n)/, '');
      if (!KEEP_DOCS.test(rel)) text = text.replace(/^ *\/\*\*[\s\S]*?\*\/\n/gm, '');
      // tsc indents declarations by four spaces; two read the same.
      text = text.replace(/^(?: {4})+/gm, (m) => ' '.repeat(m.length / 2));
      writeFileSync(to, text);
    }
  }
}
if (!existsSync(join(declarations, 'index.d.ts'))) throw new Error('dist/lib/index.d.ts missing: run tsc first');
copyDeclarations(declarations);

/** Keeps only the declarations an entry point's types reach (imports, re-exports, `import("…")` types). */
function pruneDeclarations() {
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file) || !existsSync(file)) return;
    reached.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from\s*|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)\.js['"]/g)) visit(join(dirname(file), `${m[1]}.d.ts`));
  };
  for (const e of entryPoints) visit(join(out, `${e.out}.d.ts`));
  const sweep = (dir) => {
    for (const name of readdirSync(dir)) {
      const f = join(dir, name);
      if (statSync(f).isDirectory()) {
        sweep(f);
        if (readdirSync(f).length === 0) rmSync(f, { recursive: true });
      } else if (name.endsWith('.d.ts') && !reached.has(f)) rmSync(f);
    }
  };
  sweep(out);
}
pruneDeclarations();

// Which sources each shipped file holds (dist/pkg-meta.json, not shipped): the startup
// tests map the files a program loads back to the modules in them.
const meta = {};
for (const [file, o] of Object.entries(result.metafile.outputs)) {
  meta[relative(out, join(root, file)).split('\\').join('/')] = Object.keys(o.inputs).map((i) => i.split('\\').join('/'));
}
writeFileSync(join(root, 'dist', 'pkg-meta.json'), `${JSON.stringify(meta, null, 1)}\n`);

if (process.argv.includes('--report')) {
  for (const [file, meta] of Object.entries(result.metafile.outputs)) console.log(`${String(meta.bytes).padStart(8)}  ${relative(root, file)}`);
}
if (process.argv.includes('--chunks')) {
  for (const [file, meta] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    console.log(`${relative(root, file)} ${meta.bytes} <- ${Object.keys(meta.inputs).map((i) => i.replace(/^lib\//, '')).join(' ')}`);
  }
}
