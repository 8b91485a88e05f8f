/**
 * A protobuf writer over ONE growable Uint8Array (byte-writer.ts). Messages are written
 * straight from model objects (no intermediate message tree); nested
 * length-delimited fields reserve ONE byte for their length and shift the body
 * only when it turns out to need more (bodies under 128 bytes never move).
 *
 * Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32.
 */

import { epochParts } from '../common/time.js';
import { ByteWriter } from './byte-writer.js';

const INITIAL = 4096;
const timeScratch = { ms: 0, ns: 0 };
const TWO_32 = 0x1_0000_0000;
const encoder = new TextEncoder();

function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

export class ProtoWriter extends ByteWriter {
  #view: DataView;

  constructor(initialSize = INITIAL) {
    super(initialSize);
    this.#view = viewOf(this.buf);
  }

  /** The DataView for fixed-width numbers follows every new buffer. */
  protected override bufferReplaced(): void {
    this.#view = viewOf(this.buf);
  }

  /** A field key: (field number << 3) | wire type. Field numbers here are < 2^28. */
  tag(field: number, wireType: number): void {
    this.uint32((field << 3) | wireType);
  }

  /** An unsigned varint of a value in [0, 2^32). */
  uint32(v: number): void {
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    v >>>= 0;
    while (v > 127) {
      buf[pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /**
   * An int64 varint of a JS integer with |v| < 2^63 (negative values as
   * ten-byte two's complement, as protobuf's int64 requires).
   */
  int64(v: number): void {
    if (v >= 0 && v < TWO_32) {
      this.uint32(v);
      return;
    }
    let hi = Math.floor(v / TWO_32);
    let lo = v - hi * TWO_32;
    // Math.floor already yields the two's complement high word for negatives.
    hi = hi >>> 0;
    lo = lo >>> 0;
    this.varint64(lo, hi);
  }

  /** A varint of the 64-bit value hi:lo (both unsigned 32-bit words). */
  varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (hi > 0 || lo > 127) {
      buf[pos++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  fixed32(v: number): void {
    this.ensure(4);
    this.#view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
  }

  /** A fixed64 from its two unsigned 32-bit words. */
  fixed64(lo: number, hi: number): void {
    this.ensure(8);
    const view = this.#view;
    view.setUint32(this.pos, lo >>> 0, true);
    view.setUint32(this.pos + 4, hi >>> 0, true);
    this.pos += 8;
  }

  /**
   * Epoch nanoseconds `ms * 1e6 + ns` as a fixed64, exact without BigInt:
   * the product exceeds 2^53, so ms is split at 2^32 first (the low part
   * times 1e6 stays under 2^52) and the halves are stored as two words.
   */
  fixed64Nanos(ms: number, ns: number): void {
    const msHi = Math.floor(ms / TWO_32);
    const y = (ms - msHi * TWO_32) * 1e6 + ns; // < 2^52: exact
    const yHi = Math.floor(y / TWO_32);
    this.ensure(8);
    const view = this.#view;
    const p = this.pos;
    view.setUint32(p, y - yHi * TWO_32, true);
    view.setUint32(p + 4, (msHi * 1e6 + yHi) >>> 0, true);
    this.pos = p + 8;
  }

  /** A fixed64 / sfixed64 of a JS integer with |v| < 2^63 (two's complement when negative). */
  fixed64Int(v: number): void {
    const hi = Math.floor(v / TWO_32);
    this.fixed64(v - hi * TWO_32, hi >>> 0);
  }

  /** A relative time (ms since the time origin) as fixed64 epoch nanoseconds. */
  fixed64Time(t: number): void {
    epochParts(t, timeScratch);
    this.fixed64Nanos(timeScratch.ms, timeScratch.ns);
  }

  /** A fixed64 time field numbered below 16 (its tag is one byte). */
  fixed64TimeField(field: number, t: number): void {
    this.ensure(9);
    this.buf[this.pos++] = (field << 3) | 1;
    this.fixed64Time(t);
  }

  double(v: number): void {
    this.ensure(8);
    this.#view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** A 32-bit word as 4 big-endian bytes (ids are big-endian byte strings); the caller ensured room. */
  word(v: number): void {
    this.#view.setUint32(this.pos, v >>> 0);
    this.pos += 4;
  }

  /**
   * A trace id and a span id as fields 1 and 2 (bytes 16, bytes 8), the
   * opening of a span and of a link: eight stores, tags and lengths included.
   */
  ids(t0: number, t1: number, t2: number, t3: number, s0: number, s1: number): void {
    this.ensure(28);
    const view = this.#view;
    const p = this.pos;
    view.setUint16(p, 0x0a10); // field 1, wire type 2, length 16
    view.setUint32(p + 2, t0 >>> 0);
    view.setUint32(p + 6, t1 >>> 0);
    view.setUint32(p + 10, t2 >>> 0);
    view.setUint32(p + 14, t3 >>> 0);
    view.setUint16(p + 18, 0x1208); // field 2, wire type 2, length 8
    view.setUint32(p + 20, s0 >>> 0);
    view.setUint32(p + 24, s1 >>> 0);
    this.pos = p + 28;
  }

  /** Length-delimited bytes with a length prefix. */
  bytes(b: Uint8Array): void {
    this.uint32(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /**
   * A length-prefixed UTF-8 string. ASCII is copied char by char (the common
   * case, and faster than encodeInto for short strings); at the first other
   * character the rest goes through TextEncoder.encodeInto.
   */
  string(s: string): void {
    const n = s.length;
    if (n < 128) {
      // Short ASCII (nearly every key and value): the length is known up
      // front, so no reserved byte and no join.
      this.ensure(n + 1);
      const buf = this.buf;
      const start = this.pos;
      let pos = start + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 128) break;
        buf[pos++] = c;
      }
      if (i === n) {
        buf[start] = n;
        this.pos = pos;
        return;
      }
    }
    this.ensure(n * 3 + 5);
    const start = this.fork();
    const buf = this.buf;
    let pos = this.pos;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) break;
      buf[pos++] = c;
    }
    if (i < n) {
      const r = encoder.encodeInto(i === 0 ? s : s.slice(i), buf.subarray(pos));
      pos += r.written;
    }
    this.pos = pos;
    this.join(start);
  }

  /** A string field, skipped when empty (proto3 default). */
  stringField(field: number, s: string | undefined): void {
    if (s === undefined || s.length === 0) return;
    this.tag(field, 2);
    this.string(s);
  }

  /**
   * Starts a length-delimited body: reserves `reserve` bytes for its length
   * (one unless the caller expects a longer body) and returns the body's
   * start; pair with `join(start, reserve)`.
   */
  fork(reserve = 1): number {
    this.ensure(reserve);
    this.pos += reserve;
    return this.pos;
  }

  /**
   * Writes the length of the body begun at `start` into the `reserve` bytes
   * before it, shifting the body when the length needs another count of
   * bytes (a prediction that fits never moves it).
   */
  join(start: number, reserve = 1): void {
    const len = this.pos - start;
    if (len < 128 && reserve === 1) {
      this.buf[start - 1] = len;
      return;
    }
    const size = len < 128 ? 1 : len < 16384 ? 2 : len < 2097152 ? 3 : len < 268435456 ? 4 : 5;
    const shift = size - reserve;
    if (shift !== 0) {
      if (shift > 0) this.ensure(shift);
      this.buf.copyWithin(start + shift, start, this.pos);
      this.pos += shift;
    }
    const buf = this.buf;
    let p = start - reserve;
    let v = len;
    while (v > 127) {
      buf[p++] = (v & 127) | 128;
      v >>>= 7;
    }
    buf[p] = v;
  }
}
