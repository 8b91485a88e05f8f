/**
 * Owns the resource, views and readers shared by its meters. Readers are given
 * at construction (as in the official SDK 2.x): storages then know, when an
 * instrument is created, how many readers they serve and with which
 * temporality, and need no per-reader bookkeeping in the one-reader case.
 * `addMetricReader` joins one more later (storages then switch to per-reader
 * accumulations).
 */
import type { Attributes } from '../common/attributes.js';
import { describeError, diag } from '../common/diag.js';
import type { Resource } from '../common/resource.js';
import { defaultResource } from '../common/resource.js';
import { providerScopes } from '../common/scope-registry.js';
import { now } from '../common/time.js';
import { withTimeout } from '../common/deadline.js';
import type { AggregationTemporality, InstrumentType, MetricData, ResourceMetrics, ScopeMetrics } from './metric-data.js';
import { Meter } from './meter.js';
import type { MeterSharedState } from './meter.js';
import { MetricReader } from './metric-reader.js';
import { DEFAULT_CARDINALITY_LIMIT } from './series-index.js';
import type { DefaultHistogramAggregation, ViewOptions } from './view.js';
import { View } from './view.js';
import { arrayOption, isInstance, readOptions } from '../common/options.js';

export interface MeterProviderOptions {
  /** Merged over the default resource (service.name, telemetry.sdk.*). */
  readonly resource?: Resource;
  readonly readers?: readonly MetricReader[];
  readonly views?: readonly (View | ViewOptions)[];
  /** Series per instrument stream, overflow series included (default 2000). */
  readonly cardinalityLimit?: number;
  /** Aggregation of histograms no view configures (default 'explicit'). */
  readonly defaultHistogramAggregation?: DefaultHistogramAggregation;
}

export interface MeterOptions {
  readonly schemaUrl?: string;
  readonly attributes?: Attributes;
}

export class MeterProvider {
  readonly resource: Resource;
  readonly #readers: MetricReader[];
  readonly #meters = providerScopes('meter', (scope) => new Meter(scope, this.#shared));
  readonly #shared: MeterSharedState;
  #seq = 0;
  #shutdown: Promise<void> | undefined;

  /** Never throws: a bad option (a reader that is not one, a view that cannot be read) is reported and left out. */
  constructor(options: MeterProviderOptions = {}) {
    const o = readOptions<MeterProviderOptions>('MeterProvider', options, ['resource', 'readers', 'views', 'cardinalityLimit', 'defaultHistogramAggregation']);
    this.resource = defaultResource().merge(o.resource);
    const readers: MetricReader[] = [];
    const isReader = (r: unknown): r is MetricReader => isInstance(r, MetricReader);
    for (const r of arrayOption('MeterProvider', 'readers', o.readers, isReader)) {
      const index = readers.length;
      if (r._attach((timeout, hold) => this.#collect(index, timeout, hold), () => this.#collectSync(index))) readers.push(r);
    }
    this.#readers = readers;
    const limit = o.cardinalityLimit;
    const isViewLike = (v: unknown): v is View | ViewOptions => v !== null && typeof v === 'object';
    const views: View[] = [];
    for (const v of arrayOption('MeterProvider', 'views', o.views, isViewLike)) {
      try {
        views.push(isInstance(v, View) ? v : new View(v));
      } catch (err) {
        diag.dropped('config.option', 1, () => `MeterProvider option "views": a view could not be read: ${describeError(err)}`);
      }
    }
    this.#shared = {
      views,
      cardinalityLimit: typeof limit === 'number' && limit >= 1 ? limit : DEFAULT_CARDINALITY_LIMIT,
      defaultHistogram: o.defaultHistogramAggregation === 'exponential' ? 'exponential' : 'explicit',
      temporalities: (type: InstrumentType): AggregationTemporality[] => readers.map((r) => r.selectTemporality(type)),
    };
  }

  /** The meter for a scope; the same object for the same name, version and schema URL. */
  getMeter(name: string, version?: string, options?: MeterOptions): Meter {
    return this.#meters.get(name, version, options);
  }

  /**
   * Joins a reader to a provider already built (the dashboard's in-process
   * reader). Every existing stream gets a slot for it; instruments created
   * when the provider had no reader at all stay no-ops. Returns false (and
   * warns) when the reader is attached elsewhere or the provider is shut down.
   */
  addMetricReader(reader: MetricReader): boolean {
    if (this.#shutdown !== undefined) {
      diag.warn('addMetricReader: the meter provider is shut down; ignored');
      return false;
    }
    if (!isInstance(reader, MetricReader)) {
      diag.warn('addMetricReader needs a MetricReader; ignored');
      return false;
    }
    const index = this.#readers.length;
    if (!reader._attach((timeout, hold) => this.#collect(index, timeout, hold), () => this.#collectSync(index))) return false;
    this.#readers.push(reader);
    for (const meter of this.#meters.values()) meter._addReader(reader.selectTemporality);
    return true;
  }

  async #collect(reader: number, timeoutMillis: number, hold: boolean): Promise<ResourceMetrics> {
    const pending: Promise<unknown>[] = [];
    this.#observe(pending);
    if (pending.length > 0) {
      // Held (ref'd) for a caller awaiting collect(): with an unref'd timer, a callback that never
      // settles let the process end under the await (exit code 13) instead of timing out.
      const late = await withTimeout(Promise.allSettled(pending).then(() => false), timeoutMillis, true, hold);
      if (late) diag.warn(`observable callbacks did not finish within ${timeoutMillis} ms; collecting what they reported`);
    }
    return this.#gather(reader);
  }

  /**
   * At `process.exit()`, when nothing can be awaited: observable callbacks
   * run, and what they observed before returning (every synchronous callback
   * observes everything) is collected at once.
   */
  #collectSync(reader: number): ResourceMetrics {
    const pending: Promise<unknown>[] = [];
    this.#observe(pending);
    return this.#gather(reader);
  }

  /** Runs the observable callbacks of one collection; asynchronous ones add their promise to `pending`. */
  #observe(pending: Promise<unknown>[]): void {
    const seq = ++this.#seq;
    for (const meter of this.#meters.values()) meter._observe(seq, pending);
  }

  /** Reader `reader`'s metrics now (a delta reader's interval ends here). */
  #gather(reader: number): ResourceMetrics {
    const time = now();
    const scopeMetrics: ScopeMetrics[] = [];
    for (const meter of this.#meters.values()) {
      const metrics: MetricData[] = [];
      try {
        meter._collect(reader, time, metrics);
      } catch (err) {
        diag.error(`metric collection failed for meter "${meter.scope.name}": ${describeError(err)}`);
      }
      if (metrics.length > 0) scopeMetrics.push({ scope: meter.scope, metrics });
    }
    return { resource: this.resource, scopeMetrics };
  }

  forceFlush(): Promise<void> {
    return Promise.all(this.#readers.map((r) => r.forceFlush().catch((err: unknown) => diag.error(`metric reader flush failed: ${describeError(err)}`)))).then(
      () => undefined,
    );
  }

  /** Shuts every reader down (each exports what is pending); idempotent. */
  shutdown(): Promise<void> {
    return (this.#shutdown ??= Promise.all(this.#readers.map((r) => r.shutdown())).then(() => undefined));
  }
}
