/** Builds and installs the global logger provider from a LogsConfig. */
import type { Resource } from '../common/resource.js';
import { BatchLogRecordProcessor } from '../pipeline/batch-log-record-processor.js';
import { ConsoleLogRecordExporter } from '../pipeline/console-log-record-exporter.js';
import { OtlpHttpLogExporter } from '../exporters/otlp-logs-exporter.js';
import { setLoggerProvider } from '../logs/api.js';
import { captureConsole, releaseConsole } from '../logs/console-bridge.js';
import type { LogRecordProcessor } from '../logs/log-record-processor.js';
import { LoggerProvider } from '../logs/logger-provider.js';
import { SimpleLogRecordProcessor } from '../pipeline/simple-log-record-processor.js';
import type { LogsConfig } from '../config/logs-config.js';
import type { SignalHandle } from './tracing-setup.js';

/** The processors a config asks for (OTLP batched, console immediate). */
export function logRecordProcessorsFor(config: LogsConfig): LogRecordProcessor[] {
  const out: LogRecordProcessor[] = [];
  for (const name of config.exporters) {
    if (name === 'otlp') out.push(new BatchLogRecordProcessor(new OtlpHttpLogExporter(config.otlp), config.batch));
    else if (name === 'console') out.push(new SimpleLogRecordProcessor(new ConsoleLogRecordExporter()));
  }
  return out;
}

/**
 * Creates the provider, makes it global (so `logger` and `getLogger()` write
 * to it) and, when asked, starts the console bridge. The handle's shutdown
 * releases the console before the last flush.
 */
export function setupLogs(config: LogsConfig, resource: Resource): SignalHandle {
  const provider = new LoggerProvider({
    resource,
    logRecordLimits: config.logRecordLimits,
    processors: logRecordProcessorsFor(config),
  });
  setLoggerProvider(provider);
  const captured = config.captureConsole && config.exporters.length > 0 && captureConsole();
  return {
    forceFlush: () => provider.forceFlush(),
    shutdown: () => {
      if (captured) releaseConsole();
      return provider.shutdown();
    },
  };
}
