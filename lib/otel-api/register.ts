/**
 * `registerGlobal(api, { logsApi })`: zerotel becomes the SDK behind the
 * `@opentelemetry/api` module the caller passes in (and `@opentelemetry/
 * api-logs` when given). Installed as the API's globals:
 *   - tracer provider: `getTracer` hands out zerotel's proxy tracers, whose
 *     spans are zerotel `Span`s and satisfy the API's Span interface as they
 *     are (no wrapper per span);
 *   - meter provider: zerotel's proxy meters and instruments;
 *   - context manager: zerotel's AsyncLocalStorage context (one store for
 *     both sides, so an API span is `getCurrentSpan()` and a zerotel span is
 *     `api.trace.getActiveSpan()`);
 *   - propagator: zerotel's process-wide propagator;
 *   - logger provider (logs API): zerotel's proxy loggers;
 * and zerotel's diagnostics are also handed to `api.diag`.
 *
 * Everything here is structural: lib/ imports nothing from @opentelemetry/*.
 * Providers stay zerotel's globals, so `setTracerProvider` & co. (and
 * zerotel/register's pipelines) decide where the API's telemetry goes.
 * Never throws: a module that is not the API, or globals another SDK already
 * holds, are reported and left alone.
 */
import type { DiagLogger } from '../common/diag.js';
import { describeError, diag, setDiagTap } from '../common/diag.js';
import { getTracer } from '../trace/api.js';
import { getMeter } from '../metrics/api.js';
import { getLogger } from '../logs/api.js';
import { ApiContextManager } from './context-manager.js';
import { ApiPropagator } from './propagator.js';

/** What zerotel uses of the `@opentelemetry/api` module. */
export interface OtelApiLike {
  trace: { setGlobalTracerProvider(provider: object): boolean; disable(): void };
  metrics: { setGlobalMeterProvider(provider: object): boolean; disable(): void };
  context: { setGlobalContextManager(manager: object): boolean; disable(): void };
  propagation: { setGlobalPropagator(propagator: object): boolean; disable(): void };
  diag: { error(m: string): void; warn(m: string): void; info(m: string): void; debug(m: string): void };
}

/** What zerotel uses of the `@opentelemetry/api-logs` module. */
export interface OtelLogsApiLike {
  logs: { setGlobalLoggerProvider(provider: object): unknown; getLoggerProvider?(): unknown; disable(): void };
}

export interface RegisterGlobalOptions {
  /** The application's `@opentelemetry/api-logs` module namespace: also install zerotel's logger provider. */
  logsApi?: OtelLogsApiLike | undefined;
  /** Hand zerotel's diagnostics to `api.diag` as well (default true). */
  forwardDiagnostics?: boolean | undefined;
}

export interface OtelApiSignals {
  readonly trace: boolean;
  readonly metrics: boolean;
  readonly context: boolean;
  readonly propagation: boolean;
  readonly logs: boolean;
}

export interface OtelApiRegistration {
  /** Which of the API's globals this call made lead to zerotel (false: invalid module, another SDK holds it, or zerotel did already). */
  readonly registered: OtelApiSignals;
  /** Which of them already led to zerotel before this call (an earlier registration, zerotel/register): left as they are. */
  readonly alreadyRegistered: OtelApiSignals;
  /** Gives back exactly the globals this call took (the API's `disable()` for each), and stops forwarding diagnostics. */
  unregister(): void;
}

/** The providers the API sees: zerotel's global, proxy-backed functions (one object each, shared by every registration). */
const tracerProvider = { getTracer: (name: string, version?: string, options?: { schemaUrl?: string }) => getTracer(name, version, options) };
const meterProvider = { getMeter: (name: string, version?: string, options?: { schemaUrl?: string }) => getMeter(name, version, options) };
const loggerProvider = { getLogger: (name: string, version?: string, options?: { schemaUrl?: string }) => getLogger(name, version, options) };
const contextManager = new ApiContextManager();
const propagator = new ApiPropagator();

function hasFns(o: unknown, path: string, fns: readonly string[]): boolean {
  try {
    const v = o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[path] : undefined;
    return v !== null && typeof v === 'object' && fns.every((f) => typeof (v as Record<string, unknown>)[f] === 'function');
  } catch {
    return false;
  }
}

/** Calls `set`, reporting a refusal or a throw; true when zerotel's object was installed. */
function install(what: string, set: () => unknown, accepted: (r: unknown) => boolean): boolean {
  try {
    if (accepted(set())) return true;
    diag.warn(`registerGlobal: the OpenTelemetry API already has a global ${what}; zerotel left it in place (disable it first to use zerotel's)`);
  } catch (err) {
    diag.warn(`registerGlobal: installing the ${what} failed: ${describeError(err)}`);
  }
  return false;
}

