/**
 * CLIENT spans for outgoing `http.request`/`https.request`.
 *
 * Node 20 publishes `http.client.request.start` only from `ClientRequest`'s
 * `_finish`, after the headers are written, and `http.client.request.created`
 * (which comes before) exists only from Node 22.12. So headers are injected
 * from the one public hook that runs before they are flushed: the agent's
 * `addRequest(req, options)`, which `ClientRequest`'s constructor calls
 * synchronously, in the caller's async context, with the headers still
 * editable. `enableHttpInstrumentation` installs tracing subclasses as
 * `http.globalAgent`/`https.globalAgent` (carrying the previous global agent's
 * options), which also covers `agent: false` (Node builds a new agent from the
 * global one's constructor). Requests through any other agent still get a
 * span at `http.client.request.start`, just without propagation.
 *
 * The span ends at `http.client.response.finish` (response headers received)
 * or `http.client.request.error`.
 */
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import type { Attributes } from '../common/attributes.js';
import { activeContext } from '../context/async-context.js';
import { outgoingMessageSetter } from '../context/carriers.js';
import { getPropagator } from '../context/propagation.js';
import { isTracingSuppressed } from '../context/suppress-tracing.js';
import type { Span } from '../trace/span.js';
import { SpanKind, SpanStatusCode } from '../trace/span.js';
import { httpTracer, state } from './http-config.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  errorMessage,
  errorType,
  normalizeMethod,
  spanName,
  splitHostPort,
} from './semconv.js';

const clientSpans = new WeakMap<http.ClientRequest, Span>();
/** Requests seen by a tracing agent while tracing was suppressed: the fallback channel must skip them too. */
const untraced = new WeakSet<http.ClientRequest>();

type AddRequest = (this: http.Agent, req: http.ClientRequest, options: http.RequestOptions) => void;
const httpAddRequest = (http.Agent.prototype as unknown as { addRequest: AddRequest }).addRequest;
const httpsAddRequest = (https.Agent.prototype as unknown as { addRequest: AddRequest }).addRequest;

function startClientSpan(req: http.ClientRequest, scheme: 'http' | 'https', host: string, port: number | undefined, inject: boolean): void {
  if (!state.client || clientSpans.has(req) || untraced.has(req)) return;
  const ctx = activeContext();
  if (isTracingSuppressed(ctx)) {
    untraced.add(req);
    return;
  }
  const method = normalizeMethod(req.method);
  const defaultPort = scheme === 'https' ? 443 : 80;
  const authority = host.includes(':') ? '[' + host + ']' : host;
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_SERVER_ADDRESS]: host,
    [ATTR_SERVER_PORT]: port ?? defaultPort,
    [ATTR_URL_FULL]: scheme + '://' + authority + (port === undefined || port === defaultPort ? '' : ':' + port) + req.path,
  };
  if (method === '_OTHER') attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = req.method;
  const span = httpTracer().startSpan(spanName(method), { kind: SpanKind.CLIENT, attributes }, ctx);
  clientSpans.set(req, span);
  // A request abandoned before any response or error (the deprecated req.abort()) only closes.
  if (span.isRecording()) req.once('close', () => onClientClose(req));
  // Headers given as an array (or an Expect header) are already serialized: nothing can be added then.
  if (inject && !req.headersSent) getPropagator().inject(ctx.withSpan(span), req, outgoingMessageSetter);
}

function onAddRequest(agent: http.Agent, req: http.ClientRequest, options: http.RequestOptions, scheme: 'http' | 'https'): void {
  try {
    const port = options.port === undefined || options.port === null ? (agent as { defaultPort?: number }).defaultPort : Number(options.port);
    startClientSpan(req, scheme, typeof req.host === 'string' ? req.host : String(options.host ?? 'localhost'), port, true);
  } catch {
    // Never let tracing break a request.
  }
}

/** An `http.Agent` whose requests carry the current trace context (use it where you pass your own agent). */
export class TracingHttpAgent extends http.Agent {
  addRequest(req: http.ClientRequest, options: http.RequestOptions): void {
    onAddRequest(this, req, options, 'http');
    httpAddRequest.call(this, req, options);
  }
}

/** An `https.Agent` whose requests carry the current trace context. */
export class TracingHttpsAgent extends https.Agent {
  addRequest(req: http.ClientRequest, options: http.RequestOptions): void {
    onAddRequest(this, req, options, 'https');
    httpsAddRequest.call(this, req, options);
  }
}

