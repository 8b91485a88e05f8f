/**
 * A Meter creates instruments for one instrumentation scope. Names, units and
 * descriptions are validated as the OpenTelemetry API spec says; registering
 * the same name again returns the same instrument when everything matches, and
 * warns (and returns a separate, working instrument) on a conflict.
 */
import type { Attributes } from '../common/attributes.js';
import { describeError, diag } from '../common/diag.js';
import { describeValue, safeString } from '../common/exception.js';
import { isInstance, readOptions } from '../common/options.js';
import type { InstrumentationScope } from '../common/resource.js';
import { validBoundaries } from './aggregation.js';
import {
  Counter,
  Gauge,
  Histogram,
  ObservableCounter,
  ObservableGauge,
  ObservableInstrument,
  ObservableUpDownCounter,
  UpDownCounter,
} from './instruments.js';
import type { ObservableCallback, SyncInstrumentType } from './instruments.js';
import type { AggregationTemporality, InstrumentType, MetricData, ValueType } from './metric-data.js';
import { InstrumentType as IT } from './metric-data.js';
import { AsyncStorage, SyncStorage } from './metric-storage.js';
import type { DefaultHistogramAggregation, InstrumentDescriptor, View } from './view.js';
import { resolveStreams } from './view.js';

export interface InstrumentOptions {
  readonly description?: string;
  readonly unit?: string;
  /** 'int' exports integer points (as_int); default 'double'. */
  readonly valueType?: ValueType;
}

export interface HistogramOptions extends InstrumentOptions {
  /** Explicit bucket boundaries for this histogram (finite, increasing). */
  readonly boundaries?: readonly number[];
  /** The OpenTelemetry API's advisory form of `boundaries`. */
  readonly advice?: { readonly explicitBucketBoundaries?: readonly number[] };
}

/** What a batch callback reports into: observations for several observable instruments at once. */
export interface BatchObservableResult {
  observe(instrument: ObservableInstrument, value: number, attributes?: Attributes): void;
}

export type BatchObservableCallback = (result: BatchObservableResult) => void | Promise<void>;

interface BatchEntry {
  readonly callback: BatchObservableCallback;
  readonly instruments: ReadonlySet<ObservableInstrument>;
  readonly result: BatchObservableResult;
}

export interface ObservableOptions extends InstrumentOptions {
  readonly callback?: ObservableCallback;
}

/** What a meter needs from its provider, fixed when the provider is built. */
export interface MeterSharedState {
  readonly views: readonly View[];
  readonly cardinalityLimit: number;
  readonly defaultHistogram: DefaultHistogramAggregation;
  /** Temporality each reader wants for an instrument type. */
  temporalities(type: InstrumentType): AggregationTemporality[];
}

const NAME_RE = /^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$/;
// eslint-disable-next-line no-control-regex
const UNIT_RE = /^[\x00-\x7f]{0,63}$/;

type AnyInstrument = SyncInstrumentType | ObservableInstrument;

export class Meter {
  readonly scope: InstrumentationScope;
  readonly #shared: MeterSharedState;
  readonly #instruments = new Map<string, AnyInstrument>();
  readonly #sync: SyncStorage[] = [];
  readonly #async: ObservableInstrument[] = [];
  readonly #asyncStorages: AsyncStorage[] = [];
  readonly #batches: BatchEntry[] = [];

  constructor(scope: InstrumentationScope, shared: MeterSharedState) {
    this.scope = scope;
    this.#shared = shared;
  }

  createCounter(name: string, options?: InstrumentOptions): Counter {
    return this.#sync_(name, IT.COUNTER, readInstrumentOptions(options), undefined, (d, s) => new Counter(d, s));
  }

  createUpDownCounter(name: string, options?: InstrumentOptions): UpDownCounter {
    return this.#sync_(name, IT.UP_DOWN_COUNTER, readInstrumentOptions(options), undefined, (d, s) => new UpDownCounter(d, s));
  }

  createGauge(name: string, options?: InstrumentOptions): Gauge {
    return this.#sync_(name, IT.GAUGE, readInstrumentOptions(options), undefined, (d, s) => new Gauge(d, s));
  }

