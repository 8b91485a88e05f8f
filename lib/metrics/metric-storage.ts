/**
 * Storage of one metric stream (an instrument as seen through one view): its
 * series and, per reader, what that reader has not yet been told.
 *
 * Readers are fixed when the provider is built, which allows the common case
 * of ONE reader to skip per-reader copies entirely: a cumulative reader reads
 * the series' accumulations as they are, a delta reader reads and resets them.
 * Only with several readers is each recorded interval merged into a
 * per-reader accumulation at collection time.
 */
import type { Attributes } from '../common/attributes.js';
import type { Accumulation, Aggregator } from './aggregation.js';
import type { DataPoint, InstrumentType, MetricData, ValueType } from './metric-data.js';
import { AggregationTemporality, MetricKind } from './metric-data.js';
import type { Series } from './series-index.js';
import { SeriesIndex } from './series-index.js';
import { now } from '../common/time.js';

/** An instrument after view resolution: what is exported and how it aggregates. */
export interface StreamDescriptor {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly valueType: ValueType;
  readonly type: InstrumentType;
  readonly aggregator: Aggregator;
  /** For sums and histograms: the instrument only goes up. */
  readonly isMonotonic: boolean;
  /** Attribute keys kept (a view's allow-list); undefined keeps all. */
  readonly attributeKeys: ReadonlySet<string> | undefined;
  readonly cardinalityLimit: number;
}

function metricData(d: StreamDescriptor, temporality: AggregationTemporality, points: DataPoint[]): MetricData {
  // The union is keyed by `kind`; the points match the aggregator's kind by construction.
  return {
    name: d.name,
    description: d.description,
    unit: d.unit,
    valueType: d.valueType,
    kind: d.aggregator.kind,
    temporality,
    isMonotonic: d.aggregator.kind === MetricKind.GAUGE ? false : d.isMonotonic,
    points,
  } as MetricData;
}

/**
 * What both storages share: the series index, the temporality each reader
 * wants and the end of each reader's last collection (the next delta
 * interval's start). Subclasses say which points a collection reports.
 */
abstract class StreamStorage {
  readonly descriptor: StreamDescriptor;
  readonly index: SeriesIndex;
  readonly #temporalities: AggregationTemporality[];
  readonly #lastCollect: number[];

  constructor(descriptor: StreamDescriptor, temporalities: readonly AggregationTemporality[]) {
    this.descriptor = descriptor;
    this.index = new SeriesIndex(descriptor.aggregator.create, descriptor.cardinalityLimit, descriptor.attributeKeys, descriptor.name);
    this.#temporalities = [...temporalities];
    const t = now();
    this.#lastCollect = temporalities.map(() => t);
  }

  /** A reader joined after this storage was made; it sees what is recorded from now on. */
  addReader(temporality: AggregationTemporality): void {
    this.#temporalities.push(temporality);
    this.#lastCollect.push(now());
    this.readerAdded(this.#temporalities);
  }

  protected abstract readerAdded(temporalities: readonly AggregationTemporality[]): void;

  /** The stream's metric for reader `reader` at `time`; undefined with nothing to report. */
  collect(reader: number, time: number): MetricData | undefined {
    const temporality = this.#temporalities[reader];
    if (temporality === undefined) return undefined;
    const start = this.#lastCollect[reader]!;
    this.#lastCollect[reader] = time;
    const points: DataPoint[] = [];
    this.collectPoints(reader, temporality === AggregationTemporality.DELTA, start, time, points);
    return points.length > 0 ? metricData(this.descriptor, temporality, points) : undefined;
  }

  /** Appends the points of reader `reader`'s interval [start, time] (delta) or of the series' lifetime (cumulative). */
  protected abstract collectPoints(reader: number, delta: boolean, start: number, time: number, points: DataPoint[]): void;
}

/** Storage of a synchronous instrument's stream. */
export class SyncStorage extends StreamStorage {
  /** Per-reader pending accumulations; only with more than one reader. */
  #pending: Map<Series, Accumulation>[] | undefined;

  constructor(descriptor: StreamDescriptor, temporalities: readonly AggregationTemporality[]) {
    super(descriptor, temporalities);
    this.#pending = temporalities.length > 1 ? temporalities.map(() => new Map()) : undefined;
  }

