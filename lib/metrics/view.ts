/**
 * Views: select instruments (by name with `*`/`?` wildcards, type, unit, meter)
 * and change what is exported for them — name, description, aggregation or
 * bucket boundaries, the attribute keys kept, the cardinality limit — or drop
 * them. An instrument no view selects gets its default stream.
 */
import { diag } from '../common/diag.js';
import { copyArrayValue } from '../common/attributes.js';
import { readOptions } from '../common/options.js';
import type { InstrumentationScope } from '../common/resource.js';
import type { Aggregator } from './aggregation.js';
import {
  DEFAULT_HISTOGRAM_BOUNDARIES,
  exponentialHistogramAggregator,
  histogramAggregator,
  LAST_VALUE_AGGREGATOR,
  SUM_AGGREGATOR,
  validBoundaries,
} from './aggregation.js';
import { DEFAULT_EXPONENTIAL_MAX_SCALE, DEFAULT_EXPONENTIAL_MAX_SIZE } from './exponential-histogram.js';
import type { InstrumentType, ValueType } from './metric-data.js';
import { InstrumentType as IT } from './metric-data.js';
import type { StreamDescriptor } from './metric-storage.js';

export type AggregationOption =
  | { readonly type: 'default' }
  | { readonly type: 'drop' }
  | { readonly type: 'sum' }
  | { readonly type: 'lastValue' }
  | { readonly type: 'histogram'; readonly boundaries?: readonly number[]; readonly recordMinMax?: boolean }
  | { readonly type: 'exponentialHistogram'; readonly maxSize?: number; readonly maxScale?: number; readonly recordMinMax?: boolean };

export interface ViewOptions {
  /** Instrument name to select; `*` matches any run of characters, `?` one. Case-insensitive. */
  readonly instrumentName?: string;
  readonly instrumentType?: InstrumentType;
  readonly instrumentUnit?: string;
  readonly meterName?: string;
  readonly meterVersion?: string;
  readonly meterSchemaUrl?: string;
  /** New stream name (only for a view that selects one instrument by exact name). */
  readonly name?: string;
  readonly description?: string;
  readonly aggregation?: AggregationOption;
  /** Keep only these attribute keys. */
  readonly attributeKeys?: readonly string[];
  readonly cardinalityLimit?: number;
}

/** What the instrument was created with (after validation). */
export interface InstrumentDescriptor {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly valueType: ValueType;
  readonly type: InstrumentType;
  /** Histogram boundaries advised at creation. */
  readonly boundaries: readonly number[] | undefined;
}

function wildcard(pattern: string): RegExp | undefined {
  if (!/[*?]/.test(pattern)) return undefined;
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i');
}

const VIEW_STRINGS = ['instrumentName', 'instrumentUnit', 'meterName', 'meterVersion', 'meterSchemaUrl', 'name', 'description'] as const;
const VIEW_KEYS = [...VIEW_STRINGS, 'instrumentType', 'aggregation', 'attributeKeys', 'cardinalityLimit'] as const;
const AGGREGATION_KEYS = ['type', 'boundaries', 'recordMinMax', 'maxSize', 'maxScale'] as const;

/**
 * The options a view keeps: a plain object of its own, every field of the
 * type it must have (a number or Symbol as a name, a Proxy as aggregation,
 * keys that are not strings would otherwise reach the encoders).
 */
function normalizeViewOptions(options: unknown): ViewOptions {
  const o = readOptions<ViewOptions>('View', options, VIEW_KEYS as unknown as (keyof ViewOptions & string)[]) as Record<string, unknown>;
  const bad = (field: string): void => {
    diag.dropped('config.option', 1, `View option "${field}" has the wrong type; ignored`);
    delete o[field];
  };
  for (const k of VIEW_STRINGS) if (o[k] !== undefined && typeof o[k] !== 'string') bad(k);
  if (o['instrumentType'] !== undefined && !Object.values(IT).includes(o['instrumentType'] as InstrumentType)) bad('instrumentType');
  const limit = o['cardinalityLimit'];
  if (limit !== undefined && !(typeof limit === 'number' && limit >= 1)) bad('cardinalityLimit');
  if (o['attributeKeys'] !== undefined) {
    const keys = Array.isArray(o['attributeKeys']) ? copyArrayValue(o['attributeKeys'] as unknown[]) : undefined;
    if (keys === undefined || !(keys as unknown[]).every((k) => typeof k === 'string')) bad('attributeKeys');
    else o['attributeKeys'] = keys;
  }
  if (o['aggregation'] !== undefined) {
    const a = readOptions<Record<string, unknown>>('View aggregation', o['aggregation'], [...AGGREGATION_KEYS]);
    if (typeof a['type'] !== 'string') bad('aggregation');
    else {
      if (a['boundaries'] !== undefined) a['boundaries'] = Array.isArray(a['boundaries']) ? copyArrayValue(a['boundaries'] as unknown[]) ?? null : null;
      for (const k of ['maxSize', 'maxScale'] as const) if (a[k] !== undefined && typeof a[k] !== 'number') delete a[k];
      if (a['recordMinMax'] !== undefined && typeof a['recordMinMax'] !== 'boolean') delete a['recordMinMax'];
      o['aggregation'] = a;
    }
  }
  return Object.freeze(o) as ViewOptions;
}

export class View {
  readonly options: ViewOptions;
  readonly #nameRe: RegExp | undefined;
  readonly #attributeKeys: ReadonlySet<string> | undefined;

