/**
 * OTLP/gRPC as a transport: one unary call per send on the endpoint's shared
 * HTTP/2 session (grpc-session.ts). This module, and node:http2 with it, is
 * loaded by the exporter with `import()` at its first gRPC send only.
 *
 * Request:  POST <path>, content-type application/grpc, te: trailers,
 *           grpc-timeout from the deadline, user headers as metadata,
 *           one length-prefixed message (gzip'd with grpc-encoding: gzip).
 * Answer:   grpc-status / grpc-message (percent-decoded) from the trailers,
 *           or from the headers of a trailers-only response; the response
 *           message bytes on OK (the exporter reads partial_success);
 *           retryable as the OTLP spec says, with the RetryInfo delay of
 *           grpc-status-details-bin honoured.
 */
import { constants } from 'node:http2';
import type { ClientHttp2Stream, IncomingHttpHeaders, IncomingHttpStatusHeader } from 'node:http2';
import { urlProblem } from '../../common/endpoint-checks.js';
import { withTracingSuppressed } from '../../context/suppress-tracing.js';
import { deframeUnary, frameMessage } from '../../otlp/grpc-framing.js';
import { decodeGrpcMessage, GrpcStatus, grpcStatusFromHttp, grpcStatusName, isRetryableGrpcStatus, readRpcStatus } from '../../otlp/grpc-status.js';
import { gunzip, gzip } from '../compression.js';
import type { SendOptions, Transport, TransportResult } from '../transport-result.js';
import {
  abortedResult,
  ERR_COMPRESSION,
  ERR_CONFIG,
  ERR_GRPC_STATUS,
  ERR_NETWORK,
  ERR_SHUTDOWN,
  failure,
  guarded,
  retryable,
  TransportError,
} from '../transport-result.js';
import type { GrpcSession, TlsMaterial } from './grpc-session.js';
import { acquireSession } from './grpc-session.js';
import { grpcCallHeaders, grpcMetadata } from './grpc-metadata.js';

export interface GrpcTransportOptions {
  /** The endpoint: http://host:port (cleartext HTTP/2) or https://host:port (TLS, ALPN h2). Its path is not used. */
  url: string;
  /** The method, e.g. /opentelemetry.proto.collector.trace.v1.TraceService/Export. */
  path: string;
  /** Sent as metadata (lower-cased; gRPC's reserved names are refused). */
  headers?: Record<string, string>;
  compression?: 'gzip' | 'none';
  tls?: TlsMaterial;
  /** Largest response message kept (a partial_success is small). */
  maxResponseBytes?: number;
}

const MAX_RESPONSE = 4 * 1024 * 1024;

export class GrpcTransport implements Transport {
  readonly url: string;
  readonly #problem: string | undefined;
  readonly #path: string;
  readonly #gzip: boolean;
  readonly #headers: Record<string, string>;
  readonly #maxResponse: number;
  readonly #session: GrpcSession | undefined;
  readonly #release: () => void;
  #closed: boolean;

  constructor(options: GrpcTransportOptions) {
    this.url = options.url;
    this.#problem = urlProblem(options.url);
    this.#path = options.path;
    this.#gzip = options.compression === 'gzip';
    this.#maxResponse = options.maxResponseBytes ?? MAX_RESPONSE;
    this.#headers = grpcMetadata(options.headers);
    this.#closed = false;
    if (this.#problem === undefined) {
      const held = acquireSession(new URL(options.url).origin, options.tls ?? {});
      this.#session = held.session;
      this.#release = held.release;
    } else {
      this.#session = undefined;
      this.#release = () => {};
    }
  }

  /** The shared session (tests watch its state and reconnects). */
  get session(): GrpcSession | undefined {
    return this.#session;
  }

