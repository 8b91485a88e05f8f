/**
 * A bounded FIFO over a power-of-two array that grows on demand: no `splice`,
 * no per-item allocation, and no memory taken for capacity never used (a
 * queue bound of a million costs nothing until a million items are waiting).
 * When `limit` items are held, `push` refuses (the caller drops and counts);
 * draining reads by index and clears the slots it read so exported items can
 * be collected.
 *
 *        head                     head + size
 *          v                           v
 *   [ . . a b c d e . . . . . . . . . . ]   slots = 2^k, 2^k <= 2 * limit
 *
 * Invariants:
 *   slots.length is a power of two, 16 <= slots.length (or limit when smaller,
 *     rounded up), and never above the smallest power of two >= limit
 *   0 <= head < slots.length   (head is kept masked)
 *   0 <= size <= limit and size <= slots.length
 *   item i (0-based from the oldest) lives at (head + i) & mask
 *   every slot outside [head, head + size) holds undefined
 * Growth doubles the array and copies the items in order to [0, size), so the
 * invariants hold again with head = 0.
 */

/** Slots allocated up front: enough for a trickle of items, 128 bytes of pointers. */
const INITIAL_SLOTS = 16;

export class RingBuffer<T> {
  #slots: (T | undefined)[];
  #mask: number;
  /** Most items held at once (the configured queue size; may be below the slot count). */
  readonly limit: number;
  /** The slot count `limit` needs: the array never grows past it. */
  readonly #maxSlots: number;
  #head: number;
  #size: number;

  constructor(limit: number) {
    const n = Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 1;
    let max = 1;
    while (max < n) max *= 2;
    const slots = Math.min(max, INITIAL_SLOTS);
    this.#slots = new Array<T | undefined>(slots).fill(undefined);
    this.#mask = slots - 1;
    this.limit = n;
    this.#maxSlots = max;
    this.#head = 0;
    this.#size = 0;
  }

  get size(): number {
    return this.#size;
  }

  /** Slots currently allocated (grows by doubling, never past what `limit` needs). */
  get capacity(): number {
    return this.#slots.length;
  }

  /** Appends `item`; false (and nothing stored) when `limit` items are already held. */
  push(item: T): boolean {
    const size = this.#size;
    if (size >= this.limit) return false;
    if (size === this.#slots.length) this.#grow();
    this.#slots[(this.#head + size) & this.#mask] = item;
    this.#size = size + 1;
    return true;
  }

  /** Doubles the array (the caller knows it is full and below #maxSlots). */
  #grow(): void {
    const old = this.#slots;
    const n = old.length;
    const next = new Array<T | undefined>(Math.min(n * 2, this.#maxSlots)).fill(undefined);
    const head = this.#head;
    for (let i = 0; i < n; i++) next[i] = old[(head + i) & (n - 1)];
    this.#slots = next;
    this.#mask = next.length - 1;
    this.#head = 0;
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
