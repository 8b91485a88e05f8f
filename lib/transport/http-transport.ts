/**
 * Sends bytes with one HTTP POST over node:http / node:https, on a keep-alive
 * agent, and classifies the answer as OTLP/HTTP says (transport-result.ts).
 * node:http / node:https (→ tls, crypto) are loaded at the first send and
 * node:zlib at the first gzip, so `import 'zerotel'` and constructing an
 * exporter stay cheap. Requests run with tracing suppressed, so the HTTP
 * instrumentation never traces the exporter's own traffic.
 */
import type { Agent, ClientRequest, IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http';
import { withTracingSuppressed } from '../context/suppress-tracing.js';
import { ProtoReader } from '../otlp/proto-reader.js';
import type { Transport, TransportResult } from './transport-result.js';
import { ERR_ABORTED, ERR_COMPRESSION, ERR_HTTP_STATUS, ERR_NETWORK, ERR_SHUTDOWN, ERR_TIMEOUT, TransportError } from './transport-result.js';
import { parseRetryAfter } from './retry.js';
import { postSync } from './sync-post.js';

export interface HttpTransportOptions {
  /** Full URL, e.g. http://localhost:4318/v1/traces. */
  url: string;
  /** `application/x-protobuf` or `application/json`. */
  contentType: string;
  headers?: Record<string, string>;
  compression?: 'gzip' | 'none';
  /** Largest response body kept (enough for a partialSuccess or error message). */
  maxResponseBytes?: number;
}

/** Statuses OTLP/HTTP says to retry. */
const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_RESPONSE = 64 * 1024;

type Gzip = (b: Uint8Array) => Promise<Uint8Array>;
let gzipFn: Promise<Gzip> | undefined;
function loadGzip(): Promise<Gzip> {
  return (gzipFn ??= import('node:zlib').then(
    (zlib) => (b: Uint8Array) =>
      new Promise<Uint8Array>((resolve, reject) => zlib.gzip(b, (err, out) => (err ? reject(err) : resolve(out)))),
  ));
}

type Request = (url: URL, options: RequestOptions) => ClientRequest;

export class HttpTransport implements Transport {
  readonly url: URL;
  readonly #headers: OutgoingHttpHeaders;
  readonly #gzip: boolean;
  /** Made at the first send, with the module it belongs to. */
  #agent: Agent | undefined;
  #request: Request | undefined;
  readonly #maxResponse: number;
  #closed: boolean;

  constructor(options: HttpTransportOptions) {
    this.url = new URL(options.url);
    this.#agent = undefined;
    this.#request = undefined;
    this.#gzip = options.compression === 'gzip';
    this.#maxResponse = options.maxResponseBytes ?? MAX_RESPONSE;
    this.#headers = { ...options.headers, 'content-type': options.contentType, 'user-agent': 'zerotel' };
    if (this.#gzip) this.#headers['content-encoding'] = 'gzip';
    this.#closed = false;
  }

  async send(body: Uint8Array, timeoutMillis: number, signal?: AbortSignal): Promise<TransportResult> {
    if (this.#closed) return { kind: 'failure', error: new TransportError(ERR_SHUTDOWN, 'transport is shut down') };
    let payload = body;
    if (this.#gzip) {
      try {
        payload = await (await loadGzip())(body);
      } catch (err) {
        return { kind: 'failure', error: new TransportError(ERR_COMPRESSION, `gzip failed: ${String(err)}`, undefined, err) };
      }
    }
    return withTracingSuppressed(() => this.#post(payload, timeoutMillis, signal));
  }

  /** At `process.exit()`: the bodies POSTed by a child process while this one waits (sync-post.ts). */
  sendSync(bodies: Uint8Array[], timeoutMillis: number): number {
    if (this.#closed) return 0;
    try {
      const headers: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(this.#headers)) if (typeof v === 'string' || typeof v === 'number') headers[k] = v;
      const payloads = this.#gzip ? bodies.map((b) => process.getBuiltinModule('node:zlib').gzipSync(b)) : bodies;
      return postSync(this.url.href, headers, payloads, timeoutMillis);
    } catch {
      return 0;
    }
  }

  /** The keep-alive agent and request function for the URL's scheme, made once. */
  #client(): { agent: Agent; request: Request } {
    if (this.#agent === undefined || this.#request === undefined) {
      const mod = this.url.protocol === 'https:' ? process.getBuiltinModule('node:https') : process.getBuiltinModule('node:http');
      this.#agent = new mod.Agent({ keepAlive: true, maxSockets: 2 });
      this.#request = mod.request;
    }
    return { agent: this.#agent, request: this.#request };
  }

  #post(payload: Uint8Array, timeoutMillis: number, signal: AbortSignal | undefined): Promise<TransportResult> {
    const { agent, request } = this.#client();
    return new Promise<TransportResult>((resolve) => {
      let settled = false;
      const done = (r: TransportResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(r);
      };
      // The caller's deadline (contract 1): destroy the request, answer a failure that is not retried.
      const onAbort = (): void => {
        const why = signal?.reason instanceof Error ? signal.reason.message : 'aborted';
        done({ kind: 'failure', error: new TransportError(ERR_ABORTED, `export cancelled: ${why}`) });
        req.destroy();
      };
      const req = request(this.url, {
        method: 'POST',
        agent,
        headers: { ...this.#headers, 'content-length': payload.byteLength },
      });
      // One timer for the whole attempt (connect, send, response body); unref'd
      // so a hung collector never holds the process open.
      const timer = setTimeout(() => {
        done({ kind: 'retryable', delayMs: undefined, error: new TransportError(ERR_TIMEOUT, `no response within ${timeoutMillis} ms`) });
        req.destroy();
      }, Math.max(1, timeoutMillis));
      timer.unref();
      req.on('error', (err) => {
        done({ kind: 'retryable', delayMs: undefined, error: new TransportError(ERR_NETWORK, `request failed: ${err.message}`, undefined, err) });
      });
      req.on('response', (res) => {
        this.#readBody(res).then(
          (bytes) => done(classify(res, bytes)),
          (err: unknown) =>
            done({ kind: 'retryable', delayMs: undefined, error: new TransportError(ERR_NETWORK, `response failed: ${String(err)}`, undefined, err) }),
        );
      });
      // A background export must not hold the process open (a collector that never answers
      // would keep it alive forever): whoever awaits a flush holds a ref'd deadline timer instead.
      req.on('socket', (socket) => socket.unref());
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      req.end(payload);
    });
  }

  #readBody(res: IncomingMessage): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < this.#maxResponse) {
          chunks.push(c);
          size += c.length;
        }
      });
      res.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
    });
  }

  shutdown(): void {
    this.#closed = true;
    this.#agent?.destroy();
  }
}

