/**
 * The batching core shared by spans and log records: a ring buffer, a queue
 * of batches already encoded to bytes, a timer, and at most one export in
 * flight. Generic over the item type; the span and log processors are thin
 * adapters that choose their defaults and filters.
 *
 * Semantics (OpenTelemetry BatchSpanProcessor / BatchLogRecordProcessor, and
 * what we add):
 *  - an item is queued at once; the ring grows on demand up to maxQueueSize;
 *  - when the ring is full and the exporter can encode ahead (`encode` +
 *    `exportEncoded`), its oldest full batch is encoded to bytes on the spot
 *    and queued as bytes (~250 B a span instead of a live object graph),
 *    bounded by `maxEncodedBytes`; only past that is the new item dropped;
 *    every drop is counted at once and reported at a bounded rate;
 *  - batches leave oldest first: encoded batches, then the ring;
 *  - an export starts when a full batch is waiting, or `scheduledDelayMillis`
 *    after the first queued item otherwise; the timer never holds the process;
 *  - one export at a time: the next starts only once the previous one has
 *    settled. At `exportTimeoutMillis` its AbortSignal (the exporter's 2nd
 *    argument) is aborted; an exporter that still does not settle within
 *    ABANDON_GRACE_MS is given up on (counted failed) so the queue moves on;
 *  - `forceFlush()` exports what is queued and resolves by its deadline; while
 *    it is awaited a ref'd timer keeps the process alive until that deadline
 *    (the export timers are unref'd, so an `await` would otherwise end the
 *    process silently). `shutdown()` flushes (items added meanwhile are still
 *    taken), cancels what the deadline cut off, counts what is left as
 *    failed, then shuts the exporter down.
 */
import { describeError, diag } from '../common/diag.js';
import type { HandOff, HandOffResult, PreparedSend } from '../common/exit-handoff.js';
import { NOT_ACCEPTED_AT_EXIT, registerExitHandOff } from '../common/exit-handoff.js';
import type { ExportResult } from '../trace/span-exporter.js';
import type { PendingExport } from '../common/deadline.js';
import { ABANDON_GRACE_MS, AbortSource, exportWithDeadline, failureCause, withTimeout } from '../common/deadline.js';
import type { PipelineSignal, SignalCounters } from '../common/pipeline-stats.js';
import { signalCounters } from '../common/pipeline-stats.js';
import type { ResolvedBatchOptions } from '../common/batch-options.js';
import { DEFAULT_MAX_ENCODED_BYTES, MAX_QUEUE_SIZE_LIMIT } from '../common/batch-options.js';
import { RingBuffer } from './ring-buffer.js';

export { withTimeout };
export type { BatchOptions, BatchProcessorOptions, ResolvedBatchOptions } from '../common/batch-options.js';

/** What a batch processor exports into (a SpanExporter is one, for spans). */
export interface BatchExporter<T> {
  /** `signal` aborts at the export deadline: stop, and resolve with a failure. */
  export(items: T[], signal?: AbortSignal): Promise<ExportResult>;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
  /**
   * Optional, with `exportEncoded`: the request body for `items`, built now
   * (synchronously) to be sent later. Lets a burst wait as bytes.
   */
  encode?(items: T[]): Uint8Array;
  /** Sends a body made by `encode`; same contract as `export`. */
  exportEncoded?(body: Uint8Array, signal?: AbortSignal): Promise<ExportResult>;
  /** Optional: at `process.exit()`, the send of bodies made by `encode` for the exit hand-off, or why there is none. */
  prepareEncodedSync?(bodies: Uint8Array[]): PreparedSend | string;
}

/** One batch encoded ahead: its bytes and how many items they hold. */
interface EncodedBatch {
  readonly body: Uint8Array;
  readonly count: number;
}

export class BatchProcessorCore<T> {
  readonly options: ResolvedBatchOptions;
  readonly #exporter: BatchExporter<T>;
  readonly #queue: RingBuffer<T>;
  readonly #encoded: RingBuffer<EncodedBatch>;
  #encodedBytes: number;
  /** Items in the encoded batches. */
  #encodedItems: number;
  readonly #maxEncodedBytes: number;
  /** Size of the last batch encoded ahead: the estimate that keeps the byte bound without encoding in vain. */
  #lastEncodedSize: number;
  readonly #canEncode: boolean;
  /** For diagnostics and drop counters: "bsp.span", "blrp.log". */
  readonly #kind: string;
  readonly #stats: SignalCounters;
  #timer: NodeJS.Timeout | undefined;
  /** The pending timer is a 0 ms one (an export is due now). */
  #timerSoon: boolean;
  #inFlight: Promise<void> | undefined;
  /** The export in flight (aborted at its timeout, or by shutdown's deadline). */
  #current: PendingExport | undefined;
  /** Controllers for the exports, reused while unaborted (see AbortSource). */
  readonly #aborts = new AbortSource();
  #dropped: number;
  #failed: number;
  #exported: number;
  #shutdown: Promise<void> | undefined;
  /** Set once shutdown's flush is over: items are refused from then on. */
  #closed: boolean;

