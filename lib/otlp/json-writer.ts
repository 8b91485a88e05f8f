/**
 * Helpers for building OTLP/JSON text by hand (no object tree, no
 * JSON.stringify of whole messages). OTLP/JSON is proto3 JSON with the OTLP
 * exceptions: lowerCamelCase keys, trace/span ids as hex (not base64), enums
 * as integers. From proto3 JSON it keeps: 64-bit integers as decimal STRINGS,
 * non-finite doubles as the strings "NaN", "Infinity", "-Infinity", bytes as
 * base64.
 */
import { Buffer } from 'node:buffer';
import { epochParts } from '../common/time.js';
import { spanIdHex, traceIdHex } from '../trace/ids.js';

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
