/**
 * A protobuf reader: decodes what ProtoWriter writes (and what any other
 * conforming encoder writes). Malformed input throws a ProtoDecodeError; the
 * callers (receiver, CLI) turn that into a value for their own users.
 */

import { describeValue } from '../common/exception.js';

const decoder = new TextDecoder('utf-8', { fatal: false });
const TWO_32 = 0x1_0000_0000;
/**
 * Deepest message nesting read. An OTLP request is ~8 levels to a span's attribute values and
 * each nested AnyValue adds 2 (our writer stops at 32 AnyValue levels: ~72). Readers recurse per
 * level, so a hostile payload nested 20,000 deep would otherwise overflow the stack (a RangeError
 * instead of a decode error).
 */
export const MAX_NESTING = 256;

export class ProtoDecodeError extends Error {
  readonly code = 'ZEROTEL_PROTO_DECODE';
  constructor(message: string) {
    super(message);
    this.name = 'ProtoDecodeError';
  }
}

/**
 * The bytes of a view or buffer that is not a Uint8Array; a ProtoDecodeError
 * for anything else (a string, null, a Proxy): the codec's one error for input
 * it cannot decode, whether the bytes are malformed or are not bytes at all.
 */
function asBytes(input: unknown): Uint8Array {
  try {
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && input instanceof SharedArrayBuffer)) return new Uint8Array(input);
  } catch {
    // A Proxy's traps: not bytes.
  }
  const what = describeValue(input);
  throw new ProtoDecodeError(`expected protobuf bytes (a typed array, DataView or ArrayBuffer), got ${what}`);
}

export class ProtoReader {
  readonly buf: Uint8Array;
  pos: number;
  /** Where the current message ends. */
  end: number;
  /** The words of the last `varint64()`. */
  lo: number;
  hi: number;
  /** Messages entered and not yet left. */
  depth: number;
  readonly #view: DataView;

  /**
   * Reads `buf[start, end)`. `buf` may be any view of bytes (Uint8Array,
   * Buffer, another typed array or DataView) or an ArrayBuffer; anything else,
   * or a range outside it, throws a ProtoDecodeError like malformed bytes do.
   */
  constructor(buf: Uint8Array | ArrayBufferView | ArrayBufferLike, start?: number, end?: number) {
    // isView first: it runs no Proxy trap, so instanceof only ever sees a real view.
    const bytes = ArrayBuffer.isView(buf) && buf instanceof Uint8Array ? buf : asBytes(buf);
    const from = start ?? 0;
    const to = end ?? bytes.length;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > bytes.length || from > to) {
      throw new ProtoDecodeError(`range [${String(from)}, ${String(to)}) outside the ${bytes.length} bytes`);
    }
    this.lo = 0;
    this.hi = 0;
    this.depth = 0;
    this.buf = bytes;
    this.pos = from;
    this.end = to;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** True while bytes of the current message remain. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** Reads a field key; returns `field << 3 | wireType` (split with `>>> 3` and `& 7`). */
  tag(): number {
    const t = this.uint32();
    if (t >>> 3 === 0) throw new ProtoDecodeError(`invalid field number 0 at byte ${this.pos}`);
    return t;
  }

  /** A varint truncated to its low 32 bits (unsigned). */
  uint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= this.end) throw new ProtoDecodeError('truncated varint');
      const b = buf[pos++]!;
      if (shift < 32) result |= (b & 127) << shift;
      if (b < 128) break;
      shift += 7;
      if (shift >= 70) throw new ProtoDecodeError('varint too long');
    }
    this.pos = pos;
    return result >>> 0;
  }

  /** Reads a 64-bit varint into `lo`/`hi` (two unsigned 32-bit words). */
  varint64(): void {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (;;) {
      if (pos >= this.end) throw new ProtoDecodeError('truncated varint');
      const b = buf[pos++]!;
      const bits = b & 127;
      if (shift < 28) lo |= bits << shift;
      else if (shift === 28) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else if (shift < 64) hi |= bits << (shift - 32);
      if (b < 128) break;
      shift += 7;
      if (shift >= 70) throw new ProtoDecodeError('varint too long');
    }
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** An int64 varint as a decimal string (exact, for OTLP/JSON). */
  int64String(): string {
    this.varint64();
    return int64ToString(this.lo, this.hi, true);
  }

  /** A uint64 varint as a decimal string. */
  uint64String(): string {
    this.varint64();
    return int64ToString(this.lo, this.hi, false);
  }

  bool(): boolean {
    return this.uint32() !== 0;
  }

  fixed32(): number {
    this.need(4);
    const v = this.#view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** A fixed64 (unsigned) as a decimal string. */
  fixed64String(): string {
    this.need(8);
    const lo = this.#view.getUint32(this.pos, true);
    const hi = this.#view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return int64ToString(lo, hi, false);
  }

  /** An sfixed64 as a decimal string. */
  sfixed64String(): string {
    this.need(8);
    const lo = this.#view.getUint32(this.pos, true);
    const hi = this.#view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return int64ToString(lo, hi, true);
  }

  double(): number {
    this.need(8);
    const v = this.#view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** The bytes of a length-delimited field (a view, not a copy). */
  bytes(): Uint8Array {
    const len = this.uint32();
    this.need(len);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  string(): string {
    const len = this.uint32();
    this.need(len);
    const start = this.pos;
    this.pos += len;
    return decoder.decode(this.buf.subarray(start, start + len));
  }

  /**
   * Enters a nested message: returns the enclosing end, to pass back to
   * `leave()` once the nested message is read.
   */
  enter(): number {
    if (this.depth >= MAX_NESTING) throw new ProtoDecodeError(`messages nested deeper than ${MAX_NESTING} levels at byte ${this.pos}`);
    const len = this.uint32();
    this.need(len);
    this.depth++;
    const outer = this.end;
    this.end = this.pos + len;
    return outer;
  }

  leave(outerEnd: number): void {
    this.depth--;
    this.pos = this.end;
    this.end = outerEnd;
  }

  /** Skips a field of the given wire type (unknown fields are ignored, as protobuf requires). */
  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint64();
        return;
      case 1:
        this.need(8);
        this.pos += 8;
        return;
      case 2: {
        const len = this.uint32();
        this.need(len);
        this.pos += len;
        return;
      }
      case 5:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new ProtoDecodeError(`unsupported wire type ${wireType} at byte ${this.pos}`);
    }
  }

  need(n: number): void {
    if (this.pos + n > this.end) throw new ProtoDecodeError(`truncated message: need ${n} bytes at byte ${this.pos}, have ${this.end - this.pos}`);
  }
}

/** A 64-bit integer given as two unsigned 32-bit words, as an exact decimal string. */
export function int64ToString(lo: number, hi: number, signed: boolean): string {
  if (hi < 0x200000) return String(hi * TWO_32 + lo); // < 2^53: exact as a double
  if (signed && hi >= 0x80000000) {
    // >= -2^53: still exact as a double.
    if (hi >= 0xffe00000) return String((hi - TWO_32) * TWO_32 + lo);
    const v = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
    return v.toString();
  }
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}
