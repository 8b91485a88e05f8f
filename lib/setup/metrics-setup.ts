/**
 * Builds and installs the global meter provider from a MetricsConfig. The
 * readers' and exporters' code (lib/setup/pipelines.ts) is import()-ed only
 * when the configuration names one (`none` loads neither the periodic reader
 * nor node:http).
 */
import type { Resource } from '../common/resource.js';
import { setMeterProvider } from '../metrics/api.js';
import { MeterProvider } from '../metrics/meter-provider.js';
import type { MetricReader } from '../metrics/metric-reader.js';
import type { MetricsConfig } from '../config/metrics-config.js';

/** The readers a config asks for; the exporters' code is loaded only when one is named. */
export async function metricReadersFor(config: MetricsConfig): Promise<MetricReader[]> {
  return config.exporters.length === 0 ? [] : (await import('./pipelines.js')).metricReaders(config);
}

/** Creates the provider, makes it global and returns it (it is the flush/shutdown handle). */
export async function setupMetrics(config: MetricsConfig, resource: Resource): Promise<MeterProvider> {
  const provider = new MeterProvider({
    resource,
    readers: await metricReadersFor(config),
    defaultHistogramAggregation: config.defaultHistogramAggregation,
  });
  setMeterProvider(provider);
  return provider;
}
