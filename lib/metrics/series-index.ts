/**
 * Finds the series (time series state) for an attribute set.
 *
 * 1. Same object again: a WeakMap from the caller's attributes object to its
 *    series and a snapshot of the object's keys and values as last seen, then
 *    one pass over the object's keys comparing key by key and value by value
 *    with the snapshot. A reused object that was mutated in any way — a value
 *    changed, a key added, deleted or set from undefined to a value, an array
 *    value changed in place — fails the pass and is looked up again; checking
 *    only the kept values missed added keys ({a:1} then {a:1,b:2} stayed in
 *    the series {a:1}).
 * 2. A fresh object with a known attribute set (`add(1, { route })` literals):
 *    a trie of Maps walked key, value, key, value… in the object's own key
 *    order. Literal keys are interned strings with cached hashes, so this is a
 *    few Map lookups — no sorting, no string building.
 * 3. A new attribute set: the kept keys are sorted and joined into a
 *    canonical string (independent of key order) looked up in a Map; the
 *    result is cached in the trie (and, sampled, in the WeakMap).
 * WeakMap.set costs ~400 ns here, so objects are added to it on every miss at
 * first and then ever more rarely (1 in 2, 4, … 1024) as misses keep coming:
 * a workload of fresh objects stops paying for it, while a reused object
 * still gets in after a bounded number of trie lookups.
 *
 * Cardinality: at most `limit` series including the overflow series
 * `{ "otel.metric.overflow": true }`, which takes every new attribute set once
 * `limit - 1` distinct sets exist (OpenTelemetry metrics SDK spec).
 */
import type { Attributes, AttributeValue } from '../common/attributes.js';
import { AttributeMap, isAttributeValue } from '../common/attributes.js';
import { diag } from '../common/diag.js';
import { now } from '../common/time.js';
import type { Accumulation } from './aggregation.js';

export const DEFAULT_CARDINALITY_LIMIT = 2000;
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });

const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** Trie levels alternate attribute key → value → key …; a series sits under LEAF. */
type TrieNode = Map<unknown, unknown>;
const LEAF = Symbol('series');

export class Series<A extends Accumulation = Accumulation> {
  readonly key: string;
  /** A frozen copy of the kept attributes (what exporters write). */
  readonly attributes: Attributes;
  readonly acc: A;
  /** When the series began (cumulative start time). */
  readonly start: number;
  /** Set once the series was dropped from its index (delta eviction). */
  evicted = false;
  /** Last collection in which an asynchronous instrument observed this series. */
  observedIn = -1;

  constructor(key: string, attributes: Attributes, acc: A) {
    this.key = key;
    this.attributes = attributes;
    this.acc = acc;
    this.start = now();
  }
}

/**
 * What the identity fast path keeps per caller object: its series and the
 * object's keys and values, in for-in order, when it was last looked up
 * (array values copied, so a change in place is seen).
 */
class Seen<A extends Accumulation> {
  readonly series: Series<A>;
  readonly keys: string[] = [];
  readonly values: unknown[] = [];
  constructor(series: Series<A>, attrs: Attributes) {
    this.series = series;
    for (const k in attrs) {
      const v = attrs[k];
      this.keys.push(k);
      this.values.push(Array.isArray(v) ? v.slice() : v);
    }
  }

  /** True if `attrs` holds exactly the keys and values seen: one pass, no allocation. */
  matches(attrs: Attributes): boolean {
    if (this.series.evicted) return false;
    const keys = this.keys;
    const values = this.values;
    let i = 0;
    for (const k in attrs) {
      if (k !== keys[i]) return false;
      const v = attrs[k];
      const seen = values[i++];
      if (v !== seen && !(Array.isArray(seen) && sameArray(v, seen))) return false;
    }
    return i === keys.length;
  }
}

function sameArray(a: unknown, b: readonly unknown[]): boolean {
  if (!Array.isArray(a) || a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function keyPart(v: AttributeValue): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return `n${v}`;
    case 'boolean':
      return v ? 't' : 'f';
    default:
      return `a${JSON.stringify(v)}`;
  }
}

export class SeriesIndex<A extends Accumulation = Accumulation> {
  readonly #weak = new WeakMap<object, Seen<A>>();
  readonly #map = new Map<string, Series<A>>();
  readonly #create: () => A;
  readonly #limit: number;
  readonly #allow: ReadonlySet<string> | undefined;
  readonly #name: string;
  #empty: Series<A> | undefined;
  #overflow: Series<A> | undefined;
  #trie: TrieNode = new Map();
  #trieLeaves = 0;
  /** Misses of the identity fast path so far (drives the WeakMap sampling). */
  #misses = 0;
  /** A miss is added to the WeakMap when `(misses & mask) === 0`. */
  #mask = 0;

  constructor(create: () => A, limit: number, allow: ReadonlySet<string> | undefined, name: string) {
    this.#create = create;
    this.#limit = limit >= 1 ? Math.floor(limit) : DEFAULT_CARDINALITY_LIMIT;
    this.#allow = allow;
    this.#name = name;
  }

  get size(): number {
    return this.#map.size + (this.#overflow === undefined ? 0 : 1);
  }

