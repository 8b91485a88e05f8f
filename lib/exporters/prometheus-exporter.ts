/**
 * A Prometheus pull endpoint: a cumulative MetricReader behind a `node:http`
 * server (OTEL_EXPORTER_PROMETHEUS_HOST, default 127.0.0.1 — loopback unless
 * asked; OTEL_EXPORTER_PROMETHEUS_PORT, default 9464; path /metrics). Each
 * scrape is one collection. The server is unref'd: it never keeps a process
 * alive on its own, and errors (port in use) are reported, never thrown.
 * node:http is loaded when the server starts, not at `import 'zerotel'`.
 */
import { markUntracedServer } from '../common/untraced-servers.js';
import { Buffer } from 'node:buffer';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError, diag } from '../common/diag.js';
import { readOptions } from '../common/options.js';
import { CUMULATIVE_SELECTOR } from '../metrics/metric-data.js';
import { MetricReader } from '../metrics/metric-reader.js';
import type { PrometheusTextOptions } from './prometheus-text.js';
import { PROMETHEUS_CONTENT_TYPE, toPrometheusText } from './prometheus-text.js';

export interface PrometheusExporterOptions extends PrometheusTextOptions {
  readonly host?: string;
  /** 0 picks a free port (read it from `port` once `ready` resolves). */
  readonly port?: number;
  readonly endpoint?: string;
  /** Do not listen when attached; call `startServer()` yourself. */
  readonly preventServerStart?: boolean;
}

export const DEFAULT_PROMETHEUS_PORT = 9464;

export class PrometheusExporter extends MetricReader {
  readonly host: string;
  readonly endpoint: string;
  readonly #requestedPort: number;
  readonly #text: PrometheusTextOptions;
  readonly #preventStart: boolean;
  #server: Server | undefined;
  #ready: Promise<void> | undefined;

  /** Options that cannot be read or have the wrong type are reported and their defaults used. */
  constructor(options: PrometheusExporterOptions = {}) {
    super({ temporality: CUMULATIVE_SELECTOR });
    const o = readOptions<PrometheusExporterOptions>('PrometheusExporter', options, ['host', 'port', 'endpoint', 'withoutTargetInfo', 'withoutScopeLabels', 'preventServerStart']);
    this.host = typeof o.host === 'string' && o.host !== '' ? o.host : '127.0.0.1';
    const port = o.port;
    this.#requestedPort = typeof port === 'number' && Number.isInteger(port) && port >= 0 && port < 65536 ? port : DEFAULT_PROMETHEUS_PORT;
    const ep = typeof o.endpoint === 'string' ? o.endpoint : '/metrics';
    for (const [name, given, used] of [['port', port, this.#requestedPort], ['host', o.host, this.host], ['endpoint', o.endpoint, ep]] as const) {
      if (given !== undefined && given !== used) diag.warn(`PrometheusExporter: invalid ${name}; ${used} is used`);
    }
    this.endpoint = ep.startsWith('/') ? ep : `/${ep}`;
    this.#text = { withoutTargetInfo: o.withoutTargetInfo === true, withoutScopeLabels: o.withoutScopeLabels === true };
    this.#preventStart = o.preventServerStart === true;
  }

  /** The port listened on (the requested one until listening). */
  get port(): number {
    const addr = this.#server?.address();
    return addr !== null && typeof addr === 'object' ? (addr as AddressInfo).port : this.#requestedPort;
  }

  /** Resolves once the server listens (or failed to: the failure is reported through diag). */
  get ready(): Promise<void> {
    return this.#ready ?? Promise.resolve();
  }

  protected override onAttach(): void {
    if (!this.#preventStart) void this.startServer();
  }

  startServer(): Promise<void> {
    if (this.#ready !== undefined) return this.#ready;
    const server = process.getBuiltinModule('node:http').createServer((req, res) => void this.#handle(req, res));
    markUntracedServer(server);
    this.#server = server;
    this.#ready = new Promise<void>((resolve) => {
      server.once('error', (err) => {
        diag.error(`prometheus exporter could not listen on ${this.host}:${this.#requestedPort}: ${describeError(err)}`);
        this.#server = undefined;
        resolve();
      });
      server.listen(this.#requestedPort, this.host, () => {
        server.unref();
        resolve();
      });
    });
    return this.#ready;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== this.endpoint || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    try {
      const rm = await this.collect();
      const body = rm === undefined ? '' : toPrometheusText(rm, this.#text);
      res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      diag.error(`prometheus scrape failed: ${describeError(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('collection failed\n');
    }
  }

  /** Stops listening (idempotent). */
  stopServer(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#ready = undefined;
    if (server === undefined || !server.listening) return Promise.resolve();
    return new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  protected override onShutdown(): Promise<void> {
    return this.stopServer();
  }
}
