/**
 * The dashboard's OTLP/gRPC receiver: a node:http2 server (cleartext h2c,
 * 127.0.0.1 by default) serving the three OTLP Export methods, so SDKs set to
 * `OTEL_EXPORTER_OTLP_PROTOCOL=grpc` work against `zerotel dashboard` too.
 * Each call is deframed (gzip understood, other encodings refused, a size
 * cap), handed as protobuf bytes to the same ingest the HTTP receiver uses
 * (`ingestOtlp(store, signal, bytes, 'protobuf', meta)`, given here as
 * `ingest`), and answered with a gRPC status and the Export response message
 * (its partial_success saying what was rejected). Same token rule as the HTTP
 * side: listening beyond loopback needs a token, sent by clients as
 * `authorization: Bearer <token>` metadata.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http2';
import type { Http2Server, IncomingHttpHeaders, ServerHttp2Session, ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { describeError } from '../common/diag.js';
import { markUntracedServer } from '../common/untraced-servers.js';
import { announcedLength, deframeUnary, frameMessage } from '../otlp/grpc-framing.js';
import { encodeGrpcMessage, GrpcStatus, writeExportResponse } from '../otlp/grpc-status.js';
import { gunzip } from '../transport/compression.js';
import { isLoopback } from './security.js';

export type GrpcSignal = 'traces' | 'metrics' | 'logs';

/** What the receiver tells ingest about a request (the raw-request list shows it). */
export interface GrpcIngestMeta {
  readonly transport: 'grpc';
  readonly contentType: string;
  /** The grpc-encoding the message came in ('identity' or 'gzip'). */
  readonly contentEncoding: string;
  readonly remoteAddress: string | undefined;
}

/** Contract 2's answer of `ingestOtlp`. */
export type GrpcIngestResult = { ok: true; rejected: number; message?: string } | { ok: false; status: 'invalid' | 'too-large'; message: string };

/** `(signal, bytes, meta) => ingestOtlp(store, signal, bytes, 'protobuf', meta)` in the dashboard. */
export type GrpcIngest = (signal: GrpcSignal, body: Uint8Array, meta: GrpcIngestMeta) => GrpcIngestResult | Promise<GrpcIngestResult>;

export interface GrpcReceiverOptions {
  ingest: GrpcIngest;
  /** Default 127.0.0.1. Anything not loopback needs `token`. */
  host?: string;
  /** Default 4317; 0 picks a free port. */
  port?: number;
  /** Required beyond loopback: calls must carry `authorization: Bearer <token>`. */
  token?: string;
  /** Largest message accepted, compressed or inflated (default 32 MiB): above it, RESOURCE_EXHAUSTED. */
  maxMessageBytes?: number;
}

export interface GrpcReceiver {
  readonly host: string;
  readonly port: number;
  readonly server: Http2Server;
  close(): Promise<void>;
}

export const DEFAULT_GRPC_PORT = 4317;
const DEFAULT_MAX = 32 * 1024 * 1024;

const METHODS: ReadonlyMap<string, GrpcSignal> = new Map([
  ['/opentelemetry.proto.collector.trace.v1.TraceService/Export', 'traces'],
  ['/opentelemetry.proto.collector.metrics.v1.MetricsService/Export', 'metrics'],
  ['/opentelemetry.proto.collector.logs.v1.LogsService/Export', 'logs'],
]);

/** Starts listening; rejects (a startup error for the CLI to print) when the port is taken or a non-loopback host has no token. */
export async function startGrpcReceiver(options: GrpcReceiverOptions): Promise<GrpcReceiver> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && (options.token === undefined || options.token.length === 0)) {
    throw new Error(`the gRPC receiver listens on ${host}, beyond loopback: a token is required`);
  }
  const expected = options.token === undefined ? undefined : Buffer.from(`Bearer ${options.token}`);
  const max = options.maxMessageBytes ?? DEFAULT_MAX;
  const server = createServer();
  markUntracedServer(server);
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('error', () => {}); // a client vanishing mid-call is the client's problem
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    handle(stream, headers, options.ingest, expected, max);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_GRPC_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // GOAWAY to every client: calls in flight finish, then the sessions close.
        for (const s of sessions) s.close();
      }),
  };
}