  createHistogram(name: string, options?: HistogramOptions): Histogram {
    const o = readInstrumentOptions(options);
    let advised: unknown = o.boundaries;
    if (advised === undefined && o.advice !== undefined) {
      try {
        advised = o.advice?.explicitBucketBoundaries;
      } catch {
        advised = null;
      }
    }
    let boundaries: readonly number[] | undefined;
    try {
      boundaries = validBoundaries(advised as readonly number[] | undefined);
    } catch {
      boundaries = undefined;
    }
    if (advised !== undefined && boundaries === undefined) {
      diag.warn(`histogram "${safeString(name)}": boundaries must be finite and strictly increasing; using the defaults`);
    }
    return this.#sync_(name, IT.HISTOGRAM, o, boundaries, (d, s) => new Histogram(d, s));
  }

  createObservableCounter(name: string, options?: ObservableOptions): ObservableCounter {
    return this.#async_(name, IT.OBSERVABLE_COUNTER, readInstrumentOptions(options), (d, s) => new ObservableCounter(d, s));
  }

  createObservableUpDownCounter(name: string, options?: ObservableOptions): ObservableUpDownCounter {
    return this.#async_(name, IT.OBSERVABLE_UP_DOWN_COUNTER, readInstrumentOptions(options), (d, s) => new ObservableUpDownCounter(d, s));
  }

  createObservableGauge(name: string, options?: ObservableOptions): ObservableGauge {
    return this.#async_(name, IT.OBSERVABLE_GAUGE, readInstrumentOptions(options), (d, s) => new ObservableGauge(d, s));
  }

  /** The instrument registered under `name` (case-insensitive), if any. */
  instrument(name: string): AnyInstrument | undefined {
    return typeof name === 'string' ? this.#instruments.get(name.toLowerCase()) : undefined;
  }

