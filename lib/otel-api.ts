/**
 * zerotel/otel-api — zerotel as the SDK behind `@opentelemetry/api`:
 *
 *   registerGlobal(api, { logsApi });
 * where `api` is the application's own `@opentelemetry/api` module namespace,
 * `logsApi` its `@opentelemetry/api-logs` one, and `registerGlobal` comes from
 * the `zerotel/otel-api` entry point (README shows the imports).
 *
 * The caller passes the API modules it has; zerotel depends on neither.
 */
export { registerGlobal } from './otel-api/register.js';
export type { OtelApiLike, OtelApiRegistration, OtelApiSignals, OtelLogsApiLike, RegisterGlobalOptions } from './otel-api/register.js';
export { registerFromApplication } from './otel-api/auto-register.js';
export { ApiContextManager } from './otel-api/context-manager.js';
export { ApiPropagator } from './otel-api/propagator.js';
