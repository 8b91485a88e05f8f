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

export interface OtelApiRegistration {
  /** Which of the API's globals now lead to zerotel (false: invalid module, or another SDK held it already). */
  readonly registered: { readonly trace: boolean; readonly metrics: boolean; readonly context: boolean; readonly propagation: boolean; readonly logs: boolean };
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
    return { registered: none, unregister: () => undefined };
  }
  // zerotel already behind this API (zerotel/register did it, say): nothing to do, nothing to warn about.
  // Keyed by the API's trace singleton, which every copy of the module object shares.
  const key = api.trace as object;
  if (active.has(key)) {
    diag.debug('registerGlobal: zerotel is already registered behind this @opentelemetry/api');
    return { registered: none, unregister: () => undefined };
  }
  const isTrue = (r: unknown): boolean => r === true;
  const registered = {
    context: install('context manager', () => api.context.setGlobalContextManager(contextManager), isTrue),
    trace: install('tracer provider', () => api.trace.setGlobalTracerProvider(tracerProvider), isTrue),
    metrics: install('meter provider', () => api.metrics.setGlobalMeterProvider(meterProvider), isTrue),
    propagation: install('propagator', () => api.propagation.setGlobalPropagator(propagator), isTrue),
    logs: false,
  };
  if (logsApi !== undefined && logsApi !== null) {
    if (hasFns(logsApi, 'logs', ['setGlobalLoggerProvider', 'disable'])) {
      const logs = logsApi.logs;
      // The logs API answers with the provider global after the call: ours when it took it now, or before.
      const before = typeof logs.getLoggerProvider === 'function' ? safeCall(() => logs.getLoggerProvider!()) : undefined;
      const mine = before !== loggerProvider;
      registered.logs = install('logger provider', () => logs.setGlobalLoggerProvider(loggerProvider), (r) => mine && r === loggerProvider);
    } else {
      diag.warn('registerGlobal: logsApi is not the @opentelemetry/api-logs module; logs not registered');
    }
  }
  let previousTap: DiagLogger | undefined;
  // Diagnostics follow only a registration that took something.
  const forward = forwardOption !== false && Object.values(registered).some(Boolean) && hasFns(api, 'diag', ['error', 'warn', 'info', 'debug']);
  if (forward) previousTap = setDiagTap(apiDiag(api.diag));
  let done = false;
  const registration: OtelApiRegistration = {
    registered,
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
