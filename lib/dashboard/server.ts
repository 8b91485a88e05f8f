/**
 * The dashboard server: one `node:http` server on one port for the page
 * (static files), the JSON API, the event stream and the OTLP/HTTP receiver.
 * Every request first passes security.ts (Host, token, headers). The server
 * is marked untraced, so zerotel's HTTP instrumentation ignores it.
 */
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError, diag } from '../common/diag.js';
import { markUntracedServer } from '../common/untraced-servers.js';
import { getLoggerProvider } from '../logs/api.js';
import { getMeterProvider } from '../metrics/api.js';
import { getTracerProvider } from '../trace/api.js';
import type { ApiAnswer } from './api-routes.js';
import { apiRoute } from './api-routes.js';
import { logJson } from './api-format.js';
import { HealthMonitor } from './health.js';
import type { DashboardLimits } from './limits.js';
import { handleOtlpHttp, otlpSignalOf } from './otlp-http.js';
import { Appender, replay } from './persistence.js';
import type { ReplayReport } from './persistence.js';
import { authenticate, generateToken, hostAllowed, hostNames, isLoopback, otlpCors, setSecurityHeaders } from './security.js';
import { attachSink } from './sink.js';
import type { AttachedSink } from './sink.js';
import { DEFAULT_SSE, SseHub } from './sse.js';
import type { SseOptions } from './sse.js';
import { acceptsGzip, defaultStaticDir, isTraversal, sendStatic, staticFile } from './static-files.js';
import { DashboardStore } from './store.js';
import { allViews, onViewsChanged } from './views.js';

export interface DashboardOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. Anything but loopback requires a token (generated and printed when not given). */
  readonly host?: string;
  readonly token?: string;
  /** Append accepted batches to this file (OTLP/JSON lines) and replay it on start. */
  readonly data?: string;
  readonly limits?: Partial<DashboardLimits>;
  /** Request body bytes on the wire (default 16 MB) and after gzip (default 64 MB). */
  readonly maxWireBytes?: number;
  readonly maxBodyBytes?: number;
  /** Origins that may POST OTLP from a browser (`/v1/*` only). */
  readonly corsOrigins?: readonly string[];
  /** Extra Host header names accepted. */
  readonly allowedHosts?: readonly string[];
  readonly staticDir?: string;
  readonly sse?: Partial<SseOptions>;
  /** Feed the application's own spans, metrics and logs in (default true). */
  readonly inProcess?: boolean;
  /** Header and whole-request timeouts (defaults 10 s and 30 s). */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** Where the generated token is printed (default stderr). */
  readonly print?: (line: string) => void;
  /**
   * Keep the process alive while the server listens (the CLI does). Default
   * false: in an application the server and its connections are unref'd, so
   * the dashboard never holds the process open at exit.
   */
  readonly keepProcessAlive?: boolean;
}

