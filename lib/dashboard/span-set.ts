/**
 * The spans of one trace, by span id. Most traces hold a few spans: an array
 * searched linearly costs less to build and to keep than a Map per trace
 * (which dominated ingest time and garbage collection); a Map index is added
 * once a trace grows past SMALL spans. The Map subset the store uses.
 */
import type { StoredSpan } from './stored-span.js';

const SMALL = 16;

export class SpanSet {
  readonly #items: StoredSpan[] = [];
  #index: Map<string, number> | undefined;

  get size(): number {
    return this.#items.length;
  }

  #find(spanId: string): number {
    if (this.#index !== undefined) return this.#index.get(spanId) ?? -1;
    const items = this.#items;
    for (let i = 0; i < items.length; i++) if (items[i]!.spanId === spanId) return i;
    return -1;
  }

  get(spanId: string): StoredSpan | undefined {
    const i = this.#find(spanId);
    return i < 0 ? undefined : this.#items[i];
  }

  has(spanId: string): boolean {
    return this.#find(spanId) >= 0;
  }

  /** Adds or replaces the span with the same id. */
  set(spanId: string, span: StoredSpan): void {
    const i = this.#find(spanId);
    if (i >= 0) {
      this.#items[i] = span;
      return;
    }
    this.#items.push(span);
    if (this.#index !== undefined) this.#index.set(spanId, this.#items.length - 1);
    else if (this.#items.length > SMALL) this.#index = new Map(this.#items.map((s, k) => [s.spanId, k]));
  }

  delete(spanId: string): boolean {
    const i = this.#find(spanId);
    if (i < 0) return false;
    const items = this.#items;
    const last = items.pop()!;
    if (i < items.length) items[i] = last;
    if (this.#index !== undefined) {
      this.#index.delete(spanId);
      if (i < items.length) this.#index.set(last.spanId, i);
    }
    return true;
  }

  values(): IterableIterator<StoredSpan> {
    return this.#items.values();
  }
}
