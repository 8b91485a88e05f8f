/**
 * The attribute-key cache both OTLP encoders keep (common-proto.ts for
 * protobuf, json-bytes.ts for JSON). Attribute keys repeat from item to item
 * (semantic conventions), and so do many values (a method, a route, a status
 * code). Per key string we keep its encoded key part and the whole encoded
 * KeyValue of the LAST primitive value seen, once seen twice in a row: a Map
 * hit and a copy beat re-encoding the characters. One entry per key, bounded
 * in count, so high-cardinality keys or values cannot grow it.
 */

const KEY_CACHE_MAX = 2048;
const MEMO_MAX_CHARS = 256;

export interface KeyEntry {
  /** The encoded key part (protobuf: the `1: key` field; JSON: `{"key":"…","value":`). */
  readonly prefix: Uint8Array;
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
      e = { prefix: this.#encodeKey(key), value: undefined, whole: undefined };
      this.#entries.set(key, e);
    }
    return e;
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
