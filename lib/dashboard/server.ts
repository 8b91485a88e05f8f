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
import type { ApiAnswer } from './api-routes.js';
import { apiRoute } from './api-routes.js';
import { logJson } from './api-format.js';
import { HealthMonitor } from './health.js';
import { handleOtlpHttp, otlpSignalOf } from './otlp-http.js';
import { Appender, replay } from './persistence.js';
import type { ReplayReport } from './persistence.js';
import { authenticate, generateToken, hostAllowed, hostNames, isLoopback, otlpCors, setSecurityHeaders } from './security.js';
import { attachSink } from './sink.js';
import type { AttachedSink } from './sink.js';
import { DEFAULT_SSE, SseHub } from './sse.js';
import { acceptsGzip, defaultStaticDir, isTraversal, sendStatic, staticFile } from './static-files.js';
import { DashboardStore } from './store.js';
import { checkDashboardOptions, DashboardOptionError } from './options.js';
import type { DashboardOptions } from './options.js';
import type { GrpcReceiver } from './grpc-receiver.js';
import { ingestOtlp } from './receiver.js';
import { allViews, onViewsChanged } from './views.js';

export type { DashboardOptions } from './options.js';
export { DashboardOptionError } from './options.js';

/** `code` of the rejection when the `grpcPort` receiver cannot listen (nothing is left listening). */
export const DASHBOARD_GRPC_ERROR = 'ERR_ZEROTEL_DASHBOARD_GRPC';

export interface DashboardHandle {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The token in force (undefined on loopback without one). */
  readonly token: string | undefined;
  /** The OTLP/gRPC receiver's port when the `grpcPort` option started one. */
  readonly grpcPort: number | undefined;
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

/**
 * Starts the dashboard. Resolves to its handle; rejects — never throws — when
 * an option is unusable (a `DashboardOptionError` naming it, also said through
 * diag) or when a port cannot be listened on.
 */
export async function startDashboardServer(portOrOptions?: number | DashboardOptions): Promise<DashboardHandle> {
  const checked = checkDashboardOptions(portOrOptions);
  if (!checked.ok) {
    diag.error(`startDashboardServer: ${checked.message}`);
    throw new DashboardOptionError(checked.message);
  }
  const opts = checked.options;
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 0;
  let token = opts.token;
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
    // Nobody listening: the changes are not summarised, and a client resuming later gets a snapshot.
    if (hub.clientCount === 0) {
      if (c !== undefined) hub.gap();
      return;
    }
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

  /** Undoes the start when a later step fails (the HTTP server is closed only when it listens). */
  const stopAll = async (listening = true): Promise<void> => {
    health.stop();
    hub.close();
    clearInterval(idle);
    stopViews();
    if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    await appender?.close();
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    await stopAll(false);
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
  let grpc: GrpcReceiver | undefined;
  if (opts.grpcPort !== undefined) {
    try {
      // Loaded only when asked for: node:http2 stays out of an HTTP-only dashboard.
      const { startGrpcReceiver } = await import('./grpc-receiver.js');
      grpc = await startGrpcReceiver({
        host,
        port: opts.grpcPort,
        ...(token !== undefined ? { token } : {}),
        ingest: (signal, body, meta) => ingestOtlp(store, signal, body, 'protobuf', meta),
      });
      if (opts.keepProcessAlive !== true) {
        grpc.server.unref();
        grpc.server.on('session', (session) => session.unref());
      }
    } catch (err) {
      await stopAll();
      throw Object.assign(new Error(`no OTLP/gRPC receiver on ${host}:${opts.grpcPort}: ${describeError(err)}`), { code: DASHBOARD_GRPC_ERROR });
    }
  }

  if (token !== undefined && opts.token === undefined) print(`zerotel dashboard: open ${url}?t=${token} (token generated for this run)`);

  let sink: AttachedSink | undefined;
  if (opts.inProcess !== false) {
    try {
      sink = attachSink(store);
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
    grpcPort: grpc?.port,
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
        await Promise.all([
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
          grpc?.close(),
        ]);
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