function classify(res: IncomingMessage, body: Uint8Array): TransportResult {
  const status = res.statusCode ?? 0;
  const contentType = String(res.headers['content-type'] ?? '');
  if (status >= 200 && status < 300) return { kind: 'success', status, body, contentType };
  const message = `HTTP ${status}${describeBody(body, contentType)}`;
  const error = new TransportError(ERR_HTTP_STATUS, message, status);
  if (RETRYABLE.has(status)) return { kind: 'retryable', error, delayMs: parseRetryAfter(res.headers['retry-after'], Date.now()) };
  return { kind: 'failure', error };
}

/**
 * The server's message from an error body: OTLP servers answer with a
 * google.rpc.Status (`2 message string`) in the request's encoding; other
 * servers with text. Returns ": message" or ''.
 */
function describeBody(body: Uint8Array, contentType: string): string {
  if (body.length === 0) return '';
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (contentType.includes('protobuf')) {
    const m = statusMessage(body);
    if (m !== undefined) return `: ${m}`;
  }
  let s = text.toString('utf8');
  if (contentType.includes('json')) {
    try {
      const j = JSON.parse(s) as { message?: unknown };
      if (typeof j.message === 'string') s = j.message;
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  s = s.trim();
  return s.length === 0 ? '' : `: ${s.length > 512 ? `${s.slice(0, 512)}…` : s}`;
}

/** Reads field 2 (message) of a google.rpc.Status; undefined when absent or malformed. */
function statusMessage(b: Uint8Array): string | undefined {
  try {
    const r = new ProtoReader(b);
    while (r.more()) {
      const t = r.tag();
      if (t === ((2 << 3) | 2)) return r.string();
      r.skip(t & 7);
    }
  } catch {
    // Not a Status after all: the caller falls back to the text.
  }
  return undefined;
}
