/**
 * Log records in timestamp order (a record without a timestamp is placed by
 * its observed time). Arrivals are mostly in order, so insertion scans back
 * from the end; eviction takes the oldest first, by count and by bytes. The
 * array is consumed from a moving head and compacted now and then, so
 * evicting one record is O(1).
 */
import type { OtlpLogRecord } from '../otlp/logs-reader.js';
import type { OtlpScope } from '../otlp/types.js';
import { estimateBytes } from './size.js';
import { nanosToMs } from './trace-store.js';

export interface StoredLog {
  readonly record: OtlpLogRecord;
  readonly service: string;
  readonly scope: OtlpScope;
  /** Epoch ms used for ordering. */
  readonly t: number;
  readonly seq: number;
  readonly bytes: number;
}

export class LogStore {
  #items: StoredLog[] = [];
  #head = 0;
  #seq = 0;
  bytes = 0;
  evicted = 0;
  readonly #maxLogs: number;
  readonly #maxBytes: number;

  constructor(maxLogs: number, maxBytes: number) {
    this.#maxLogs = maxLogs;
    this.#maxBytes = maxBytes;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  add(record: OtlpLogRecord, service: string, scope: OtlpScope): StoredLog | undefined {
    const t = nanosToMs(record.timeUnixNano !== undefined && record.timeUnixNano !== '0' ? record.timeUnixNano : record.observedTimeUnixNano);
    const stored: StoredLog = { record, service, scope, t, seq: ++this.#seq, bytes: estimateBytes(record) + 64 };
    const items = this.#items;
    let i = items.length;
    while (i > this.#head && items[i - 1]!.t > t) i--;
    if (i === items.length) items.push(stored);
    else items.splice(i, 0, stored);
    this.bytes += stored.bytes;
    // An arrival older than everything kept may be the one evicted: then it was not stored.
    return this.#bound(stored) ? undefined : stored;
  }

  /** The records, oldest first (a live view: do not keep it across calls). */
  all(): readonly StoredLog[] {
    if (this.#head > 0) this.#compact();
    return this.#items;
  }

  /** Evicts oldest-first; true when `added` itself was evicted. */
  #bound(added: StoredLog): boolean {
    let lost = false;
    while (this.size > this.#maxLogs || (this.bytes > this.#maxBytes && this.size > 0)) {
      const gone = this.#items[this.#head]!;
      this.#items[this.#head] = undefined as unknown as StoredLog;
      this.#head++;
      this.bytes -= gone.bytes;
      this.evicted++;
      if (gone === added) lost = true;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) this.#compact();
    return lost;
  }

  #compact(): void {
    this.#items = this.#items.slice(this.#head);
    this.#head = 0;
  }
}
