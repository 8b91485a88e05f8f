/**
 * Loading a package the way the application in a directory would load it
 * (its node_modules, its resolution), without zerotel depending on it: for
 * `zerotel/register` finding the application's `@opentelemetry/api`, and for
 * `zerotel bench` finding the official SDK in the user's project.
 */
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// node:fs and node:module are taken when called, not imported: `zerotel/register` reaches this
// module, and an ES import of either makes Node build its whole export list, which loads
// node:stream and the fs streams (node:fs) and the source-map support (node:module): ≈4 ms of
// start-up for a lookup that usually finds nothing.
function requireFrom(dir: string): NodeJS.Require {
  return process.getBuiltinModule('node:module').createRequire(dir.endsWith('/') ? dir : `${dir}/`);
}

/** The path `specifier` resolves to from `dir`, or undefined. */
export function resolveFromProject(dir: string, specifier: string): string | undefined {
  try {
    return requireFrom(dir).resolve(specifier);
  } catch {
    return undefined;
  }
}

/**
 * The module `specifier` as the application at `dir` would load it, or
 * undefined when it cannot be resolved. For a CommonJS module the named
 * exports Node detected and the real exports object (`default`) are merged,
 * so no export is missed whichever way the package was compiled.
 */
export async function importFromProject(dir: string, specifier: string): Promise<Record<string, unknown> | undefined> {
  const resolved = resolveFromProject(dir, specifier);
  if (resolved === undefined) return undefined;
  const ns = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
  const d = ns.default;
  return d !== null && typeof d === 'object' ? { ...(d as Record<string, unknown>), ...ns } : ns;
}

/** The version of the package `name` as installed for `dir` (its package.json found above the resolved entry). */
export function packageVersion(dir: string, name: string): string | undefined {
  const entry = resolveFromProject(dir, name);
  if (entry === undefined) return undefined;
  for (let d = dirname(entry); d !== dirname(d); d = dirname(d)) {
    try {
      const pkg = JSON.parse(process.getBuiltinModule('node:fs').readFileSync(join(d, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === name) return typeof pkg.version === 'string' ? pkg.version : undefined;
    } catch {
      // no package.json here: keep climbing
    }
  }
  return undefined;
}
