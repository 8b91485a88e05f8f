/**
 * Everything `zerotel/register` sets up, from one environment snapshot:
 * resource, tracing (and, one line each, metrics and logs), propagators and
 * the HTTP auto-instrumentation. Returns one handle that flushes and shuts
 * down every signal.
 */
import { describeError, diag } from '../common/diag.js';
import { setPropagator, propagatorFromNames } from '../propagation/propagation.js';
import { enableHttpInstrumentation } from '../instrumentation/http-instrumentation.js';
import type { Env } from '../config/env.js';
import { envBoolean, envString } from '../config/env.js';
import { resourceFromEnv } from '../config/resource-config.js';
import { traceConfigFromEnv } from '../config/trace-config.js';
import { logsConfigFromEnv } from '../config/logs-config.js';
import { setupLogs } from './logs-setup.js';
import { metricsConfigFromEnv } from '../config/metrics-config.js';
import { setupMetrics } from './metrics-setup.js';
import type { SignalHandle } from './tracing-setup.js';
import { setupTracing } from './tracing-setup.js';

export interface SdkHandle extends SignalHandle {
  /** False when OTEL_SDK_DISABLED=true: nothing was set up. */
  readonly enabled: boolean;
}

export function startSdkFromEnv(env: Env): SdkHandle {
  if (envBoolean(env, 'OTEL_SDK_DISABLED', false)) {
    diag.debug('OTEL_SDK_DISABLED=true: zerotel/register sets nothing up');
    return { enabled: false, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
  }
  const resource = resourceFromEnv(env);
  const signals: SignalHandle[] = [];
  signals.push(setupTracing(traceConfigFromEnv(env), resource));
  signals.push(setupLogs(logsConfigFromEnv(env), resource));
  signals.push(setupMetrics(metricsConfigFromEnv(env), resource));
  setPropagator(propagatorFromNames(envString(env, 'OTEL_PROPAGATORS')));
  enableHttpInstrumentation();

  const all = (what: 'forceFlush' | 'shutdown'): Promise<void> =>
    Promise.all(
      signals.map((s) =>
        s[what]().catch((err: unknown) => {
          diag.error(`${what} failed: ${describeError(err)}`);
        }),
      ),
    ).then(() => undefined);
  let shutdown: Promise<void> | undefined;
  return {
    enabled: true,
    forceFlush: () => all('forceFlush'),
    shutdown: () => (shutdown ??= all('shutdown')),
  };
}
