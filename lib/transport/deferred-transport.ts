/**
 * A transport made at its first send: the gRPC transport (and node:http2 with
 * it) is `import()`ed only when an exporter actually sends over gRPC, so
 * neither `import 'zerotel'` nor an HTTP-only setup loads it.
 */
import type { SendOptions, SyncSendResult, Transport, TransportResult } from './transport-result.js';
import { ERR_SHUTDOWN, failure, guarded, NO_SYNC_SEND } from './transport-result.js';

export class DeferredTransport implements Transport {
  readonly #make: () => Promise<Transport>;
  readonly #sendSync: ((bodies: Uint8Array[], timeoutMillis: number) => SyncSendResult) | undefined;
  #inner: Promise<Transport> | undefined;
  #closed: boolean;

  /**
   * `sendSync`: the synchronous send at `process.exit()`, which cannot wait
   * for the transport's module to load (so it must not need it).
   */
  constructor(make: () => Promise<Transport>, sendSync?: (bodies: Uint8Array[], timeoutMillis: number) => SyncSendResult) {
    this.#make = make;
    this.#sendSync = sendSync;
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

  sendSync(bodies: Uint8Array[], timeoutMillis: number): SyncSendResult {
    if (this.#closed) return { accepted: 0, error: 'transport is shut down' };
    return this.#sendSync === undefined ? NO_SYNC_SEND : this.#sendSync(bodies, timeoutMillis);
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
