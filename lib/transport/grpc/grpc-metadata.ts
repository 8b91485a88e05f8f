/**
 * The request headers of an OTLP/gRPC unary call, shared by the transport
 * (grpc-transport.ts) and the hand-off at `process.exit()` (grpc-sync.ts) so
 * both send exactly the same call. No node:http2 here: the hand-off builds
 * the headers in this process and lets a child process dial.
 */
import type { OutgoingHttpHeaders } from 'node:http2';
import { diag } from '../../common/diag.js';
import { checkedHeaders } from '../../common/endpoint-checks.js';

/** Headers the protocol owns: a user header must not replace them. */
const RESERVED = /^(?::|content-type$|te$|grpc-|user-agent$|host$|connection$|transfer-encoding$|keep-alive$|upgrade$)/;

/** At most 8 digits (gRPC over HTTP/2); 99,999,999 ms is a day and more. */
const MAX_TIMEOUT_MS = 99_999_999;

/** The user's headers as gRPC metadata: validated, lower-cased, protocol headers refused. */
export function grpcMetadata(input: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(checkedHeaders(input, 'the exporter headers option'))) {
    const lower = name.toLowerCase();
    if (RESERVED.test(lower)) {
      diag.warnOnce(`grpc-reserved-header:${lower}`, `the exporter headers option: "${name}" is set by gRPC itself and cannot be sent as metadata; skipped`);
      continue;
    }
    out[lower] = value;
  }
  return out;
}

/** The headers of one call: metadata first, so the protocol's own always win. */
export function grpcCallHeaders(metadata: Readonly<Record<string, string>>, path: string, gzip: boolean, timeoutMs: number): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    ...metadata,
    ':method': 'POST',
    ':path': path,
    'content-type': 'application/grpc',
    te: 'trailers',
    'grpc-timeout': `${Math.min(Math.max(1, Math.ceil(timeoutMs)), MAX_TIMEOUT_MS)}m`,
    'grpc-accept-encoding': 'gzip',
    'user-agent': 'zerotel-grpc',
  };
  if (gzip) headers['grpc-encoding'] = 'gzip';
  return headers;
}