  constructor(exporter: BatchExporter<T>, options: ResolvedBatchOptions, kind: string, signal: PipelineSignal = 'spans') {
    this.options = options;
    this.#exporter = exporter;
    this.#queue = new RingBuffer<T>(options.maxQueueSize);
    this.#encoded = new RingBuffer<EncodedBatch>(MAX_QUEUE_SIZE_LIMIT);
    this.#encodedBytes = 0;
    this.#encodedItems = 0;
    this.#maxEncodedBytes = options.maxEncodedBytes ?? DEFAULT_MAX_ENCODED_BYTES;
    this.#lastEncodedSize = 0;
    let canEncode = false;
    try {
      canEncode = typeof exporter.encode === 'function' && typeof exporter.exportEncoded === 'function';
    } catch {
      // A hostile exporter object: no encoding ahead.
    }
    this.#canEncode = canEncode;
    this.#kind = kind;
    this.#stats = signalCounters(signal);
    this.#timer = undefined;
    this.#timerSoon = false;
    this.#inFlight = undefined;
    this.#current = undefined;
    this.#dropped = 0;
    this.#failed = 0;
    this.#exported = 0;
    this.#shutdown = undefined;
    this.#closed = false;
    this.#unregister = registerExitHandOff(this, BatchProcessorCore.#prepareHandOff);
  }

  /** Takes this core out of the hand-off at process.exit() (at shutdown). */
  readonly #unregister: () => void;

  /**
   * At `process.exit()` (no event loop any more): encodes what is queued
   * and hands it to the exit hand-off (common/exit-handoff.ts), which sends
   * it together with the other signals and then settles the count here.
   * Without a synchronous exporter, or with nothing queued, undefined (the
   * exit line counts what is left).
   */
  static readonly #prepareHandOff = (core: BatchProcessorCore<unknown>): HandOff | undefined => core.#handOff();

  #handOff(): HandOff | undefined {
    const exporter = this.#exporter;
    if (this.#closed || !this.#canEncode) return undefined;
    let prepare: BatchExporter<T>['prepareEncodedSync'];
    try {
      prepare = exporter.prepareEncodedSync;
    } catch {
      return undefined;
    }
    if (typeof prepare !== 'function') return undefined;
    const bodies: Uint8Array[] = [];
    const counts: number[] = [];
    for (const enc of this.#encoded.drain(this.#encoded.size)) {
      bodies.push(enc.body);
      counts.push(enc.count);
    }
    this.#encodedBytes = 0;
    this.#encodedItems = 0;
    while (this.#queue.size > 0) {
      const batch = this.#queue.drain(this.options.maxExportBatchSize);
      try {
        bodies.push(exporter.encode!(batch));
        counts.push(batch.length);
      } catch {
        this.#stats.queued -= batch.length;
        this.#drop(batch.length, 'encode-failed');
      }
    }
    if (bodies.length === 0) return undefined;
    const total = counts.reduce((a, n) => a + n, 0);
    this.#stats.queued -= total;
    this.#stats.inFlight += total;
    const settle = (r: HandOffResult, ms: number): void => {
      const accepted = Number(r.accepted) || 0;
      let ok = 0;
      for (let i = 0; i < counts.length && i < accepted; i++) ok += counts[i]!;
      if (ok > 0) this.#stats.settled(ok, ms, true);
      this.#exported += ok;
      if (total > ok) {
        this.#stats.settled(total - ok, ms, false);
        this.#failed += total - ok;
        const why = typeof r.error === 'string' ? `: ${r.error}` : '';
        diag.dropped(`${this.#kind}.export-failed`, total - ok, `${NOT_ACCEPTED_AT_EXIT}${why}`, 'exit-sync');
      }
    };
    let prepared: PreparedSend | string;
    try {
      prepared = prepare.call(exporter, bodies);
    } catch (err) {
      prepared = describeError(err);
    }
    if (typeof prepared === 'string') {
      settle({ accepted: 0, error: prepared }, 0);
      return undefined;
    }
    return { job: prepared.job, run: prepared.run, settle };
  }

