/**
 * A fixed-capacity FIFO over a preallocated power-of-two array: no growth, no
 * `splice`, no per-item allocation. When full, `push` refuses (the caller
 * drops and counts); draining reads by index and clears the slots it read so
 * exported items can be collected.
 *
 *        head                     head + size
 *          v                           v
 *   [ . . a b c d e . . . . . . . . . . ]   slots = 2^k >= limit
 *
 * Invariants:
 *   0 <= head < slots          (head is kept masked)
 *   0 <= size <= limit <= slots
 *   item i (0-based from the oldest) lives at (head + i) & mask
 *   every slot outside [head, head + size) holds undefined
 */
export class RingBuffer<T> {
  readonly #slots: (T | undefined)[];
  readonly #mask: number;
  /** Most items held at once (the configured queue size; may be below the slot count). */
  readonly limit: number;
  #head: number;
  #size: number;

  constructor(limit: number) {
    const n = Math.max(1, Math.floor(limit));
    let slots = 1;
    while (slots < n) slots *= 2;
    this.#slots = new Array<T | undefined>(slots).fill(undefined);
    this.#mask = slots - 1;
    this.limit = n;
    this.#head = 0;
    this.#size = 0;
  }

  get size(): number {
    return this.#size;
  }

  /** Appends `item`; false (and nothing stored) when `limit` items are already held. */
  push(item: T): boolean {
    const size = this.#size;
    if (size >= this.limit) return false;
    this.#slots[(this.#head + size) & this.#mask] = item;
    this.#size = size + 1;
    return true;
  }

  /** Removes up to `max` of the oldest items into a new array, oldest first. */
  drain(max: number): T[] {
    const n = Math.min(max, this.#size);
    const out = new Array<T>(n);
    const slots = this.#slots;
    const mask = this.#mask;
    let head = this.#head;
    for (let i = 0; i < n; i++) {
      out[i] = slots[head]!;
      slots[head] = undefined;
      head = (head + 1) & mask;
    }
    this.#head = head;
    this.#size -= n;
    return out;
  }

  /** Forgets every item. */
  clear(): void {
    this.drain(this.#size);
  }
}
