/**
 * The spans of one trace: references (block, row) into column blocks
 * (span-block.ts), kept in one flat array [block, row, block, row, …] made
 * at the first span with exactly its size — no object per span, and a
 * one-span trace costs one two-slot array. Found by span id words: most
 * traces hold a few spans, so a linear scan, and a Map from the id's low
 * word once a trace grows past SMALL spans (a low word shared by two ids of
 * one trace — rare — falls back to the scan). `Trace` extends this class,
 * so a trace and its spans are one object.
 */
import { parseHex32 } from '../trace/ids.js';
import type { SpanBlock } from './span-block.js';
import { StoredSpan } from './stored-span.js';

const SMALL = 16;
const NONE: (SpanBlock | number)[] = [];

export class SpanSet {
  /** [block, row, block, row, …]; read with blockAt / rowAt. */
  #refs: (SpanBlock | number)[] = NONE;
  #index: Map<number, number> | undefined = undefined;
  #clash = false;

  get size(): number {
    return this.#refs.length >>> 1;
  }

  blockAt(k: number): SpanBlock {
    return this.#refs[2 * k] as SpanBlock;
  }

  rowAt(k: number): number {
    return this.#refs[2 * k + 1] as number;
  }

  /** Position of the span with id (hi, lo), or -1. */
  find(hi: number, lo: number): number {
    const refs = this.#refs;
    if (this.#index !== undefined && !this.#clash) {
      const k = this.#index.get(lo);
      if (k === undefined) return -1;
      return (refs[2 * k] as SpanBlock).ids[4 * (refs[2 * k + 1] as number)] === hi ? k : -1;
    }
    for (let p = 0; p < refs.length; p += 2) {
      const ids = (refs[p] as SpanBlock).ids;
      const at = 4 * (refs[p + 1] as number);
      if (ids[at + 1] === lo && ids[at] === hi) return p >>> 1;
    }
    return -1;
  }

  /**
   * Adds row `i` of `block`, or replaces the span with the same id (a resend);
   * returns the position replaced, or -1.
   */
  put(block: SpanBlock, i: number): number {
    const lo = block.ids[4 * i + 1]!;
    const k = this.find(block.ids[4 * i]!, lo);
    if (k >= 0) {
      this.#refs[2 * k] = block;
      this.#refs[2 * k + 1] = i;
      return k;
    }
    if (this.#refs === NONE) {
      this.#refs = [block, i];
      return -1;
    }
    this.#refs.push(block, i);
    const n = this.size;
    if (this.#index !== undefined) this.#note(lo, n - 1);
    else if (n > SMALL) {
      this.#index = new Map();
      for (let p = 0; p < n; p++) this.#note(this.blockAt(p).ids[4 * this.rowAt(p) + 1]!, p);
    }
    return -1;
  }

  #note(lo: number, at: number): void {
    if (this.#index!.has(lo)) this.#clash = true;
    this.#index!.set(lo, at);
  }

  /** Removes the span at position k (the last one moves into its place). */
  removeAt(k: number): void {
    const refs = this.#refs;
    this.#index?.delete(this.blockAt(k).ids[4 * this.rowAt(k) + 1]!);
    const lastRow = refs.pop() as number;
    const lastBlock = refs.pop() as SpanBlock;
    if (2 * k < refs.length) {
      refs[2 * k] = lastBlock;
      refs[2 * k + 1] = lastRow;
      this.#index?.set(lastBlock.ids[4 * lastRow + 1]!, k);
    }
  }

  // The Map-like surface the API and tests read, by hex span id (views made on demand).

  get(spanId: string): StoredSpan | undefined {
    const k = this.#findHex(spanId);
    return k < 0 ? undefined : this.at(k);
  }

  #findHex(spanId: string): number {
    if (typeof spanId !== 'string' || spanId.length !== 16) return -1;
    const hi = parseHex32(spanId, 0);
    const lo = parseHex32(spanId, 8);
    return hi < 0 || lo < 0 ? -1 : this.find(hi, lo);
  }

  at(k: number): StoredSpan {
    return new StoredSpan(this.blockAt(k), this.rowAt(k));
  }

  *values(): IterableIterator<StoredSpan> {
    for (let k = 0; k < this.size; k++) yield this.at(k);
  }
}