function handle(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, ingest: GrpcIngest, expected: Buffer | undefined, max: number): void {
  const contentType = String(headers['content-type'] ?? '');
  if (!contentType.startsWith('application/grpc')) {
    // gRPC over HTTP/2: not gRPC at all gets an HTTP 415, not a gRPC status.
    stream.respond({ ':status': 415, 'content-type': 'text/plain' });
    stream.end('expected content-type application/grpc\n');
    return;
  }
  if (expected !== undefined) {
    const got = Buffer.from(String(headers['authorization'] ?? ''));
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      return finish(stream, GrpcStatus.UNAUTHENTICATED, 'a valid "authorization: Bearer <token>" is required');
    }
  }
  const signal = headers[':method'] === 'POST' ? METHODS.get(String(headers[':path'] ?? '')) : undefined;
  if (signal === undefined) return finish(stream, GrpcStatus.UNIMPLEMENTED, `unknown method ${String(headers[':path'] ?? '')}`);
  const encoding = String(headers['grpc-encoding'] ?? 'identity');

  const chunks: Buffer[] = [];
  let size = 0;
  let announced: number | undefined;
  let refused = false;
  stream.on('data', (c: Buffer) => {
    if (refused) return;
    size += c.length;
    // The frame header says how big the message is: refuse before it has all arrived.
    if (announced === undefined && size >= 5) announced = announcedLength(chunks.length === 0 ? c : Buffer.concat([...chunks, c]));
    if (size > max + 5 || (announced !== undefined && announced > max)) {
      refused = true;
      chunks.length = 0;
      finish(stream, GrpcStatus.RESOURCE_EXHAUSTED, `message larger than the receiver's limit of ${max} bytes`);
      return;
    }
    chunks.push(c);
  });
  stream.on('end', () => {
    if (refused) return;
    const frame = deframeUnary(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    if (!frame.ok) return finish(stream, GrpcStatus.INTERNAL, frame.reason);
    const remoteAddress = stream.session?.socket?.remoteAddress;
    const meta: GrpcIngestMeta = { transport: 'grpc', contentType, contentEncoding: frame.compressed ? encoding : 'identity', remoteAddress };
    inflate(frame.compressed, encoding, frame.message, max)
      .then(async (r) => {
        if (!r.ok) return finish(stream, r.status, r.message);
        const result = await ingest(signal, r.message, meta);
        if (result.ok) return finish(stream, GrpcStatus.OK, '', writeExportResponse(result.rejected, result.message ?? ''));
        return finish(stream, result.status === 'too-large' ? GrpcStatus.RESOURCE_EXHAUSTED : GrpcStatus.INVALID_ARGUMENT, result.message);
      })
      .catch((err: unknown) => finish(stream, GrpcStatus.INTERNAL, `ingest failed: ${describeError(err)}`));
  });
}

type Inflated = { ok: true; message: Uint8Array } | { ok: false; status: number; message: string };

async function inflate(compressed: boolean, encoding: string, message: Uint8Array, max: number): Promise<Inflated> {
  if (!compressed) return { ok: true, message };
  if (encoding === 'identity') return { ok: false, status: GrpcStatus.INTERNAL, message: 'compressed flag set without a grpc-encoding' };
  if (encoding !== 'gzip') return { ok: false, status: GrpcStatus.UNIMPLEMENTED, message: `grpc-encoding "${encoding}" is not supported (gzip is)` };
  try {
    return { ok: true, message: await gunzip(message, max) };
  } catch (err) {
    const tooLarge = err instanceof RangeError || (err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
    return tooLarge
      ? { ok: false, status: GrpcStatus.RESOURCE_EXHAUSTED, message: `inflated message larger than the receiver's limit of ${max} bytes` }
      : { ok: false, status: GrpcStatus.INTERNAL, message: `gzip: ${describeError(err)}` };
  }
}

/** Answers the call: headers, the response message on OK, then grpc-status and grpc-message as trailers (trailers-only on errors). */
function finish(stream: ServerHttp2Stream, code: number, message: string, response?: Uint8Array): void {
  if (stream.destroyed || stream.closed || stream.headersSent) return;
  const status: Record<string, string> = { 'grpc-status': String(code) };
  if (message.length > 0) status['grpc-message'] = encodeGrpcMessage(message);
  if (code !== GrpcStatus.OK || response === undefined) {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-accept-encoding': 'identity,gzip', ...status }, { endStream: true });
    return;
  }
  stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-accept-encoding': 'identity,gzip' }, { waitForTrailers: true });
  stream.on('wantTrailers', () => stream.sendTrailers(status));
  stream.end(frameMessage(response, false));
}