  /** Items dropped before any export (queue and encoded bytes full, or added after shutdown); exact at all times. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Items whose export failed (after the exporter's own retries), timed out, or was cut off by shutdown. */
  get failed(): number {
    return this.#failed;
  }

  /** Items exported successfully. */
  get exported(): number {
    return this.#exported;
  }

  /** Items waiting: in the ring and in encoded batches. */
  get queued(): number {
    return this.#queue.size + this.#encodedItems;
  }

  /** Bytes of encoded batches waiting. */
  get encodedBytes(): number {
    return this.#encodedBytes;
  }

  /**
   * Queues `item` (the hot path: one ring write, a timer armed on the first
   * item). Kept small so it inlines; a full ring or a closed processor takes
   * #addSlow.
   */
  add(item: T): void {
    if (this.#closed || !this.#queue.push(item)) {
      this.#addSlow(item);
      return;
    }
    this.#queued();
  }

  /** An item went in: count it, and arm the export. */
  #queued(): void {
    this.#stats.queued++;
    if (this.#inFlight !== undefined) return;
    if (this.#queue.size >= this.options.maxExportBatchSize || this.#encodedItems > 0) this.#schedule(0);
    else if (this.#timer === undefined) this.#schedule(this.options.scheduledDelayMillis);
  }

  /** Closed, or the ring is full: encode a batch ahead to make room, else drop and count. */
  #addSlow(item: T): void {
    if (this.#closed) this.#drop(1, 'after-shutdown');
    else if (this.#encodeAhead() && this.#queue.push(item)) this.#queued();
    else this.#drop(1, 'queue-full');
  }

  #drop(n: number, cause: 'queue-full' | 'after-shutdown' | 'encode-failed' | 'shutdown-deadline'): void {
    this.#dropped += n;
    this.#stats.drop(cause, n);
    // The reason is built only when a line prints; queue-full (every item of an overload) reuses one function.
    diag.dropped(this.#kind, n, cause === 'queue-full' ? this.#queueFull : () => this.#dropReason(cause), cause);
  }

  readonly #queueFull = (): string => this.#dropReason('queue-full');

  #dropReason(cause: string): string {
    switch (cause) {
      case 'after-shutdown':
        return 'added after shutdown';
      case 'encode-failed':
        return 'the exporter could not encode a batch';
      case 'shutdown-deadline':
        return 'still queued when the shutdown deadline passed';
      default:
        return this.#canEncode
          ? `queue full (maxQueueSize ${this.options.maxQueueSize}, encoded batches ${this.#encodedBytes} of ${this.#maxEncodedBytes} bytes)`
          : `queue full (maxQueueSize ${this.options.maxQueueSize})`;
    }
  }

  /**
   * The ring is full: encode its oldest full batch into bytes to make room.
   * False when the exporter cannot, or the encoded bytes would pass their bound.
   */
  #encodeAhead(): boolean {
    if (!this.#canEncode || this.#encodedBytes + this.#lastEncodedSize > this.#maxEncodedBytes) return false;
    const batch = this.#queue.drain(this.options.maxExportBatchSize);
    let body: Uint8Array;
    try {
      body = this.#exporter.encode!(batch);
      if (!(body instanceof Uint8Array)) throw new TypeError('encode() returned no bytes');
    } catch (err) {
      this.#stats.queued -= batch.length;
      this.#drop(batch.length, 'encode-failed');
      diag.debug(`${this.#kind}: encoding ${batch.length} items ahead failed: ${describeError(err)}`);
      return true;
    }
    this.#lastEncodedSize = body.byteLength;
    this.#encodedBytes += body.byteLength;
    this.#encodedItems += batch.length;
    this.#encoded.push({ body, count: batch.length });
    return true;
  }

  /**
   * Arms the export timer: `ms` 0 brings a pending delayed one forward; a
   * pending 0 ms one is left alone. (Re-arming it on every item of a burst
   * past a full batch — a clearTimeout, a setTimeout and its async-hooks
   * init per item — measured 16% of the logs pipeline benchmark's time.)
   */
  #schedule(ms: number): void {
    if (this.#timer !== undefined) {
      if (ms !== 0 || this.#timerSoon) return;
      clearTimeout(this.#timer);
    }
    this.#timerSoon = ms === 0;
    this.#timer = setTimeout(this.#onTimer, ms);
    this.#timer.unref();
  }

  /** The export timer's callback, made once per core (no closure per arming). */
  readonly #onTimer = (): void => {
    this.#timer = undefined;
    void this.#exportLoop(false);
  };

  /** True when there is a batch to send now (`all`: anything at all). */
  #due(all: boolean): boolean {
    return this.#encoded.size > 0 || this.#queue.size >= this.options.maxExportBatchSize || (all && this.#queue.size > 0);
  }

  /**
   * Exports batches, one at a time, oldest first: the first whatever its size
   * (the timer fired, or a flush asked), then while a full one is waiting (or,
   * when `all`, anything). Re-arms the timer for any remainder. Returns the
   * loop already running.
   */
  #exportLoop(all: boolean): Promise<void> {
    if (this.#inFlight !== undefined) return this.#inFlight;
    const run = async (): Promise<void> => {
      for (let first = true; first ? this.#due(true) : this.#due(all); first = false) {
        const enc = this.#encoded.drain(1)[0];
        if (enc !== undefined) {
          this.#encodedBytes -= enc.body.byteLength;
          this.#encodedItems -= enc.count;
          await this.#exportOne(enc.count, (signal) => this.#exporter.exportEncoded!(enc.body, signal));
        } else {
          const batch = this.#queue.drain(this.options.maxExportBatchSize);
          await this.#exportOne(batch.length, (signal) => this.#exporter.export(batch, signal));
        }
      }
    };
    const p = run().finally(() => {
      this.#inFlight = undefined;
      if (this.#queue.size > 0 && !this.#closed) {
        this.#schedule(this.#due(false) ? 0 : this.options.scheduledDelayMillis);
      }
    });
    this.#inFlight = p;
    return p;
  }

  /** Keeps the handle of the export in flight (made once per core, not per export). */
  readonly #track = (c: PendingExport | undefined): void => {
    this.#current = c;
  };

