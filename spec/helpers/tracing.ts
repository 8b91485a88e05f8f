/** A provider wired to an in-memory exporter through the simple processor, for tests. */
import { InMemorySpanExporter } from '../../lib/pipeline/in-memory-span-exporter.js';
import { SimpleSpanProcessor } from '../../lib/pipeline/simple-span-processor.js';
import type { TracerProviderOptions } from '../../lib/trace/tracer-provider.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { setTracerProvider } from '../../lib/trace/api.js';

export interface TestTracing {
  provider: TracerProvider;
  exporter: InMemorySpanExporter;
  /** Ended, exported spans so far (after the simple processor's microtask). */
  spans(): Promise<ReturnType<InMemorySpanExporter['getFinishedSpans']>>;
}

export function testTracing(options: TracerProviderOptions = {}, global = false): TestTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ ...options, spanProcessors: [...(options.spanProcessors ?? []), new SimpleSpanProcessor(exporter)] });
  if (global) setTracerProvider(provider);
  return {
    provider,
    exporter,
    async spans() {
      await provider.forceFlush();
      return exporter.getFinishedSpans();
    },
  };
}

/** Captures what the diagnostic logger says during `fn`. */
export { captureDiag } from './diag.js';