  /**
   * From one reader to two: what the first reader was reading straight from
   * the series (its cumulative total, or its unreported interval) becomes its
   * pending accumulation, and the series start counting intervals afresh.
   * The new reader starts from a cumulative reader's totals when there is
   * one (so it reports lifetime sums too), else from nothing.
   */
  protected override readerAdded(temporalities: readonly AggregationTemporality[]): void {
    const create = this.descriptor.aggregator.create;
    const copy = (from: Map<Series, Accumulation>): Map<Series, Accumulation> => {
      const out = new Map<Series, Accumulation>();
      for (const [s, a] of from) {
        const acc = create();
        acc.merge(a);
        out.set(s, acc);
      }
      return out;
    };
    if (this.#pending === undefined) {
      const first = new Map<Series, Accumulation>();
      for (const s of this.index.all()) {
        if (!s.acc.dirty) continue;
        const acc = create();
        acc.merge(s.acc);
        first.set(s, acc);
        s.acc.reset();
      }
      this.#pending = [first];
    }
    const pending = this.#pending;
    while (pending.length < temporalities.length) {
      const cumulative = temporalities.findIndex((t, i) => i < pending.length && t === AggregationTemporality.CUMULATIVE);
      pending.push(cumulative >= 0 ? copy(pending[cumulative]!) : new Map());
    }
  }

  protected override collectPoints(reader: number, delta: boolean, start: number, time: number, points: DataPoint[]): void {
    const pending = this.#pending;
    if (pending === undefined) {
      for (const s of this.index.all()) {
        const acc = s.acc;
        if (!acc.dirty) {
          // Nothing recorded this interval: free the slot under the cardinality limit.
          if (delta) this.index.evict(s);
          continue;
        }
        points.push(acc.point(s.attributes, delta ? start : s.start, time));
        if (delta) acc.reset();
      }
      return;
    }
    const create = this.descriptor.aggregator.create;
    for (const s of this.index.all()) {
      if (!s.acc.dirty) continue;
      for (let r = 0; r < pending.length; r++) {
        const map = pending[r]!;
        let acc = map.get(s);
        if (acc === undefined) map.set(s, (acc = create()));
        acc.merge(s.acc);
      }
      s.acc.reset();
    }
    const mine = pending[reader]!;
    for (const [s, acc] of mine) {
      if (!acc.dirty) continue;
      points.push(acc.point(s.attributes, delta ? start : s.start, time));
      if (delta) mine.delete(s);
    }
  }
}

/**
 * Storage of an asynchronous instrument's stream. Callbacks report absolute
 * values each collection; a delta reader gets the difference from what it saw
 * last time (sums), and series not observed in a collection are not reported
 * and are dropped.
 */
export class AsyncStorage extends StreamStorage {
  readonly #previous: Map<Series, number>[];
  #seq = -1;

  protected override readerAdded(temporalities: readonly AggregationTemporality[]): void {
    while (this.#previous.length < temporalities.length) this.#previous.push(new Map());
  }

  constructor(descriptor: StreamDescriptor, temporalities: readonly AggregationTemporality[]) {
    super(descriptor, temporalities);
    this.#previous = temporalities.map(() => new Map());
  }

  /** Starts collection `seq`: observations from now on belong to it. */
  begin(seq: number): void {
    this.#seq = seq;
  }

  observe(value: number, attributes: Attributes | undefined): void {
    const s = this.index.get(attributes);
    if (s.observedIn !== this.#seq) {
      s.acc.reset();
      s.observedIn = this.#seq;
    }
    // Sums add (attribute sets merged by a view or the overflow series); last value replaces.
    s.acc.record(value);
  }

  protected override collectPoints(reader: number, delta: boolean, start: number, time: number, points: DataPoint[]): void {
    const isSum = this.descriptor.aggregator.kind === MetricKind.SUM;
    const previous = this.#previous[reader]!;
    for (const s of this.index.all()) {
      if (s.observedIn !== this.#seq) {
        this.index.evict(s);
        for (const p of this.#previous) p.delete(s);
        continue;
      }
      if (delta && isSum) {
        const value = (s.acc as unknown as { value: number }).value;
        const before = previous.get(s) ?? 0;
        previous.set(s, value);
        points.push({ attributes: s.attributes, startTime: start, time, value: value - before });
      } else {
        points.push(s.acc.point(s.attributes, delta ? start : s.start, time));
      }
    }
  }
}
