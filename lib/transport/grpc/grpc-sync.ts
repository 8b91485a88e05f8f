/**
 * OTLP/gRPC at `process.exit()`: the exporter's gRPC transport is loaded
 * lazily (with node:http2) and may never have been, and no event loop turns
 * any more, so the calls are made by the hand-off child (sync-post.ts) over
 * its own HTTP/2 session. Everything that decides what goes on the wire is
 * done here, with the same code the transport uses: metadata checked the
 * same way, the same call headers (grpc-metadata.ts), the same framing and
 * gzip; the child only dials (with the same TLS material) and reports the
 * grpc-status of each call. One attempt, no retries.
 */
import { frameMessage } from '../../otlp/grpc-framing.js';
import type { HandOffJob } from '../sync-post.js';
import type { TlsMaterial } from './grpc-session.js';
import { grpcCallHeaders, grpcMetadata } from './grpc-metadata.js';

export interface GrpcSyncOptions {
  /** The endpoint: http://host:port (cleartext) or https://host:port (TLS). */
  readonly url: string;
  /** The method, e.g. /opentelemetry.proto.collector.trace.v1.TraceService/Export. */
  readonly path: string;
  readonly headers?: Record<string, string> | undefined;
  readonly compression?: 'gzip' | 'none' | undefined;
  readonly tls?: TlsMaterial | undefined;
}

/** The hand-off job for `bodies` (OTLP request messages) as unary calls, in order; or why there is none. */
export function grpcHandOffJob(options: GrpcSyncOptions, bodies: readonly Uint8Array[]): HandOffJob | string {
  try {
    const gzip = options.compression === 'gzip';
    const zlib = gzip ? process.getBuiltinModule('node:zlib') : undefined;
    const frames = bodies.map((b) => (zlib === undefined ? frameMessage(b, false) : frameMessage(zlib.gzipSync(b), true)));
    const headers: Record<string, string | number> = {};
    // grpc-timeout is set again by the child, from what is left of its budget when each call starts.
    for (const [k, v] of Object.entries(grpcCallHeaders(grpcMetadata(options.headers), options.path, gzip, 1))) {
      if (typeof v === 'string' || typeof v === 'number') headers[k] = v;
    }
    return { protocol: 'grpc', url: options.url, path: options.path, headers, tls: options.tls, bodies: frames };
  } catch (err) {
    return String(err);
  }
}
