/**
 * The OTLP/HTTP exporter, generic over the signal: the caller gives the URL
 * (…/v1/traces, /v1/metrics, /v1/logs) and the encoders; this class does the
 * rest — encode once per batch, POST with retries bounded by the export
 * timeout, read `partialSuccess`, and answer with an ExportResult value.
 */
import { Buffer } from 'node:buffer';
import { describeError, diag } from '../common/diag.js';
import { readPartialSuccess } from '../otlp/common-reader.js';
import { ProtoReader } from '../otlp/proto-reader.js';
import type { ExportResult } from '../trace/span-exporter.js';
import { EXPORT_SUCCESS, exportFailure } from '../trace/span-exporter.js';
import { HttpTransport } from '../transport/http-transport.js';
import type { RetryOptions } from '../transport/retry.js';
import { RetryingTransport } from '../transport/retry.js';
import type { Transport } from '../transport/transport-result.js';

export type OtlpHttpProtocol = 'http/protobuf' | 'http/json';

/** How one signal is written: both encodings, and the name of its rejected count in partialSuccess JSON. */
export interface OtlpSignal<T> {
  /** "traces", "metrics", "logs": used in diagnostics. */
  readonly name: string;
  readonly encodeProto: (items: T[]) => Uint8Array;
  readonly encodeJson: (items: T[]) => string | Uint8Array;
  /** e.g. "rejectedSpans", "rejectedDataPoints", "rejectedLogRecords". */
  readonly rejectedField: string;
}

export interface OtlpHttpExporterOptions {
  /** The full signal URL, e.g. http://localhost:4318/v1/traces. */
  url: string;
  protocol?: OtlpHttpProtocol;
  headers?: Record<string, string>;
  compression?: 'gzip' | 'none';
  /** Bound on one export, retries included (default 10000 ms, OTEL_EXPORTER_OTLP_TIMEOUT). */
  timeoutMillis?: number;
  retry?: RetryOptions;
  /** Replaces the HTTP transport (tests, custom transports). */
  transport?: Transport;
}

export class OtlpHttpExporter<T> {
  readonly url: string;
  readonly protocol: OtlpHttpProtocol;
  readonly timeoutMillis: number;
  readonly #signal: OtlpSignal<T>;
  readonly #transport: Transport;
  readonly #pending: Set<Promise<ExportResult>>;
  #shutdown: boolean;

  constructor(signal: OtlpSignal<T>, options: OtlpHttpExporterOptions) {
    this.#signal = signal;
    this.url = options.url;
    this.protocol = options.protocol === 'http/json' ? 'http/json' : 'http/protobuf';
    this.timeoutMillis = options.timeoutMillis ?? 10000;
    const contentType = this.protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
    const http =
      options.transport ?? new HttpTransport({ url: options.url, contentType, headers: options.headers ?? {}, compression: options.compression ?? 'none' });
    this.#transport = options.transport ?? new RetryingTransport(http, options.retry);
    this.#pending = new Set();
    this.#shutdown = false;
  }

  /** Encodes and sends `items`; never rejects. `signal` aborting cancels the request and its retries. */
  export(items: T[], signal?: AbortSignal): Promise<ExportResult> {
    let body: Uint8Array;
    try {
      body = this.encode(items);
    } catch (err) {
      return Promise.resolve(exportFailure(new Error(`encoding ${items.length} ${this.#signal.name} items failed: ${describeError(err)}`)));
    }
    return this.exportEncoded(body, signal);
  }

  /**
   * The request body for `items`, in the configured protocol: with
   * `exportEncoded`, lets a batch processor hold a burst as bytes. Throws
   * when the items cannot be encoded.
   */
  encode(items: T[]): Uint8Array {
    if (this.protocol === 'http/json') {
      const j = this.#signal.encodeJson(items);
      return typeof j === 'string' ? Buffer.from(j, 'utf8') : j;
    }
    return this.#signal.encodeProto(items);
  }

  /** Sends a body made by `encode`; never rejects. */
  exportEncoded(body: Uint8Array, signal?: AbortSignal): Promise<ExportResult> {
    if (this.#shutdown) return Promise.resolve(exportFailure(new Error(`${this.#signal.name} exporter is shut down`)));
    const p = this.#send(body, signal);
    this.#pending.add(p);
    // Sockets and retry sleeps are unref'd: a processor or reader (which passes a signal) owns
    // the process's lifetime with its own deadline. A direct caller awaiting without one is kept
    // alive here, until the export's own bound.
    const hold = signal === undefined ? setTimeout(() => {}, this.timeoutMillis + 1000) : undefined;
    void p.finally(() => {
      clearTimeout(hold);
      this.#pending.delete(p);
    });
    return p;
  }

  /**
   * At `process.exit()`: sends bodies made by `encode`, in order,
   * synchronously within `timeoutMillis`; returns how many were accepted
   * (0 when the transport cannot send synchronously).
   */
  exportEncodedSync(bodies: Uint8Array[], timeoutMillis: number): number {
    if (this.#shutdown) return 0;
    try {
      // The export's own bound, plus time for the sending process to start (seconds on a loaded machine).
      return this.#transport.sendSync?.(bodies, Math.min(timeoutMillis, this.timeoutMillis + 3000)) ?? 0;
    } catch {
      return 0;
    }
  }

  async #send(body: Uint8Array, signal: AbortSignal | undefined): Promise<ExportResult> {
    const r = await this.#transport.send(body, this.timeoutMillis, signal);
    if (r.kind !== 'success') {
      diag.debug(`${this.#signal.name} export to ${this.url} failed: ${r.error.message}`);
      return { code: 'failure', error: r.error };
    }
    this.#reportPartialSuccess(r.body, r.contentType);
    return EXPORT_SUCCESS;
  }

  /** OTLP: a 2xx may still reject some items; say so (counted, not per item). */
  #reportPartialSuccess(body: Uint8Array, contentType: string): void {
    if (body.length === 0) return;
    let rejected = 0;
    let message = '';
    try {
      if (contentType.includes('json') || (this.protocol === 'http/json' && !contentType.includes('protobuf'))) {
        const j = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as {
          partialSuccess?: Record<string, unknown>;
        };
        const ps = j.partialSuccess;
        if (ps === undefined || ps === null) return;
        rejected = Number(ps[this.#signal.rejectedField] ?? 0);
        message = typeof ps['errorMessage'] === 'string' ? ps['errorMessage'] : '';
      } else {
        const ps = readPartialSuccess(new ProtoReader(body));
        if (ps === undefined) return;
        rejected = ps.rejected;
        message = ps.errorMessage;
      }
    } catch (err) {
      diag.debug(`${this.#signal.name}: unreadable export response: ${describeError(err)}`);
      return;
    }
    if (rejected > 0) diag.dropped(`otlp.${this.#signal.name}.rejected`, rejected, `collector rejected ${rejected} ${this.#signal.name} item(s)${message ? `: ${message}` : ''}`);
    else if (message) diag.warn(`${this.#signal.name} export: collector says: ${message}`);
  }

  /** Waits for the exports in flight. */
  async forceFlush(): Promise<void> {
    await Promise.all(this.#pending);
  }

  async shutdown(): Promise<void> {
    if (this.#shutdown) return;
    this.#shutdown = true;
    await this.forceFlush();
    this.#transport.shutdown();
  }
}
