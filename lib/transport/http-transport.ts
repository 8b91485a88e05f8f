/**
 * Sends bytes with one HTTP POST over node:http / node:https, on a keep-alive
 * agent, and classifies the answer as OTLP/HTTP says (transport-result.ts).
 * node:http / node:https (→ tls, crypto) are loaded at the first send and
 * node:zlib at the first gzip, so `import 'zerotel'` and constructing an
 * exporter stay cheap. Requests run with tracing suppressed, so the HTTP
 * instrumentation never traces the exporter's own traffic. The export's
 * AbortSignal aborts the request (http.request's own `signal`).
 */
import type { Agent, ClientRequest, IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http';
import { checkedHeaders, urlProblem } from '../common/endpoint-checks.js';
import { withTracingSuppressed } from '../context/suppress-tracing.js';
import { readStatusMessage } from '../otlp/grpc-status.js';
import { gzip } from './compression.js';
import type { SendOptions, Transport, TransportResult } from './transport-result.js';
import {
  abortedResult,
  ERR_COMPRESSION,
  ERR_CONFIG,
  ERR_HTTP_STATUS,
  ERR_NETWORK,
  ERR_SHUTDOWN,
  ERR_TIMEOUT,
  failure,
  guarded,
  retryable,
  TransportError,
} from './transport-result.js';
import { parseRetryAfter } from './retry.js';
import type { HandOffJob } from './sync-post.js';

export interface HttpTransportOptions {
  /** Full URL, e.g. http://localhost:4318/v1/traces. */
  url: string;
  /** `application/x-protobuf` or `application/json`. */
  contentType: string;
  headers?: Record<string, string>;
  compression?: 'gzip' | 'none';
  /** Largest response body kept (enough for a partialSuccess or error message). */
  maxResponseBytes?: number;
  /** https: CA, client key and certificate (PEM). */
  tls?: { readonly ca?: Uint8Array | undefined; readonly key?: Uint8Array | undefined; readonly cert?: Uint8Array | undefined };
}

/** Statuses OTLP/HTTP says to retry. */
const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_RESPONSE = 64 * 1024;

type Request = (url: URL, options: RequestOptions) => ClientRequest;

export class HttpTransport implements Transport {
  /** undefined when the URL given is unusable: every send then fails with the reason. */
  readonly url: URL | undefined;
  readonly #problem: string | undefined;
  readonly #headers: OutgoingHttpHeaders;
  readonly #gzip: boolean;
  /** Made at the first send, with the module it belongs to. */
  #agent: Agent | undefined;
  #request: Request | undefined;
  readonly #maxResponse: number;
  readonly #tls: HttpTransportOptions['tls'];
  #closed: boolean;

  constructor(options: HttpTransportOptions) {
    this.#problem = urlProblem(options.url);
    this.url = this.#problem === undefined ? new URL(options.url) : undefined;
    this.#agent = undefined;
    this.#request = undefined;
    this.#gzip = options.compression === 'gzip';
    this.#maxResponse = options.maxResponseBytes ?? MAX_RESPONSE;
    this.#tls = options.tls;
    this.#headers = { ...checkedHeaders(options.headers, 'the exporter headers option'), 'content-type': options.contentType, 'user-agent': 'zerotel' };
    if (this.#gzip) this.#headers['content-encoding'] = 'gzip';
    this.#closed = false;
  }

  send(body: Uint8Array, options: SendOptions): Promise<TransportResult> {
    return guarded('HTTP export failed', () => this.#send(body, options));
  }

  async #send(body: Uint8Array, options: SendOptions): Promise<TransportResult> {
    if (this.#closed) return failure(ERR_SHUTDOWN, 'transport is shut down');
    if (this.url === undefined) return failure(ERR_CONFIG, `exporter disabled: ${this.#problem ?? 'no URL'}`);
    if (options.signal?.aborted === true) return abortedResult(options.signal);
    let payload = body;
    if (this.#gzip) {
      try {
        payload = await gzip(body);
      } catch (err) {
        return failure(ERR_COMPRESSION, `gzip failed: ${String(err)}`, undefined, err);
      }
    }
    const url = this.url;
    return withTracingSuppressed(() => this.#post(url, payload, options));
  }

  /**
   * At `process.exit()`: the job for the hand-off process (sync-post.ts),
   * which POSTs the bodies with the same headers and TLS material, gzip'd here.
   */
  handOffJob(bodies: Uint8Array[]): HandOffJob | string {
    if (this.#closed) return 'transport is shut down';
    if (this.url === undefined) return `exporter disabled: ${this.#problem ?? 'no URL'}`;
    const headers: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(this.#headers)) if (typeof v === 'string' || typeof v === 'number') headers[k] = v;
    const payloads = this.#gzip ? bodies.map((b) => process.getBuiltinModule('node:zlib').gzipSync(b)) : bodies;
    return { protocol: 'http', url: this.url.href, headers, tls: this.url.protocol === 'https:' ? this.#tls : undefined, bodies: payloads };
  }

  /** The keep-alive agent and request function for the URL's scheme, made once. */
  #client(url: URL): { agent: Agent; request: Request } {
    if (this.#agent === undefined || this.#request === undefined) {
      if (url.protocol === 'https:') {
        const https = process.getBuiltinModule('node:https');
        const { ca, key, cert } = this.#tls ?? {};
        const pem = (b: Uint8Array | undefined): Buffer | undefined => (b === undefined ? undefined : Buffer.from(b));
        this.#agent = new https.Agent({ keepAlive: true, maxSockets: 2, ca: pem(ca), key: pem(key), cert: pem(cert) });
        this.#request = https.request;
      } else {
        const http = process.getBuiltinModule('node:http');
        this.#agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
        this.#request = http.request;
      }
    }
    return { agent: this.#agent, request: this.#request };
  }

  #post(url: URL, payload: Uint8Array, options: SendOptions): Promise<TransportResult> {
    const { agent, request } = this.#client(url);
    const { signal } = options;
    const timeoutMillis = options.deadline - Date.now();
    return new Promise<TransportResult>((resolve) => {
      let settled = false;
      const done = (r: TransportResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      // One timer for the whole attempt (connect, send, response body); unref'd
      // so a hung collector never holds the process open.
      const timer = setTimeout(() => {
        done(retryable(ERR_TIMEOUT, `no response within ${Math.max(0, timeoutMillis)} ms`));
        req.destroy();
      }, Math.max(1, timeoutMillis));
      timer.unref();
      // http.request throws synchronously for a header it refuses: that becomes a
      // failure with node's own message through `guarded`, and the timer goes with it.
      let req: ClientRequest;
      try {
        req = request(url, { method: 'POST', agent, headers: { ...this.#headers, 'content-length': payload.byteLength }, signal });
      } catch (err) {
        clearTimeout(timer);
        throw err;
      }
      req.on('error', (err) => {
        if (signal?.aborted === true) done(abortedResult(signal));
        else done(retryable(ERR_NETWORK, `request failed: ${err.message}`, undefined, undefined, err));
      });
      req.on('response', (res) => {
        this.#readBody(res).then(
          (bytes) => done(classify(res, bytes)),
          (err: unknown) => done(signal?.aborted === true ? abortedResult(signal) : retryable(ERR_NETWORK, `response failed: ${String(err)}`, undefined, undefined, err)),
        );
      });
      // A background export must not hold the process open (a collector that never answers
      // would keep it alive forever): whoever awaits a flush holds a ref'd deadline timer instead.
      req.on('socket', (socket) => socket.unref());
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
  if (status >= 200 && status < 300) return { kind: 'success', body };
  const contentType = String(res.headers['content-type'] ?? '');
  const error = new TransportError(ERR_HTTP_STATUS, `HTTP ${status}${describeBody(body, contentType)}`, status);
  if (RETRYABLE.has(status)) return { kind: 'retryable', error, delayMs: parseRetryAfter(res.headers['retry-after'], Date.now()) };
  return { kind: 'failure', error };
}

/**
 * The server's message from an error body: OTLP servers answer with a
 * google.rpc.Status in the request's encoding; other servers with text.
 * Returns ": message" or ''.
 */
function describeBody(body: Uint8Array, contentType: string): string {
  if (body.length === 0) return '';
  if (contentType.includes('protobuf')) {
    const m = readStatusMessage(body);
    if (m !== undefined) return `: ${m}`;
  }
  let s = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
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
