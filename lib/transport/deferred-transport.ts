/**
 * A transport made at its first send: the gRPC transport (and node:http2 with
 * it) is `import()`ed only when an exporter actually sends over gRPC, so
 * neither `import 'zerotel'` nor an HTTP-only setup loads it.
 */
import type { SendOptions, Transport, TransportResult } from './transport-result.js';
import { ERR_SHUTDOWN, failure, guarded } from './transport-result.js';

export class DeferredTransport implements Transport {
  readonly #make: () => Promise<Transport>;
  #inner: Promise<Transport> | undefined;
  #closed: boolean;

  constructor(make: () => Promise<Transport>) {
    this.#make = make;
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

  shutdown(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#inner?.then(
      (t) => t.shutdown(),
      () => {},
    );
  }
}
