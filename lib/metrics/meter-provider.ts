/**
 * Owns the resource, views and readers shared by its meters. Readers are fixed
 * at construction (as in the official SDK 2.x): storages then know, when an
 * instrument is created, how many readers they serve and with which
 * temporality, and need no per-reader bookkeeping in the one-reader case.
 */
import type { Attributes } from '../common/attributes.js';
import { describeError, diag } from '../common/diag.js';
import type { Resource } from '../common/resource.js';
import { defaultResource, normalizeScope, scopeKey } from '../common/resource.js';
import { now } from '../common/time.js';
import type { AggregationTemporality, InstrumentType, MetricData, ResourceMetrics, ScopeMetrics } from './metric-data.js';
import { Meter } from './meter.js';
import type { MeterSharedState } from './meter.js';
import type { MetricReader } from './metric-reader.js';
import { DEFAULT_CARDINALITY_LIMIT } from './series-index.js';
import type { DefaultHistogramAggregation, ViewOptions } from './view.js';
import { View } from './view.js';

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
  readonly #readers: readonly MetricReader[];
  readonly #meters = new Map<string, Meter>();
  readonly #shared: MeterSharedState;
  #seq = 0;
  #shutdown: Promise<void> | undefined;

  constructor(options: MeterProviderOptions = {}) {
    this.resource = defaultResource().merge(options.resource);
    const readers: MetricReader[] = [];
    for (const r of options.readers ?? []) {
      const index = readers.length;
      if (r._attach((timeout) => this.#collect(index, timeout))) readers.push(r);
    }
    this.#readers = readers;
    const limit = options.cardinalityLimit;
    this.#shared = {
      views: (options.views ?? []).map((v) => (v instanceof View ? v : new View(v))),
      cardinalityLimit: typeof limit === 'number' && limit >= 1 ? limit : DEFAULT_CARDINALITY_LIMIT,
      defaultHistogram: options.defaultHistogramAggregation === 'exponential' ? 'exponential' : 'explicit',
      temporalities: (type: InstrumentType): AggregationTemporality[] => readers.map((r) => r.selectTemporality(type)),
    };
  }

  /** The meter for a scope; the same object for the same name, version and schema URL. */
  getMeter(name: string, version?: string, options?: MeterOptions): Meter {
    const scope = normalizeScope('meter', name, version, options);
    const key = scopeKey(scope);
    let meter = this.#meters.get(key);
    if (meter === undefined) {
      meter = new Meter(scope, this.#shared);
      this.#meters.set(key, meter);
    }
    return meter;
  }

  async #collect(reader: number, timeoutMillis: number): Promise<ResourceMetrics> {
    const seq = ++this.#seq;
    const pending: Promise<unknown>[] = [];
    for (const meter of this.#meters.values()) meter._observe(seq, pending);
    if (pending.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          diag.warn(`observable callbacks did not finish within ${timeoutMillis} ms; collecting what they reported`);
          resolve();
        }, timeoutMillis);
        timer.unref();
      });
      await Promise.race([Promise.allSettled(pending), late]);
      clearTimeout(timer);
    }
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
