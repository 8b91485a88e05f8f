/** Builds and installs the global tracer provider from a TraceConfig. */
import type { Resource } from '../common/resource.js';
import { BatchSpanProcessor } from '../pipeline/batch-span-processor.js';
import { ConsoleSpanExporter } from '../pipeline/console-span-exporter.js';
import { OtlpHttpTraceExporter } from '../exporters/otlp-trace-exporter.js';
import { setTracerProvider } from '../trace/api.js';
import { SimpleSpanProcessor } from '../pipeline/simple-span-processor.js';
import type { SpanProcessor } from '../trace/span-processor.js';
import { TracerProvider } from '../trace/tracer-provider.js';
import type { TraceConfig } from '../config/trace-config.js';

export interface SignalHandle {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** The processors a config asks for (OTLP batched, console immediate). */
export function spanProcessorsFor(config: TraceConfig): SpanProcessor[] {
  const out: SpanProcessor[] = [];
  for (const name of config.exporters) {
    if (name === 'otlp') out.push(new BatchSpanProcessor(new OtlpHttpTraceExporter(config.otlp), config.batch));
    else if (name === 'console') out.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
  }
  return out;
}

/** Creates the provider, makes it global and returns it (it is the flush/shutdown handle). */
export function setupTracing(config: TraceConfig, resource: Resource): TracerProvider {
  const provider = new TracerProvider({
    resource,
    sampler: config.sampler,
    spanLimits: config.spanLimits,
    spanProcessors: spanProcessorsFor(config),
  });
  setTracerProvider(provider);
  return provider;
}
