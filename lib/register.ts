/**
 * `node --import zerotel/register app.js`: sets tracing (exporter, sampler,
 * limits, resource), propagators and HTTP auto-instrumentation up from the
 * OTEL_* environment, with no change to the application, and flushes at exit.
 */
import { installExitHooks } from './setup/exit-hooks.js';
import { processEnv } from './config/env.js';
import { startSdkFromEnv } from './setup/sdk-setup.js';

const sdk = startSdkFromEnv(processEnv());
if (sdk.enabled) installExitHooks(sdk);
