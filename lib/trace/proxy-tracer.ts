/**
 * A tracer handed out by the global `getTracer`: it starts its spans on the
 * tracer of the same scope of whichever provider is global at the time, so a
 * library that took its tracer at import time follows a provider set later
 * (as the OpenTelemetry API's ProxyTracer does, and further: every later
 * change too). The delegate is cached with the slot's generation: one number
 * compared per span.
 */
import { ScopedProxy } from '../common/scoped-proxy.js';
import { runActiveSpan } from './active-span.js';
import type { Span } from './span.js';
import type { ParentInput, SpanOptions, Tracer } from './tracer.js';
import type { TracerOptions, TracerProvider } from './tracer-provider.js';

export class ProxyTracer extends ScopedProxy<TracerProvider, Tracer, TracerOptions> {
  protected override resolve(provider: TracerProvider): Tracer {
    return provider.getTracer(this.name, this.version, this.options);
  }

  startSpan(name: string, options?: SpanOptions, parent?: ParentInput): Span {
    return this.delegate.startSpan(name, options, parent);
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions | undefined, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions | undefined, context: ParentInput, fn: F): ReturnType<F>;
  startActiveSpan(name: string, a?: unknown, b?: unknown, c?: unknown): unknown {
    return runActiveSpan(this.delegate, name, a, b, c);
  }
}
