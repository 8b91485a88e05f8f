/**
 * CLIENT spans for the global `fetch` (undici), from undici's channels:
 *  - `undici:request:create` {request} — published while the request is
 *    built, in the caller's async context; `request.addHeader` still reaches
 *    the wire, so the trace context is injected here;
 *  - `undici:request:headers` {request, response} — response headers received;
 *  - `undici:request:error` {request, error}.
 * Each redirect hop is its own request, hence its own CLIENT span.
 */
import { activeContext } from '../context/async-context.js';
import type { TextMapSetter } from '../propagation/carriers.js';
import { getPropagator } from '../propagation/propagation.js';
import { isTracingSuppressed } from '../context/suppress-tracing.js';
import { ClientSpans, defaultPort, startClientSpan } from './client-span.js';
import { state } from './http-config.js';
import { splitHostPort } from './semconv.js';

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

const fetchSpans = new ClientSpans<UndiciRequest>();

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
    const sep = origin.indexOf('://');
    const scheme = sep > 0 ? origin.slice(0, sep) : 'http';
    const hp = splitHostPort(sep > 0 ? origin.slice(sep + 3) : origin);
    const span = startClientSpan(ctx, request.method, hp.host, hp.port ?? defaultPort(scheme), origin + path);
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
  // The global fetch's default dispatcher speaks HTTP/1.1.
  fetchSpans.endWithResponse(request, typeof response?.statusCode === 'number' ? response.statusCode : 0, '1.1');
}

export function onUndiciRequestError(message: unknown): void {
  const { request, error } = message as UndiciMessage;
  fetchSpans.endWithError(request, error);
}
