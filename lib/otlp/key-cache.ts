/**
 * The attribute-key cache both OTLP encoders keep (common-proto.ts for
 * protobuf, json-bytes.ts for JSON). Attribute keys repeat from item to item
 * (semantic conventions), and so do many values (a method, a route, a status
 * code). Per key string we keep its encoded key part and the whole encoded
 * KeyValue of the LAST primitive value seen, once seen twice in a row: a Map
 * hit and a copy beat re-encoding the characters. One entry per key, bounded
 * in count, so high-cardinality keys or values cannot grow it.
 */
import type { ByteWriter } from './byte-writer.js';

const KEY_CACHE_MAX = 2048;
const MEMO_MAX_CHARS = 256;

export interface KeyEntry {
  /** The encoded key part (protobuf: the `1: key` field; JSON: `{"key":"…","value":`). */
  readonly prefix: Uint8Array;
  /** JSON only, made on first use: `prefix` then the opening of a string value. */
  stringPrefix: Uint8Array | undefined;
  /** The last value written under this key when worth remembering, else undefined. */
  value: unknown;
  /** The encoded KeyValue of `value`, kept once `value` came twice in a row. */
  whole: Uint8Array | undefined;
}

export class KeyCache {
  readonly #entries: Map<string, KeyEntry>;
  readonly #encodeKey: (key: string) => Uint8Array;

  /** `encodeKey` makes an entry's `prefix` (called once per key). */
  constructor(encodeKey: (key: string) => Uint8Array) {
    this.#entries = new Map();
    this.#encodeKey = encodeKey;
  }

  /** The key's entry; undefined once the cache is full and the key is new (encode it uncached). */
  entry(key: string): KeyEntry | undefined {
    let e = this.#entries.get(key);
    if (e === undefined && this.#entries.size < KEY_CACHE_MAX) {
      e = { prefix: this.#encodeKey(key), stringPrefix: undefined, value: undefined, whole: undefined };
      this.#entries.set(key, e);
    }
    return e;
  }

  /** `entry(key)` for the `i`th key written at the call site `run` stands for. */
  entryAt(run: KeyRun, i: number, key: string): KeyEntry | undefined {
    if (i >= RUN_MAX) return this.entry(key);
    if (run.keys[i] === key) return run.entries[i];
    const e = this.entry(key);
    run.keys[i] = key;
    run.entries[i] = e;
    return e;
  }
}

/** How many leading keys of an attribute object a KeyRun remembers. */
export const RUN_MAX = 32;

/**
 * The keys of the last attribute object written at one call site (span
 * attributes, event attributes, …) with their entries, by position. Objects
 * of one shape enumerate the same keys in the same order, so the next object
 * usually finds its entries by an identity compare instead of a Map lookup
 * (measured: the lookups were ~10% of the OTLP/JSON span encoder). Entries
 * are never evicted from the KeyCache, so a remembered one stays valid.
 *
 * It also carries both writers' chains: consecutive positions whose cached
 * whole KeyValues repeat, held back while they follow one another (`hold`)
 * and then written by `flush` — as ONE copy when the same chain came last
 * time. A copy costs ~15 ns whatever its length (TypedArray#set), and most
 * attributes of a span or a log record repeat.
 */
export class KeyRun {
  readonly keys: string[];
  readonly entries: (KeyEntry | undefined)[];
  /** Per position: the cached whole KeyValue written there last time, or undefined. */
  readonly wholes: (Uint8Array | undefined)[];
  /** Per position: the end of the chain of wholes that started there last time, or -1. */
  readonly chainEnds: number[];
  /** Per position: that chain's bytes (wholes joined by the separator), once it came twice in a row. */
  readonly chains: (Uint8Array | undefined)[];
  /** The pending chain's first position (-1: none), and whether its wholes are last time's. */
  #chain: number;
  #same: boolean;

  constructor() {
    this.keys = new Array<string>(RUN_MAX).fill('');
    this.entries = new Array<KeyEntry | undefined>(RUN_MAX).fill(undefined);
    this.wholes = new Array<Uint8Array | undefined>(RUN_MAX).fill(undefined);
    this.chainEnds = new Array<number>(RUN_MAX).fill(-1);
    this.chains = new Array<Uint8Array | undefined>(RUN_MAX).fill(undefined);
    this.#chain = -1;
    this.#same = true;
  }

  /** Before the first KeyValue of an object: no chain is pending. */
  begin(): void {
    this.#chain = -1;
  }

  /** Holds back the cached whole KeyValue of position `n` (< RUN_MAX): it starts or extends the pending chain. */
  hold(n: number, whole: Uint8Array): void {
    if (this.#chain < 0) {
      this.#chain = n;
      this.#same = true;
    }
    if (this.wholes[n] !== whole) {
      this.wholes[n] = whole;
      this.#same = false;
    }
  }

  /** Position `n` (< RUN_MAX) is written fresh: no whole, no chain starts there. */
  fresh(n: number): void {
    this.wholes[n] = undefined;
    this.chainEnds[n] = -1;
  }

  /**
   * Writes the pending chain, which ends before position `to`, if any: its
   * wholes with the byte `sep` between them, and before the first one too
   * when `lead` or the chain does not start the object (JSON: a comma;
   * protobuf: the field's one-byte tag, always). A chain is kept as bytes
   * once it came twice in a row, so attributes that change every time are
   * never copied out; the chains inside it are dropped, since their
   * positions now belong to this one.
   */
  flush(w: ByteWriter, to: number, sep: number, lead: boolean): void {
    const from = this.#chain;
    if (from < 0) return;
    this.#chain = -1;
    if (lead || from > 0) w.byte(sep);
    const repeat = this.#same && this.chainEnds[from] === to;
    const kept = this.chains[from];
    if (repeat && kept !== undefined) {
      w.raw(kept);
      return;
    }
    const start = w.pos;
    for (let i = from; i < to; i++) {
      if (i > from) {
        w.byte(sep);
        this.chainEnds[i] = -1;
      }
      w.raw(this.wholes[i]!);
    }
    this.chainEnds[from] = to;
    this.chains[from] = repeat && to - from > 1 ? w.copy(start, w.pos) : undefined;
  }
}

/**
 * After `v` was written fresh under `e` and it did not repeat `e.value`:
 * remembers it as the value to watch for next time (a short primitive only),
 * so a value that changes every time is never copied out.
 */
export function rememberValue(e: KeyEntry, v: unknown): void {
  const t = typeof v;
  e.value = (t === 'string' && (v as string).length <= MEMO_MAX_CHARS) || t === 'number' || t === 'boolean' ? v : undefined;
  e.whole = undefined;
}
