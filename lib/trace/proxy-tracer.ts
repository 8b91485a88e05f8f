/**
 * A tracer handed out by the global `getTracer`: it starts its spans on the
 * tracer of the same scope of whichever provider is global at the time, so a
 * library that took its tracer at import time follows a provider set later
 * (as the OpenTelemetry API's ProxyTracer does, and further: every later
 * change too). The delegate is cached with the slot's generation: one number
 * compared per span.
 */
import type { GlobalSlot } from '../common/global-slot.js';
import { runActiveSpan } from './active-span.js';
import type { Span } from './span.js';
import type { ParentInput, SpanOptions, Tracer } from './tracer.js';
import type { TracerOptions, TracerProvider } from './tracer-provider.js';

export class ProxyTracer {
  readonly name: string;
  readonly version: string | undefined;
  readonly options: TracerOptions | undefined;
  readonly #slot: GlobalSlot<TracerProvider>;
  #generation: number;
  #delegate: Tracer | undefined;

  constructor(slot: GlobalSlot<TracerProvider>, name: string, version?: string, options?: TracerOptions) {
    this.name = name;
    this.version = version;
    this.options = options;
    this.#slot = slot;
    // Resolved on first use (generations start at 0): taking a tracer at import creates no provider.
    this.#generation = -1;
    this.#delegate = undefined;
  }

  /** The delegate's instrumentation scope. */
  get scope(): Tracer['scope'] {
    return this.delegate.scope;
  }

  /** The current provider's tracer for this scope. */
  get delegate(): Tracer {
    if (this.#generation !== this.#slot.generation) {
      this.#generation = this.#slot.generation;
      this.#delegate = this.#slot.get().getTracer(this.name, this.version, this.options);
    }
    return this.#delegate!;
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