  #describe(name: string, type: InstrumentType, options: InstrumentOptions | undefined, boundaries: readonly number[] | undefined): InstrumentDescriptor {
    let unit = options?.unit ?? '';
    if (typeof unit !== 'string' || !UNIT_RE.test(unit)) {
      diag.warn(`metric "${name}": unit must be ASCII of at most 63 characters; ignored`);
      unit = '';
    }
    let description = options?.description ?? '';
    if (typeof description !== 'string') description = '';
    else if (description.length > 1023) description = description.slice(0, 1023);
    const valueType: ValueType = options?.valueType === 'int' ? 'int' : 'double';
    return { name, description, unit, valueType, type, boundaries };
  }

  /** The already registered instrument for an identical descriptor, else undefined (warning on a conflict). */
  #existing(d: InstrumentDescriptor): AnyInstrument | undefined {
    const found = this.#instruments.get(d.name.toLowerCase());
    if (found === undefined) return undefined;
    const e = found.descriptor;
    if (e.type === d.type && e.unit === d.unit && e.description === d.description && e.valueType === d.valueType && sameBoundaries(e.boundaries, d.boundaries)) {
      return found;
    }
    diag.warn(
      `metric "${d.name}" registered again with a different ${e.type !== d.type ? 'kind' : e.unit !== d.unit ? 'unit' : e.description !== d.description ? 'description' : 'value type or boundaries'}; both are exported (consider a view to resolve the conflict)`,
    );
    return undefined;
  }

  #valid(name: string): boolean {
    if (typeof name === 'string' && NAME_RE.test(name)) return true;
    diag.warn(`invalid instrument name ${typeof name === 'string' ? JSON.stringify(name) : describeValue(name)}: it must start with a letter and hold up to 255 of [A-Za-z0-9_.-/]; the instrument records nothing`);
    return false;
  }

  #sync_<T extends SyncInstrumentType>(
    name: string,
    type: InstrumentType,
    options: InstrumentOptions | undefined,
    boundaries: readonly number[] | undefined,
    make: (d: InstrumentDescriptor, s: SyncStorage[]) => T,
  ): T {
    const valid = this.#valid(name);
    const d = this.#describe(valid ? name : safeString(name), type, options, boundaries);
    if (!valid) return make(d, []);
    const existing = this.#existing(d);
    if (existing !== undefined) return existing as T;
    const temporalities = this.#shared.temporalities(type);
    const storages =
      temporalities.length === 0
        ? []
        : resolveStreams(d, this.scope, this.#shared.views, this.#shared.cardinalityLimit, this.#shared.defaultHistogram).map(
            (sd) => new SyncStorage(sd, temporalities),
          );
    this.#sync.push(...storages);
    const instrument = make(d, storages);
    if (!this.#instruments.has(name.toLowerCase())) this.#instruments.set(name.toLowerCase(), instrument);
    return instrument;
  }

  #async_<T extends ObservableInstrument>(
    name: string,
    type: InstrumentType,
    options: ObservableOptions | undefined,
    make: (d: InstrumentDescriptor, s: AsyncStorage[]) => T,
  ): T {
    const valid = this.#valid(name);
    const d = this.#describe(valid ? name : safeString(name), type, options, undefined);
    if (!valid) return make(d, []);
    let instrument = this.#existing(d) as T | undefined;
    if (instrument === undefined) {
      const temporalities = this.#shared.temporalities(type);
      const storages =
        temporalities.length === 0
          ? []
          : resolveStreams(d, this.scope, this.#shared.views, this.#shared.cardinalityLimit, this.#shared.defaultHistogram).map(
              (sd) => new AsyncStorage(sd, temporalities),
            );
      this.#asyncStorages.push(...storages);
      instrument = make(d, storages);
      this.#async.push(instrument);
      if (!this.#instruments.has(name.toLowerCase())) this.#instruments.set(name.toLowerCase(), instrument);
    }
    if (options?.callback !== undefined) instrument.addCallback(options.callback);
    return instrument;
  }

  /**
   * One callback observing several observable instruments of this meter (the
   * OpenTelemetry API's batch callback); observations for instruments not
   * listed here are ignored with a warning.
   */
  addBatchObservableCallback(callback: BatchObservableCallback, instruments: readonly ObservableInstrument[]): void {
    if (typeof callback !== 'function' || this.#batches.some((b) => b.callback === callback)) return;
    const set = new Set<ObservableInstrument>();
    try {
      for (const i of instruments) if (isInstance(i, ObservableInstrument)) set.add(i);
    } catch (err) {
      diag.dropped('config.option', 1, () => `addBatchObservableCallback: the instruments could not be read: ${describeError(err)}`);
    }
    const result: BatchObservableResult = {
      observe: (instrument, value, attributes) => {
        if (set.has(instrument)) instrument._result.observe(value, attributes);
        else {
          const name = isInstance(instrument, ObservableInstrument) ? instrument.name : describeValue(instrument);
          diag.warnOnce(`batch.${name}`, `batch callback observed "${name}", which it was not registered for; ignored`);
        }
      },
    };
    this.#batches.push({ callback, instruments: set, result });
  }

  removeBatchObservableCallback(callback: BatchObservableCallback): void {
    const i = this.#batches.findIndex((b) => b.callback === callback);
    if (i >= 0) this.#batches.splice(i, 1);
  }

  /** @internal Runs the observable callbacks for collection `seq`. */
  _observe(seq: number, pending: Promise<unknown>[]): void {
    for (const inst of this.#async) inst._observe(seq, pending);
    for (const b of this.#batches.slice()) {
      try {
        const r = b.callback(b.result);
        if (r !== undefined && r !== null && typeof (r as Promise<void>).then === 'function') {
          pending.push(Promise.resolve(r).catch((err: unknown) => diag.error(`batch observable callback failed: ${describeError(err)}`)));
        }
      } catch (err) {
        diag.error(`batch observable callback failed: ${describeError(err)}`);
      }
    }
  }

  /** @internal A reader joined the provider: every stream gets a slot for it. */
  _addReader(select: (type: InstrumentType) => AggregationTemporality): void {
    for (const st of this.#sync) st.addReader(select(st.descriptor.type));
    for (const st of this.#asyncStorages) st.addReader(select(st.descriptor.type));
  }

  /** @internal Appends this meter's metrics for `reader` to `out`. */
  _collect(reader: number, time: number, out: MetricData[]): void {
    for (const st of this.#sync) {
      const m = st.collect(reader, time);
      if (m !== undefined) out.push(m);
    }
    for (const st of this.#asyncStorages) {
      const m = st.collect(reader, time);
      if (m !== undefined) out.push(m);
    }
  }
}

function sameBoundaries(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The instrument options, each read once and never throwing (see common/options.ts). */
function readInstrumentOptions(options: unknown): HistogramOptions & ObservableOptions {
  return readOptions<HistogramOptions & ObservableOptions>('instrument', options, ['description', 'unit', 'valueType', 'boundaries', 'advice', 'callback']);
}
