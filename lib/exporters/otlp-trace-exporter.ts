/** The OTLP span exporter: the generic exporter with the trace encoders (OTLP/HTTP or OTLP/gRPC). */
import { encodeTracesJsonBytes } from '../otlp/trace-json.js';
import { encodeTracesProto } from '../otlp/trace-proto.js';
import type { SpanExporter } from '../trace/span-exporter.js';
import type { Span } from '../trace/span.js';
import type { OtlpExporterOptions, OtlpSignal } from './otlp-exporter.js';
import { DEFAULT_OTLP_HTTP_ORIGIN, OtlpExporter } from './otlp-exporter.js';

export const TRACES_SIGNAL: OtlpSignal<Span> = Object.freeze({
  name: 'traces',
  encodeProto: encodeTracesProto,
  encodeJson: encodeTracesJsonBytes,
  rejectedField: 'rejectedSpans',
  httpPath: '/v1/traces',
  grpcPath: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
});

/** Default OTLP/HTTP endpoint when nothing is configured. */
export const DEFAULT_TRACES_URL = `${DEFAULT_OTLP_HTTP_ORIGIN}/v1/traces`;

export class OtlpTraceExporter extends OtlpExporter<Span> implements SpanExporter {
  constructor(options: OtlpExporterOptions = {}) {
    super(TRACES_SIGNAL, options);
  }
}

/** @deprecated the exporter is no longer HTTP-only: use OtlpTraceExporter. */
export { OtlpTraceExporter as OtlpHttpTraceExporter };
