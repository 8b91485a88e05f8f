/**
 * The instruments. Recording validates the value (a bad one is reported and
 * counted, never thrown), finds the series through the series index's
 * identity fast path, and records into its accumulation. With a single stream
 * (no view fans the instrument out) there is no loop at all.
 */
import type { Attributes } from '../common/attributes.js';
import { diag, describeError } from '../common/diag.js';
import { describeValue } from '../common/exception.js';
import type { AsyncStorage, SyncStorage } from './metric-storage.js';
import type { Series, SeriesIndex } from './series-index.js';
import type { InstrumentDescriptor } from './view.js';

/**
 * Value checks, one per instrument kind. `typeof` comes first: comparing a
 * string, a Symbol or a BigInt with a number coerces (`'250' >= 0` is true and
 * then `100 + '250'` is "100250"; `Symbol() >= 0` throws). For a number the
 * check is one or two comparisons; NaN fails `>= 0` and `x - x === 0`.
 */
function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value !== Infinity;
}
function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && value - value === 0;
}

const NON_NEGATIVE = 'value must be a finite, non-negative number';
const FINITE = 'value must be a finite number';

/** Counts a rejected measurement; the reason (printed only with the first) is built only then. */
function rejected(name: string, value: unknown, why: string): void {
  diag.dropped('metric.measurement', 1, () => `${why} (metric "${name}", got ${describeValue(value)})`);
}

/** Hostile attributes (a Proxy, a throwing getter) throw while their series is looked up: the measurement is dropped. */
function unreadable(name: string, err: unknown): void {
  diag.dropped('metric.measurement', 1, () => `attributes could not be read (metric "${name}"): ${describeError(err)}`);
}

/** Shared by the synchronous instruments. */
abstract class SyncInstrument {
  readonly descriptor: InstrumentDescriptor;
  readonly #indexes: readonly SeriesIndex[];
  readonly #one: SeriesIndex | undefined;

  constructor(descriptor: InstrumentDescriptor, storages: readonly SyncStorage[]) {
    this.descriptor = descriptor;
    this.#indexes = storages.map((s) => s.index);
    this.#one = this.#indexes.length === 1 ? this.#indexes[0] : undefined;
  }

  get name(): string {
    return this.descriptor.name;
  }

  protected _record(value: number, attributes: Attributes | undefined): void {
    try {
      const one = this.#one;
      if (one !== undefined) {
        one.get(attributes).acc.record(value);
        return;
      }
      const all = this.#indexes;
      for (let i = 0; i < all.length; i++) all[i]!.get(attributes).acc.record(value);
    } catch (err) {
      unreadable(this.descriptor.name, err);
    }
  }

  /** The series of every stream for `attributes` (a bound handle keeps them); undefined when they cannot be read. */
  protected _series(attributes: Attributes | undefined): Series[] | undefined {
    try {
      return this.#indexes.map((ix) => ix.get(attributes));
    } catch (err) {
      unreadable(this.descriptor.name, err);
      return undefined;
    }
  }

  protected _bound(series: Series[], attributes: Attributes | undefined): Series[] {
    // A delta reader may have evicted an idle series; find (or recreate) it again.
    try {
      for (let i = 0; i < series.length; i++) if (series[i]!.evicted) series[i] = this.#indexes[i]!.get(attributes);
    } catch (err) {
      unreadable(this.descriptor.name, err);
      return [];
    }
    return series;
  }
}

interface BoundOwner {
  readonly name: string;
  _boundSeries(series: Series[], attributes: Attributes | undefined): Series[];
}

/** A handle bound to one attribute set: no lookup at all per call. */
class Bound {
  readonly #owner: BoundOwner;
  readonly #attributes: Attributes | undefined;
  /** Undefined when the attributes could not be read at bind time: every measurement is then counted as dropped. */
  readonly #series: Series[] | undefined;

  constructor(owner: BoundOwner, series: Series[] | undefined, attributes: Attributes | undefined) {
    this.#owner = owner;
    this.#series = series;
    this.#attributes = attributes;
  }

