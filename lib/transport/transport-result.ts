/**
 * The contract every transport keeps (HTTP, gRPC, the retry wrapper): send
 * bytes, answer with a value, never throw, never reject.
 *  - success:   the server took it; `body` is the response message bytes, which
 *               the exporter (not the transport) reads for partialSuccess;
 *  - retryable: worth another try (429/502/503/504, gRPC UNAVAILABLE…,
 *               network error, timeout), `delayMs` when the server said when;
 *  - failure:   do not retry (other statuses, bad configuration, cancelled).
 */
import { describeError } from '../common/diag.js';
import type { HandOffJob } from './sync-post.js';

export type TransportResult =
  | { readonly kind: 'success'; readonly body: Uint8Array }
  | { readonly kind: 'retryable'; readonly error: TransportError; readonly delayMs: number | undefined }
  | { readonly kind: 'failure'; readonly error: TransportError };

export interface SendOptions {
  /** Epoch milliseconds (`Date.now()` clock) by which the send must have settled, retries included. */
  readonly deadline: number;
  /** Aborting it stops the request and any retry sleep; the send then resolves with a failure. */
  readonly signal?: AbortSignal | undefined;
}

export interface Transport {
  /** Sends `body`; never rejects. */
  send(body: Uint8Array, options: SendOptions): Promise<TransportResult>;
  /**
   * Optional, for `process.exit()` only: what the hand-off process must
   * send for `bodies` (sync-post.ts; one attempt, no retries), or why this
   * transport cannot.
   */
  handOffJob?(bodies: Uint8Array[]): HandOffJob | string;
  shutdown(): void;
}

/** Why a transport without a hand-off cannot send at `process.exit()`. */
export const NO_SYNC_SEND = 'this transport cannot send at process.exit()';

/** One error class per failure mode, told apart by a stable `code`. */
export class TransportError extends Error {
  readonly code: string;
  /** The protocol's status when there was an answer: the HTTP status, or the gRPC status code (code ZEROTEL_GRPC_STATUS). */
  readonly status: number | undefined;

  constructor(code: string, message: string, status?: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
    this.code = code;
    this.status = status;
  }
}

export const ERR_HTTP_STATUS = 'ZEROTEL_HTTP_STATUS';
export const ERR_GRPC_STATUS = 'ZEROTEL_GRPC_STATUS';
export const ERR_NETWORK = 'ZEROTEL_NETWORK';
export const ERR_TIMEOUT = 'ZEROTEL_TIMEOUT';
export const ERR_DEADLINE = 'ZEROTEL_DEADLINE';
export const ERR_ABORTED = 'ZEROTEL_ABORTED';
export const ERR_SHUTDOWN = 'ZEROTEL_SHUTDOWN';
export const ERR_COMPRESSION = 'ZEROTEL_COMPRESSION';
export const ERR_CONFIG = 'ZEROTEL_CONFIG';
/** Something threw inside the transport: reported with its own message, never as a timeout. */
export const ERR_INTERNAL = 'ZEROTEL_INTERNAL';

export function failure(code: string, message: string, status?: number, cause?: unknown): TransportResult {
  return { kind: 'failure', error: new TransportError(code, message, status, cause) };
}

export function retryable(code: string, message: string, delayMs?: number, status?: number, cause?: unknown): TransportResult {
  return { kind: 'retryable', delayMs, error: new TransportError(code, message, status, cause) };
}

/** The failure an aborted send resolves with (the abort's reason, when it gave one, in the message). */
export function abortedResult(signal: AbortSignal): TransportResult {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted';
  return failure(ERR_ABORTED, `export cancelled: ${why}`);
}

/**
 * Runs a transport's body so that anything it throws (synchronously or as a
 * rejection) becomes a failure carrying the real message: an invalid header
 * the configuration let through must never escape as an unhandled rejection.
 */
export function guarded(what: string, fn: () => Promise<TransportResult>): Promise<TransportResult> {
  try {
    return fn().catch((err: unknown) => failure(ERR_INTERNAL, `${what}: ${describeError(err)}`, undefined, err));
  } catch (err) {
    return Promise.resolve(failure(ERR_INTERNAL, `${what}: ${describeError(err)}`, undefined, err));
  }
}

/** Error codes of a connection that could not be made at all: nobody listens there, or the host is not reachable or not found. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The system error code when `error` is a connection that could not be made (ECONNREFUSED and the like); else undefined. */
export function unreachableCode(error: TransportError): string | undefined {
  // The cause is the system error the transport itself caught (a plain Error): reading it cannot throw.
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && UNREACHABLE.has(code) ? code : undefined;
}
