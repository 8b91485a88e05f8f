/**
 * SERVER spans for incoming `node:http`/`node:https` requests, from the
 * channels Node publishes (checked on Node 20.20):
 *  - `http.server.request.start` {request, response, socket, server} fires
 *    synchronously just before the 'request' event, so the context entered
 *    here (`enterContext`) is the one the handler runs in;
 *  - `http.server.response.finish` fires when the response is complete.
 * A response closed before it finished (client went away) ends the span too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { enterContext } from '../context/async-context.js';
import { Context, ROOT_CONTEXT, createContextKey } from '../context/context.js';
import { getPropagator } from '../propagation/propagation.js';
import { defaultGetter } from '../propagation/carriers.js';
import { Span, SpanKind, SpanStatusCode } from '../trace/span.js';
import { httpTracer, state } from './http-config.js';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PEER_PORT,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
  normalizeMethod,
  spanName,
  splitHostPort,
} from './semconv.js';
import type { Attributes } from '../common/attributes.js';
import { activeContext } from '../context/async-context.js';
import { suppressTracing } from '../context/suppress-tracing.js';
import { isUntracedServer } from '../common/untraced-servers.js';

/** The context key of the SERVER span of the request being handled (for `setHttpRoute`). */
export const HTTP_SERVER_SPAN_KEY = createContextKey('zerotel.http.server-span');

const serverSpans = new WeakMap<ServerResponse, Span>();

interface ServerStartMessage {
  request: IncomingMessage;
  response: ServerResponse;
  server?: unknown;
}

export function onServerRequestStart(message: unknown): void {
  if (!state.server) return;
  const { request, response, server } = message as ServerStartMessage;
  if (isUntracedServer(server)) {
    // zerotel's own server: no span, and nothing its handler does is traced.
    enterContext(suppressTracing(ROOT_CONTEXT));
    return;
  }
  const headers = request.headers;
  const parent = getPropagator().extract(ROOT_CONTEXT, headers, defaultGetter);
  const url = typeof request.url === 'string' ? request.url : '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (state.ignore(path)) {
    // Still replace whatever an earlier request on this connection left current.
    enterContext(parent);
    return;
  }
  const method = normalizeMethod(request.method);
  const socket = request.socket as (typeof request.socket & { encrypted?: boolean }) | null;
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_PATH]: path,
    [ATTR_URL_SCHEME]: socket?.encrypted === true ? 'https' : 'http',
    [ATTR_NETWORK_PROTOCOL_VERSION]: request.httpVersion,
  };
  if (method === '_OTHER' && typeof request.method === 'string') attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = request.method;
  if (q >= 0) attributes[ATTR_URL_QUERY] = url.slice(q + 1);
  const host = headers.host;
  if (typeof host === 'string' && host.length > 0) {
    const hp = splitHostPort(host);
    attributes[ATTR_SERVER_ADDRESS] = hp.host;
    const port = hp.port ?? socket?.localPort;
    if (port !== undefined) attributes[ATTR_SERVER_PORT] = port;
  }
  if (socket?.remoteAddress !== undefined) attributes[ATTR_CLIENT_ADDRESS] = socket.remoteAddress;
  if (socket?.remotePort !== undefined) attributes[ATTR_NETWORK_PEER_PORT] = socket.remotePort;
  const ua = headers['user-agent'];
  if (typeof ua === 'string') attributes[ATTR_USER_AGENT_ORIGINAL] = ua;

  const span = httpTracer().startSpan(spanName(method), { kind: SpanKind.SERVER, attributes }, parent);
  serverSpans.set(response, span);
  enterContext(parent.withSpan(span).setValue(HTTP_SERVER_SPAN_KEY, span));
  if (span.isRecording()) response.once('close', () => endServerSpan(response, true));
}

export function onServerResponseFinish(message: unknown): void {
  endServerSpan((message as ServerStartMessage).response, false);
}

function endServerSpan(response: ServerResponse, closed: boolean): void {
  const span = serverSpans.get(response);
  if (span === undefined) return;
  serverSpans.delete(response);
  if (!span.isRecording()) return;
  const status = response.statusCode;
  if (!closed || response.headersSent) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
  if (closed && !response.writableFinished) {
    // The connection closed before the response was complete.
    span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
    span.setStatus(SpanStatusCode.ERROR, 'response closed before it finished');
  } else if (status >= 500) {
    span.setAttribute(ATTR_ERROR_TYPE, String(status));
    span.setStatus(SpanStatusCode.ERROR);
  }
  span.end();
}

/**
 * Names the route of the request being handled (`/users/:id`): sets
 * `http.route` on its SERVER span and renames it "GET /users/:id". Call it
 * from a handler or router; a no-op outside a traced request.
 */
export function setHttpRoute(route: string, ctx: Context = activeContext()): void {
  if (typeof route !== 'string' || route.length === 0 || !Context.isContext(ctx)) return;
  const span = ctx.getValue(HTTP_SERVER_SPAN_KEY);
  if (!(span instanceof Span) || !span.isRecording()) return;
  span.setAttribute(ATTR_HTTP_ROUTE, route);
  const method = span.attributes?.[ATTR_HTTP_REQUEST_METHOD];
  span.updateName(spanName(typeof method === 'string' ? method : '_OTHER', route));
}
