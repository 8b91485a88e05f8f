/**
 * What sending one payload came to, as a value: transports never throw.
 *  - success:   the server took it (2xx); `body` is the response, for partialSuccess;
 *  - retryable: worth another try (429/502/503/504, network error, timeout),
 *               `delayMs` when the server said when (Retry-After);
 *  - failure:   do not retry (other statuses, bad configuration).
 */
export type TransportResult =
  | { readonly kind: 'success'; readonly status: number; readonly body: Uint8Array; readonly contentType: string }
  | { readonly kind: 'retryable'; readonly error: TransportError; readonly delayMs: number | undefined }
  | { readonly kind: 'failure'; readonly error: TransportError };

export interface Transport {
  /**
   * Sends `body`; never rejects. `timeoutMillis` bounds this one attempt;
   * `signal` aborting stops it at once (a failure result, not retried).
   */
  send(body: Uint8Array, timeoutMillis: number, signal?: AbortSignal): Promise<TransportResult>;
  /**
   * Optional, for `process.exit()` only: sends `bodies` in order,
   * synchronously, within `timeoutMillis`; returns how many were accepted.
   */
  sendSync?(bodies: Uint8Array[], timeoutMillis: number): number;
  shutdown(): void;
}

/** One error class per failure mode, told apart by a stable `code`. */
export class TransportError extends Error {
  readonly code: string;
  /** The HTTP status, when there was a response. */
  readonly status: number | undefined;

  constructor(code: string, message: string, status?: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
    this.code = code;
    this.status = status;
  }
}

export const ERR_HTTP_STATUS = 'ZEROTEL_HTTP_STATUS';
export const ERR_NETWORK = 'ZEROTEL_NETWORK';
export const ERR_TIMEOUT = 'ZEROTEL_TIMEOUT';
export const ERR_DEADLINE = 'ZEROTEL_DEADLINE';
export const ERR_SHUTDOWN = 'ZEROTEL_SHUTDOWN';
export const ERR_COMPRESSION = 'ZEROTEL_COMPRESSION';
export const ERR_ABORTED = 'ZEROTEL_ABORTED';
