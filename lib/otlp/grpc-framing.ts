/**
 * The gRPC message framing (gRPC over HTTP/2, "Length-Prefixed-Message"):
 *   1 byte  compressed flag (0: as is, 1: compressed with the grpc-encoding)
 *   4 bytes message length, big-endian unsigned
 *   n bytes message
 * Pure bytes in, bytes out; compression is the caller's (it needs node:zlib).
 */

export const FRAME_HEADER_BYTES = 5;

/** One framed message: header and payload in one buffer (one write on the stream). */
export function frameMessage(message: Uint8Array, compressed: boolean): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES + message.byteLength);
  out[0] = compressed ? 1 : 0;
  new DataView(out.buffer).setUint32(1, message.byteLength, false);
  out.set(message, FRAME_HEADER_BYTES);
  return out;
}

export type Deframed =
  | { readonly ok: true; readonly compressed: boolean; readonly message: Uint8Array }
  | { readonly ok: false; readonly reason: string };

/**
 * The single message of a unary request or response body (all the DATA of a
 * stream, concatenated). An empty body is no message (`message` empty, which
 * protobuf reads as the default message).
 */
export function deframeUnary(body: Uint8Array): Deframed {
  if (body.byteLength === 0) return { ok: true, compressed: false, message: body };
  if (body.byteLength < FRAME_HEADER_BYTES) return { ok: false, reason: `truncated gRPC frame: ${body.byteLength} byte(s), the header alone is 5` };
  const flag = body[0]!;
  if (flag > 1) return { ok: false, reason: `invalid gRPC compressed flag ${flag}` };
  const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(1, false);
  const end = FRAME_HEADER_BYTES + length;
  if (end > body.byteLength) return { ok: false, reason: `truncated gRPC message: the frame says ${length} bytes, ${body.byteLength - FRAME_HEADER_BYTES} arrived` };
  if (end < body.byteLength) return { ok: false, reason: 'more than one message in a unary gRPC call' };
  return { ok: true, compressed: flag === 1, message: body.subarray(FRAME_HEADER_BYTES, end) };
}

/** The message length a frame header announces (for size caps before the body has arrived); undefined until 5 bytes are there. */
export function announcedLength(head: Uint8Array): number | undefined {
  if (head.byteLength < FRAME_HEADER_BYTES) return undefined;
  return new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(1, false);
}
