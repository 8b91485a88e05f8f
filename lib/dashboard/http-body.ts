/**
 * Reads a request body with bounds: the bytes on the wire are capped, and
 * a gzip body is inflated as a stream with the inflated size capped too, so
 * a gzip bomb is refused after reading no more than the cap. node:zlib is
 * loaded only when a compressed body first arrives.
 */
import { Buffer } from 'node:buffer';
import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; body: Uint8Array } | { ok: false; status: 400 | 413 | 415; message: string };

type Zlib = typeof import('node:zlib');
let zlib: Promise<Zlib> | undefined;
const loadZlib = (): Promise<Zlib> => (zlib ??= import('node:zlib'));

export interface BodyLimits {
  /** Bytes on the wire (compressed). */
  readonly maxWireBytes: number;
  /** Bytes after decompression. */
  readonly maxBodyBytes: number;
}

export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<BodyResult> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== '') {
    return Promise.resolve({ ok: false, status: 415, message: `unsupported content-encoding "${encoding}" (gzip or identity)` });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxWireBytes) {
    return Promise.resolve({ ok: false, status: 413, message: `body of ${declared} bytes exceeds the limit of ${limits.maxWireBytes} bytes` });
  }
  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let wire = 0;
    let done = false;
    const finish = (r: BodyResult): void => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      wire += chunk.length;
      if (wire > limits.maxWireBytes) {
        finish({ ok: false, status: 413, message: `body exceeds the limit of ${limits.maxWireBytes} bytes` });
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => finish({ ok: false, status: 400, message: 'the request body was not received whole' }));
    req.on('aborted', () => finish({ ok: false, status: 400, message: 'the request was aborted' }));
    req.on('end', () => {
      if (done) return;
      const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, wire);
      if (encoding !== 'gzip') finish({ ok: true, body: raw });
      else inflate(raw, limits.maxBodyBytes).then(finish, () => finish({ ok: false, status: 400, message: 'gzip body could not be inflated' }));
    });
  });
}

async function inflate(raw: Buffer, max: number): Promise<BodyResult> {
  const z = await loadZlib();
  return new Promise<BodyResult>((resolve) => {
    const gunzip = z.createGunzip();
    const out: Buffer[] = [];
    let size = 0;
    let done = false;
    gunzip.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        gunzip.destroy();
        resolve({ ok: false, status: 413, message: `decompressed body exceeds the limit of ${max} bytes` });
        return;
      }
      out.push(chunk);
    });
    gunzip.on('error', (err) => {
      if (done) return;
      done = true;
      resolve({ ok: false, status: 400, message: `malformed gzip body: ${err.message}` });
    });
    gunzip.on('end', () => {
      if (done) return;
      done = true;
      resolve({ ok: true, body: Buffer.concat(out, size) });
    });
    gunzip.end(raw);
  });
}
