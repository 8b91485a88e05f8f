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
 *     stays a separate file loaded only when called; the whole API behind
 *     `zerotel` is one chunk (apiFirst);
 *   - the declarations: tsc's .d.ts of lib/, only what an entry point's types
 *     reach (pruneDeclarations), merged into dist/pkg/types.d.ts which the
 *     entries' declarations re-export from (mergeDeclarations), without
 *     declaration maps (they point at sources that do not ship);
 *   - the dashboard's page, bundled, minified and gzipped, in dist/pkg/static/ (minifyPage).
 *
 * Footprint (README "Package contents" has the measured sizes): minified,
 * because readable bundles put the package far over its 500 KB budget once
 * the dashboard ships. Names are minified too (keepNames cost ≈20 KB and ≈2 ms of
 * `import 'zerotel'`; the error classes set their `name` themselves). No source maps
 * (they would add about as much as the code itself) and no declaration maps
 * (they point at sources that do not ship); the declarations keep the
 * symbol documentation of the API (KEEP_DOCS) but not the module overviews
 * at the top of each file (written for maintainers), and only the first
 * sentence of each; the demo ships as a lazy chunk of the CLI (`zerotel demo`);
 * the dashboard's page ships minified and gzipped (dist/pkg/static/, see minifyPage).
 * Usage: node .ci/build.mjs   (package.json `build` runs tsc, then this)
 */
import { build, transform } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
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
/** Of those, the aggregation machinery behind the metrics SDK: reached by its types, never called by an application. */
const SDK_INNARDS = /^metrics\/(metric-storage|series-index|aggregation|exponential-histogram|histogram-stats)\.d\.ts$/;
/** Declarations that never ship: the demo (`zerotel demo`) is a command, not an API. */
const NOT_SHIPPED = [/^demo\//];

const entryPoints = ENTRIES.filter((e) => existsSync(join(root, 'lib', `${e}.ts`))).map((e) => ({ in: join(root, 'lib', `${e}.ts`), out: e }));
/**
 * Scripts zerotel starts as child processes, found beside the module that starts them
 * (`new URL('./worker.js', import.meta.url)`): that code lives in chunks/, so they are built there.
 */
const CHILD_SCRIPTS = [{ in: join(root, 'lib', 'bench', 'worker.ts'), out: 'chunks/worker' }].filter((e) => existsSync(e.in));

rmSync(out, { recursive: true, force: true });
const options = {
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
  // ZEROTEL_BUILD_READABLE=1: unminified bundles, for profiling what ships (never published that way).
  minify: process.env.ZEROTEL_BUILD_READABLE !== '1',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

/**
 * One chunk for the API. esbuild puts each module in the chunk of the exact set of entry
 * points (static, and every `import()` target) that reach it, so the ~60 modules behind
 * `zerotel` were spread over 13 chunks by which other entry happened to reach them, and
 * Node 20's ESM loader pays per file (read, resolve, link, compile: ≈1.5 ms each here;
 * the same code as 14 files imported in 38–41 ms, as 2 files in 18–20 ms, machine load ≈2).
 * So every other entry and lazily imported module also imports lib/index.ts: all of the
 * API's modules are then reached by the same set and land in ONE chunk, which
 * `import 'zerotel'` loads beside index.js. The cost: `zerotel/otlp`, the CLI and the lazy
 * chunks load the API chunk too (≈100 KB, already loaded in any program that makes telemetry).
 */
const first = await build({ ...options, write: false, logLevel: 'silent' });
const apiEntry = join(root, 'lib', 'index.ts');
// The child-process scripts too: a module they share with the API would otherwise split off the
// API chunk into a file of its own (untraced-servers.ts did, through the bench worker).
const importsApi = new Set(
  Object.values(first.metafile.outputs)
    .filter((o) => o.entryPoint !== undefined)
    .map((o) => join(root, o.entryPoint))
    .filter((f) => f !== apiEntry),
);
/**
 * The same for what `--import zerotel/register` needs beyond the API (reading OTEL_*, setting
 * the SDK up, the exit hooks, the lookup of the application's @opentelemetry/api): those
 * modules are shared with `zerotel/sdk`, the CLI and the lazily loaded exporters, so they were
 * spread over six small files, and register paid ≈14 ms for them with the SDK disabled (the
 * per-file cost again). Every entry point but the API's also imports them ("sdk-core"), which
 * makes them one chunk: register loads register.js, the sdk-core chunk and the API chunk.
 * (All but `zerotel/otlp`, which reaches none of them.)
 */
function staticClosure(from) {
  const seen = new Set();
  const todo = [relative(root, from).split('\\').join('/')];
  while (todo.length > 0) {
    const f = todo.pop();
    if (seen.has(f) || !first.metafile.inputs[f]) continue;
    seen.add(f);
    for (const i of first.metafile.inputs[f].imports) if (i.kind === 'import-statement' && !i.external) todo.push(i.path);
  }
  return seen;
}
const apiModules = staticClosure(apiEntry);
const registerEntry = join(root, 'lib', 'register.ts');
const sdkCore = [...staticClosure(registerEntry)].filter((f) => !apiModules.has(f) && join(root, f) !== registerEntry).map((f) => join(root, f));
if (process.env.ZEROTEL_BUILD_DEBUG) console.log([...importsApi, ...sdkCore].map((f) => relative(root, f)).join('\n'));
// The codec (`zerotel/otlp`) needs none of it: it stays out, and loads the API chunk only.
const codecEntry = join(root, 'lib', 'otlp.ts');
const apiFirst = {
  name: 'api-chunk',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) =>
      importsApi.has(args.path)
        ? { contents: `${readFileSync(args.path, 'utf8')}\nimport 'zerotel:api-chunk';\n${args.path === codecEntry ? '' : "import 'zerotel:sdk-core';\n"}`, loader: 'ts' }
        : undefined,
    );
    b.onResolve({ filter: /^zerotel:api-chunk$/ }, () => ({ path: apiEntry }));
    b.onResolve({ filter: /^zerotel:sdk-core$/ }, () => ({ path: 'sdk-core', namespace: 'zerotel' }));
    b.onLoad({ filter: /^sdk-core$/, namespace: 'zerotel' }, () => ({ contents: sdkCore.map((f) => `import ${JSON.stringify(f)};`).join('\n'), loader: 'js', resolveDir: root }));
  },
};
const result = await build({ ...options, plugins: [apiFirst], ignoreAnnotations: true });

