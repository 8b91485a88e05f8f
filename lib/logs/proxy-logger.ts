/**
 * A logger handed out by the global `getLogger`: it emits through the logger
 * of the same scope of whichever provider is global at the time, so a logger
 * taken at import time follows a provider set later. The delegate is cached
 * with the slot's generation: one number compared per record.
 *
 * `enabled` takes a severity number or the logs API's options object
 * (`{ severityNumber, context, eventName }`).
 */
import { describeError, diag } from '../common/diag.js';
import { ScopedProxy } from '../common/scoped-proxy.js';
import type { AnyValueMap } from './any-value.js';
import type { LogRecordInput, Logger } from './logger.js';
import type { LoggerOptions, LoggerProvider } from './logger-provider.js';

export class ProxyLogger extends ScopedProxy<LoggerProvider, Logger, LoggerOptions> {
  protected override resolve(provider: LoggerProvider): Logger {
    return provider.getLogger(this.name, this.version, this.options);
  }

  emit(record: LogRecordInput): void {
    this.delegate.emit(record);
  }

  enabled(severity?: number | { severityNumber?: number | undefined } | null): boolean {
    let n: unknown = severity;
    if (typeof severity === 'object' && severity !== null) {
      // The options object is the caller's: its getter (or a Proxy's trap) may throw.
      try {
        n = severity.severityNumber;
      } catch (err) {
        diag.warnOnce('logger.enabled.options', `logger.enabled(): unreadable options (${describeError(err)})`);
        n = undefined;
      }
    }
    return this.delegate.enabled(typeof n === 'number' ? n : undefined);
  }

  trace(message: unknown, attributes?: AnyValueMap | Error): void {
    this.delegate.trace(message, attributes);
  }

  debug(message: unknown, attributes?: AnyValueMap | Error): void {
    this.delegate.debug(message, attributes);
  }

  info(message: unknown, attributes?: AnyValueMap | Error): void {
    this.delegate.info(message, attributes);
  }

  warn(message: unknown, attributes?: AnyValueMap | Error): void {
    this.delegate.warn(message, attributes);
  }

  error(message: unknown, attributes?: AnyValueMap | Error): void {
    this.delegate.error(message, attributes);
  }

  fatal(message: unknown, attributes?: AnyValueMap | Error): void {
    this.delegate.fatal(message, attributes);
  }
}
