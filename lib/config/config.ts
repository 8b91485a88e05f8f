/**
 * The whole OTEL_* configuration as one plain, validated object: what
 * `zerotel/register` (through lib/setup) builds from. Reading and building
 * are apart so that reading costs no exporter code, and so that a test or an
 * application can inspect (or adjust) the configuration before anything runs.
 * Invalid values are reported once each and replaced by their defaults.
 */
import type { Resource } from '../common/resource.js';
import type { Env } from './env.js';
import { envBoolean, envString, processEnv } from './env.js';
import type { LogsConfig } from './logs-config.js';
import { logsConfigFromEnv } from './logs-config.js';
import type { MetricsConfig } from './metrics-config.js';
import { metricsConfigFromEnv } from './metrics-config.js';
import type { InstrumentationConfig } from './instrumentation-config.js';
import { instrumentationConfigFromEnv } from './instrumentation-config.js';
import { resourceFromEnv } from './resource-config.js';
import type { TraceConfig } from './trace-config.js';
import { traceConfigFromEnv } from './trace-config.js';

/** OTEL_SDK_DISABLED=true: nothing else is read, nothing is set up. */
export interface DisabledConfig {
  readonly disabled: true;
}

export interface EnabledConfig {
  readonly disabled: false;
  /** OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME. */
  readonly resource: Resource;
  readonly traces: TraceConfig;
  readonly metrics: MetricsConfig;
  readonly logs: LogsConfig;
  /** OTEL_PROPAGATORS as given (comma-separated names); undefined when unset (tracecontext and baggage). */
  readonly propagators: string | undefined;
  /** OTEL_NODE_ENABLED_INSTRUMENTATIONS / OTEL_NODE_DISABLED_INSTRUMENTATIONS: `http` and `undici`. */
  readonly instrumentations: InstrumentationConfig;
}

export type Config = DisabledConfig | EnabledConfig;

/** Reads the configuration from `env` (the process environment by default). */
export function readConfig(env: Env = processEnv()): Config {
  if (envBoolean(env, 'OTEL_SDK_DISABLED', false)) return { disabled: true };
  return {
    disabled: false,
    resource: resourceFromEnv(env),
    traces: traceConfigFromEnv(env),
    metrics: metricsConfigFromEnv(env),
    logs: logsConfigFromEnv(env),
    propagators: envString(env, 'OTEL_PROPAGATORS'),
    instrumentations: instrumentationConfigFromEnv(env),
  };
}
