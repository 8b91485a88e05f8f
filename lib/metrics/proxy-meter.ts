/**
 * Meters and instruments handed out by the global metrics API. Each one
 * records through the meter or instrument of the same name of whichever
 * meter provider is global at the time, so a library's module-level
 * `createCounter` records into the provider the application sets later, and
 * keeps following every later change.
 *
 * Synchronous instruments resolve their delegate when created (so names are
 * validated and the instrument is registered at once) and again, lazily, on
 * the first call after the provider changed: the hot path compares one
 * generation number and calls the delegate. Observable instruments and batch
 * callbacks cannot wait for a call (nobody calls them), so they move to the
 * new provider as soon as it is set.
 *
 * These are also what the OpenTelemetry API bridge hands the API: they take
 * the API's `valueType` enum and its instruments' extra `context` argument.
 */
import type { Attributes } from '../common/attributes.js';
import { diag } from '../common/diag.js';
import type { GlobalSlot } from '../common/global-slot.js';
import type {
  BoundCounter,
  BoundGauge,
  BoundHistogram,
  BoundUpDownCounter,
  Counter,
  Gauge,
  Histogram,
  ObservableCallback,
  ObservableInstrument,
  ObservableResult,
  SyncInstrumentType,
  UpDownCounter,
} from './instruments.js';
import type { BatchObservableCallback, HistogramOptions, InstrumentOptions, Meter, ObservableOptions } from './meter.js';
import type { MeterOptions, MeterProvider } from './meter-provider.js';
import { safeString } from '../common/exception.js';

type Slot = GlobalSlot<MeterProvider>;

/** The OpenTelemetry API's ValueType enum (INT = 0, DOUBLE = 1) as ours ('int' | 'double'). */
function withValueType<O extends InstrumentOptions>(options: O | undefined): O | undefined {
  try {
    const v = options?.valueType as unknown;
    if (v !== 0 && v !== 1) return options;
    return { ...options, valueType: v === 0 ? 'int' : 'double' } as O;
  } catch {
    return options; // a throwing getter: the meter reports it
  }
}

/** Shared by the synchronous proxies: the delegate cached against the slot's generation. */
abstract class ProxySyncInstrument<D extends SyncInstrumentType> {
  readonly name: string;
  readonly #meter: ProxyMeter;
  readonly #slot: Slot;
  readonly #options: HistogramOptions | undefined;
  #generation: number;
  #delegate: D;

  constructor(meter: ProxyMeter, slot: Slot, name: string, options: HistogramOptions | undefined) {
    this.name = name;
    this.#meter = meter;
    this.#slot = slot;
    this.#options = options = withValueType(options);
    this.#generation = slot.generation;
    this.#delegate = this._make(meter.delegate, options);
  }

  /** Creates this instrument on `meter` (the current provider's meter of the same scope). */
  protected abstract _make(meter: Meter, options: HistogramOptions | undefined): D;

  /** The current provider's instrument. */
  get delegate(): D {
    if (this.#generation !== this.#slot.generation) {
      this.#generation = this.#slot.generation;
      this.#delegate = this._make(this.#meter.delegate, this.#options);
    }
    return this.#delegate;
  }
}

export class ProxyCounter extends ProxySyncInstrument<Counter> {
  protected _make(m: Meter, options: HistogramOptions | undefined): Counter {
    return m.createCounter(this.name, options);
  }
  add(value: number, attributes?: Attributes): void {
    this.delegate.add(value, attributes);
  }
  bind(attributes?: Attributes): ProxyBound<BoundCounter> {
    return new ProxyBound(this, attributes, (d, a) => (d as Counter).bind(a));
  }
}

export class ProxyUpDownCounter extends ProxySyncInstrument<UpDownCounter> {
  protected _make(m: Meter, options: HistogramOptions | undefined): UpDownCounter {
    return m.createUpDownCounter(this.name, options);
  }
  add(value: number, attributes?: Attributes): void {
    this.delegate.add(value, attributes);
  }
  bind(attributes?: Attributes): ProxyBound<BoundUpDownCounter> {
    return new ProxyBound(this, attributes, (d, a) => (d as UpDownCounter).bind(a));
  }
}

export class ProxyGauge extends ProxySyncInstrument<Gauge> {
  protected _make(m: Meter, options: HistogramOptions | undefined): Gauge {
    return m.createGauge(this.name, options);
  }
  set(value: number, attributes?: Attributes): void {
    this.delegate.set(value, attributes);
  }
  /** Alias of `set`, the OpenTelemetry API's name. */
  record(value: number, attributes?: Attributes): void {
    this.delegate.set(value, attributes);
  }
  bind(attributes?: Attributes): ProxyBound<BoundGauge> {
    return new ProxyBound(this, attributes, (d, a) => (d as Gauge).bind(a));
  }
}

