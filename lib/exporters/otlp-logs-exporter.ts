/** The OTLP log record exporter: the generic exporter with the logs encoders (OTLP/HTTP or OTLP/gRPC). */
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordExporter } from '../logs/log-record-processor.js';
import { encodeLogsJson } from '../otlp/logs-json.js';
import { encodeLogsProto } from '../otlp/logs-proto.js';
import type { OtlpExporterOptions, OtlpSignal } from './otlp-exporter.js';
import { DEFAULT_OTLP_HTTP_ORIGIN, OtlpExporter } from './otlp-exporter.js';

export const LOGS_SIGNAL: OtlpSignal<LogRecord> = Object.freeze({
  name: 'logs',
  encodeProto: encodeLogsProto,
  encodeJson: encodeLogsJson,
  rejectedField: 'rejectedLogRecords',
  httpPath: '/v1/logs',
  grpcPath: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
});

/** Default OTLP/HTTP endpoint when nothing is configured. */
export const DEFAULT_LOGS_URL = `${DEFAULT_OTLP_HTTP_ORIGIN}/v1/logs`;

export class OtlpLogExporter extends OtlpExporter<LogRecord> implements LogRecordExporter {
  constructor(options: OtlpExporterOptions = {}) {
    super(LOGS_SIGNAL, options);
  }
}

/** @deprecated the exporter is no longer HTTP-only: use OtlpLogExporter. */
export { OtlpLogExporter as OtlpHttpLogExporter };