  /** One export of `n` items, cancelled at the timeout; counts the outcome. */
  async #exportOne(n: number, start: (signal: AbortSignal) => Promise<ExportResult>): Promise<void> {
    if (n === 0) return;
    const stats = this.#stats;
    stats.queued -= n;
    stats.inFlight += n;
    const { result, aborted, ms } = await exportWithDeadline(start, this.options.exportTimeoutMillis, this.#track, this.#aborts);
    stats.settled(n, ms, result.code === 'success');
    if (result.code === 'success') {
      this.#exported += n;
      return;
    }
    this.#failed += n;
    const message = describeError(result.error);
    diag.dropped(`${this.#kind}.export-failed`, n, () => `export failed: ${message}`, failureCause(result.error, aborted));
    diag.debug(`${this.#kind}: export of ${n} failed: ${message}`);
  }

  /**
   * Exports everything queued (after an export already in flight), then
   * flushes the exporter; resolves by `exportTimeoutMillis`, keeping the
   * process alive until then.
   */
  forceFlush(): Promise<void> {
    return withTimeout(this.#flush(), this.options.exportTimeoutMillis, undefined, true);
  }

  async #flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    // An export in flight drained only its batch; loop until nothing is left.
    while (this.#inFlight !== undefined || this.#due(true)) {
      await (this.#inFlight ?? this.#exportLoop(true));
    }
    try {
      // Awaited only when there is one: an `await undefined` is one more promise (and async-hooks init) per flush.
      const flushed = this.#exporter.forceFlush?.();
      if (flushed !== undefined) await flushed;
    } catch (err) {
      diag.error(`${this.#kind}: exporter forceFlush failed: ${describeError(err)}`);
    }
  }

  /** Flushes, then shuts the exporter down; idempotent, bounded by twice the timeout. */
  shutdown(): Promise<void> {
    return (this.#shutdown ??= this.#doShutdown());
  }

  async #doShutdown(): Promise<void> {
    await this.forceFlush();
    // Past the deadline: refuse new items, cancel the export in flight, count what is left.
    this.#closed = true;
    this.#unregister();
    this.#current?.abort(new Error('cancelled by shutdown'));
    const left = this.#queue.size;
    if (left > 0) {
      this.#queue.clear();
      this.#stats.queued -= left;
      this.#drop(left, 'shutdown-deadline');
    }
    for (const enc of this.#encoded.drain(this.#encoded.size)) {
      this.#encodedBytes -= enc.body.byteLength;
      this.#encodedItems -= enc.count;
      this.#stats.queued -= enc.count;
      this.#drop(enc.count, 'shutdown-deadline');
    }
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    // The export just cancelled settles (or is given up on) within the grace: count it before returning.
    if (this.#inFlight !== undefined) await withTimeout(this.#inFlight, ABANDON_GRACE_MS + 50, undefined, true);
    try {
      await withTimeout(Promise.resolve(this.#exporter.shutdown()), this.options.exportTimeoutMillis, undefined, true);
    } catch (err) {
      diag.error(`${this.#kind}: exporter shutdown failed: ${describeError(err)}`);
    }
  }
}
