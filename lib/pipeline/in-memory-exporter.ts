/**
 * Keeps what it is given, in order, for tests and for embedding: the one
 * mechanism behind the in-memory span, log record and metric exporters,
 * which only name their items and choose what shutdown keeps.
 */
import type { ExportResult } from '../common/export-result.js';
import { EXPORT_SUCCESS, exportFailure } from '../common/export-result.js';

export abstract class InMemoryExporter<T> {
  #items: T[] = [];
  #stopped = false;
  readonly #clearOnShutdown: boolean;

  protected constructor(clearOnShutdown: boolean) {
    this.#clearOnShutdown = clearOnShutdown;
  }

  /** Appends `items`; after shutdown, keeps nothing and answers with a failure. */
  protected keep(items: readonly T[]): Promise<ExportResult> {
    if (this.#stopped) return Promise.resolve(exportFailure(new Error('exporter is shut down')));
    // Called by hand with something that is not a batch: a failure result, as any exporter answers.
    if (!Array.isArray(items)) return Promise.resolve(exportFailure(new Error('export() needs an array of items')));
    for (const x of items) this.#items.push(x);
    return Promise.resolve(EXPORT_SUCCESS);
  }

  /** The kept items (the live array; callers that hand it out copy it). */
  protected get kept(): T[] {
    return this.#items;
  }

  /** Forgets everything kept so far. */
  reset(): void {
    this.#items = [];
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.#stopped = true;
    if (this.#clearOnShutdown) this.#items = [];
    return Promise.resolve();
  }
}