export function registerGlobal(api: OtelApiLike, options?: RegisterGlobalOptions): OtelApiRegistration {
  const none = { trace: false, metrics: false, context: false, propagation: false, logs: false };
  const nothing = (): OtelApiRegistration => ({ registered: none, alreadyRegistered: none, unregister: () => undefined });
  let logsApi: OtelLogsApiLike | undefined;
  let forwardOption: unknown;
  try {
    logsApi = options?.logsApi;
    forwardOption = options?.forwardDiagnostics;
  } catch (err) {
    diag.warn(`registerGlobal: unreadable options ignored: ${describeError(err)}`);
  }
  const ok =
    hasFns(api, 'trace', ['setGlobalTracerProvider', 'disable']) &&
    hasFns(api, 'metrics', ['setGlobalMeterProvider', 'disable']) &&
    hasFns(api, 'context', ['setGlobalContextManager', 'disable']) &&
    hasFns(api, 'propagation', ['setGlobalPropagator', 'disable']);
  if (!ok) {
    diag.warn('registerGlobal: pass the @opentelemetry/api module namespace (what `import * as api` of that package gives); nothing registered');
    return nothing();
  }
  // Keyed by the API's trace singleton, which every copy of the module object shares: the fallback
  // answer to "is zerotel behind it already?" for an API that cannot be asked (see ours()).
  const key = api.trace as object;
  const known = active.has(key);
  const isTrue = (r: unknown): boolean => r === true;
  // A global that leads to zerotel already is left alone; one that does not (never taken, or given
  // back since by the API's disable()) is taken now.
  const already = {
    context: ours(() => (api.context as { _getContextManager?(): unknown })._getContextManager?.(), contextManager, known),
    trace: ours(() => traceDelegate(api.trace), tracerProvider, known),
    metrics: ours(() => (api.metrics as { getMeterProvider?(): unknown }).getMeterProvider?.(), meterProvider, known),
    propagation: ours(() => (api.propagation as { _getGlobalPropagator?(): unknown })._getGlobalPropagator?.(), propagator, known),
    logs: false,
  };
  const registered = {
    context: !already.context && install('context manager', () => api.context.setGlobalContextManager(contextManager), isTrue),
    trace: !already.trace && install('tracer provider', () => api.trace.setGlobalTracerProvider(tracerProvider), isTrue),
    metrics: !already.metrics && install('meter provider', () => api.metrics.setGlobalMeterProvider(meterProvider), isTrue),
    propagation: !already.propagation && install('propagator', () => api.propagation.setGlobalPropagator(propagator), isTrue),
    logs: false,
  };
  if (logsApi !== undefined && logsApi !== null) {
    if (hasFns(logsApi, 'logs', ['setGlobalLoggerProvider', 'disable'])) {
      const logs = logsApi.logs;
      // The logs API answers with the provider global after the call: ours when it took it now, or before.
      const before = typeof logs.getLoggerProvider === 'function' ? safeCall(() => logs.getLoggerProvider!()) : undefined;
      already.logs = before === loggerProvider;
      if (!already.logs) registered.logs = install('logger provider', () => logs.setGlobalLoggerProvider(loggerProvider), (r) => r === loggerProvider);
    } else {
      diag.warn('registerGlobal: logsApi is not the @opentelemetry/api-logs module; logs not registered');
    }
  }
  const held = Object.entries(already).filter(([, on]) => on).map(([name]) => name);
  if (held.length > 0) {
    // Not a warning: zerotel/register and an explicit call both registering is the documented setup.
    diag.info(`registerGlobal: zerotel already registered for ${held.join(', ')}`);
  }
  let previousTap: DiagLogger | undefined;
  // Diagnostics follow only a registration that took something.
  const forward = forwardOption !== false && Object.values(registered).some(Boolean) && hasFns(api, 'diag', ['error', 'warn', 'info', 'debug']);
  if (forward) previousTap = setDiagTap(apiDiag(api.diag));
  let done = false;
  const registration: OtelApiRegistration = {
    registered,
    alreadyRegistered: already,
    unregister() {
      if (done) return;
      done = true;
      active.delete(key);
      const off = (on: boolean, disable: () => void): void => {
        if (!on) return;
        try {
          disable();
        } catch (err) {
          diag.warn(`registerGlobal: unregister failed: ${describeError(err)}`);
        }
      };
      off(registered.trace, () => api.trace.disable());
      off(registered.metrics, () => api.metrics.disable());
      off(registered.propagation, () => api.propagation.disable());
      off(registered.context, () => api.context.disable());
      off(registered.logs, () => logsApi?.logs.disable());
      if (forward) setDiagTap(previousTap);
    },
  };
  if (Object.values(registered).some(Boolean)) active.add(key);
  return registration;
}

/** The API trace singletons zerotel is registered behind now. */
const active = new WeakSet<object>();

/**
 * Whether the API's global answered by `get` is zerotel's `mine`; `fallback`
 * when the API cannot be asked (a structural stand-in without the getter).
 */
function ours(get: () => unknown, mine: object, fallback: boolean): boolean {
  try {
    const current = get();
    return current === undefined ? fallback : current === mine;
  } catch {
    return fallback;
  }
}

/** The tracer provider behind the API's proxy provider (its delegate), or the provider itself. */
function traceDelegate(trace: OtelApiLike['trace']): unknown {
  const p = (trace as { getTracerProvider?(): unknown }).getTracerProvider?.();
  if (p === null || typeof p !== 'object') return p;
  const getDelegate = (p as { getDelegate?: unknown }).getDelegate;
  return typeof getDelegate === 'function' ? (getDelegate as () => unknown).call(p) : p;
}

function safeCall(fn: () => unknown): unknown {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** zerotel's diagnostics in the API's diag, prefixed as ours are on the console. */
function apiDiag(d: OtelApiLike['diag']): DiagLogger {
  return {
    error: (m) => d.error(`zerotel: ${m}`),
    warn: (m) => d.warn(`zerotel: ${m}`),
    info: (m) => d.info(`zerotel: ${m}`),
    debug: (m) => d.debug(`zerotel: ${m}`),
  };
}
