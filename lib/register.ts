/**
 * `node --import zerotel/register app.js`: sets tracing (exporter, sampler,
 * limits, resource), propagators and HTTP auto-instrumentation up from the
 * OTEL_* environment, with no change to the application, and flushes at exit.
 * When the application has `@opentelemetry/api` (and `@opentelemetry/api-logs`),
 * zerotel is registered behind it.
 */
import { installExitHooks } from './setup/exit-hooks.js';
import { processEnv } from './config/env.js';
import { startSdkFromEnv } from './setup/sdk-setup.js';
import { registerFromApplication } from './otel-api/auto-register.js';

const sdk = startSdkFromEnv(processEnv());
if (sdk.enabled) {
  installExitHooks(sdk);
  // Code instrumented against @opentelemetry/api (the application's own copy) reports through zerotel.
  await registerFromApplication();
}
