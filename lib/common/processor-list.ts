/**
 * The list of processors behind a provider, for any signal: adding, flushing
 * and shutting down every processor with each failure reported and none
 * reaching the caller. The per-item calls (a span's start and end, a log
 * record's emit) stay in the signal's own subclass, as plain loops: they are
 * on the hot path, where a shared callback-taking loop would cost a closure
 * call per processor per item.
 */
import { describeError, diag } from './diag.js';

export interface Flushable {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export class ProcessorList<P extends Flushable> {
  readonly processors: P[] = [];
  /** Names the processors in diagnostics ("span processor", "log record processor"). */
  readonly #label: string;
  /** Whether shutdown detaches the processors first (the signal then sees none at once). */
  readonly #detachOnShutdown: boolean;

  constructor(label: string, detachOnShutdown: boolean) {
    this.#label = label;
    this.#detachOnShutdown = detachOnShutdown;
  }

  add(p: P): void {
    this.processors.push(p);
  }

  get size(): number {
    return this.processors.length;
  }

  /** Reports a throw from a per-item call (`onStart`, `onEnd`, `onEmit`). */
  protected failed(what: string, err: unknown): void {
    diag.error(`${this.#label} ${what} failed: ${describeError(err)}`);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.processors.map((p) => this.#call(p, 'forceFlush')));
  }

  async shutdown(): Promise<void> {
    const ps = this.#detachOnShutdown ? this.processors.splice(0) : this.processors;
    await Promise.all(ps.map((p) => this.#call(p, 'shutdown')));
  }

  async #call(p: P, what: 'forceFlush' | 'shutdown'): Promise<void> {
    try {
      await p[what]();
    } catch (err) {
      this.failed(what, err);
    }
  }
}