for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  for (const imp of meta.imports) {
    if (imp.external && !imp.path.startsWith('node:')) throw new Error(`${file} imports ${imp.path}: only node: built-ins may ship`);
  }
}

/** A doc comment cut to its first sentence on one line (tags such as @deprecated kept). */
function oneLine(indent, body) {
  const text = body.split('\n').map((l) => l.replace(/^\s*\* ?/, '').trim()).join(' ').replace(/\s+/g, ' ').trim();
  const tags = [...text.matchAll(/@(deprecated|internal)\b/g)].map((m) => `@${m[1]}`);
  const prose = text.replace(/@\w+[\s\S]*$/, '').trim();
  const first = /^[\s\S]*?[.!?](?=\s|$)/.exec(prose)?.[0] ?? prose;
  const doc = [first, ...tags.filter((t) => !first.includes(t))].filter(Boolean).join(' ').replace(/\*\//g, '*\\/');
  return doc === '' ? '' : `${indent}/** ${doc} */\n`;
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
      if (!KEEP_DOCS.test(rel) || SDK_INNARDS.test(rel)) text = text.replace(/^ *\/\*\*[\s\S]*?\*\/\n/gm, '');
      // The API keeps a one-line doc per symbol (what an editor's hover needs); the README has the rest.
      else text = text.replace(/^( *)\/\*\*([\s\S]*?)\*\/\n/gm, (_m, indent, body) => oneLine(indent, body));
      // tsc indents declarations by four spaces; two read the same.
      text = text.replace(/^(?: {4})+/gm, (m) => ' '.repeat(m.length / 2));
      // In a declaration file every declaration is ambient: `export declare class` says no more than `export class`.
      text = text.replace(/^export declare /gm, 'export ');
      writeFileSync(to, text);
    }
  }
}
if (!existsSync(join(declarations, 'index.d.ts'))) throw new Error('dist/lib/index.d.ts missing: run tsc first');
copyDeclarations(declarations);

/**
 * Keeps only the declarations an entry point's types reach, statement by statement: tsc's
 * .d.ts tree holds every export of every module (internals other modules import), and a
 * file an entry reaches for one type would otherwise ship all its neighbours' declarations.
 * Text-based over tsc's regular output: a top-level statement starts at column 0; what it
 * declares is read from its first line; what it needs is every identifier in it, resolved
 * to the file's own declarations or to its imports. Imports and re-exports no kept
 * statement uses are dropped with the declarations, so what ships still compiles strictly.
 */
