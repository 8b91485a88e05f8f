/**
 * The one OTLP exporter, generic over the signal (traces, metrics, logs), the
 * encoding (protobuf, JSON) and the transport (HTTP, gRPC): encode once per
 * batch, send through the retry wrapper bounded by the export deadline and
 * the caller's AbortSignal, read `partialSuccess` from the response in the
 * request's encoding, and answer with an ExportResult value — never a throw,
 * never a rejection.
 */
import { Buffer } from 'node:buffer';
import { reportBadEndpoint, urlProblem } from '../common/endpoint-checks.js';
import { describeError, diag } from '../common/diag.js';
import { readPartialSuccess } from '../otlp/common-reader.js';
import { ProtoReader } from '../otlp/proto-reader.js';
import type { ExportResult } from '../trace/span-exporter.js';
import { EXPORT_SUCCESS, exportFailure } from '../trace/span-exporter.js';
import { DeferredTransport } from '../transport/deferred-transport.js';
import type { TlsMaterial } from '../transport/grpc/grpc-session.js';
import { HttpTransport } from '../transport/http-transport.js';
import type { RetryOptions } from '../transport/retry.js';
import { RetryingTransport } from '../transport/retry.js';
import type { Transport, TransportResult } from '../transport/transport-result.js';
import { NO_SYNC_SEND } from '../transport/transport-result.js';
import { grpcHandOffJob } from '../transport/grpc/grpc-sync.js';
import { handOffAll } from '../transport/sync-post.js';
import type { HandOffRunner, PreparedSend } from '../common/exit-handoff.js';
import { readOptions } from '../common/options.js';

export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';
/** @deprecated the exporter now speaks gRPC too: use OtlpProtocol. */
export type OtlpHttpProtocol = OtlpProtocol;

/** How one signal is written and where it goes. */
export interface OtlpSignal<T> {
  /** "traces", "metrics", "logs": used in diagnostics. */
  readonly name: string;
  readonly encodeProto: (items: T[]) => Uint8Array;
  readonly encodeJson: (items: T[]) => string | Uint8Array;
  /** e.g. "rejectedSpans", "rejectedDataPoints", "rejectedLogRecords". */
  readonly rejectedField: string;
  /** The OTLP/HTTP path, e.g. "/v1/traces" (default URL http://localhost:4318 + this). */
  readonly httpPath?: string;
  /** The gRPC method, e.g. "/opentelemetry.proto.collector.trace.v1.TraceService/Export". */
  readonly grpcPath?: string;
}

export interface OtlpExporterOptions {
  /**
   * http/*: the full signal URL (default http://localhost:4318/v1/<signal>);
   * grpc: the endpoint, http://host:port for cleartext or https://host:port for TLS (default http://localhost:4317).
   */
  url?: string;
  protocol?: OtlpProtocol;
  headers?: Record<string, string>;
  compression?: 'gzip' | 'none';
  /** Bound on one export, retries included (default 10000 ms, OTEL_EXPORTER_OTLP_TIMEOUT). */
  timeoutMillis?: number;
  retry?: RetryOptions;
  /** gRPC over TLS: CA, client key and certificate (PEM). */
  tls?: TlsMaterial;
  /** Replaces the transport (tests, custom transports); retries are then the given transport's business. */
  transport?: Transport;
  /** Set by the configuration when it found (and reported) a problem: the exporter sends nothing and fails each export with it. */
  disabledReason?: string;
}
/** @deprecated use OtlpExporterOptions. */
export type OtlpHttpExporterOptions = OtlpExporterOptions;

export const DEFAULT_OTLP_HTTP_ORIGIN = 'http://localhost:4318';
export const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://localhost:4317';

/** The options the exporter reads (OtlpMetricExporter adds its temporalitySelector). */
export const OTLP_OPTION_KEYS = ['url', 'protocol', 'headers', 'compression', 'timeoutMillis', 'retry', 'tls', 'transport', 'disabledReason'] as const;

export class OtlpExporter<T> {
  readonly url: string;
  readonly protocol: OtlpProtocol;
  readonly timeoutMillis: number;
  readonly #signal: OtlpSignal<T>;
  readonly #transport: Transport;
  /** Why this exporter cannot send (a bad URL), reported once at construction; undefined when it can. */
  readonly #disabled: string | undefined;
  readonly #pending: Set<Promise<ExportResult>>;
  #shutdown: boolean;

