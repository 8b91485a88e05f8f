/**
 * The page's files, served from one folder and nowhere else (the minified
 * copy the package ships in `dist/pkg/static/`, else `dashboard-static/` of
 * a source checkout): the
 * path is decoded once, any `..`, backslash, NUL or hidden segment is refused
 * (so `%2e%2e` fares no better than `..`), the resolved file must lie inside
 * the folder, and folders are never listed. `/` is `index.html`; without a
 * page installed, `/` answers a short text saying where the API is.
 *
 * The package ships each page file gzipped (`app.js.gz`, …: 74 KB of minified
 * page is 25 KB that way, and the package has a 500 KB budget). A file found
 * only as `<name>.gz` is sent as is with `Content-Encoding: gzip` to a client
 * that accepts it (every browser), and inflated for one that does not.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const MAX_FILE = 8 * 1024 * 1024;

/**
 * The page's folder: the minified copy the build puts beside the bundle
 * (dist/pkg/static/, reached from a chunk in dist/pkg/chunks/ or from an entry
 * in dist/pkg/), else `dashboard-static/` next to the package root, wherever
 * the build put this module.
 */
export function defaultStaticDir(): string {
  for (const near of ['../static/', './static/']) {
    const shipped = fileURLToPath(new URL(near, import.meta.url));
    if (existsSync(join(shipped, 'index.html')) || existsSync(join(shipped, 'index.html.gz'))) return shipped;
  }
  for (const up of ['../../../', '../../', '../']) {
    const dir = fileURLToPath(new URL(`${up}dashboard-static/`, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return fileURLToPath(new URL('../../../dashboard-static/', import.meta.url));
}

/**
 * True when the request target, before any URL normalisation, climbs out of
 * its folder: a `..` segment, written plainly or percent-encoded (`%2e%2e`,
 * `.%2E`), or an encoded slash, backslash or NUL smuggling one in. (The URL
 * parser would quietly resolve `/a/%2e%2e/b` to `/b`; such a request is
 * refused instead, so it is visible as what it is.)
 */
export function isTraversal(rawTarget: string): boolean {
  const q = rawTarget.indexOf('?');
  const path = q >= 0 ? rawTarget.slice(0, q) : rawTarget;
  for (const seg of path.split('/')) {
    let d: string;
    try {
      d = decodeURIComponent(seg);
    } catch {
      return true;
    }
    if (d === '..' || d.includes('/') || d.includes('\\') || d.includes('\0')) return true;
  }
  return false;
}

export type StaticResult = { status: 200; type: string; body: Uint8Array; gzipped?: true } | { status: 400 | 404; message: string };

/** Whether an `Accept-Encoding` header value accepts gzip (not refused with `q=0`). */
export function acceptsGzip(header: string | undefined): boolean {
  if (typeof header !== 'string') return false;
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';');
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/** Reads `file`, or its shipped `file.gz` (sent gzipped when the client accepts it, inflated when not). */
async function readPageFile(file: string, gzipOk: boolean): Promise<{ body: Uint8Array; gzipped?: true } | undefined> {
  for (const [path, packed] of [[file, false], [`${file}.gz`, true]] as const) {
    const st = await stat(path).catch(() => undefined);
    if (st === undefined) continue;
    if (!st.isFile() || st.size > MAX_FILE) return undefined;
    const bytes = await readFile(path);
    if (!packed) return { body: bytes };
    if (gzipOk) return { body: bytes, gzipped: true };
    return { body: gunzipSync(bytes, { maxOutputLength: MAX_FILE }) };
  }
  return undefined;
}

/** Resolves a request path to a file's bytes; never reads outside `root`. */
export async function staticFile(root: string, pathname: string, gzipOk = false): Promise<StaticResult> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400, message: 'malformed path encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400, message: 'invalid characters in path' };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return { status: 400, message: 'path traversal refused' };
  if (decoded.endsWith('/') && segments.length > 0) return { status: 404, message: 'no such file (folders are not listed)' };
  const rel = segments.length === 0 ? 'index.html' : segments.join('/');
  const base = resolve(root);
  const file = resolve(join(base, rel));
  if (!file.startsWith(base + sep)) return { status: 400, message: 'path traversal refused' };
  try {
    const found = await readPageFile(file, gzipOk);
    if (found === undefined) throw new Error('no such file');
    return { status: 200, type: TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', ...found };
  } catch {
    if (rel === 'index.html') {
      const text = 'zerotel dashboard\n\nThe page is not installed here. The JSON API answers at /api/health, /api/traces, /api/metrics, /api/logs; live updates at /events.\n';
      return { status: 200, type: 'text/plain; charset=utf-8', body: new TextEncoder().encode(text) };
    }
    return { status: 404, message: 'no such file' };
  }
}

export function sendStatic(res: ServerResponse, r: StaticResult, head: boolean): void {
  if (r.status !== 200) {
    res.statusCode = r.status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ error: r.message }));
    return;
  }
  res.statusCode = 200;
  res.setHeader('content-type', r.type);
  if (r.gzipped) res.setHeader('content-encoding', 'gzip');
  // The same URL may be sent gzipped or not, by the client's Accept-Encoding.
  res.setHeader('vary', 'accept-encoding');
  res.setHeader('content-length', r.body.byteLength);
  res.setHeader('cache-control', 'no-cache');
  res.end(head ? undefined : r.body);
}
