/** Small helpers shared by the metrics specs: a provider with a manual reader, and lookups into a collection. */
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import type { MeterProviderOptions } from '../../lib/metrics/meter-provider.js';
import type { DataPoint, MetricData, ResourceMetrics } from '../../lib/metrics/metric-data.js';
import { MetricReader } from '../../lib/metrics/metric-reader.js';
import type { MetricReaderOptions } from '../../lib/metrics/metric-reader.js';

export function setup(
  readerOptions: MetricReaderOptions = {},
  providerOptions: Omit<MeterProviderOptions, 'readers'> = {},
): { provider: MeterProvider; reader: MetricReader; collect: () => Promise<ResourceMetrics> } {
  const reader = new MetricReader(readerOptions);
  const provider = new MeterProvider({ ...providerOptions, readers: [reader] });
  return {
    provider,
    reader,
    collect: async () => {
      const rm = await reader.collect();
      if (rm === undefined) throw new Error('reader returned nothing');
      return rm;
    },
  };
}

export function metric(rm: ResourceMetrics, name: string): MetricData | undefined {
  for (const sm of rm.scopeMetrics) for (const m of sm.metrics) if (m.name === name) return m;
  return undefined;
}

/** The points of `name`, keyed by their attributes as JSON with sorted keys. */
export function pointsOf(rm: ResourceMetrics, name: string): Map<string, DataPoint> {
  const out = new Map<string, DataPoint>();
  const m = metric(rm, name);
  if (m === undefined) return out;
  for (const p of m.points) out.set(keyOf(p.attributes), p);
  return out;
}

export function keyOf(attrs: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.keys(attrs).sort().map((k) => [k, attrs[k]]));
}

/** The value of the one number point of `name` with `attrs`. */
export function valueOf(rm: ResourceMetrics, name: string, attrs: Record<string, unknown> = {}): number | undefined {
  const p = pointsOf(rm, name).get(keyOf(attrs));
  return p !== undefined && 'value' in p ? p.value : undefined;
}
