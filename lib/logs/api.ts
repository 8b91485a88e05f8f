/**
 * The global logs API: one process-wide logger provider (replaceable),
 * `getLogger(name?)`, and `logger`, a ready-made application logger that
 * always writes through the provider current at the time of the call.
 */
import { VERSION } from '../common/version.js';
import type { AnyValueMap } from './any-value.js';
import type { LogRecordInput } from './logger.js';
import { Logger } from './logger.js';
import { LoggerProvider } from './logger-provider.js';

let provider: LoggerProvider | undefined;
let defaultLogger: Logger | undefined;

/** The global provider, created on first use (with no processor: records go nowhere until one is added). */
export function getLoggerProvider(): LoggerProvider {
  return (provider ??= new LoggerProvider());
}

/** Replaces the global provider (the old one is not shut down); returns the previous one. */
export function setLoggerProvider(next: LoggerProvider): LoggerProvider | undefined {
  const prev = provider;
  provider = next;
  defaultLogger = undefined;
  return prev;
}

/** The default logger (scope "zerotel"), or a named one of the global provider. */
export function getLogger(name?: string, version?: string): Logger {
  if (name === undefined) return (defaultLogger ??= getLoggerProvider().getLogger('zerotel', VERSION));
  return getLoggerProvider().getLogger(name, version);
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
 * `logger.info('ready', { port })` after importing `logger` from the package. It
 * resolves the global default logger on every call (one cached load), so
 * registering a provider later still takes effect.
 */
export const logger: AppLogger = Object.freeze({
  trace: (m: unknown, a?: AnyValueMap | Error) => getLogger().trace(m, a),
  debug: (m: unknown, a?: AnyValueMap | Error) => getLogger().debug(m, a),
  info: (m: unknown, a?: AnyValueMap | Error) => getLogger().info(m, a),
  warn: (m: unknown, a?: AnyValueMap | Error) => getLogger().warn(m, a),
  error: (m: unknown, a?: AnyValueMap | Error) => getLogger().error(m, a),
  fatal: (m: unknown, a?: AnyValueMap | Error) => getLogger().fatal(m, a),
  emit: (r: LogRecordInput) => getLogger().emit(r),
  enabled: (n?: number) => getLogger().enabled(n),
});
