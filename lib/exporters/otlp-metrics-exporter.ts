/** The OTLP/HTTP metric exporter: the generic exporter with the metrics encoders (path /v1/metrics). */
import type { ResourceMetrics, TemporalitySelector } from '../metrics/metric-data.js';
import { CUMULATIVE_SELECTOR } from '../metrics/metric-data.js';
import type { MetricExporter } from '../metrics/metric-reader.js';
import { encodeMetricsJson } from '../otlp/metrics-json.js';
import { encodeMetricsProto } from '../otlp/metrics-proto.js';
import type { ExportResult } from '../trace/span-exporter.js';
import type { OtlpHttpExporterOptions, OtlpSignal } from './otlp-http-exporter.js';
import { OtlpHttpExporter } from './otlp-http-exporter.js';

export const METRICS_SIGNAL: OtlpSignal<ResourceMetrics> = Object.freeze({
  name: 'metrics',
  encodeProto: encodeMetricsProto,
  encodeJson: encodeMetricsJson,
  rejectedField: 'rejectedDataPoints',
});

/** Default endpoint when nothing is configured. */
export const DEFAULT_METRICS_URL = 'http://localhost:4318/v1/metrics';

export interface OtlpMetricExporterOptions extends Partial<OtlpHttpExporterOptions> {
  /** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE as a selector (default cumulative). */
  readonly temporalitySelector?: TemporalitySelector;
}

export class OtlpHttpMetricExporter implements MetricExporter {
  readonly temporalitySelector: TemporalitySelector;
  readonly #http: OtlpHttpExporter<ResourceMetrics>;

  constructor(options: OtlpMetricExporterOptions = {}) {
    const { temporalitySelector, ...http } = options;
    this.temporalitySelector = temporalitySelector ?? CUMULATIVE_SELECTOR;
    this.#http = new OtlpHttpExporter(METRICS_SIGNAL, { ...http, url: http.url ?? DEFAULT_METRICS_URL });
  }

  get url(): string {
    return this.#http.url;
  }

  export(metrics: ResourceMetrics, signal?: AbortSignal): Promise<ExportResult> {
    return this.#http.export([metrics], signal);
  }

  forceFlush(): Promise<void> {
    return this.#http.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.#http.shutdown();
  }
}
