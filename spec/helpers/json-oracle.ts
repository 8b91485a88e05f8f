/**
 * An independent OTLP/JSON encoder for the shared messages, built as strings
 * the plain way (JSON.stringify for strings, template literals, no caches):
 * the oracle the byte-level writer (lib/otlp/json-byte-writer.ts,
 * json-bytes.ts) is checked against byte for byte. It lived in lib/ as a
 * second JSON stack until 0.2; it ships no more, and shares no code with the
 * writer it checks.
 *
 * OTLP/JSON is proto3 JSON with the OTLP exceptions: lowerCamelCase keys,
 * trace/span ids as hex (not base64), enums as integers. From proto3 JSON it
 * keeps: 64-bit integers as decimal STRINGS, non-finite doubles as the
 * strings "NaN", "Infinity", "-Infinity", bytes as base64.
 */
import { Buffer } from 'node:buffer';
import { epochParts } from '../../lib/common/time.js';
import { spanIdHex, traceIdHex } from '../../lib/trace/ids.js';
import type { InstrumentationScope, Resource } from '../../lib/common/resource.js';

/**
 * A JSON string literal. V8's native JSON.stringify of a lone string beats a
 * hand-written escaper by a wide margin on both ASCII and non-ASCII text, and
 * it escapes lone surrogates as \uXXXX (well-formed JSON).
 */
export const jsonString: (s: string) => string = JSON.stringify;

/** A 64-bit integer (|v| < 2^63, integral) as OTLP/JSON wants it: a quoted decimal. */
export function jsonInt64(v: number): string {
  // Above 2^53 String() prints the shortest round-trip form, not the exact integer.
  return Number.isSafeInteger(v) ? `"${v}"` : `"${BigInt(v)}"`;
}

const timeScratch = { ms: 0, ns: 0 };

/** A relative time (ms since the time origin, see common/time.ts) as quoted epoch nanoseconds. */
export function jsonTime(t: number): string {
  epochParts(t, timeScratch);
  return jsonNanos(timeScratch.ms, timeScratch.ns);
}

/** A double: a JSON number when finite, else the proto3 JSON string form. */
export function jsonDouble(v: number): string {
  if (Number.isFinite(v)) return String(v);
  return v !== v ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
}

const PAD = ['', '0', '00', '000', '0000', '00000'];

/** Epoch nanoseconds `ms * 1e6 + ns` (ns < 1e6) as a quoted decimal, without BigInt. */
export function jsonNanos(ms: number, ns: number): string {
  const s = String(ns);
  if (ms === 0) return `"${s}"`;
  return `"${ms}${PAD[6 - s.length]}${s}"`;
}

/** Bytes as a quoted base64 string. */
export function jsonBytes(b: Uint8Array): string {
  return `"${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')}"`;
}

/** A quoted 32-hex-digit trace id from its four words. */
export function jsonTraceId(t0: number, t1: number, t2: number, t3: number): string {
  return `"${traceIdHex(t0, t1, t2, t3)}"`;
}

/** A quoted 16-hex-digit span id from its two words. */
export function jsonSpanId(s0: number, s1: number): string {
  return `"${spanIdHex(s0, s1)}"`;
}

const TWO_63 = 9223372036854775808;
const MAX_DEPTH = 32;

/**
 * An AnyValue object: `{"stringValue":…}`, `{"boolValue":…}`, `{"intValue":"…"}`
 * (a string: 64-bit), `{"doubleValue":…}`, `{"arrayValue":{"values":[…]}}`,
 * `{"kvlistValue":{"values":[…]}}`, `{"bytesValue":"base64"}`, or `{}`.
 */
export function jsonAnyValue(v: unknown, depth = 0): string {
  switch (typeof v) {
    case 'string':
      return `{"stringValue":${jsonString(v)}}`;
    case 'number':
      return Number.isInteger(v) && v < TWO_63 && v >= -TWO_63 ? `{"intValue":${jsonInt64(v)}}` : `{"doubleValue":${jsonDouble(v)}}`;
    case 'boolean':
      return v ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'bigint':
      return `{"intValue":"${BigInt.asIntN(64, v)}"}`;
    case 'object': {
      if (v === null || depth >= MAX_DEPTH) return '{}';
      if (v instanceof Uint8Array) return `{"bytesValue":${jsonBytes(v)}}`;
      if (Array.isArray(v)) {
        let out = '{"arrayValue":{"values":[';
        for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + jsonAnyValue(v[i], depth + 1);
        return `${out}]}}`;
      }
      return `{"kvlistValue":{"values":${jsonKeyValues(v as Record<string, unknown>, depth + 1)}}}`;
    }
    default:
      return '{}';
  }
}

/** `[{"key":…,"value":{…}},…]` for each own key whose value is not undefined. */
export function jsonKeyValues(attrs: Readonly<Record<string, unknown>> | undefined, depth = 0): string {
  if (attrs === undefined) return '[]';
  let out = '[';
  for (const key in attrs) {
    // Own keys only: a user map (a log body) may inherit enumerable keys from a polluted prototype.
    if (!Object.hasOwn(attrs, key)) continue;
    const v = attrs[key];
    if (v === undefined) continue;
    out += `${out.length === 1 ? '' : ','}{"key":${jsonString(key)},"value":${jsonAnyValue(v, depth)}}`;
  }
  return `${out}]`;
}

/**
 * `,"attributes":[…]` when `attrs` has any entry, else '' — the form message
 * writers splice in after a field they always write.
 */
export function jsonAttributesField(attrs: Readonly<Record<string, unknown>> | undefined): string {
  if (attrs === undefined) return '';
  const kv = jsonKeyValues(attrs);
  return kv.length === 2 ? '' : `,"attributes":${kv}`;
}

const resourceCache = new WeakMap<Resource, string>();
const scopeCache = new WeakMap<InstrumentationScope, string>();

/** `{"attributes":[…],"droppedAttributesCount":n}`, made once per resource. */
export function jsonResource(resource: Resource): string {
  let s = resourceCache.get(resource);
  if (s === undefined) {
    s = `{"attributes":${jsonKeyValues(resource.attributes)}`;
    if (resource.droppedAttributesCount > 0) s += `,"droppedAttributesCount":${resource.droppedAttributesCount}`;
    s += '}';
    resourceCache.set(resource, s);
  }
  return s;
}

/** `{"name":…,"version":…,"attributes":[…]}`, made once per scope. */
export function jsonScope(scope: InstrumentationScope): string {
  let s = scopeCache.get(scope);
  if (s === undefined) {
    s = `{"name":${jsonString(scope.name ?? '')}`;
    if (scope.version) s += `,"version":${jsonString(scope.version)}`;
    s += jsonAttributesField(scope.attributes);
    s += '}';
    scopeCache.set(scope, s);
  }
  return s;
}
