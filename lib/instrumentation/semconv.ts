/**
 * The stable HTTP semantic conventions the instrumentation writes (semconv
 * 1.2x "http" stable set), plus the small helpers every HTTP span needs.
 */
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
export const ATTR_HTTP_REQUEST_METHOD_ORIGINAL = 'http.request.method_original';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const ATTR_HTTP_ROUTE = 'http.route';
export const ATTR_URL_FULL = 'url.full';
export const ATTR_URL_PATH = 'url.path';
export const ATTR_URL_QUERY = 'url.query';
export const ATTR_URL_SCHEME = 'url.scheme';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_CLIENT_ADDRESS = 'client.address';
export const ATTR_NETWORK_PEER_PORT = 'network.peer.port';
export const ATTR_NETWORK_PROTOCOL_VERSION = 'network.protocol.version';
export const ATTR_USER_AGENT_ORIGINAL = 'user_agent.original';
export const ATTR_ERROR_TYPE = 'error.type';

/** The methods the conventions know; anything else is reported as `_OTHER`. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);

/** `http.request.method` for a raw method: known methods as-is, others `_OTHER`. */
export function normalizeMethod(method: unknown): string {
  if (typeof method !== 'string') return '_OTHER';
  // Case-sensitive on purpose: "get" is not GET; it is _OTHER with the original kept.
  return KNOWN_METHODS.has(method) ? method : '_OTHER';
}

/** Span name per the conventions: "{method}" or "{method} {route}"; "HTTP" for unknown methods. */
export function spanName(method: string, route?: string): string {
  const m = method === '_OTHER' ? 'HTTP' : method;
  return route ? m + ' ' + route : m;
}

/** Splits "host", "host:port", "[v6]" or "[v6]:port" (a Host header or an authority). */
export function splitHostPort(hostHeader: string): { host: string; port: number | undefined } {
  if (hostHeader.charCodeAt(0) === 0x5b) {
    const close = hostHeader.indexOf(']');
    if (close < 0) return { host: hostHeader, port: undefined };
    const host = hostHeader.slice(1, close);
    const port = hostHeader.charCodeAt(close + 1) === 0x3a ? toPort(hostHeader.slice(close + 2)) : undefined;
    return { host, port };
  }
  const colon = hostHeader.lastIndexOf(':');
  if (colon < 0 || hostHeader.indexOf(':') !== colon) return { host: hostHeader, port: undefined };
  return { host: hostHeader.slice(0, colon), port: toPort(hostHeader.slice(colon + 1)) };
}

function toPort(s: string): number | undefined {
  const n = Number(s);
  return s.length > 0 && Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}

/** A low-cardinality `error.type` for a thrown/emitted error: its code, else its name. */
export function errorType(err: unknown): string {
  if (err !== null && typeof err === 'object') {
    const e = err as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && e.code.length > 0) return e.code;
    const cause = e.cause as { code?: unknown } | undefined;
    if (cause !== null && typeof cause === 'object' && typeof cause.code === 'string' && cause.code.length > 0) return cause.code;
    if (typeof e.name === 'string' && e.name.length > 0) return e.name;
  }
  return '_OTHER';
}

/** A short message for a span status. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  try {
    return String(err);
  } catch {
    return 'error';
  }
}
