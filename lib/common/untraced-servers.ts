/**
 * The servers zerotel itself runs (the Prometheus endpoint, the dashboard,
 * its OTLP receivers). Their requests must never become telemetry: the HTTP
 * instrumentation consults this registry before it makes a SERVER span, and
 * runs their handlers with tracing suppressed so nothing they do is traced
 * either. A WeakSet, so a closed server that is dropped is forgotten.
 */
const servers = new WeakSet<object>();

/** Marks `server` as zerotel's own: its requests are never traced. */
export function markUntracedServer(server: object): void {
  servers.add(server);
}

/** Whether `server` was marked with `markUntracedServer`. */
export function isUntracedServer(server: unknown): boolean {
  return typeof server === 'object' && server !== null && servers.has(server);
}
