/**
 * Runs of encoded bytes (OTLP/JSON or protobuf) that repeat from item to
 * item — a span's head, an event's name, a log record's severity — kept as
 * bytes and copied in one piece.
 */
import type { ByteWriter } from './byte-writer.js';

/**
 * The bytes of a run that depends only on (s, a, b) — a span's flags, name
 * and kind, an event's name — kept once the same triple came twice in a row,
 * so a name that changes every time is never copied out:
 *
 *   const start = w.pos;
 *   const kept = memo.lookup(s, a, b);
 *   if (kept !== undefined) w.raw(kept);
 *   else { …write the run…; memo.store(w, start); }
 */
export class RunMemo {
  #s: string;
  #a: number;
  #b: number;
  #bytes: Uint8Array | undefined;
  #keep: boolean;

  constructor() {
    this.#s = '';
    this.#a = -1;
    this.#b = -1;
    this.#bytes = undefined;
    this.#keep = false;
  }

  /** The kept bytes for (s, a, b), or undefined: then write the run and call `store`. */
  lookup(s: string, a: number, b: number): Uint8Array | undefined {
    if (s === this.#s && a === this.#a && b === this.#b) {
      this.#keep = this.#bytes === undefined;
      return this.#bytes;
    }
    this.#s = s;
    this.#a = a;
    this.#b = b;
    this.#bytes = undefined;
    this.#keep = false;
    return undefined;
  }

  /** After a miss: keeps `w`'s bytes since `start` if the triple repeated. */
  store(w: ByteWriter, start: number): void {
    if (this.#keep) this.#bytes = w.copy(start, w.pos);
  }
}
