/**
 * `node --import zerotel/register app.js`: sets tracing, metrics and logs
 * (exporters, sampler, limits, resource), propagators and HTTP
 * auto-instrumentation up from the OTEL_* environment, with no change to the
 * application, and flushes at exit. The top-level await finishes the set-up
 * (loading only the exporters named) before the application's first line runs.
 */
import { startSdk } from './setup/sdk-setup.js';
import { installExitHooks } from './setup/exit-hooks.js';

const sdk = await startSdk();
if (sdk.enabled) installExitHooks(sdk);
