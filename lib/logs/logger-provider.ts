/** Owns the resource, limits and processors shared by its loggers. */
import type { Resource } from '../common/resource.js';
import { defaultResource } from '../common/resource.js';
import { providerScopes } from '../common/scope-registry.js';
import type { Attributes } from '../common/attributes.js';
import type { LogRecordLimits } from './log-record.js';
import { resolveLogRecordLimits } from './log-record.js';
import type { LogRecordProcessor } from './log-record-processor.js';
import { MultiLogRecordProcessor } from './log-record-processor.js';
import { Logger } from './logger.js';
import { diag } from '../common/diag.js';
import { arrayOption, hasMethods, readOptions } from '../common/options.js';
import { isSeverityNumber } from './severity.js';

export interface LoggerProviderOptions {
  /** Merged over the default resource (service.name, telemetry.sdk.*). */
  resource?: Resource;
  logRecordLimits?: Partial<LogRecordLimits>;
  processors?: LogRecordProcessor[];
  /** Records below this severity number are skipped at emit (default 0: keep all). */
  minSeverity?: number;
}

export interface LoggerOptions {
  schemaUrl?: string;
  attributes?: Attributes;
}

export class LoggerProvider {
  readonly resource: Resource;
  readonly limits: LogRecordLimits;
  readonly processor = new MultiLogRecordProcessor();
  readonly minSeverity: number;
  readonly #loggers = providerScopes('logger', (scope) => new Logger(scope, this));
  #shutdown: Promise<void> | undefined;

  /** Never throws: a bad option is reported and replaced by its default. */
  constructor(options: LoggerProviderOptions = {}) {
    const o = readOptions<LoggerProviderOptions>('LoggerProvider', options, ['resource', 'logRecordLimits', 'processors', 'minSeverity']);
    this.resource = defaultResource().merge(o.resource);
    this.limits = resolveLogRecordLimits(o.logRecordLimits);
    this.minSeverity = isSeverityNumber(o.minSeverity) ? o.minSeverity : 0;
    const isProcessor = (p: unknown): p is LogRecordProcessor => hasMethods(p, 'onEmit', 'forceFlush', 'shutdown');
    for (const p of arrayOption('LoggerProvider', 'processors', o.processors, isProcessor)) this.processor.add(p);
  }

  /** The logger for a scope; the same object for the same name, version and schema URL. */
  getLogger(name: string, version?: string, options?: LoggerOptions): Logger {
    return this.#loggers.get(name, version, options);
  }

  addLogRecordProcessor(p: LogRecordProcessor): void {
    if (hasMethods(p, 'onEmit', 'forceFlush', 'shutdown')) this.processor.add(p);
    else diag.dropped('config.option', 1, 'addLogRecordProcessor needs a log record processor (onEmit, forceFlush, shutdown)');
  }

  forceFlush(): Promise<void> {
    return this.processor.forceFlush();
  }

  /** Flushes and shuts every processor down; idempotent. */
  shutdown(): Promise<void> {
    return (this.#shutdown ??= this.processor.shutdown());
  }
}
