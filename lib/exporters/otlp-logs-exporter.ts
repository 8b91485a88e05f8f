/** The OTLP/HTTP log record exporter: the generic exporter with the logs encoders. */
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter } from '../logs/log-record-processor.js';
import { encodeLogsJson } from '../otlp/logs-json.js';
import { encodeLogsProto } from '../otlp/logs-proto.js';
import type { OtlpHttpExporterOptions, OtlpSignal } from './otlp-http-exporter.js';
import { OtlpHttpExporter } from './otlp-http-exporter.js';

export const LOGS_SIGNAL: OtlpSignal<LogRecord> = Object.freeze({
  name: 'logs',
  encodeProto: encodeLogsProto,
  encodeJson: encodeLogsJson,
  rejectedField: 'rejectedLogRecords',
});

/** Default endpoint when nothing is configured. */
export const DEFAULT_LOGS_URL = 'http://localhost:4318/v1/logs';

export class OtlpHttpLogExporter extends OtlpHttpExporter<LogRecord> implements LogRecordExporter {
  constructor(options: Partial<OtlpHttpExporterOptions> = {}) {
    super(LOGS_SIGNAL, { ...options, url: options.url ?? DEFAULT_LOGS_URL });
  }
}
