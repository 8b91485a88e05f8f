/**
 * CLIENT spans for the global `fetch` (undici), from undici's channels:
 *  - `undici:request:create` {request} — published while the request is
 *    built, in the caller's async context; `request.addHeader` still reaches
 *    the wire, so the trace context is injected here;
 *  - `undici:request:headers` {request, response} — response headers received;
 *  - `undici:request:error` {request, error}.
 * Each redirect hop is its own request, hence its own CLIENT span.
 */
import type { Attributes } from '../common/attributes.js';
import { activeContext } from '../context/async-context.js';
import type { TextMapSetter } from '../context/carriers.js';
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

/** The parts of undici's request object this module reads (undici 5 and 6 shapes). */
interface UndiciRequest {
  origin?: unknown;
  method?: unknown;
  path?: unknown;
  headers?: unknown;
  addHeader?(name: string, value: string): unknown;
}

interface UndiciMessage {
  request: UndiciRequest;
  response?: { statusCode?: number };
  error?: unknown;
}

const fetchSpans = new WeakMap<object, Span>();

const undiciSetter: TextMapSetter<UndiciRequest> = {
  set(request, key, value) {
    request.addHeader?.(key, value);
  },
};

/** Whether the caller already set `name` (so we do not send a second, conflicting one). */
function hasHeader(headers: unknown, name: string): boolean {
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) {
      const k: unknown = headers[i];
      if (typeof k === 'string' && k.length === name.length && k.toLowerCase() === name) return true;
    }
    return false;
  }
  // undici 5 keeps headers as one "name: value\r\n" string.
  return typeof headers === 'string' && headers.toLowerCase().includes(name + ':');
}

export function onUndiciRequestCreate(message: unknown): void {
  if (!state.fetch) return;
  const request = (message as UndiciMessage).request;
  try {
    const ctx = activeContext();
    if (isTracingSuppressed(ctx)) return;
    const origin = String(request.origin ?? '');
    const path = typeof request.path === 'string' ? request.path : '/';
    const method = normalizeMethod(request.method);
    const sep = origin.indexOf('://');
    const scheme = sep > 0 ? origin.slice(0, sep) : 'http';
    const hp = splitHostPort(sep > 0 ? origin.slice(sep + 3) : origin);
    const attributes: Attributes = {
      [ATTR_HTTP_REQUEST_METHOD]: method,
      [ATTR_SERVER_ADDRESS]: hp.host,
      [ATTR_SERVER_PORT]: hp.port ?? (scheme === 'https' ? 443 : 80),
      [ATTR_URL_FULL]: origin + path,
    };
    if (method === '_OTHER' && typeof request.method === 'string') attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = request.method;
    const span = httpTracer().startSpan(spanName(method), { kind: SpanKind.CLIENT, attributes }, ctx);
    fetchSpans.set(request, span);
    if (typeof request.addHeader === 'function' && !hasHeader(request.headers, 'traceparent')) {
      getPropagator().inject(ctx.withSpan(span), request, undiciSetter);
    }
  } catch {
    // Never let tracing break a request.
  }
}

export function onUndiciRequestHeaders(message: unknown): void {
  const { request, response } = message as UndiciMessage;
  const span = fetchSpans.get(request);
  if (span === undefined) return;
  fetchSpans.delete(request);
  const status = typeof response?.statusCode === 'number' ? response.statusCode : 0;
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
  span.setAttribute(ATTR_NETWORK_PROTOCOL_VERSION, '1.1');
  if (status >= 400) {
    span.setAttribute(ATTR_ERROR_TYPE, String(status));
    span.setStatus(SpanStatusCode.ERROR);
  }
  span.end();
}

export function onUndiciRequestError(message: unknown): void {
  const { request, error } = message as UndiciMessage;
  const span = fetchSpans.get(request);
  if (span === undefined) return;
  fetchSpans.delete(request);
  span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
  span.setStatus(SpanStatusCode.ERROR, errorMessage(error));
  span.end();
}