/** Deletes the declaration files under `dir` that `keep` refuses, then the folders left empty. */
function removeDeclarations(dir, keep) {
  for (const name of readdirSync(dir)) {
    const f = join(dir, name);
    if (statSync(f).isDirectory()) {
      removeDeclarations(f, keep);
      if (readdirSync(f).length === 0) rmSync(f, { recursive: true });
    } else if (name.endsWith('.d.ts') && !keep(f)) rmSync(f);
  }
}

function pruneDeclarations() {
  const ID = /[A-Za-z_$][\w$]*/g;
  const DECL = /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:class|interface|type|function|const|let|var|enum|namespace)\s+([A-Za-z_$][\w$]*)/;
  const files = new Map();
  const parse = (file) => {
    if (files.has(file)) return files.get(file);
    if (!existsSync(file)) return files.set(file, null).get(file);
    const stmts = [];
    let depth = 0; // open brackets of the statement so far (a parameter's doc can sit at column 0 inside one)
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const cur = stmts.at(-1);
      const opensNew = depth === 0 && line !== '' && !/^[\s})\]|&*]/.test(line) && !(cur && /^\/\*\*/.test(cur.text) && !cur.decl);
      const bare = line.replace(/\/\*.*?\*\//g, '').replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`/g, '');
      for (const ch of bare) depth += '({['.includes(ch) ? 1 : ')}]'.includes(ch) ? -1 : 0;
      if (!cur || opensNew) stmts.push({ text: line, keep: false });
      else cur.text += `\n${line}`;
      const s = stmts.at(-1);
      s.decl = s.text.replace(/^\/\*\*[\s\S]*?\*\/\n?/, '').trim() !== '';
    }
    const p = { stmts, locals: new Map(), imports: new Map(), reexports: new Map(), stars: [], localExports: new Map() };
    const target = (spec) => join(dirname(file), spec.replace(/\.js$/, '.d.ts'));
    for (const s of stmts) {
      const code = s.text.replace(/^\/\*\*[\s\S]*?\*\/\n?/, '');
      s.code = code;
      let m;
      if ((m = /^import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/.exec(code))) {
        s.kind = 'import';
        s.specs = m[1].split(',').map((x) => x.trim()).filter(Boolean).map((x) => { const [a, b] = x.replace(/^type\s+/, '').split(/\s+as\s+/); return { text: x, name: a, local: b ?? a }; });
        s.from = m[2];
        for (const sp of s.specs) p.imports.set(sp.local, { file: target(m[2]), name: sp.name });
      } else if ((m = /^import\s+(?:type\s+)?\*\s+as\s+(\w+)\s+from\s*['"]([^'"]+)['"]/.exec(code))) {
        s.kind = 'import-ns';
        s.local = m[1];
        p.imports.set(m[1], { file: target(m[2]), name: '*' });
      } else if ((m = /^export\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/.exec(code))) {
        s.kind = 'reexport';
        s.specs = m[1].split(',').map((x) => x.trim()).filter(Boolean).map((x) => { const [a, b] = x.replace(/^type\s+/, '').split(/\s+as\s+/); return { text: x, name: a, as: b ?? a }; });
        s.from = m[2];
        for (const sp of s.specs) p.reexports.set(sp.as, { file: target(m[2]), name: sp.name, stmt: s });
      } else if ((m = /^export\s+\*\s+from\s*['"]([^'"]+)['"]/.exec(code))) {
        s.kind = 'star';
        p.stars.push(target(m[1]));
        s.keep = true;
      } else if ((m = /^export\s+(?:type\s+)?\{([^}]*)\};?\s*$/.exec(code))) {
        s.kind = 'local-export';
        s.specs = m[1].split(',').map((x) => x.trim()).filter(Boolean).map((x) => { const [a, b] = x.replace(/^type\s+/, '').split(/\s+as\s+/); return { text: x, name: a, as: b ?? a }; });
        for (const sp of s.specs) p.localExports.set(sp.as, { name: sp.name, stmt: s });
      } else if ((m = DECL.exec(code))) {
        s.kind = 'decl';
        if (!p.locals.has(m[1])) p.locals.set(m[1], []);
        p.locals.get(m[1]).push(s);
      } else {
        s.kind = 'other';
        s.keep = s.decl; // anything not understood ships, and what it names is followed
      }
    }
    files.set(file, p);
    return p;
  };
  const queue = [];
  const seen = new Set();
  const want = (file, name) => {
    const key = `${file}\0${name}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push([file, name]);
  };
  const keepStmt = (file, p, s) => {
    if (s.done) return;
    s.done = true;
    s.keep = true;
    follow(file, p, s.code);
  };
  const follow = (file, p, code) => {
    for (const m of code.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)\.([A-Za-z_$][\w$]*)/g)) want(join(dirname(file), m[1].replace(/\.js$/, '.d.ts')), m[2]);
    for (const [id] of code.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(ID)) want(file, `#local:${id}`);
  };
  for (const e of entryPoints) {
    const file = join(out, `${e.out}.d.ts`);
    const p = parse(file);
    if (!p) continue;
    for (const s of p.stmts) if (s.kind === 'reexport') for (const sp of s.specs) want(file, sp.as);
    for (const name of [...p.locals.keys(), ...p.localExports.keys()]) want(file, name);
    for (const s of p.stmts) if (s.kind === 'import-ns' || s.kind === 'import' || s.kind === 'local-export') s.keepAll = true;
    for (const local of p.imports.keys()) want(file, `#local:${local}`);
    for (const star of p.stars) want(star, '*');
  }
  while (queue.length > 0) {
    const [file, raw] = queue.shift();
    const p = parse(file);
    if (!p) continue;
    if (!p.stmts.followed) {
      p.stmts.followed = true;
      for (const s of p.stmts) if (s.keep && (s.kind === 'other')) follow(file, p, s.code);
    }
    const local = raw.startsWith('#local:');
    const name = local ? raw.slice(7) : raw;
    if (name === '*') {
      for (const s of p.stmts) if (s.kind === 'reexport') for (const sp of s.specs) want(file, sp.as);
      for (const n of [...p.locals.keys(), ...p.localExports.keys()]) want(file, n);
      for (const star of p.stars) want(star, '*');
      continue;
    }
    if (local) {
      for (const s of p.locals.get(name) ?? []) keepStmt(file, p, s);
      const imp = p.imports.get(name);
      if (imp) {
        want(imp.file, imp.name);
        for (const s of p.stmts) if ((s.kind === 'import' && s.specs.some((sp) => sp.local === name)) || (s.kind === 'import-ns' && s.local === name)) (s.used ??= new Set()).add(name);
      }
      continue;
    }
    // An exported name asked for by another file.
    const re = p.reexports.get(name);
    if (re) {
      (re.stmt.used ??= new Set()).add(name);
      want(re.file, re.name);
      continue;
    }
    const inner = p.localExports.get(name);
    if (inner) {
      (inner.stmt.used ??= new Set()).add(name);
      want(file, `#local:${inner.name}`);
    }
    for (const s of p.locals.get(name) ?? []) keepStmt(file, p, s);
    want(file, `#local:${name}`);
    for (const star of p.stars) want(star, name);
  }
  const reached = new Set();
  for (const [file, p] of files) {
    if (!p) continue;
    const kept = [];
    for (const s of p.stmts) {
      if (s.kind === 'import' || s.kind === 'reexport' || s.kind === 'local-export') {
        const specs = s.keepAll ? s.specs : s.specs.filter((sp) => s.used?.has(s.kind === 'import' ? sp.local : sp.as));
        if (specs.length === 0) continue;
        kept.push(s.text.replace(/\{[^}]*\}/, `{ ${specs.map((sp) => sp.text).join(', ')} }`));
      } else if (s.kind === 'import-ns') {
        if (s.keepAll || s.used) kept.push(s.text);
      } else if (s.keep) kept.push(s.text);
    }
    const isEntry = entryPoints.some((e) => join(out, `${e.out}.d.ts`) === file);
    if (!isEntry && kept.every((t) => /^export \{\};?$/.test(t.trim()))) continue;
    reached.add(file);
    writeFileSync(file, `${kept.join('\n')}\n`);
  }
  removeDeclarations(out, (f) => reached.has(f));
}
pruneDeclarations();

