/**
 * The codec's answer to input of the wrong kind. zerotel/otlp is a codec, not
 * a telemetry call path: it reports what it cannot handle by throwing, as its
 * readers do for malformed bytes (ProtoDecodeError). An encoder takes
 * zerotel's own model objects — an array of spans or log records, a metric
 * collection — and throws this TypeError, naming itself and what it got, for
 * anything else instead of failing somewhere inside.
 */

/** What `v` is, for a message: "null", "string", "an object"... */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object that is not an array' : typeof v;
}

/** Throws a TypeError unless `items` is an array (never runs a Proxy's traps: Array.isArray does not). */
export function expectArray(fn: string, what: string, items: unknown): void {
  if (!Array.isArray(items)) throw new TypeError(`${fn} needs an array of ${what}, got ${kindOf(items)}`);
}

/** Throws a TypeError unless `v` is an object (or an array of them, checked by the caller). */
export function expectObject(fn: string, what: string, v: unknown): void {
  if (v === null || typeof v !== 'object') throw new TypeError(`${fn} needs ${what}, got ${v === null ? 'null' : typeof v}`);
}
