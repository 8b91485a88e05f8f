/** The OTLP metric exporter: the generic exporter with the metrics encoders (OTLP/HTTP or OTLP/gRPC). */
import { describeError } from '../common/diag.js';
import type { PreparedSend } from '../common/exit-handoff.js';
import type { ResourceMetrics, TemporalitySelector } from '../metrics/metric-data.js';
import { CUMULATIVE_SELECTOR } from '../metrics/metric-data.js';
import type { MetricExporter } from '../metrics/metric-reader.js';
import { encodeMetricsJson } from '../otlp/metrics-json.js';
import { encodeMetricsProto } from '../otlp/metrics-proto.js';
import type { ExportResult } from '../trace/span-exporter.js';
import type { OtlpExporterOptions, OtlpProtocol, OtlpSignal } from './otlp-exporter.js';
import { DEFAULT_OTLP_HTTP_ORIGIN, OTLP_OPTION_KEYS, OtlpExporter } from './otlp-exporter.js';
import { diag } from '../common/diag.js';
import { readOptions } from '../common/options.js';

export const METRICS_SIGNAL: OtlpSignal<ResourceMetrics> = Object.freeze({
  name: 'metrics',
  encodeProto: encodeMetricsProto,
  encodeJson: encodeMetricsJson,
  rejectedField: 'rejectedDataPoints',
  httpPath: '/v1/metrics',
  grpcPath: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
});

/** Default OTLP/HTTP endpoint when nothing is configured. */
export const DEFAULT_METRICS_URL = `${DEFAULT_OTLP_HTTP_ORIGIN}/v1/metrics`;

export interface OtlpMetricExporterOptions extends OtlpExporterOptions {
  /** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE as a selector (default cumulative). */
  readonly temporalitySelector?: TemporalitySelector;
}

export class OtlpMetricExporter implements MetricExporter {
  readonly temporalitySelector: TemporalitySelector;
  readonly #otlp: OtlpExporter<ResourceMetrics>;

  constructor(options: OtlpMetricExporterOptions = {}) {
    const { temporalitySelector, ...otlp } = readOptions<OtlpMetricExporterOptions>('OTLP metrics exporter', options, [...OTLP_OPTION_KEYS, 'temporalitySelector']);
    if (temporalitySelector !== undefined && typeof temporalitySelector !== 'function') diag.warn('OTLP metrics exporter: invalid temporalitySelector; cumulative is used');
    this.temporalitySelector = typeof temporalitySelector === 'function' ? temporalitySelector : CUMULATIVE_SELECTOR;
    this.#otlp = new OtlpExporter(METRICS_SIGNAL, otlp);
  }

  get url(): string {
    return this.#otlp.url;
  }

  get protocol(): OtlpProtocol {
    return this.#otlp.protocol;
  }

  export(metrics: ResourceMetrics, signal?: AbortSignal): Promise<ExportResult> {
    return this.#otlp.export([metrics], signal);
  }

  /** At `process.exit()`: the collection encoded, for the exit hand-off (one attempt, HTTP or gRPC). */
  prepareSync(metrics: ResourceMetrics): PreparedSend | string {
    let body: Uint8Array;
    try {
      body = this.#otlp.encode([metrics]);
    } catch (err) {
      return `encoding the metrics failed: ${describeError(err)}`;
    }
    return this.#otlp.prepareEncodedSync([body]);
  }

  forceFlush(): Promise<void> {
    return this.#otlp.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.#otlp.shutdown();
  }
}

/** @deprecated the exporter is no longer HTTP-only: use OtlpMetricExporter. */
export { OtlpMetricExporter as OtlpHttpMetricExporter };
