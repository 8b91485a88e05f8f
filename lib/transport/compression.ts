/**
 * gzip for the transports and the gRPC receiver, with node:zlib loaded at the
 * first use (so neither `import 'zerotel'` nor an uncompressed exporter pays
 * for it). Callback-based zlib, so the work runs off the main thread.
 */
import type * as Zlib from 'node:zlib';

let zlib: typeof Zlib | undefined;
function load(): typeof Zlib {
  return (zlib ??= process.getBuiltinModule('node:zlib'));
}

export function gzip(b: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => load().gzip(b, (err, out) => (err ? reject(err) : resolve(out))));
}

/** Inflates at most `maxBytes` (a zip bomb fails instead of filling memory). */
export function gunzip(b: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => load().gunzip(b, { maxOutputLength: maxBytes }, (err, out) => (err ? reject(err) : resolve(out))));
}
