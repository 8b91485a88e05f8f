/**
 * A transport made at its first send: the gRPC transport (and node:http2 with
 * it) is `import()`ed only when an exporter actually sends over gRPC, so
 * neither `import 'zerotel'` nor an HTTP-only setup loads it.
 */
import type { HandOffJob } from './sync-post.js';
import type { SendOptions, Transport, TransportResult } from './transport-result.js';
import { ERR_SHUTDOWN, failure, guarded, NO_SYNC_SEND } from './transport-result.js';

export class DeferredTransport implements Transport {
  readonly #make: () => Promise<Transport>;
  readonly #handOffJob: ((bodies: Uint8Array[]) => HandOffJob | string) | undefined;
  #inner: Promise<Transport> | undefined;
  #closed: boolean;

  /**
   * `handOffJob`: the job for the hand-off at `process.exit()`, which
   * cannot wait for the transport's module to load (so it must not need it).
   */
  constructor(make: () => Promise<Transport>, handOffJob?: (bodies: Uint8Array[]) => HandOffJob | string) {
    this.#make = make;
    this.#handOffJob = handOffJob;
    this.#inner = undefined;
    this.#closed = false;
  }

  send(body: Uint8Array, options: SendOptions): Promise<TransportResult> {
    // A failed load (a module missing from a broken install) fails each send with its message, never throws.
    return guarded('loading the transport failed', async () => {
      if (this.#closed) return failure(ERR_SHUTDOWN, 'transport is shut down');
      const inner = await (this.#inner ??= this.#make());
      return inner.send(body, options);
    });
  }

  handOffJob(bodies: Uint8Array[]): HandOffJob | string {
    if (this.#closed) return 'transport is shut down';
    return this.#handOffJob === undefined ? NO_SYNC_SEND : this.#handOffJob(bodies);
  }

  shutdown(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#inner?.then(
      (t) => t.shutdown(),
      () => {},
    );
  }
}