export class ProxyHistogram extends ProxySyncInstrument<Histogram> {
  protected _make(m: Meter, options: HistogramOptions | undefined): Histogram {
    return m.createHistogram(this.name, options);
  }
  record(value: number, attributes?: Attributes): void {
    this.delegate.record(value, attributes);
  }
  bind(attributes?: Attributes): ProxyBound<BoundHistogram> {
    return new ProxyBound(this, attributes, (d, a) => (d as Histogram).bind(a));
  }
}

/** A bound handle of a proxy instrument: re-bound when the provider changes. */
export class ProxyBound<B extends BoundCounter | BoundUpDownCounter | BoundGauge | BoundHistogram> {
  readonly #owner: ProxySyncInstrument<SyncInstrumentType>;
  readonly #attributes: Attributes | undefined;
  readonly #bind: (d: SyncInstrumentType, a: Attributes | undefined) => B;
  #instrument: SyncInstrumentType;
  #bound: B;

  constructor(owner: ProxySyncInstrument<SyncInstrumentType>, attributes: Attributes | undefined, bind: (d: SyncInstrumentType, a: Attributes | undefined) => B) {
    this.#owner = owner;
    this.#attributes = attributes;
    this.#bind = bind;
    this.#instrument = owner.delegate;
    this.#bound = bind(this.#instrument, attributes);
  }

