/**
 * A fresh temporary directory from which `@opentelemetry/api` does NOT
 * resolve, for tests of "a project without the OpenTelemetry packages". A
 * node_modules in any ancestor (another tool's /tmp/node_modules, say) would
 * make it resolvable, so candidates are tried in turn; undefined when none is
 * clean (the caller skips, saying why).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export function isolatedTempDir(prefix: string): string | undefined {
  for (const base of [tmpdir(), '/var/tmp', homedir()]) {
    let dir: string;
    try {
      dir = mkdtempSync(join(base, prefix));
    } catch {
      continue;
    }
    try {
      createRequire(join(dir, 'x.js')).resolve('@opentelemetry/api');
      rmSync(dir, { recursive: true, force: true });
    } catch {
      return dir;
    }
  }
  return undefined;
}