  protected _record(value: number): void {
    const series = this.#series;
    if (series === undefined) {
      unreadable(this.#owner.name, 'at bind time');
      return;
    }
    if (series.length === 1) {
      const s = series[0]!;
      if (!s.evicted) {
        s.acc.record(value);
        return;
      }
    }
    const live = this.#owner._boundSeries(series, this.#attributes);
    for (let i = 0; i < live.length; i++) live[i]!.acc.record(value);
  }
}

export class BoundCounter extends Bound {
  readonly #name: string;
  constructor(owner: Counter, series: Series[] | undefined, attributes: Attributes | undefined) {
    super(owner, series, attributes);
    this.#name = owner.name;
  }
  add(value: number): void {
    if (isNonNegative(value)) this._record(value);
    else rejected(this.#name, value, NON_NEGATIVE);
  }
}

export class BoundUpDownCounter extends Bound {
  readonly #name: string;
  constructor(owner: UpDownCounter, series: Series[] | undefined, attributes: Attributes | undefined) {
    super(owner, series, attributes);
    this.#name = owner.name;
  }
  add(value: number): void {
    if (isFiniteNumber(value)) this._record(value);
    else rejected(this.#name, value, FINITE);
  }
}

export class BoundGauge extends Bound {
  readonly #name: string;
  constructor(owner: Gauge, series: Series[] | undefined, attributes: Attributes | undefined) {
    super(owner, series, attributes);
    this.#name = owner.name;
  }
  set(value: number): void {
    if (isFiniteNumber(value)) this._record(value);
    else rejected(this.#name, value, FINITE);
  }
  /** Alias of `set`, the OpenTelemetry API's name. */
  record(value: number): void {
    this.set(value);
  }
}

export class BoundHistogram extends Bound {
  readonly #name: string;
  constructor(owner: Histogram, series: Series[] | undefined, attributes: Attributes | undefined) {
    super(owner, series, attributes);
    this.#name = owner.name;
  }
  record(value: number): void {
    if (isNonNegative(value)) this._record(value);
    else rejected(this.#name, value, NON_NEGATIVE);
  }
}

/** A monotonic sum: negative and non-finite increments are dropped. */
export class Counter extends SyncInstrument {
  add(value: number, attributes?: Attributes): void {
    if (isNonNegative(value)) this._record(value, attributes);
    else rejected(this.descriptor.name, value, NON_NEGATIVE);
  }
  bind(attributes?: Attributes): BoundCounter {
    return new BoundCounter(this, this._series(attributes), attributes);
  }
  /** @internal */
  _boundSeries(series: Series[], attributes: Attributes | undefined): Series[] {
    return this._bound(series, attributes);
  }
}

export class UpDownCounter extends SyncInstrument {
  add(value: number, attributes?: Attributes): void {
    if (isFiniteNumber(value)) this._record(value, attributes);
    else rejected(this.descriptor.name, value, FINITE);
  }
  bind(attributes?: Attributes): BoundUpDownCounter {
    return new BoundUpDownCounter(this, this._series(attributes), attributes);
  }
  /** @internal */
  _boundSeries(series: Series[], attributes: Attributes | undefined): Series[] {
    return this._bound(series, attributes);
  }
}

/** A synchronous gauge: the last value set per attribute set. */
export class Gauge extends SyncInstrument {
  set(value: number, attributes?: Attributes): void {
    if (isFiniteNumber(value)) this._record(value, attributes);
    else rejected(this.descriptor.name, value, FINITE);
  }
  /** Alias of `set`, the OpenTelemetry API's name. */
  record(value: number, attributes?: Attributes): void {
    this.set(value, attributes);
  }
  bind(attributes?: Attributes): BoundGauge {
    return new BoundGauge(this, this._series(attributes), attributes);
  }
  /** @internal */
  _boundSeries(series: Series[], attributes: Attributes | undefined): Series[] {
    return this._bound(series, attributes);
  }
}

export class Histogram extends SyncInstrument {
  record(value: number, attributes?: Attributes): void {
    if (isNonNegative(value)) this._record(value, attributes);
    else rejected(this.descriptor.name, value, NON_NEGATIVE);
  }
  bind(attributes?: Attributes): BoundHistogram {
    return new BoundHistogram(this, this._series(attributes), attributes);
  }
  /** @internal */
  _boundSeries(series: Series[], attributes: Attributes | undefined): Series[] {
    return this._bound(series, attributes);
  }
}

export type SyncInstrumentType = Counter | UpDownCounter | Gauge | Histogram;

/** What an observable callback reports into. */
export interface ObservableResult {
  observe(value: number, attributes?: Attributes): void;
}

export type ObservableCallback = (result: ObservableResult) => void | Promise<void>;

class Observations implements ObservableResult {
  readonly #storages: readonly AsyncStorage[];
  readonly #name: string;
  constructor(storages: readonly AsyncStorage[], name: string) {
    this.#storages = storages;
    this.#name = name;
  }
  observe(value: number, attributes?: Attributes): void {
    if (!isFiniteNumber(value)) {
      rejected(this.#name, value, FINITE);
      return;
    }
    const st = this.#storages;
    try {
      for (let i = 0; i < st.length; i++) st[i]!.observe(value, attributes);
    } catch (err) {
      unreadable(this.#name, err);
    }
  }
}

/** ObservableCounter, ObservableUpDownCounter and ObservableGauge: callbacks run at collection. */
export class ObservableInstrument {
  readonly descriptor: InstrumentDescriptor;
  readonly #storages: readonly AsyncStorage[];
  readonly #callbacks: ObservableCallback[] = [];
  readonly #result: Observations;

  constructor(descriptor: InstrumentDescriptor, storages: readonly AsyncStorage[]) {
    this.descriptor = descriptor;
    this.#storages = storages;
    this.#result = new Observations(storages, descriptor.name);
  }

  get name(): string {
    return this.descriptor.name;
  }

  addCallback(callback: ObservableCallback): void {
    if (typeof callback !== 'function') {
      diag.warn(`metric "${this.name}": addCallback needs a function`);
      return;
    }
    if (!this.#callbacks.includes(callback)) this.#callbacks.push(callback);
  }

  removeCallback(callback: ObservableCallback): void {
    const i = this.#callbacks.indexOf(callback);
    if (i >= 0) this.#callbacks.splice(i, 1);
  }

  /** @internal Where batch callbacks report this instrument's observations. */
  get _result(): ObservableResult {
    return this.#result;
  }

  /** @internal Runs the callbacks for collection `seq`; async ones are added to `pending`. */
  _observe(seq: number, pending: Promise<unknown>[]): void {
    for (const st of this.#storages) st.begin(seq);
    if (this.#storages.length === 0) return;
    for (const cb of this.#callbacks.slice()) {
      try {
        const r = cb(this.#result);
        if (r !== undefined && r !== null && typeof (r as Promise<void>).then === 'function') {
          pending.push(Promise.resolve(r).catch((err: unknown) => diag.error(`metric "${this.name}" callback failed: ${describeError(err)}`)));
        }
      } catch (err) {
        diag.error(`metric "${this.name}" callback failed: ${describeError(err)}`);
      }
    }
  }
}

export class ObservableCounter extends ObservableInstrument {}
export class ObservableUpDownCounter extends ObservableInstrument {}
export class ObservableGauge extends ObservableInstrument {}