  send(body: Uint8Array, options: SendOptions): Promise<TransportResult> {
    return guarded('gRPC export failed', () => this.#send(body, options));
  }

  async #send(body: Uint8Array, options: SendOptions): Promise<TransportResult> {
    if (this.#closed) return failure(ERR_SHUTDOWN, 'transport is shut down');
    if (this.#session === undefined) return failure(ERR_CONFIG, `exporter disabled: ${this.#problem ?? 'no URL'}`);
    if (options.signal?.aborted === true) return abortedResult(options.signal);
    let frame: Uint8Array;
    try {
      frame = this.#gzip ? frameMessage(await gzip(body), true) : frameMessage(body, false);
    } catch (err) {
      return failure(ERR_COMPRESSION, `gzip failed: ${String(err)}`, undefined, err);
    }
    const session = this.#session;
    return withTracingSuppressed(() => this.#call(session, frame, options));
  }

  #call(session: GrpcSession, frame: Uint8Array, options: SendOptions): Promise<TransportResult> {
    const { signal } = options;
    const timeoutMs = Math.max(1, Math.ceil(options.deadline - Date.now()));
    const headers = grpcCallHeaders(this.#headers, this.#path, this.#gzip, timeoutMs);
    const stream = session.request(headers);
    if (stream === undefined) return Promise.resolve(failure(ERR_SHUTDOWN, 'transport is shut down'));
    return new Promise<TransportResult>((resolve) => {
      const call = new UnaryCall(stream, this.#maxResponse, resolve, () => session.lastError);
      // The deadline, enforced here too (the server may not): a cancelled call is DEADLINE_EXCEEDED, which retries.
      const timer = setTimeout(() => call.cancel(retryable(ERR_GRPC_STATUS, `gRPC ${grpcStatusName(GrpcStatus.DEADLINE_EXCEEDED)}: no answer within ${timeoutMs} ms`, undefined, GrpcStatus.DEADLINE_EXCEEDED)), timeoutMs);
      timer.unref();
      const onAbort = (): void => call.cancel(abortedResult(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      call.onSettled = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      stream.end(frame);
    });
  }

  shutdown(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#release();
  }
}

/** One call's reading of the response: headers, message, trailers → one TransportResult. */
class UnaryCall {
  readonly #stream: ClientHttp2Stream;
  readonly #max: number;
  readonly #resolve: (r: TransportResult) => void;
  readonly #chunks: Buffer[];
  #size: number;
  #httpStatus: number;
  #encoding: string;
  #contentType: string;
  #status: IncomingHttpHeaders | undefined;
  #settled: boolean;
  readonly #connectionError: () => Error | undefined;
  onSettled: () => void;

  constructor(stream: ClientHttp2Stream, max: number, resolve: (r: TransportResult) => void, connectionError: () => Error | undefined) {
    this.#connectionError = connectionError;
    this.#stream = stream;
    this.#max = max;
    this.#resolve = resolve;
    this.#chunks = [];
    this.#size = 0;
    this.#httpStatus = 0;
    this.#encoding = 'identity';
    this.#contentType = '';
    this.#status = undefined;
    this.#settled = false;
    this.onSettled = () => {};
    stream.on('response', (h: IncomingHttpHeaders & IncomingHttpStatusHeader) => {
      this.#httpStatus = Number(h[':status'] ?? 0);
      this.#contentType = String(h['content-type'] ?? '');
      this.#encoding = String(h['grpc-encoding'] ?? 'identity');
      // Trailers-only: the status rides on the headers.
      if (h['grpc-status'] !== undefined) this.#status = h;
    });
    stream.on('data', (c: Buffer) => {
      this.#size += c.length;
      if (this.#size <= this.#max + 5) this.#chunks.push(c);
    });
    stream.on('trailers', (t: IncomingHttpHeaders) => {
      if (t['grpc-status'] !== undefined) this.#status = t;
    });
    // Stream errors (reset, session lost) come before 'close'; 'close' decides.
    stream.on('error', () => {});
    // setImmediate: when the connection failed, the session's 'error' (with the reason) comes just after the stream's 'close'.
    stream.on('close', () => setImmediate(() => this.#finishNow()));
  }

  #finishNow(): void {
    this.#finish().then(
      (r) => this.#settle(r),
      (err: unknown) => this.#settle(failure(ERR_COMPRESSION, `unreadable gRPC response: ${String(err)}`, undefined, err)),
    );
  }

  cancel(result: TransportResult): void {
    this.#settle(result);
    if (!this.#stream.closed) this.#stream.close(constants.NGHTTP2_CANCEL);
  }

  #settle(r: TransportResult): void {
    if (this.#settled) return;
    this.#settled = true;
    this.onSettled();
    this.#resolve(r);
  }

  async #finish(): Promise<TransportResult> {
    const s = this.#status;
    if (s === undefined) {
      if (this.#httpStatus !== 0 && this.#httpStatus !== 200) {
        const code = grpcStatusFromHttp(this.#httpStatus);
        return statusResult(code, `HTTP ${this.#httpStatus} from a gRPC endpoint`, undefined);
      }
      // No status: the stream was reset or the connection went (GOAWAY, crash).
      const rst = this.#stream.rstCode;
      const connection = this.#connectionError();
      const why =
        rst === constants.NGHTTP2_REFUSED_STREAM
          ? 'stream refused (server going away)'
          : connection !== undefined
            ? `connection failed: ${connection.message}`
            : rst
              ? `stream reset (HTTP/2 error ${rst})`
              : 'connection lost before a status';
      // The connection's error as the cause: the retry wrapper tells a refused connection by its code.
      return retryable(ERR_NETWORK, `gRPC ${grpcStatusName(GrpcStatus.UNAVAILABLE)}: ${why}`, undefined, GrpcStatus.UNAVAILABLE, rst === constants.NGHTTP2_REFUSED_STREAM ? undefined : connection);
    }
    const code = Number(s['grpc-status']);
    const message = decodeGrpcMessage(String(s['grpc-message'] ?? ''));
    if (code !== GrpcStatus.OK) {
      let delay: number | undefined;
      const details = s['grpc-status-details-bin'];
      if (typeof details === 'string') {
        try {
          delay = readRpcStatus(Buffer.from(details, 'base64')).retryDelayMs;
        } catch {
          // Unreadable details: no RetryInfo.
        }
      }
      return statusResult(Number.isInteger(code) ? code : GrpcStatus.UNKNOWN, message, delay);
    }
    if (!this.#contentType.startsWith('application/grpc')) {
      return failure(ERR_GRPC_STATUS, `gRPC ${grpcStatusName(GrpcStatus.UNKNOWN)}: content-type "${this.#contentType}" is not application/grpc`, GrpcStatus.UNKNOWN);
    }
    const frame = deframeUnary(this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks));
    // The data is in (status OK): a response we cannot read only loses the partial_success, so it is still a success.
    if (!frame.ok || this.#size > this.#max + 5) return { kind: 'success', body: new Uint8Array(0) };
    if (!frame.compressed) return { kind: 'success', body: frame.message };
    if (this.#encoding !== 'gzip') return { kind: 'success', body: new Uint8Array(0) };
    return { kind: 'success', body: await gunzip(frame.message, this.#max) };
  }
}

function statusResult(code: number, message: string, delayMs: number | undefined): TransportResult {
  const text = `gRPC ${grpcStatusName(code)}${message ? `: ${message}` : ''}`;
  const error = new TransportError(ERR_GRPC_STATUS, text, code);
  if (isRetryableGrpcStatus(code, delayMs !== undefined)) return { kind: 'retryable', error, delayMs };
  return { kind: 'failure', error };
}
