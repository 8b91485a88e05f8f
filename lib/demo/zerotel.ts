/**
 * The demo's view of zerotel: its public entry points, loaded with `import()`.
 * `zerotel demo` loads the demo as a lazy chunk of the CLI; a static import of
 * an internal module here would give that module a different set of importers
 * from its neighbours, and the bundler (.ci/build.mjs) would split the shared
 * code into more files for every program (`import 'zerotel'` among them).
 * An `import()` of an entry point loads that entry as it ships.
 */
export const api = await import('../index.js');
export const sdk = await import('../sdk.js');
export const board = await import('../dashboard.js');
