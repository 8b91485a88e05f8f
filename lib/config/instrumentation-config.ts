/**
 * Which of zerotel's automatic instrumentations `zerotel/register` turns on,
 * from the variables the official Node auto-instrumentation reads, with its
 * names (the package name without `@opentelemetry/instrumentation-`):
 * `OTEL_NODE_ENABLED_INSTRUMENTATIONS` keeps only the named ones, then
 * `OTEL_NODE_DISABLED_INSTRUMENTATIONS` removes the named ones (a name in both
 * is disabled). zerotel has two: `http` (incoming requests and `http.request`)
 * and `undici` (`fetch`). Names of instrumentations zerotel does not have are
 * left to whoever does (an application that also registers official
 * instrumentations names them in the same lists), so they are not reported.
 *
 * This is how an application that registers the official
 * `@opentelemetry/instrumentation-http` behind the bridge keeps requests from
 * being traced twice: `OTEL_NODE_DISABLED_INSTRUMENTATIONS=http`.
 */
import type { Env } from './env.js';
import { envList } from './env.js';

export interface InstrumentationConfig {
  /** Incoming requests and `http.request`/`https.request` (`http`). */
  readonly http: boolean;
  /** `fetch` and undici (`undici`). */
  readonly undici: boolean;
}

export function instrumentationConfigFromEnv(env: Env): InstrumentationConfig {
  const enabled = envList(env, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS');
  const disabled = envList(env, 'OTEL_NODE_DISABLED_INSTRUMENTATIONS') ?? [];
  const on = (name: string): boolean => (enabled === undefined || enabled.includes(name)) && !disabled.includes(name);
  return { http: on('http'), undici: on('undici') };
}
