/**
 * gRPC status as a codec, no I/O: the status codes, the percent-encoding of
 * `grpc-message`, google.rpc.Status (what an OTLP/HTTP error body and gRPC's
 * `grpc-status-details-bin` hold) and the RetryInfo delay inside it, and the
 * Export*ServiceResponse the receiver answers with.
 *
 *   google.rpc.Status   { 1 code int32, 2 message string, 3 details repeated google.protobuf.Any }
 *   google.protobuf.Any { 1 type_url string, 2 value bytes }
 *   google.rpc.RetryInfo { 1 retry_delay google.protobuf.Duration }
 *   google.protobuf.Duration { 1 seconds int64, 2 nanos int32 }
 *   Export*ServiceResponse { 1 partial_success { 1 rejected_* int64, 2 error_message string } }
 */
import { ProtoReader } from './proto-reader.js';
import { ProtoWriter } from './proto-writer.js';

export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

const NAMES = Object.keys(GrpcStatus);

/** "UNAVAILABLE (14)", for messages. */
export function grpcStatusName(code: number): string {
  return `${NAMES[code] ?? 'UNKNOWN'} (${code})`;
}

/** The codes the OTLP spec says to retry (RESOURCE_EXHAUSTED only with RetryInfo, decided by the caller). */
const RETRYABLE: ReadonlySet<number> = new Set([
  GrpcStatus.CANCELLED,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.ABORTED,
  GrpcStatus.OUT_OF_RANGE,
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DATA_LOSS,
]);

/** Whether a response with `code` is retried (OTLP exporter spec, gRPC). */
export function isRetryableGrpcStatus(code: number, hasRetryInfo: boolean): boolean {
  return RETRYABLE.has(code) || (code === GrpcStatus.RESOURCE_EXHAUSTED && hasRetryInfo);
}

/** gRPC over HTTP/2: the status a non-200 HTTP answer stands for. */
export function grpcStatusFromHttp(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return GrpcStatus.INTERNAL;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 403:
      return GrpcStatus.PERMISSION_DENIED;
    case 404:
      return GrpcStatus.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return GrpcStatus.UNAVAILABLE;
    default:
      return GrpcStatus.UNKNOWN;
  }
}

/** `grpc-message` is percent-encoded UTF-8; a malformed escape is kept as it came (the spec says decode what can be). */
export function decodeGrpcMessage(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** Percent-encodes what `grpc-message` may not carry as is (outside 0x20–0x7E, and '%'). */
export function encodeGrpcMessage(message: string): string {
  let out = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    out += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

export interface RpcStatus {
  code: number;
  message: string;
  /** The RetryInfo delay in milliseconds, when the details carry one. */
  retryDelayMs: number | undefined;
}

/** Reads a google.rpc.Status; throws ProtoDecodeError when malformed. */
export function readRpcStatus(bytes: Uint8Array): RpcStatus {
  const r = new ProtoReader(bytes);
  const out: RpcStatus = { code: 0, message: '', retryDelayMs: undefined };
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 0)) out.code = r.uint32();
    else if (t === ((2 << 3) | 2)) out.message = r.string();
    else if (t === ((3 << 3) | 2)) {
      const delay = readAnyRetryDelay(r.bytes());
      if (delay !== undefined) out.retryDelayMs = delay;
    } else r.skip(t & 7);
  }
  return out;
}

/** The message of a google.rpc.Status, or undefined when absent or malformed. */
export function readStatusMessage(bytes: Uint8Array): string | undefined {
  try {
    const s = readRpcStatus(bytes);
    return s.message.length > 0 ? s.message : undefined;
  } catch {
    return undefined;
  }
}

/** An Any: the retry delay if it holds a RetryInfo, else undefined. */
function readAnyRetryDelay(bytes: Uint8Array): number | undefined {
  const r = new ProtoReader(bytes);
  let type = '';
  let value: Uint8Array | undefined;
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) type = r.string();
    else if (t === ((2 << 3) | 2)) value = r.bytes();
    else r.skip(t & 7);
  }
  if (type !== RETRY_INFO_TYPE || value === undefined) return undefined;
  const info = new ProtoReader(value);
  let delay: number | undefined;
  while (info.more()) {
    const t = info.tag();
    if (t === ((1 << 3) | 2)) delay = readDurationMs(info.bytes());
    else info.skip(t & 7);
  }
  return delay;
}

function readDurationMs(bytes: Uint8Array): number {
  const r = new ProtoReader(bytes);
  let seconds = 0;
  let nanos = 0;
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 0)) seconds = Number(r.int64String());
    else if (t === ((2 << 3) | 0)) nanos = r.uint32() | 0;
    else r.skip(t & 7);
  }
  return Math.max(0, seconds * 1000 + nanos / 1e6);
}

/** An Export*ServiceResponse: empty when nothing was rejected and nothing said, else its partial_success. */
export function writeExportResponse(rejected: number, errorMessage: string): Uint8Array {
  if (rejected <= 0 && errorMessage.length === 0) return new Uint8Array(0);
  const w = new ProtoWriter();
  w.tag(1, 2);
  const at = w.fork();
  if (rejected > 0) {
    w.tag(1, 0);
    w.int64(rejected);
  }
  w.stringField(2, errorMessage.length > 0 ? errorMessage : undefined);
  w.join(at);
  return w.finish();
}
