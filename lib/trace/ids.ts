/**
 * Trace and span ids as 32-bit unsigned numbers (four for a trace id, two for a
 * span id), drawn from a pooled block of crypto-random words. The pool makes an
 * id cost a couple of array reads instead of a ~1.9 µs `randomFillSync` call;
 * hex is produced only when someone asks for it (export, propagation).
 * The words come from the global Web Crypto `getRandomValues` (the same CSPRNG
 * as node:crypto), so importing this module loads no crypto module at all.
 */

const POOL_WORDS = 4096;
const pool = new Uint32Array(POOL_WORDS);
let next = POOL_WORDS;

/** A crypto-random 32-bit unsigned integer. */
export function random32(): number {
  if (next === POOL_WORDS) {
    globalThis.crypto.getRandomValues(pool);
    next = 0;
  }
  return pool[next++]!;
}

/** Two-character lowercase hex of each byte value. */
export const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Eight lowercase hex characters of a 32-bit unsigned integer. */
export function hex32(n: number): string {
  return HEX_BYTE[n >>> 24]! + HEX_BYTE[(n >>> 16) & 255]! + HEX_BYTE[(n >>> 8) & 255]! + HEX_BYTE[n & 255]!;
}

/** 32 lowercase hex characters of a trace id given as four words. */
export function traceIdHex(t0: number, t1: number, t2: number, t3: number): string {
  return hex32(t0) + hex32(t1) + hex32(t2) + hex32(t3);
}

/** 16 lowercase hex characters of a span id given as two words. */
export function spanIdHex(s0: number, s1: number): string {
  return hex32(s0) + hex32(s1);
}

/** Char code → nibble value for 0-9 a-f (lowercase only, as W3C requires); -1 elsewhere. */
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[97 + i] = 10 + i;

/**
 * Parses eight lowercase hex characters of `s` starting at `at` into a 32-bit
 * unsigned integer; returns -1 when any character is not lowercase hex.
 */
export function parseHex32(s: string, at: number): number {
  let n = 0;
  for (let i = at; i < at + 8; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? NIBBLE[c]! : -1;
    if (v < 0) return -1;
    n = n * 16 + v;
  }
  return n;
}
