/**
 * The global logs API: one process-wide logger provider (replaceable, in a
 * GlobalSlot), `getLogger(name?)` handing out proxy loggers that follow it,
 * and `logger`, a ready-made application logger that always writes through
 * the provider current at the time of the call.
 */
import { callerScopes } from '../common/scope-registry.js';
import { VERSION } from '../common/version.js';
import type { AnyValueMap } from './any-value.js';
import { GlobalSlot } from '../common/global-slot.js';
import type { LogRecordInput } from './logger.js';
import { LoggerProvider } from './logger-provider.js';
import type { LoggerOptions } from './logger-provider.js';
import { ProxyLogger } from './proxy-logger.js';

const slot = new GlobalSlot<LoggerProvider>('setLoggerProvider', () => new LoggerProvider(), (p) => p instanceof LoggerProvider);
const proxies = callerScopes((s) => new ProxyLogger(slot, s.name as string, s.version as string | undefined, s.options as LoggerOptions | undefined));

/** The global provider, created on first use (with no processor: records go nowhere until one is added). */
export function getLoggerProvider(): LoggerProvider {
  return slot.get();
}

/**
 * Replaces the global provider (the old one is not shut down) and returns the
 * previous one; loggers handed out by `getLogger` (and `logger`) follow.
 * Anything but a LoggerProvider is reported and ignored (`undefined` restores
 * a default).
 */
export function setLoggerProvider(next: LoggerProvider | undefined): LoggerProvider | undefined {
  return slot.set(next);
}

/** Calls `listener` after every accepted `setLoggerProvider` (zerotel internals that must follow the global provider: the dashboard). */
export function onLoggerProviderChange(listener: () => void): void {
  slot.onChange(listener);
}

/**
 * The default logger (scope "zerotel"), or a named one; either way a proxy
 * that emits through the global provider of the moment, the same object per
 * scope.
 */
export function getLogger(name?: string, version?: string, options?: LoggerOptions): ProxyLogger {
  if (name === undefined) {
    name = 'zerotel';
    version = VERSION;
  }
  return proxies.get(name, version, options);
}

/** The application logger's shape: the Logger methods, bound to whatever provider is global when called. */
export interface AppLogger {
  trace(message: unknown, attributes?: AnyValueMap | Error): void;
  debug(message: unknown, attributes?: AnyValueMap | Error): void;
  info(message: unknown, attributes?: AnyValueMap | Error): void;
  warn(message: unknown, attributes?: AnyValueMap | Error): void;
  error(message: unknown, attributes?: AnyValueMap | Error): void;
  fatal(message: unknown, attributes?: AnyValueMap | Error): void;
  emit(record: LogRecordInput): void;
  enabled(severityNumber?: number): boolean;
}

/**
 * `logger.info('ready', { port })` after importing `logger` from the package:
 * the default logger's proxy, so registering a provider later still takes
 * effect.
 */
export const logger: AppLogger = getLogger();