/**
 * The kept declarations of every module under dist/pkg/<folder>/ in ONE file, dist/pkg/types.d.ts,
 * which the entry points' declarations re-export from: 131 files held ≈28 KB of import lines
 * between themselves (and npm counts every file). Relative imports between merged modules
 * disappear (one scope), imports of node: types are kept once. Only possible because no two
 * merged modules declare the same name (tsc's .d.ts never aliases an import either); a module
 * declaring a name another one declares too stays a file of its own, importing from types.d.ts,
 * and the build fails if that would put one name twice into types.d.ts.
 */
function mergeDeclarations() {
  const DECL = /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:class|interface|type|function|const|let|var|enum|namespace)\s+([A-Za-z_$][\w$]*)/gm;
  const IMPORT = /^(import|export)(\s+type)?\s+(\{[^}]*\}|\*\s+as\s+\w+)\s+from\s+'([^']+)';\n?/gm;
  const all = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const f = join(dir, name);
      if (statSync(f).isDirectory()) walk(f);
      else if (name.endsWith('.d.ts')) all.push(f);
    }
  };
  walk(out);
  const nested = all.filter((f) => dirname(f) !== out).sort();
  const declared = new Map();
  for (const f of nested) for (const m of readFileSync(f, 'utf8').matchAll(DECL)) (declared.get(m[1]) ?? declared.set(m[1], new Set()).get(m[1])).add(f);
  const apart = new Set([...declared.values()].filter((files) => files.size > 1).flatMap((files) => [...files]));
  const merged = new Set(nested.filter((f) => !apart.has(f)));
  const typesFile = join(out, 'types.d.ts');
  const spec = (from, to) => {
    const r = relative(dirname(from), to).split('\\').join('/').replace(/\.d\.ts$/, '.js');
    return r.startsWith('.') ? r : `./${r}`;
  };
  const target = (file, s) => join(dirname(file), s.replace(/\.js$/, '.d.ts'));
  const namespaces = new Set(); // `import type * as Http from 'node:http'`, kept once
  const named = new Map(); // module specifier → names imported from it (one statement each)
  const bodies = [];
  for (const f of merged) {
    const text = readFileSync(f, 'utf8').replace(IMPORT, (stmt, kind, type, what, from) => {
      const local = from.startsWith('.') ? target(f, from) : undefined;
      if (local !== undefined && merged.has(local)) {
        // A re-export between merged modules: the name is declared (and exported) in the same file
        // now; only a renaming one still says something.
        return kind === 'export' && / as /.test(what) ? `export${type ?? ''} ${what};\n` : '';
      }
      if (kind === 'export') throw new Error(`${relative(out, f)}: a re-export of another file (${stmt.trim()}) cannot be merged`);
      const key = local === undefined ? from : spec(typesFile, local);
      if (what.startsWith('*')) namespaces.add(`import${type ?? ''} ${what} from '${key}';`);
      else for (const n of what.slice(1, -1).split(',').map((x) => x.trim().replace(/^type\s+/, '')).filter(Boolean)) (named.get(key) ?? named.set(key, new Set()).get(key)).add(n);
      return '';
    });
    bodies.push(text.replace(/^export \{\};?\n/gm, '').trim());
  }
  const seen = new Set();
  for (const names of named.values()) {
    for (const n of names) {
      if (seen.has(n) || [...(declared.get(n) ?? [])].some((f) => merged.has(f))) throw new Error(`types.d.ts would hold ${n} twice`);
      seen.add(n);
    }
  }
  const head = [...namespaces, ...[...named].map(([from, names]) => `import type { ${[...names].join(', ')} } from '${from}';`)];
  writeFileSync(typesFile, `${[...head, ...bodies.filter(Boolean)].join('\n')}\n`);
  // Every other declaration file: its relative imports of merged modules now point at types.d.ts.
  for (const f of all.filter((x) => !merged.has(x))) {
    const text = readFileSync(f, 'utf8').replace(IMPORT, (stmt, kind, type, what, from) =>
      from.startsWith('.') && merged.has(target(f, from)) ? `${kind}${type ?? ''} ${what} from '${spec(f, typesFile)}';\n` : stmt,
    );
    writeFileSync(f, text);
  }
  removeDeclarations(out, (f) => !merged.has(f));
}
mergeDeclarations();

/**
 * The dashboard's page as the package ships it, in dist/pkg/static/ (the readable source, one
 * ES module per concern, stays in dashboard-static/ and is what a source checkout serves):
 * app.js bundled with the views it imports lazily into one minified module (58 KB, one request),
 * the stylesheet minified, index.html as is; each file gzipped (`app.js.gz`, …), which
 * lib/dashboard/static-files.ts sends as it is with Content-Encoding: gzip. 74 KB of page
 * minified file by file was 25 KB this way (31 KB gzipped file by file).
 */
async function minifyPage() {
  const from = join(root, 'dashboard-static');
  const to = join(out, 'static');
  mkdirSync(to, { recursive: true });
  const page = await build({
    entryPoints: [join(from, 'app.js')],
    bundle: true,
    format: 'esm',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  const css = await transform(readFileSync(join(from, 'style.css'), 'utf8'), { loader: 'css', minify: true, legalComments: 'none' });
  const files = { 'app.js': page.outputFiles[0].contents, 'style.css': css.code, 'index.html': readFileSync(join(from, 'index.html')) };
  for (const [name, code] of Object.entries(files)) writeFileSync(join(to, `${name}.gz`), gzipSync(code, { level: 9 }));
}
await minifyPage();

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
