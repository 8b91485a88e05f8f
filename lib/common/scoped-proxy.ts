/**
 * What the global `getTracer` / `getLogger` hand out: an object that works
 * through the tracer or logger of the same scope of whichever provider is
 * global at the time, so one taken at import time follows a provider set
 * later. The delegate is cached with the slot's generation: one number
 * compared per call. Subclasses say only how a provider makes the delegate.
 */
import type { GlobalSlot } from './global-slot.js';

export abstract class ScopedProxy<P extends object, D extends { readonly scope: unknown }, O> {
  readonly name: string;
  readonly version: string | undefined;
  readonly options: O | undefined;
  readonly #slot: GlobalSlot<P>;
  #generation: number;
  #delegate: D | undefined;

  constructor(slot: GlobalSlot<P>, name: string, version?: string, options?: O) {
    this.name = name;
    this.version = version;
    this.options = options;
    this.#slot = slot;
    // Resolved on first use (generations start at 0): taking one at import creates no provider.
    this.#generation = -1;
    this.#delegate = undefined;
  }

  /** How the current provider makes the delegate for this scope. */
  protected abstract resolve(provider: P): D;

  /** The delegate's instrumentation scope. */
  get scope(): D['scope'] {
    return this.delegate.scope;
  }

  /** The current provider's delegate for this scope. */
  get delegate(): D {
    if (this.#generation !== this.#slot.generation) {
      this.#generation = this.#slot.generation;
      this.#delegate = this.resolve(this.#slot.get());
    }
    return this.#delegate!;
  }
}