  constructor(signal: OtlpSignal<T>, options: OtlpExporterOptions = {}) {
    this.#signal = signal;
    // Each option read once (a getter or a Proxy trap may throw: that option is reported and left out).
    const o = readOptions<OtlpExporterOptions>(`OTLP ${signal.name} exporter`, options, OTLP_OPTION_KEYS);
    this.protocol = o.protocol === 'http/json' || o.protocol === 'grpc' ? o.protocol : 'http/protobuf';
    const grpc = this.protocol === 'grpc';
    this.url = typeof o.url === 'string' ? o.url : grpc ? DEFAULT_OTLP_GRPC_ENDPOINT : `${DEFAULT_OTLP_HTTP_ORIGIN}${signal.httpPath ?? `/v1/${signal.name}`}`;
    const t = o.timeoutMillis;
    this.timeoutMillis = typeof t === 'number' && Number.isFinite(t) && t >= 0 ? t : 10000;
    if (t !== undefined && this.timeoutMillis !== t) diag.warn(`OTLP ${signal.name} exporter: invalid timeoutMillis; 10000 is used`);
    if (typeof o.disabledReason === 'string') {
      this.#disabled = o.disabledReason;
    } else {
      const problem = o.transport === undefined ? urlProblem(this.url) : undefined;
      this.#disabled = problem === undefined ? undefined : `OTLP ${signal.name} exporter disabled: the url option: ${problem}`;
      if (this.#disabled !== undefined) reportBadEndpoint(this.url, this.#disabled);
    }
    this.#transport = o.transport ?? new RetryingTransport(this.#makeTransport(o), o.retry);
    this.#pending = new Set();
    this.#shutdown = false;
  }

  #makeTransport(o: OtlpExporterOptions): Transport {
    const tls = o.tls;
    const common = {
      url: this.url,
      compression: o.compression ?? 'none',
      ...(o.headers !== undefined && { headers: o.headers }),
      ...(tls !== undefined && { tls }),
    } as const;
    if (this.protocol !== 'grpc') {
      return new HttpTransport({ ...common, contentType: this.protocol === 'http/json' ? 'application/json' : 'application/x-protobuf' });
    }
    const path = this.#signal.grpcPath ?? `/${this.#signal.name}/Export`;
    return new DeferredTransport(
      () => import('../transport/grpc/grpc-transport.js').then((m) => new m.GrpcTransport({ ...common, path })),
      (bodies) => grpcHandOffJob({ ...common, path }, bodies),
    );
  }

  /**
   * Encodes and sends `items`; never rejects. Settles by `timeoutMillis`, and
   * promptly with a failure once `signal` aborts (request and retry sleep stopped).
   */
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
   * The request body for `items` in the configured encoding: with
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
    if (this.#disabled !== undefined) return Promise.resolve(exportFailure(new Error(this.#disabled)));
    const p = this.#send(body, signal);
    this.#pending.add(p);
    // Sockets, sessions and retry sleeps are unref'd: a processor or reader (which passes a signal)
    // owns the process's lifetime with its own deadline. A direct caller awaiting without one is
    // kept alive here, until the export's own bound.
    const hold = signal === undefined ? setTimeout(() => {}, this.timeoutMillis + 1000) : undefined;
    const forget = (): void => {
      clearTimeout(hold);
      this.#pending.delete(p);
    };
    // #send never rejects, and neither does this chain: nothing left unhandled.
    void p.then(forget, forget);
    return p;
  }

  /**
   * At `process.exit()`: what the hand-off process must send for bodies
   * made by `encode` (over HTTP or gRPC, one attempt), bounded by this
   * export's timeout plus time for that process to start (seconds on a
   * loaded machine); or why this exporter cannot send.
   */
  prepareEncodedSync(bodies: Uint8Array[]): PreparedSend | string {
    if (this.#shutdown) return `${this.#signal.name} exporter is shut down`;
    if (this.#disabled !== undefined) return this.#disabled;
    try {
      const job = this.#transport.handOffJob?.(bodies) ?? NO_SYNC_SEND;
      if (typeof job === 'string') return job;
      // The exit hand-off groups jobs by their runner: every OTLP job goes to one process.
      return { job: { ...job, budgetMillis: this.timeoutMillis + 3000 }, run: handOffAll as HandOffRunner };
    } catch (err) {
      return describeError(err);
    }
  }

  async #send(body: Uint8Array, signal: AbortSignal | undefined): Promise<ExportResult> {
    try {
      const r: TransportResult = await this.#transport.send(body, { deadline: Date.now() + this.timeoutMillis, signal });
      if (r.kind !== 'success') {
        diag.debug(`${this.#signal.name} export to ${this.url} failed: ${r.error.message}`);
        return { code: 'failure', error: r.error };
      }
      this.#reportPartialSuccess(r.body);
      return EXPORT_SUCCESS;
    } catch (err) {
      // A custom transport that throws: its own message, as a value.
      return exportFailure(new Error(`${this.#signal.name} export failed: ${describeError(err)}`));
    }
  }

  /** OTLP: an accepted export may still reject some items; say so (counted, not per item). */
  #reportPartialSuccess(body: Uint8Array): void {
    if (body.length === 0) return;
    let rejected = 0;
    let message = '';
    try {
      if (this.protocol === 'http/json') {
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

/** @deprecated the exporter is no longer HTTP-only: use OtlpExporter. */
export { OtlpExporter as OtlpHttpExporter };
