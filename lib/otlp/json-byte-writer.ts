/**
 * The byte-level OTLP/JSON writer: one growable Uint8Array (byte-writer.ts)
 * that JSON pieces are written into as char codes, never through strings.
 * Building one big JS string out of many small pieces makes a rope that
 * costs more to flatten and UTF-8 encode than it cost to build (measured:
 * ~0.9 ms of ~1.9 ms for 512 spans).
 *
 * Every hot method checks capacity inline and writes through locals. A copy
 * costs about the same whatever its length, so callers pre-encode constant
 * runs as `literal()` bytes, fuse neighbours (a time field's name with the
 * cached high digits, a span's flags, name and kind) and keep repeating runs
 * (run-memo.ts, the KeyValue chains of json-bytes.ts).
 */
import { Buffer } from 'node:buffer';
import { epochParts } from '../common/time.js';
import { ByteWriter } from './byte-writer.js';

const encoder = new TextEncoder();

/** Two hex char codes per byte value: HEX2[2b], HEX2[2b+1]. */
const HEX2 = new Uint8Array(512);
/** Two decimal char codes per value below 100: DEC2[2v], DEC2[2v+1]. */
const DEC2 = new Uint8Array(200);
for (let i = 0; i < 256; i++) {
  HEX2[2 * i] = '0123456789abcdef'.charCodeAt(i >>> 4);
  HEX2[2 * i + 1] = '0123456789abcdef'.charCodeAt(i & 15);
}
for (let i = 0; i < 100; i++) {
  DEC2[2 * i] = 48 + ((i / 10) | 0);
  DEC2[2 * i + 1] = 48 + (i % 10);
}

/** Eight lowercase hex digits of the 32-bit word `v` at `buf[p…p+8)`, from the byte table. */
function hex8(buf: Uint8Array, p: number, v: number): void {
  let i = (v >>> 23) & 0x1fe;
  buf[p] = HEX2[i]!;
  buf[p + 1] = HEX2[i + 1]!;
  i = (v >>> 15) & 0x1fe;
  buf[p + 2] = HEX2[i]!;
  buf[p + 3] = HEX2[i + 1]!;
  i = (v >>> 7) & 0x1fe;
  buf[p + 4] = HEX2[i]!;
  buf[p + 5] = HEX2[i + 1]!;
  i = (v << 1) & 0x1fe;
  buf[p + 6] = HEX2[i]!;
  buf[p + 7] = HEX2[i + 1]!;
}

/**
 * A constant fragment as bytes, for `JsonWriter.lit`. A Buffer, like the
 * writer's own buffer and its copies, so copies see one map.
 */
export function literal(s: string): Uint8Array {
  return Buffer.from(s, 'utf8');
}

/** The time `timeSplit` split last: epoch ms, ns within it, high part of ms. */
const time = { ms: 0, ns: 0, hi: 0 };

/**
 * A time field's name (`,"startTimeUnixNano":`) with, once used, the bytes of
 * the name, the opening quote and the digits of the epoch-ms high part that
 * `JsonWriter.timeField` copies in one piece. One per call site.
 */
export class TimeField {
  readonly name: Uint8Array;
  hi: number;
  bytes: Uint8Array;

  constructor(name: string) {
    this.name = literal(name);
    this.hi = -1;
    this.bytes = this.name;
  }
}

function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** A 12-byte ASCII constant as three big-endian 32-bit words. */
function words12(s: string): number[] {
  const v = viewOf(literal(s));
  return [v.getUint32(0), v.getUint32(4), v.getUint32(8)];
}

const TRACE_ID_KEY = words12('{"traceId":"');
const SPAN_ID_KEY = words12('","spanId":"');

export class JsonWriter extends ByteWriter {
  /** A time with no field name, for `time`; per writer. */
  readonly #bareTime: TimeField;
  /** Over `buf`, for word stores (`ids`). */
  #view: DataView;

