/**
 * What the simple processors share: one export per item as it comes, each
 * bounded by a deadline, and flush and shutdown bounded too. They take their
 * exporter from user code, so it may be missing, not an exporter, a Proxy,
 * hang, throw or resolve to nonsense. None of that may reach the application
 * or hold it: a missing exporter is said once (what it would have exported is
 * counted as dropped); an export that fails, throws, answers something that
 * is not a result or outlives its deadline (its AbortSignal is aborted then)
 * is counted as failed; a flush or shutdown waits at most the deadline and
 * holds the process only while someone awaits it.
 */
import { describeError, diag } from '../common/diag.js';
import { ABANDON_GRACE_MS, exportWithDeadline, failureCause, withTimeout } from '../common/deadline.js';
import type { ExportResult } from '../common/export-result.js';
import { hasMethods, readOptions } from '../common/options.js';
import { describeValue } from '../common/exception.js';

export interface SimpleProcessorOptions {
  /** Bound on one export, and on a flush or shutdown (default 30000 ms, OTEL_BSP_EXPORT_TIMEOUT's default). */
  exportTimeoutMillis?: number;
}

interface ItemExporter<T> {
  export(items: T[], signal?: AbortSignal): Promise<ExportResult>;
}

export class SimpleExports<T> {
  readonly #what: string;
  readonly #kind: string;
  readonly #exporter: ItemExporter<T> | undefined;
  readonly #timeoutMillis: number;
  readonly #pending = new Set<Promise<void>>();

  /**
   * `what`: the processor's name for diagnostics; `kind`: the prefix of its
   * drop counters (`ssp.span` → `ssp.span.export-failed`, `ssp.span.no-exporter`).
   */
  constructor(what: string, kind: string, items: string, exporter: unknown, options: unknown) {
    this.#what = what;
    this.#kind = kind;
    if (hasMethods(exporter, 'export')) this.#exporter = exporter as ItemExporter<T>;
    else {
      this.#exporter = undefined;
      diag.warnOnce(
        `${what}.no-exporter`,
        `${what} needs an exporter, got ${describeValue(exporter)}; its ${items} are dropped and counted`,
      );
    }
    const t = readOptions<SimpleProcessorOptions>(what, options, ['exportTimeoutMillis']).exportTimeoutMillis;
    const ok = typeof t === 'number' && Number.isFinite(t) && t >= 0;
    if (t !== undefined && !ok) diag.warn(`${what}: invalid exportTimeoutMillis; 30000 is used`);
    this.#timeoutMillis = ok ? t : 30_000;
  }

  /** Exports one item now; its failure is counted, never thrown. */
  send(item: T): void {
    const exporter = this.#exporter;
    if (exporter === undefined) {
      diag.dropped(`${this.#kind}.no-exporter`, 1, `the ${this.#what} has no exporter`);
      return;
    }
    const p = exportWithDeadline((signal) => exporter.export([item], signal), this.#timeoutMillis).then(({ result, aborted }) => {
      if (result.code === 'success') return;
      const error = result.error;
      diag.dropped(`${this.#kind}.export-failed`, 1, () => `export failed: ${describeError(error)}`, failureCause(error, aborted));
    });
    const tracked: Promise<void> = p.finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  /** Waits for the exports under way (each ends by its deadline), then flushes the exporter, at most the deadline. */
  async flush(): Promise<void> {
    // Held: the exports' own timers are unref'd, and an awaited flush must not let the process end under it.
    await withTimeout(Promise.all(this.#pending).then(() => undefined), this.#timeoutMillis + ABANDON_GRACE_MS + 100, undefined, true);
    await this.#call('forceFlush');
  }

  /** Flushes, then shuts the exporter down, at most the deadline. */
  async shutdown(): Promise<void> {
    await this.flush();
    await this.#call('shutdown');
  }

  /** Calls the exporter's optional `forceFlush` or its `shutdown`; a throw, a rejection or a hang is reported, never passed on. */
  async #call(method: 'forceFlush' | 'shutdown'): Promise<void> {
    const exporter = this.#exporter;
    if (exporter === undefined) return;
    let call: Promise<unknown>;
    try {
      const fn: unknown = (exporter as unknown as Record<string, unknown>)[method];
      if (typeof fn !== 'function') return;
      call = Promise.resolve((fn as () => unknown).call(exporter));
    } catch (err) {
      call = Promise.reject(err);
    }
    const outcome = await withTimeout(
      call.then(
        () => 'done',
        (err: unknown) => `failed: ${describeError(err)}`,
      ),
      this.#timeoutMillis,
      `did not finish within ${this.#timeoutMillis} ms`,
      true,
    );
    if (outcome !== 'done') diag.error(`${this.#what}: exporter ${method} ${outcome}`);
  }
}