  /** Never throws: each option is read once and one of the wrong type is reported and left out. */
  constructor(options: ViewOptions) {
    options = normalizeViewOptions(options);
    this.options = options;
    this.#nameRe = options.instrumentName === undefined ? undefined : wildcard(options.instrumentName);
    this.#attributeKeys = options.attributeKeys === undefined ? undefined : new Set(options.attributeKeys);
    const exact = options.instrumentName !== undefined && this.#nameRe === undefined;
    if (options.name !== undefined && !exact) {
      diag.warn(`view renaming to "${options.name}" must select one instrument by exact name; the name is ignored`);
    }
  }

  get attributeKeys(): ReadonlySet<string> | undefined {
    return this.#attributeKeys;
  }

  /** The new name, if this view may rename. */
  get rename(): string | undefined {
    return this.options.instrumentName !== undefined && this.#nameRe === undefined ? this.options.name : undefined;
  }

  matches(instrument: InstrumentDescriptor, scope: InstrumentationScope): boolean {
    const o = this.options;
    if (o.instrumentName !== undefined) {
      if (this.#nameRe !== undefined) {
        if (!this.#nameRe.test(instrument.name)) return false;
      } else if (o.instrumentName.toLowerCase() !== instrument.name.toLowerCase()) return false;
    }
    if (o.instrumentType !== undefined && o.instrumentType !== instrument.type) return false;
    if (o.instrumentUnit !== undefined && o.instrumentUnit !== instrument.unit) return false;
    if (o.meterName !== undefined && o.meterName !== scope.name) return false;
    if (o.meterVersion !== undefined && o.meterVersion !== scope.version) return false;
    if (o.meterSchemaUrl !== undefined && o.meterSchemaUrl !== scope.schemaUrl) return false;
    return true;
  }
}

export type DefaultHistogramAggregation = 'explicit' | 'exponential';

function isMonotonic(type: InstrumentType): boolean {
  return type === IT.COUNTER || type === IT.OBSERVABLE_COUNTER || type === IT.HISTOGRAM;
}

function defaultAggregator(instrument: InstrumentDescriptor, histogram: DefaultHistogramAggregation): Aggregator {
  switch (instrument.type) {
    case IT.GAUGE:
    case IT.OBSERVABLE_GAUGE:
      return LAST_VALUE_AGGREGATOR;
    case IT.HISTOGRAM:
      return histogram === 'exponential'
        ? exponentialHistogramAggregator(DEFAULT_EXPONENTIAL_MAX_SIZE, DEFAULT_EXPONENTIAL_MAX_SCALE, true)
        : histogramAggregator(instrument.boundaries ?? DEFAULT_HISTOGRAM_BOUNDARIES, true);
    default:
      return SUM_AGGREGATOR;
  }
}

/** The aggregator an option asks for; undefined for `drop`. */
function aggregatorFor(option: AggregationOption | undefined, instrument: InstrumentDescriptor, histogram: DefaultHistogramAggregation): Aggregator | undefined {
  switch (option?.type) {
    case undefined:
    case 'default':
      return defaultAggregator(instrument, histogram);
    case 'drop':
      return undefined;
    case 'sum':
      return SUM_AGGREGATOR;
    case 'lastValue':
      return LAST_VALUE_AGGREGATOR;
    case 'histogram': {
      const b = option.boundaries === undefined ? undefined : validBoundaries(option.boundaries);
      if (option.boundaries !== undefined && b === undefined) diag.warn('view histogram boundaries must be finite and increasing; using the defaults');
      return histogramAggregator(b ?? instrument.boundaries ?? DEFAULT_HISTOGRAM_BOUNDARIES, option.recordMinMax ?? true);
    }
    case 'exponentialHistogram':
      return exponentialHistogramAggregator(
        option.maxSize ?? DEFAULT_EXPONENTIAL_MAX_SIZE,
        option.maxScale ?? DEFAULT_EXPONENTIAL_MAX_SCALE,
        option.recordMinMax ?? true,
      );
    default:
      diag.warn(`unknown aggregation ${JSON.stringify((option as { type: unknown }).type)}; using the default`);
      return defaultAggregator(instrument, histogram);
  }
}

/** The streams an instrument feeds: one per matching view, or its default stream. */
export function resolveStreams(
  instrument: InstrumentDescriptor,
  scope: InstrumentationScope,
  views: readonly View[],
  cardinalityLimit: number,
  histogram: DefaultHistogramAggregation,
): StreamDescriptor[] {
  const streams: StreamDescriptor[] = [];
  let matched = false;
  for (const view of views) {
    if (!view.matches(instrument, scope)) continue;
    matched = true;
    const aggregator = aggregatorFor(view.options.aggregation, instrument, histogram);
    if (aggregator === undefined) continue;
    streams.push({
      name: view.rename ?? instrument.name,
      description: view.options.description ?? instrument.description,
      unit: instrument.unit,
      valueType: instrument.valueType,
      type: instrument.type,
      aggregator,
      isMonotonic: isMonotonic(instrument.type),
      attributeKeys: view.attributeKeys,
      cardinalityLimit: view.options.cardinalityLimit ?? cardinalityLimit,
    });
  }
  if (!matched) {
    streams.push({
      name: instrument.name,
      description: instrument.description,
      unit: instrument.unit,
      valueType: instrument.valueType,
      type: instrument.type,
      aggregator: defaultAggregator(instrument, histogram),
      isMonotonic: isMonotonic(instrument.type),
      attributeKeys: undefined,
      cardinalityLimit,
    });
  }
  return streams;
}
