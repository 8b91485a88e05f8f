/**
 * Everything `zerotel/register` sets up, from one configuration object
 * (lib/config reads it): tracing, metrics and logs with only the exporters
 * the configuration names (each import()-ed when named), propagators and the
 * HTTP auto-instrumentation. Returns one handle that flushes and shuts down
 * every signal.
 */
import { describeError, diag } from '../common/diag.js';
import type { Config } from '../config/config.js';
import { readConfig } from '../config/config.js';
import type { Env } from '../config/env.js';
import { enableHttpInstrumentation } from '../instrumentation/http-instrumentation.js';
import { propagatorFromNames, setPropagator } from '../propagation/propagation.js';
import { setupLogs } from './logs-setup.js';
import { setupMetrics } from './metrics-setup.js';
import type { SignalHandle } from './tracing-setup.js';
import { setupTracing } from './tracing-setup.js';

export interface SdkHandle extends SignalHandle {
  /** False when OTEL_SDK_DISABLED=true: nothing was set up. */
  readonly enabled: boolean;
}

const DISABLED: SdkHandle = Object.freeze({ enabled: false, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() });

/**
 * Sets up every signal from `config` (read from the process environment when
 * omitted; an `Env` object is read as the environment). Never rejects: a
 * signal that fails to set up is reported and the others still run.
 */
export async function startSdk(config: Config | Env = readConfig()): Promise<SdkHandle> {
  const c = isConfig(config) ? config : readConfig(config);
  if (c.disabled) {
    diag.debug('OTEL_SDK_DISABLED=true: zerotel sets nothing up');
    return DISABLED;
  }
  const settled = await Promise.allSettled([setupTracing(c.traces, c.resource), setupLogs(c.logs, c.resource), setupMetrics(c.metrics, c.resource)]);
  const signals: SignalHandle[] = [];
  for (const s of settled) {
    if (s.status === 'fulfilled') signals.push(s.value);
    else diag.error(`setup failed: ${describeError(s.reason)}`);
  }
  setPropagator(propagatorFromNames(c.propagators));
  // HTTP spans come from diagnostics channels (no cost until a request). Injecting trace context
  // into `http.request` needs node:http's and node:https's global agents replaced, which loads
  // http, https, tls and crypto (≈11 ms measured): done only when spans are exported somewhere.
  // With OTEL_TRACES_EXPORTER=none, `http.request` calls still get CLIENT spans, without headers
  // (fetch is unaffected); enableHttpInstrumentation() turns the injection on.
  const exportsSpans = c.traces.exporters.length > 0;
  const { http, undici } = c.instrumentations;
  if (http && !exportsSpans) diag.debug('OTEL_TRACES_EXPORTER=none: trace context is not injected into http.request calls');
  if (http || undici) enableHttpInstrumentation({ server: http, client: http, fetch: undici, injectHttpHeaders: http && exportsSpans });
  else diag.debug('OTEL_NODE_*_INSTRUMENTATIONS: HTTP instrumentation off');

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

function isConfig(v: Config | Env): v is Config {
  return typeof (v as { disabled?: unknown }).disabled === 'boolean';
}
