/**
 * `node --import zerotel/register app.js`: sets tracing (exporter, sampler,
 * limits, resource), propagators and HTTP auto-instrumentation up from the
 * OTEL_* environment, with no change to the application, and flushes at exit
 * on every way out (setup/exit-hooks.ts). OTEL_LOG_LEVEL sets the level of
 * zerotel's own diagnostics, first, so configuration warnings obey it.
 * When the application has `@opentelemetry/api` (and `@opentelemetry/api-logs`),
 * zerotel is registered behind it.
 */
import { setDiagLevel } from './common/diag.js';
import { diagConfigFromEnv } from './config/diag-config.js';
import { installExitHooks } from './setup/exit-hooks.js';
import { processEnv } from './config/env.js';
import { startSdkFromEnv } from './setup/sdk-setup.js';
import { registerFromApplication } from './otel-api/auto-register.js';

const env = processEnv();
const level = diagConfigFromEnv(env).diagLogLevel;
if (level !== undefined) setDiagLevel(level);
const sdk = startSdkFromEnv(env);
if (sdk.enabled) {
  installExitHooks(sdk);
  // Code instrumented against @opentelemetry/api (the application's own copy) reports through zerotel.
  await registerFromApplication();
}
