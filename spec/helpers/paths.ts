/**
 * Paths for tests, independent of where the compiled spec file sits
 * (dist/spec/… in `npm test`, or any other outDir a developer builds into).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'spec', 'helpers', 'paths.js'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

/** The repository root (holds package.json, spec/fixtures, dashboard-static). */
export const REPO_ROOT = findRoot();
/** The compiled output folder this spec file belongs to (dist/ or another outDir). */
export const BUILD_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The compiled lib folder next to this spec build. */
export const LIB_BUILD = join(BUILD_ROOT, 'lib');
/** Checked-in fixtures (golden vectors). */
export const FIXTURES = join(REPO_ROOT, 'spec', 'fixtures');
