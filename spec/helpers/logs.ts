/** A logger provider whose records land synchronously in an array, for logs tests. */
import type { LogRecord } from '../../lib/logs/log-record.js';
import type { LogRecordProcessor } from '../../lib/logs/log-record-processor.js';
import type { LoggerProviderOptions } from '../../lib/logs/logger-provider.js';
import { LoggerProvider } from '../../lib/logs/logger-provider.js';

export class CollectingProcessor implements LogRecordProcessor {
  readonly records: LogRecord[] = [];
  onEmit(record: LogRecord): void {
    this.records.push(record);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export function testLogs(options: LoggerProviderOptions = {}): { provider: LoggerProvider; records: LogRecord[] } {
  const collector = new CollectingProcessor();
  const provider = new LoggerProvider({ ...options, processors: [...(options.processors ?? []), collector] });
  return { provider, records: collector.records };
}
