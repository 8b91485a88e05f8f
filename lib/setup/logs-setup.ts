/**
 * Builds and installs the global logger provider from a LogsConfig. The
 * exporters' code (lib/setup/pipelines.ts) is import()-ed only when the
 * configuration names one.
 */
import type { Resource } from '../common/resource.js';
import { setLoggerProvider } from '../logs/api.js';
import { captureConsole, releaseConsole } from '../logs/console-bridge.js';
import type { LogRecordProcessor } from '../logs/log-record-processor.js';
import { LoggerProvider } from '../logs/logger-provider.js';
import type { LogsConfig } from '../config/logs-config.js';
import type { SignalHandle } from './tracing-setup.js';

/** The processors a config asks for; the exporters' code is loaded only when one is named. */
export async function logRecordProcessorsFor(config: LogsConfig): Promise<LogRecordProcessor[]> {
  return config.exporters.length === 0 ? [] : (await import('./pipelines.js')).logRecordProcessors(config);
}

/**
 * Creates the provider, makes it global (so `logger` and `getLogger()` write
 * to it) and, when asked, starts the console bridge. The handle's shutdown
 * releases the console before the last flush.
 */
export async function setupLogs(config: LogsConfig, resource: Resource): Promise<SignalHandle> {
  const provider = new LoggerProvider({
    resource,
    logRecordLimits: config.logRecordLimits,
    processors: await logRecordProcessorsFor(config),
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
