/**
 * What a CLIENT span is the same for, whichever client sent the request
 * (`http.request` through http-client.ts, `fetch` through fetch-client.ts):
 * its attributes and name at the start, and how it ends — at the response
 * headers (a status >= 400 is an error) or at an error. Each client keeps its
 * spans in its own `ClientSpans` table, keyed by its own request object.
 */
import type { Attributes } from '../common/attributes.js';
import type { Context } from '../context/context.js';
import type { Span } from '../trace/span.js';
import { SpanKind, SpanStatusCode } from '../trace/span.js';
import { httpTracer } from './http-config.js';
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
} from './semconv.js';

/** The port a URL of `scheme` means when it names none. */
export function defaultPort(scheme: string): number {
  return scheme === 'https' ? 443 : 80;
}

/**
 * Starts the CLIENT span of one request, child of `ctx`: `rawMethod` as the
 * client holds it (an unknown method is `_OTHER`, the original kept), the
 * server's host and port (the default one already filled in), the full URL.
 */
export function startClientSpan(ctx: Context, rawMethod: unknown, host: string, port: number, url: string): Span {
  const method = normalizeMethod(rawMethod);
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_SERVER_ADDRESS]: host,
    [ATTR_SERVER_PORT]: port,
    [ATTR_URL_FULL]: url,
  };
  if (method === '_OTHER' && typeof rawMethod === 'string') attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = rawMethod;
  return httpTracer().startSpan(spanName(method), { kind: SpanKind.CLIENT, attributes }, ctx);
}

/** The open CLIENT spans of one client, by request; each span is ended once, by whichever end comes first. */
export class ClientSpans<K extends object> {
  readonly #spans = new WeakMap<K, Span>();

  has(request: K): boolean {
    return this.#spans.has(request);
  }

  set(request: K, span: Span): void {
    this.#spans.set(request, span);
  }

  /** Response headers received: the status (>= 400 is an error) and, when known, the protocol version. */
  endWithResponse(request: K, status: number, protocolVersion: string | undefined): void {
    const span = this.#take(request);
    if (span === undefined) return;
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (protocolVersion) span.setAttribute(ATTR_NETWORK_PROTOCOL_VERSION, protocolVersion);
    if (status >= 400) {
      span.setAttribute(ATTR_ERROR_TYPE, String(status));
      span.setStatus(SpanStatusCode.ERROR);
    }
    span.end();
  }

  /** The request failed with `error` (its code or name becomes `error.type`). */
  endWithError(request: K, error: unknown): void {
    this.endWithFailure(request, errorType(error), errorMessage(error));
  }

  /** The request ended without a response, for a reason the caller names. */
  endWithFailure(request: K, type: string, message: string): void {
    const span = this.#take(request);
    if (span === undefined) return;
    span.setAttribute(ATTR_ERROR_TYPE, type);
    span.setStatus(SpanStatusCode.ERROR, message);
    span.end();
  }

  #take(request: K): Span | undefined {
    const span = this.#spans.get(request);
    if (span !== undefined) this.#spans.delete(request);
    return span;
  }
}
