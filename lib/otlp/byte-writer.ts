/**
 * The growable byte buffer under both OTLP writers (ProtoWriter for
 * protobuf, JsonWriter for OTLP/JSON): ONE Uint8Array written from the front,
 * doubled when full, handed over without a copy when done. The writers add
 * their encodings on top and write into `buf`/`pos` directly.
 */
import { Buffer } from 'node:buffer';

export class ByteWriter {
  /** The bytes written so far are `buf[0 .. pos)`. */
  buf: Uint8Array;
  pos: number;

  constructor(initialSize: number) {
    this.buf = Buffer.allocUnsafe(initialSize);
    this.pos = 0;
  }

  /** Forgets what was written, keeping the buffer (for reuse across exports). */
  reset(): void {
    this.pos = 0;
  }

  /**
   * The bytes written, handed over without a copy; the writer continues on a
   * fresh uninitialized buffer of the same size (copying 300 KB cost more
   * than allocating it without zero-filling).
   */
  finish(): Uint8Array {
    if (this.pos < this.buf.length >>> 2) {
      // Small output from a big buffer: a copy is cheaper than replacing the buffer.
      const copy = Uint8Array.prototype.slice.call(this.buf, 0, this.pos);
      this.pos = 0;
      return copy;
    }
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.bufferReplaced();
    this.pos = 0;
    return out;
  }

  /** A copy of bytes [start, end) — a real copy, unlike Buffer#slice. */
  copy(start: number, end: number): Uint8Array {
    return Uint8Array.prototype.slice.call(this.buf, start, end);
  }

  /** Makes room for `n` more bytes, doubling so growth is amortized O(1). */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.bufferReplaced();
  }

  /** One byte. */
  byte(c: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** Raw bytes with no prefix (a cached, already encoded fragment). */
  raw(b: Uint8Array): void {
    const pos = this.pos;
    if (pos + b.length > this.buf.length) this.ensure(b.length);
    this.buf.set(b, pos);
    this.pos = pos + b.length;
  }

  /** Called whenever `buf` is replaced: a subclass refreshes what it derived from it. */
  protected bufferReplaced(): void {}
}
