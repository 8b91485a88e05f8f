/** The OTLP/HTTP span exporter: the generic exporter with the trace encoders. */
import { encodeTracesJsonBytes } from '../otlp/trace-json.js';
import { encodeTracesProto } from '../otlp/trace-proto.js';
import type { SpanExporter } from '../trace/span-exporter.js';
import type { Span } from '../trace/span.js';
import type { OtlpHttpExporterOptions, OtlpSignal } from './otlp-http-exporter.js';
import { OtlpHttpExporter } from './otlp-http-exporter.js';

export const TRACES_SIGNAL: OtlpSignal<Span> = Object.freeze({
  name: 'traces',
  encodeProto: encodeTracesProto,
  encodeJson: encodeTracesJsonBytes,
  rejectedField: 'rejectedSpans',
});

/** Default endpoint when nothing is configured. */
export const DEFAULT_TRACES_URL = 'http://localhost:4318/v1/traces';

export class OtlpHttpTraceExporter extends OtlpHttpExporter<Span> implements SpanExporter {
  constructor(options: Partial<OtlpHttpExporterOptions> = {}) {
    super(TRACES_SIGNAL, { ...options, url: options.url ?? DEFAULT_TRACES_URL });
  }
}
