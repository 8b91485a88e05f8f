/** Builds and installs the global meter provider from a MetricsConfig. */
import type { Resource } from '../common/resource.js';
import { OtlpHttpMetricExporter } from '../exporters/otlp-metrics-exporter.js';
import { PrometheusExporter } from '../exporters/prometheus-exporter.js';
import { setMeterProvider } from '../metrics/api.js';
import { MeterProvider } from '../metrics/meter-provider.js';
import type { MetricReader } from '../metrics/metric-reader.js';
import { PeriodicExportingMetricReader } from '../metrics/periodic-reader.js';
import { ConsoleMetricExporter } from '../pipeline/metric-exporters.js';
import type { MetricsConfig } from '../config/metrics-config.js';

/** The readers a config asks for: periodic OTLP / console, a Prometheus pull endpoint. */
export function metricReadersFor(config: MetricsConfig): MetricReader[] {
  const out: MetricReader[] = [];
  const periodic = { exportIntervalMillis: config.intervalMillis, exportTimeoutMillis: config.timeoutMillis };
  for (const name of config.exporters) {
    if (name === 'otlp') {
      const exporter = new OtlpHttpMetricExporter({ ...config.otlp, temporalitySelector: config.temporality });
      out.push(new PeriodicExportingMetricReader({ exporter, ...periodic }));
    } else if (name === 'console') {
      out.push(new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), ...periodic }));
    } else if (name === 'prometheus') {
      out.push(new PrometheusExporter({ host: config.prometheus.host, port: config.prometheus.port }));
    }
  }
  return out;
}

/** Creates the provider, makes it global and returns it (it is the flush/shutdown handle). */
export function setupMetrics(config: MetricsConfig, resource: Resource): MeterProvider {
  const provider = new MeterProvider({
    resource,
    readers: metricReadersFor(config),
    defaultHistogramAggregation: config.defaultHistogramAggregation,
  });
  setMeterProvider(provider);
  return provider;
}
