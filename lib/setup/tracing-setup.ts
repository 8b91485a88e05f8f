/**
 * Builds and installs the global tracer provider from a TraceConfig. The
 * exporters' code (lib/setup/pipelines.ts) is import()-ed only when the
 * configuration names one, so `OTEL_TRACES_EXPORTER=none` loads no exporter,
 * transport or codec.
 */
import type { Resource } from '../common/resource.js';
import { setTracerProvider } from '../trace/api.js';
import type { SpanProcessor } from '../trace/span-processor.js';
import { TracerProvider } from '../trace/tracer-provider.js';
import type { TraceConfig } from '../config/trace-config.js';

export interface SignalHandle {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** The processors a config asks for; the exporters' code is loaded only when one is named. */
export async function spanProcessorsFor(config: TraceConfig): Promise<SpanProcessor[]> {
  return config.exporters.length === 0 ? [] : (await import('./pipelines.js')).spanProcessors(config);
}

/** Creates the provider, makes it global and returns it (it is the flush/shutdown handle). */
export async function setupTracing(config: TraceConfig, resource: Resource): Promise<TracerProvider> {
  const provider = new TracerProvider({
    resource,
    sampler: config.sampler,
    spanLimits: config.spanLimits,
    spanProcessors: await spanProcessorsFor(config),
  });
  setTracerProvider(provider);
  return provider;
}