  constructor(initialSize = 64 * 1024) {
    super(initialSize);
    this.#bareTime = new TimeField('');
    this.#view = viewOf(this.buf);
  }

  /** The text written (for string-returning APIs). */
  text(): string {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset, this.pos).toString('utf8');
  }

  /** Text known to be ASCII needing no escapes (cold paths: punctuation, digits). */
  ascii(s: string): void {
    const n = s.length;
    this.ensure(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = s.charCodeAt(i);
    this.pos = pos;
  }

  /**
   * Pre-encoded bytes: a constant fragment made by `literal()`, a kept run.
   * One `TypedArray#set` (~15–20 ns whatever the length, up to a few hundred
   * bytes): in the encoders it beat a by-index loop even for 12-byte
   * fragments, so the gains come from fusing fragments into fewer copies.
   */
  lit(b: Uint8Array): void {
    const pos = this.pos;
    if (pos + b.length > this.buf.length) this.ensure(b.length);
    this.buf.set(b, pos);
    this.pos = pos + b.length;
  }

  override raw(b: Uint8Array): void {
    this.lit(b);
  }

  /**
   * A JSON string literal. Printable ASCII is copied as is; at the first
   * character needing an escape or UTF-8, the whole literal is redone from
   * JSON.stringify (which also escapes lone surrogates) through encodeInto.
   */
  str(s: string): void {
    const n = s.length;
    const start = this.pos;
    if (start + n + 2 > this.buf.length) this.ensure(n + 2);
    const buf = this.buf;
    buf[start] = 34;
    const at = start + 1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 34 || c === 92) {
        this.#slowStr(s);
        return;
      }
      buf[at + i] = c;
    }
    buf[at + n] = 34;
    this.pos = at + n + 1;
  }

  #slowStr(s: string): void {
    const lit = JSON.stringify(s);
    this.ensure(lit.length * 3);
    this.pos += encoder.encodeInto(lit, this.buf.subarray(this.pos)).written;
  }

  /** A double: a JSON number when finite, else the proto3 JSON string. */
  double(v: number): void {
    if (Number.isFinite(v)) this.ascii(String(v));
    else this.ascii(v !== v ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"');
  }

  /** A non-negative integer below 2^53 (counts, enums, flags) as a JSON number. */
  uint(n: number): void {
    if (this.pos + 16 > this.buf.length) this.ensure(16);
    this.#digits(n);
  }

  /**
   * Decimal digits of a non-negative safe integer, written straight into the
   * buffer (String(n) allocates, and it showed in profiles). Caller ensures room.
   */
  #digits(n: number): void {
    const buf = this.buf;
    if (n < 10) {
      buf[this.pos++] = 48 + n;
      return;
    }
    let len = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) len++;
    let p = this.pos + len;
    this.pos = p;
    let x = n;
    while (x >= 10) {
      const q = Math.floor(x / 10);
      buf[--p] = 48 + (x - q * 10);
      x = q;
    }
    buf[--p] = 48 + x;
  }

  /** A 64-bit integer as a quoted decimal (exact above 2^53 too). */
  int64(v: number): void {
    if (v >= 0 && v <= Number.MAX_SAFE_INTEGER) {
      if (this.pos + 20 > this.buf.length) this.ensure(20);
      this.buf[this.pos++] = 34;
      this.#digits(v);
      this.buf[this.pos++] = 34;
    } else this.ascii(Number.isSafeInteger(v) ? `"${v}"` : `"${BigInt(v)}"`);
  }

  /** Relative time → quoted epoch nanoseconds (see `timeField`). */
  time(t: number): void {
    this.timeField(this.#bareTime, t);
  }

  /**
   * `f`'s field name, then relative time `t` as quoted epoch nanoseconds.
   * The epoch milliseconds split into a high part that changes every ~17
   * minutes — kept as bytes together with the field name, so both are one
   * copy — and six low digits; those and the six nanosecond digits are
   * written two at a time from a table with int32 arithmetic. Measured:
   * String()/float division here was a quarter of the whole encoder's time.
   */
  timeField(f: TimeField, t: number): void {
    this.timeSplit(t);
    this.timeOpen(f);
    this.timeClose();
  }

  /**
   * `timeField` in three steps, so an encoder can keep the name and high
   * digits inside a longer repeating run (RunMemo keyed by the high part):
   * split `t` and return its epoch-ms high part; …
   */
  timeSplit(t: number): number {
    epochParts(t, time);
    return (time.hi = Math.floor(time.ms / 1e6));
  }

  /** … write `f`'s name, the opening quote and the high digits; … */
  timeOpen(f: TimeField): void {
    const hi = time.hi;
    if (hi === 0) {
      this.lit(f.name);
      this.byte(34);
      return;
    }
    if (hi !== f.hi) {
      f.hi = hi;
      f.bytes = Buffer.concat([f.name, literal(`"${hi}`)]);
    }
    this.lit(f.bytes);
  }

  /** … then the low digits and the closing quote. */
  timeClose(): void {
    if (this.pos + 24 > this.buf.length) this.ensure(24);
    const ms = time.ms;
    const hi = time.hi;
    if (hi !== 0) {
      this.#six(ms - hi * 1e6);
      this.#six(time.ns);
    } else if (ms !== 0) {
      this.#digits(ms);
      this.#six(time.ns);
    } else this.#digits(time.ns);
    this.buf[this.pos++] = 34;
  }

  /** Exactly six digits (zero-padded) of an integer below 10^6. Caller ensures room. */
  #six(v: number): void {
    const buf = this.buf;
    const p = this.pos;
    const a = (v / 10000) | 0;
    const r = v - a * 10000;
    const b = (r / 100) | 0;
    const c = (r - b * 100) << 1;
    buf[p] = DEC2[a << 1]!;
    buf[p + 1] = DEC2[(a << 1) + 1]!;
    buf[p + 2] = DEC2[b << 1]!;
    buf[p + 3] = DEC2[(b << 1) + 1]!;
    buf[p + 4] = DEC2[c]!;
    buf[p + 5] = DEC2[c + 1]!;
    this.pos = p + 6;
  }

  /** Sixteen lowercase hex digits of two 32-bit words, most significant first (no quotes). */
  hex64(hi: number, lo: number): void {
    const pos = this.pos;
    if (pos + 16 > this.buf.length) this.ensure(16);
    hex8(this.buf, pos, hi);
    hex8(this.buf, pos + 8, lo);
    this.pos = pos + 16;
  }

  /**
   * `{"traceId":"<32 hex>","spanId":"<16 hex>"` — the id pair that opens
   * spans and links. The two 12-byte keys go in as three 32-bit words each
   * (DataView stores): cheaper than two copies.
   */
  ids(t0: number, t1: number, t2: number, t3: number, s0: number, s1: number): void {
    const p = this.pos;
    if (p + 73 > this.buf.length) this.ensure(73);
    const buf = this.buf;
    const view = this.#view;
    view.setUint32(p, TRACE_ID_KEY[0]!);
    view.setUint32(p + 4, TRACE_ID_KEY[1]!);
    view.setUint32(p + 8, TRACE_ID_KEY[2]!);
    hex8(buf, p + 12, t0);
    hex8(buf, p + 20, t1);
    hex8(buf, p + 28, t2);
    hex8(buf, p + 36, t3);
    view.setUint32(p + 44, SPAN_ID_KEY[0]!);
    view.setUint32(p + 48, SPAN_ID_KEY[1]!);
    view.setUint32(p + 52, SPAN_ID_KEY[2]!);
    hex8(buf, p + 56, s0);
    hex8(buf, p + 64, s1);
    buf[p + 72] = 34;
    this.pos = p + 73;
  }

  protected override bufferReplaced(): void {
    this.#view = viewOf(this.buf);
  }

}
