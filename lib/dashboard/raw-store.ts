/**
 * The wire view: the last request bodies exactly as received (after gzip
 * decoding), bounded by count and bytes, oldest dropped first. Ids are
 * sequence numbers, never reused.
 */

export interface RawRequest {
  readonly id: number;
  readonly receivedAt: number;
  readonly signal: string;
  readonly contentType: string;
  readonly contentEncoding: string;
  readonly body: Uint8Array;
}

export class RawStore {
  readonly #items: RawRequest[] = [];
  #seq = 0;
  bytes = 0;
  readonly #maxCount: number;
  readonly #maxBytes: number;

  constructor(maxCount: number, maxBytes: number) {
    this.#maxCount = maxCount;
    this.#maxBytes = maxBytes;
  }

  /** Keeps a copy of `body` (the caller's buffer may be reused); a body over the whole budget is not kept. */
  add(signal: string, contentType: string, contentEncoding: string, body: Uint8Array): void {
    if (body.byteLength > this.#maxBytes) return;
    const item: RawRequest = { id: ++this.#seq, receivedAt: Date.now(), signal, contentType, contentEncoding, body: body.slice() };
    this.#items.push(item);
    this.bytes += body.byteLength;
    while (this.#items.length > this.#maxCount || this.bytes > this.#maxBytes) this.bytes -= this.#items.shift()!.body.byteLength;
  }

  list(): { id: number; receivedAt: number; signal: string; contentType: string; contentEncoding: string; bytes: number }[] {
    return this.#items.map((r) => ({ id: r.id, receivedAt: r.receivedAt, signal: r.signal, contentType: r.contentType, contentEncoding: r.contentEncoding, bytes: r.body.byteLength }));
  }

  get(id: number): RawRequest | undefined {
    return this.#items.find((r) => r.id === id);
  }
}