export interface DashboardHandle {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The token in force (undefined on loopback without one). */
  readonly token: string | undefined;
  readonly store: DashboardStore;
  readonly replayed: ReplayReport | undefined;
  /** Pushes the current state to every client now. */
  update(): void;
  /** Moves what the in-process sink queued into the store now (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const DELTA_MS = 250;
const IDLE_HEALTH_MS = 1000;
const running = new Set<DashboardHandle>();

/** `updateDisplay()`: every running server pushes its current state now. */
export function updateDisplay(): void {
  for (const h of running) h.update();
}

function num(v: unknown, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : dflt;
}

export async function startDashboardServer(portOrOptions?: number | DashboardOptions): Promise<DashboardHandle> {
  const opts: DashboardOptions = typeof portOrOptions === 'number' ? { port: portOrOptions } : typeof portOrOptions === 'object' && portOrOptions !== null ? portOrOptions : {};
  const host = typeof opts.host === 'string' && opts.host !== '' ? opts.host : '127.0.0.1';
  const port = Number.isInteger(opts.port) && opts.port! >= 0 && opts.port! < 65536 ? opts.port! : 0;
  let token = typeof opts.token === 'string' && opts.token !== '' ? opts.token : undefined;
  const print = opts.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (token === undefined && !isLoopback(host)) token = generateToken();

  const store = new DashboardStore(opts.limits);
  let replayed: ReplayReport | undefined;
  let appender: Appender | undefined;
  if (typeof opts.data === 'string' && opts.data !== '') {
    replayed = await replay(opts.data, store);
    appender = new Appender(opts.data);
    const a = appender;
    store.onBatch = (_signal, req) => a.append(req);
  }
  store.takeChanges(); // the replay is in the snapshot, not a delta

  const health = new HealthMonitor(store);
  health.start();
  const hub = new SseHub({ ...DEFAULT_SSE, ...(opts.sse ?? {}) });
  const staticDir = opts.staticDir ?? defaultStaticDir();
  const bodyLimits = { maxWireBytes: num(opts.maxWireBytes, 16 * 1024 * 1024), maxBodyBytes: num(opts.maxBodyBytes, 64 * 1024 * 1024) };
  const corsOrigins = [...(opts.corsOrigins ?? [])];

  // Deltas: at most every DELTA_MS, scheduled by the store's change callback; health alone every second when idle.
  let deltaTimer: NodeJS.Timeout | undefined;
  let lastDelta = 0;
  const snapshot = (): unknown => ({ ...health.current(), views: allViews() });
  const pushDelta = (): void => {
    clearTimeout(deltaTimer);
    deltaTimer = undefined;
    lastDelta = Date.now();
    const c = store.takeChanges();
    const traces: unknown[] = [];
    for (const id of c?.traces ?? []) {
      const t = store.traces.traces.get(id);
      if (t !== undefined) traces.push(t.summary());
    }
    hub.broadcast('delta', { traces, logs: (c?.logs ?? []).map(logJson), metrics: [...(c?.metrics ?? [])], health: healthWithSse(true) });
  };
  store.onChange = () => {
    if (deltaTimer !== undefined) return;
    deltaTimer = setTimeout(pushDelta, Math.max(0, lastDelta + DELTA_MS - Date.now()));
    deltaTimer.unref();
  };
  const idle = setInterval(() => {
    if (deltaTimer === undefined && Date.now() - lastDelta >= IDLE_HEALTH_MS && hub.clientCount > 0) pushDelta();
  }, IDLE_HEALTH_MS);
  idle.unref();
  const stopViews = onViewsChanged(() => hub.broadcast('views', { views: allViews() }));

  const healthWithSse = (fresh = false) => {
    const h = fresh ? health.refresh() : health.current();
    h.dropped.sseClients = hub.cutOff;
    return h;
  };

  const headersTimeout = num(opts.headersTimeoutMs, 10_000);
  const requestTimeout = num(opts.requestTimeoutMs, 30_000);
  // Node checks these timeouts on a timer (30 s by default): check often enough that they mean what they say.
  const checkEvery = Math.max(50, Math.min(1000, Math.floor(Math.min(headersTimeout || 1000, requestTimeout || 1000) / 2)));
  const server: Server = createServer({ connectionsCheckingInterval: checkEvery, headersTimeout, requestTimeout }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      diag.error(`dashboard request failed: ${describeError(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  markUntracedServer(server);
  server.keepAliveTimeout = 5_000;

  let names: Set<string> | undefined;
  let boundPort = port;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    if (!hostAllowed(req.headers.host, names, boundPort)) {
      sendJson(res, 403, { error: `Host "${req.headers.host ?? ''}" is not a name this dashboard is bound to` });
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    } catch {
      sendJson(res, 400, { error: 'malformed request target' });
      return;
    }
    const auth = authenticate(req, res, url, token);
    if (auth === 'redirected') return;
    if (auth === 'denied') {
      res.setHeader('www-authenticate', 'Bearer');
      sendJson(res, 401, { error: 'this dashboard needs its token: open the URL printed at start (?t=…) or send Authorization: Bearer' });
      req.resume();
      return;
    }
    const path = url.pathname;
    const signal = otlpSignalOf(path);
    if (signal !== undefined) {
      if (!otlpCors(req, res, corsOrigins)) {
        sendJson(res, 403, { error: `origin ${String(req.headers.origin)} may not send OTLP here (see the corsOrigins option)` });
        req.resume();
        return;
      }
      if (req.method === 'OPTIONS') {
        res.statusCode = 204;
        res.end();
        return;
      }
      await handleOtlpHttp(req, res, signal, store, bodyLimits);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendJson(res, 405, { error: `${req.method ?? ''} is not allowed here` });
      req.resume();
      return;
    }
    if (path === '/events') {
      hub.open(req, res, snapshot);
      return;
    }
    if (path === '/api' || path.startsWith('/api/')) {
      sendAnswer(res, apiRoute(store, path, url.searchParams, () => healthWithSse()), req.method === 'HEAD');
      return;
    }
    // Checked on the raw target: the URL parser has already resolved `/a/%2e%2e/b` to `/b` in `path`.
    if (isTraversal(req.url ?? '/')) {
      sendJson(res, 400, { error: 'path traversal refused' });
      return;
    }
    sendStatic(res, await staticFile(staticDir, path, acceptsGzip(req.headers['accept-encoding'])), req.method === 'HEAD');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    health.stop();
    hub.close();
    clearInterval(idle);
    stopViews();
    await appender?.close();
    throw err;
  });
  boundPort = (server.address() as AddressInfo).port;
  if (opts.keepProcessAlive !== true) {
    server.unref();
    server.on('connection', (socket) => socket.unref());
  }
  names = hostNames({ host, port: boundPort, token, allowedHosts: opts.allowedHosts ?? [], corsOrigins });
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${boundPort}/`;
  if (token !== undefined && opts.token === undefined) print(`zerotel dashboard: open ${url}?t=${token} (token generated for this run)`);

  let sink: AttachedSink | undefined;
  if (opts.inProcess !== false) {
    try {
      sink = attachSink(store, { tracer: getTracerProvider(), logger: getLoggerProvider(), meter: getMeterProvider() });
    } catch (err) {
      diag.error(`dashboard could not join the application's providers: ${describeError(err)}`);
    }
  }

  let closing: Promise<void> | undefined;
  const dashboard: DashboardHandle = {
    url,
    port: boundPort,
    host,
    token,
    store,
    replayed,
    update: pushDelta,
    async flush() {
      await sink?.flush();
    },
    close() {
      return (closing ??= (async () => {
        running.delete(dashboard);
        clearTimeout(deltaTimer);
        clearInterval(idle);
        stopViews();
        health.stop();
        hub.close();
        await sink?.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await appender?.close();
      })());
    },
  };
  running.add(dashboard);
  return dashboard;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

function sendAnswer(res: ServerResponse, a: ApiAnswer, head: boolean): void {
  if ('json' in a) {
    if (head) {
      res.statusCode = a.status;
      res.end();
    } else sendJson(res, a.status, a.json);
    return;
  }
  res.statusCode = 200;
  res.setHeader('content-type', a.type);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-length', a.bytes.byteLength);
  if (a.filename !== undefined) res.setHeader('content-disposition', `attachment; filename="${a.filename}"`);
  res.end(head ? undefined : a.bytes);
}