  #current(): B {
    const d = this.#owner.delegate;
    if (d !== this.#instrument) {
      this.#instrument = d;
      this.#bound = this.#bind(d, this.#attributes);
    }
    return this.#bound;
  }

  add(value: number): void {
    (this.#current() as BoundCounter).add(value);
  }
  record(value: number): void {
    (this.#current() as BoundHistogram).record(value);
  }
  set(value: number): void {
    (this.#current() as BoundGauge).set(value);
  }
}

type ObservableKind = 'counter' | 'upDownCounter' | 'gauge';

/** An observable instrument whose callbacks live on the current provider's instrument. */
export class ProxyObservable {
  readonly name: string;
  readonly #kind: ObservableKind;
  readonly #options: ObservableOptions | undefined;
  readonly #callbacks: ObservableCallback[] = [];
  #delegate: ObservableInstrument;

  constructor(meter: ProxyMeter, kind: ObservableKind, name: string, options?: ObservableOptions) {
    this.name = name;
    this.#kind = kind;
    this.#options = withValueType(options);
    // The options are the caller's: a throwing getter costs the callback (the meter reports the options).
    let callback: unknown;
    try {
      callback = options?.callback;
    } catch {
      callback = undefined;
    }
    if (typeof callback === 'function') this.#callbacks.push(callback as ObservableCallback);
    this.#delegate = this.#make(meter.delegate);
  }

  #make(m: Meter): ObservableInstrument {
    const options = this.#options;
    const inst =
      this.#kind === 'counter'
        ? m.createObservableCounter(this.name, options)
        : this.#kind === 'upDownCounter'
          ? m.createObservableUpDownCounter(this.name, options)
          : m.createObservableGauge(this.name, options);
    for (const cb of this.#callbacks) inst.addCallback(cb);
    return inst;
  }

  /** @internal Moves the callbacks to `meter` (the new provider's meter). */
  _rehome(meter: Meter): void {
    for (const cb of this.#callbacks) this.#delegate.removeCallback(cb);
    this.#delegate = this.#make(meter);
  }

  get delegate(): ObservableInstrument {
    return this.#delegate;
  }

  addCallback(callback: ObservableCallback): void {
    if (typeof callback !== 'function') {
      diag.warn(`metric "${safeString(this.name)}": addCallback needs a function`);
      return;
    }
    if (this.#callbacks.includes(callback)) return;
    this.#callbacks.push(callback);
    this.#delegate.addCallback(callback);
  }

  removeCallback(callback: ObservableCallback): void {
    const i = this.#callbacks.indexOf(callback);
    if (i >= 0) this.#callbacks.splice(i, 1);
    this.#delegate.removeCallback(callback);
  }
}

/** A batch callback as registered by the caller, and the form registered on the current meter. */
interface ProxyBatch {
  readonly callback: BatchObservableCallback;
  readonly instruments: readonly (ProxyObservable | ObservableInstrument)[];
  readonly registered: BatchObservableCallback;
}

/** The delegate of an observable given to a batch callback: proxies answer with their current instrument. */
function observableOf(i: ProxyObservable | ObservableInstrument): ObservableInstrument {
  return i instanceof ProxyObservable ? i.delegate : i;
}

export class ProxyMeter {
  readonly name: string;
  readonly version: string | undefined;
  readonly options: MeterOptions | undefined;
  readonly #slot: Slot;
  #generation: number;
  #delegate: Meter;
  readonly #observables: ProxyObservable[] = [];
  readonly #batches: ProxyBatch[] = [];
  /** Proxies by lower-cased name, for `instrument(name)` (recordMetric). */
  readonly #byName = new Map<string, ProxySyncInstrument<SyncInstrumentType> | ProxyObservable>();

  constructor(slot: Slot, name: string, version?: string, options?: MeterOptions) {
    this.name = name;
    this.version = version;
    this.options = options;
    this.#slot = slot;
    this.#generation = slot.generation;
    this.#delegate = slot.get().getMeter(name, version, options);
    slot.onChange(() => this.#follow());
  }

  /** The current provider's meter for this scope. */
  get delegate(): Meter {
    if (this.#generation !== this.#slot.generation) {
      this.#generation = this.#slot.generation;
      this.#delegate = this.#slot.get().getMeter(this.name, this.version, this.options);
    }
    return this.#delegate;
  }

  get scope(): Meter['scope'] {
    return this.delegate.scope;
  }

  /** Observable instruments and batch callbacks move at once; synchronous ones on their next call. */
  #follow(): void {
    if (this.#observables.length === 0 && this.#batches.length === 0) return;
    const old = this.#delegate;
    const meter = this.delegate;
    for (const o of this.#observables) o._rehome(meter);
    for (const b of this.#batches) {
      old.removeBatchObservableCallback(b.registered);
      meter.addBatchObservableCallback(b.registered, b.instruments.map(observableOf));
    }
  }

  #remember<T extends ProxySyncInstrument<SyncInstrumentType> | ProxyObservable>(p: T): T {
    if (typeof p.name === 'string' && !this.#byName.has(p.name.toLowerCase())) this.#byName.set(p.name.toLowerCase(), p);
    return p;
  }


  createCounter(name: string, options?: InstrumentOptions): ProxyCounter {
    return this.#remember(new ProxyCounter(this, this.#slot, name, options));
  }

  createUpDownCounter(name: string, options?: InstrumentOptions): ProxyUpDownCounter {
    return this.#remember(new ProxyUpDownCounter(this, this.#slot, name, options));
  }

  createGauge(name: string, options?: InstrumentOptions): ProxyGauge {
    return this.#remember(new ProxyGauge(this, this.#slot, name, options));
  }

  createHistogram(name: string, options?: HistogramOptions): ProxyHistogram {
    return this.#remember(new ProxyHistogram(this, this.#slot, name, options));
  }

  #observable(kind: ObservableKind, name: string, options: ObservableOptions | undefined): ProxyObservable {
    const p = new ProxyObservable(this, kind, name, options);
    this.#observables.push(p);
    return this.#remember(p);
  }

  createObservableCounter(name: string, options?: ObservableOptions): ProxyObservable {
    return this.#observable('counter', name, options);
  }

  createObservableUpDownCounter(name: string, options?: ObservableOptions): ProxyObservable {
    return this.#observable('upDownCounter', name, options);
  }

  createObservableGauge(name: string, options?: ObservableOptions): ProxyObservable {
    return this.#observable('gauge', name, options);
  }

  /** The instrument registered under `name` through this proxy (case-insensitive), if any. */
  instrument(name: string): ProxySyncInstrument<SyncInstrumentType> | ProxyObservable | undefined {
    return typeof name === 'string' ? this.#byName.get(name.toLowerCase()) : undefined;
  }

  /** The API's batch callback: the result's `observe` takes these proxies (or plain instruments). */
  addBatchObservableCallback(callback: BatchObservableCallback, instruments: readonly (ProxyObservable | ObservableInstrument)[]): void {
    if (typeof callback !== 'function' || !Array.isArray(instruments) || this.#batches.some((b) => b.callback === callback)) return;
    const list = instruments.filter((i) => i !== null && typeof i === 'object');
    const registered: BatchObservableCallback = (result) =>
      callback({
        observe: (instrument: ProxyObservable | ObservableInstrument, value: number, attributes?: Attributes) =>
          result.observe(observableOf(instrument), value, attributes),
      } as Parameters<BatchObservableCallback>[0]);
    this.#batches.push({ callback, instruments: list, registered });
    this.delegate.addBatchObservableCallback(registered, list.map(observableOf));
  }

  removeBatchObservableCallback(callback: BatchObservableCallback): void {
    const i = this.#batches.findIndex((b) => b.callback === callback);
    if (i < 0) return;
    this.delegate.removeBatchObservableCallback(this.#batches[i]!.registered);
    this.#batches.splice(i, 1);
  }
}

export type { ObservableResult };
