/**
 * zerotel/otel-api — zerotel as the SDK behind `@opentelemetry/api`:
 *
 *   import * as api from '@opentelemetry/api';
 *   import * as logsApi from '@opentelemetry/api-logs';
 *   import { registerGlobal } from 'zerotel/otel-api';
 *   registerGlobal(api, { logsApi });
 *
 * The caller passes the API modules it has; zerotel depends on neither.
 */
export { registerGlobal } from './otel-api/register.js';
export type { OtelApiLike, OtelApiRegistration, OtelLogsApiLike, RegisterGlobalOptions } from './otel-api/register.js';
export { registerFromApplication } from './otel-api/auto-register.js';
export { ApiContextManager } from './otel-api/context-manager.js';
export { ApiPropagator } from './otel-api/propagator.js';