  /** The series for `attrs` (created on first use). */
  get(attrs: Attributes | undefined): Series<A> {
    if (attrs === undefined) return this.#empty ?? this.#slow(NO_ATTRIBUTES);
    const seen = this.#weak.get(attrs);
    if (seen !== undefined && seen.matches(attrs)) return seen.series;
    return this.#miss(attrs);
  }

  #miss(attrs: Attributes): Series<A> {
    if (attrs === null || typeof attrs !== 'object') return this.#slow(attrs);
    let s = this.#trieGet(attrs);
    if (s === undefined) {
      s = this.#slow(attrs);
      // Not the overflow series: its attributes never match the caller's, and
      // caching every overflowing set would grow without bound.
      if (s === this.#overflow) return s;
      this.#trieSet(attrs, s);
    }
    const n = ++this.#misses;
    if ((n & this.#mask) === 0) this.#weak.set(attrs, new Seen(s, attrs));
    if ((n & 63) === 0 && this.#mask < 1023) this.#mask = this.#mask * 2 + 1;
    return s;
  }

  #trieGet(attrs: Attributes): Series<A> | undefined {
    let node: TrieNode | undefined = this.#trie;
    for (const k in attrs) {
      node = node.get(k) as TrieNode | undefined;
      if (node === undefined) return undefined;
      node = node.get(attrs[k]) as TrieNode | undefined;
      if (node === undefined) return undefined;
    }
    const s = node.get(LEAF) as Series<A> | undefined;
    return s === undefined || s.evicted ? undefined : s;
  }

  #trieSet(attrs: Attributes, s: Series<A>): void {
    for (const k in attrs) {
      const v = attrs[k];
      // Only primitives: an array or object would be keyed by identity and pin it in memory.
      if (v !== undefined && v !== null && typeof v === 'object') return;
    }
    // Bound the cache (key orders, delta churn): start over rather than grow.
    if (++this.#trieLeaves > 2 * this.#limit) {
      this.#trie = new Map();
      this.#trieLeaves = 1;
    }
    let node: TrieNode = this.#trie;
    for (const k in attrs) {
      let next = node.get(k) as TrieNode | undefined;
      if (next === undefined) node.set(k, (next = new Map()));
      node = next;
      next = node.get(attrs[k]) as TrieNode | undefined;
      if (next === undefined) node.set(attrs[k], (next = new Map()));
      node = next;
    }
    node.set(LEAF, s);
  }

  #slow(attrs: Attributes): Series<A> {
    if (attrs === null || typeof attrs !== 'object') {
      diag.warnOnce(`metric.attributes.${this.#name}`, `metric "${this.#name}": attributes must be an object; recorded without attributes`);
      return this.#empty ?? this.#slow(NO_ATTRIBUTES);
    }
    const keys: string[] = [];
    const allow = this.#allow;
    for (const k in attrs) {
      if (!Object.hasOwn(attrs, k) || (allow !== undefined && !allow.has(k))) continue;
      const v = attrs[k];
      if (v === undefined || v === null) continue;
      if (!isAttributeValue(v)) {
        // diag prints only the kind's first drop: build the reason only for it.
        diag.dropped('metric.attribute', 1, () => `invalid value for attribute "${k}" of metric "${this.#name}"`);
        continue;
      }
      keys.push(k);
    }
    if (keys.length > 1) keys.sort();
    let key = '';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      key += `${JSON.stringify(k)}=${keyPart(attrs[k]!)},`;
    }
    let s = this.#map.get(key);
    if (s === undefined) {
      if (this.#map.size >= this.#limit - 1) return this.#overflowSeries();
      const copy: Attributes = new AttributeMap();
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        const v = attrs[k]!;
        copy[k] = Array.isArray(v) ? Object.freeze(v.slice()) : v;
      }
      s = new Series(key, Object.freeze(copy), this.#create());
      this.#map.set(key, s);
      if (key === '') this.#empty = s;
    }
    return s;
  }

  #overflowSeries(): Series<A> {
    if (this.#overflow === undefined) {
      diag.warn(`metric "${this.#name}": cardinality limit ${this.#limit} reached; new attribute sets go to the overflow series`);
      this.#overflow = new Series('overflow', OVERFLOW_ATTRIBUTES, this.#create());
    }
    return this.#overflow;
  }

  /** Every live series except the overflow series (a Map iterator: deleting while iterating is safe). */
  values(): IterableIterator<Series<A>> {
    return this.#map.values();
  }

  /**
   * Every live series, the overflow series last. Evicting while iterating is
   * safe: a Map iterator without overflow, a snapshot with it.
   */
  all(): Iterable<Series<A>> {
    const o = this.#overflow;
    return o === undefined ? this.#map.values() : [...this.#map.values(), o];
  }

  /** The overflow series, once the cardinality limit was reached. */
  get overflow(): Series<A> | undefined {
    return this.#overflow;
  }

  /** Drops a series (it had nothing to report under delta); holders re-resolve. */
  evict(s: Series<A>): void {
    if (s === this.#overflow) return;
    if (this.#map.get(s.key) !== s) return;
    this.#map.delete(s.key);
    s.evicted = true;
    if (s === this.#empty) this.#empty = undefined;
  }
}