interface ClientMessage {
  request: http.ClientRequest;
  response?: http.IncomingMessage;
  error?: unknown;
}

/** Fallback for requests that did not pass through a tracing agent: a span, no propagation. */
export function onClientRequestStart(message: unknown): void {
  const req = (message as ClientMessage).request;
  if (!state.client || clientSpans.has(req) || untraced.has(req)) return;
  try {
    const scheme = (req as { protocol?: string }).protocol === 'https:' ? 'https' : 'http';
    const hostHeader = req.getHeader('host');
    const hp = typeof hostHeader === 'string' ? splitHostPort(hostHeader) : { host: req.host, port: undefined };
    startClientSpan(req, scheme, hp.host, hp.port, false);
  } catch {
    // Never let tracing break a request.
  }
}

export function onClientResponseFinish(message: unknown): void {
  const { request, response } = message as ClientMessage;
  const span = clientSpans.get(request);
  if (span === undefined) return;
  clientSpans.delete(request);
  const status = response?.statusCode ?? 0;
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
  if (response?.httpVersion) span.setAttribute(ATTR_NETWORK_PROTOCOL_VERSION, response.httpVersion);
  if (status >= 400) {
    span.setAttribute(ATTR_ERROR_TYPE, String(status));
    span.setStatus(SpanStatusCode.ERROR);
  }
  span.end();
}

export function onClientRequestError(message: unknown): void {
  const { request, error } = message as ClientMessage;
  const span = clientSpans.get(request);
  if (span === undefined) return;
  clientSpans.delete(request);
  span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
  span.setStatus(SpanStatusCode.ERROR, errorMessage(error));
  span.end();
}

function onClientClose(req: http.ClientRequest): void {
  const span = clientSpans.get(req);
  if (span === undefined) return;
  clientSpans.delete(req);
  span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
  span.setStatus(SpanStatusCode.ERROR, 'request closed before a response');
  span.end();
}

interface GlobalAgentSlot {
  globalAgent: http.Agent;
}

let previousHttpAgent: http.Agent | undefined;
let previousHttpsAgent: http.Agent | undefined;
let installedHttpAgent: http.Agent | undefined;
let installedHttpsAgent: http.Agent | undefined;

/** Installs tracing agents as the global agents, keeping the current ones' options. */
export function installGlobalAgents(): void {
  const h = http as unknown as GlobalAgentSlot;
  const s = https as unknown as GlobalAgentSlot;
  if (installedHttpAgent === undefined && !(h.globalAgent instanceof TracingHttpAgent)) {
    previousHttpAgent = h.globalAgent;
    installedHttpAgent = new TracingHttpAgent(agentOptions(h.globalAgent));
    h.globalAgent = installedHttpAgent;
  }
  if (installedHttpsAgent === undefined && !(s.globalAgent instanceof TracingHttpsAgent)) {
    previousHttpsAgent = s.globalAgent;
    installedHttpsAgent = new TracingHttpsAgent(agentOptions(s.globalAgent));
    s.globalAgent = installedHttpsAgent;
  }
  // `import { globalAgent } from 'node:http'` is a snapshot until builtins are re-synced.
  syncBuiltinESMExports();
}

/** Puts the previous global agents back (unless someone replaced ours meanwhile). */
export function restoreGlobalAgents(): void {
  const h = http as unknown as GlobalAgentSlot;
  const s = https as unknown as GlobalAgentSlot;
  if (installedHttpAgent !== undefined) {
    if (h.globalAgent === installedHttpAgent && previousHttpAgent !== undefined) h.globalAgent = previousHttpAgent;
    installedHttpAgent = undefined;
    previousHttpAgent = undefined;
  }
  if (installedHttpsAgent !== undefined) {
    if (s.globalAgent === installedHttpsAgent && previousHttpsAgent !== undefined) s.globalAgent = previousHttpsAgent;
    installedHttpsAgent = undefined;
    previousHttpsAgent = undefined;
  }
  syncBuiltinESMExports();
}

function agentOptions(agent: http.Agent): http.AgentOptions {
  const o = (agent as { options?: Record<string, unknown> }).options;
  const out: Record<string, unknown> = {};
  if (o !== null && typeof o === 'object') for (const k of Object.keys(o)) if (k !== 'path') out[k] = o[k];
  return out as http.AgentOptions;
}
