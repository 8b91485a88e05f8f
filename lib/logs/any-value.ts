/**
 * AnyValue: what a log record's body and attribute values may hold. Log
 * attributes are a superset of span attributes (the logs data model allows
 * nested maps, heterogeneous arrays and byte arrays), so they get their own
 * check here instead of widening common/attributes.ts for every signal.
 */

export type AnyValue =
  | string
  | number
  | boolean
  | bigint
  | Uint8Array
  | null
  | undefined
  | ReadonlyArray<AnyValue>
  | { readonly [key: string]: AnyValue };

export type AnyValueMap = Record<string, AnyValue>;

/** Nesting deeper than this is refused: a bound, so a hostile value cannot make us recurse forever. */
const MAX_DEPTH = 32;

/**
 * True for a value that encodes as an OTLP AnyValue: primitives, bigint (an
 * int64), Uint8Array (bytes), arrays of AnyValue and plain objects of
 * AnyValue. Class instances (Date, Map, Error, …) and cycles are refused.
 */
export function isAnyValue(value: unknown): value is AnyValue {
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean' || value === undefined || value === null) return true;
  if (t === 'bigint') return true;
  if (t !== 'object') return false;
  // A Proxy or a getter runs user code while we walk the value: what throws is not an AnyValue.
  try {
    return isContainer(value as object, 0, undefined);
  } catch {
    return false;
  }
}

function isContainer(value: object, depth: number, seen: object[] | undefined): boolean {
  if (value instanceof Uint8Array) return true;
  if (depth >= MAX_DEPTH) return false;
  const isArray = Array.isArray(value);
  if (!isArray) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
  }
  // Cycle check: the path from the root is short, a linear scan beats a Set here.
  if (seen !== undefined && seen.includes(value)) return false;
  const path = seen === undefined ? [value] : [...seen, value];
  if (isArray) {
    const arr = value as unknown[];
    for (let i = 0; i < arr.length; i++) if (!isChild(arr[i], depth, path)) return false;
    return true;
  }
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    if (Object.hasOwn(obj, key) && !isChild(obj[key], depth, path)) return false;
  }
  return true;
}

function isChild(v: unknown, depth: number, path: object[]): boolean {
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'bigint' || v === undefined || v === null) return true;
  if (t !== 'object') return false;
  return isContainer(v as object, depth + 1, path);
}

/**
 * Truncates every string inside `value` to `limit` characters, recursing into
 * arrays and maps (bytes are never truncated). Returns the same object when
 * nothing changed, so the common case allocates nothing.
 */
export function truncateAnyValue(value: AnyValue, limit: number): AnyValue {
  if (typeof value === 'string') return value.length > limit ? value.slice(0, limit) : value;
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) {
    let out: AnyValue[] | undefined;
    const arr = value as ReadonlyArray<AnyValue>;
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      const t = truncateAnyValue(v, limit);
      if (t !== v) (out ??= arr.slice())[i] = t;
    }
    return out ?? value;
  }
  let out: AnyValueMap | undefined;
  const obj = value as { readonly [key: string]: AnyValue };
  for (const key in obj) {
    if (!Object.hasOwn(obj, key)) continue;
    const v = obj[key];
    const t = truncateAnyValue(v, limit);
    if (t !== v) (out ??= { ...obj })[key] = t;
  }
  return out ?? value;
}
