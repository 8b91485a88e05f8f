/**
 * What `enableHttpInstrumentation` was given, shared by the server, client
 * and fetch subscribers; the tracer is looked up once per provider.
 */
import { VERSION } from '../common/version.js';
import type { Tracer } from '../trace/tracer.js';
import type { TracerProvider } from '../trace/tracer-provider.js';
import { getTracerProvider } from '../trace/api.js';
import { arrayOption, isInstance } from '../common/options.js';

export interface HttpInstrumentationOptions {
  /**
   * Incoming requests whose path (without the query) matches are not traced
   * (health probes, the collector's own endpoints): exact strings, regular
   * expressions, or a predicate.
   */
  ignorePaths?: ReadonlyArray<string | RegExp> | ((path: string) => boolean);
  /** The provider to trace with (default: the global one, looked up at each request). */
  tracerProvider?: TracerProvider;
  /** Trace incoming `node:http`/`node:https` requests (default true). */
  server?: boolean;
  /** Trace outgoing `http.request`/`https.request` (default true). */
  client?: boolean;
  /** Trace the global `fetch` (undici) (default true). */
  fetch?: boolean;
  /**
   * Install tracing agents as `http.globalAgent`/`https.globalAgent` so that
   * outgoing `node:http` requests carry `traceparent` on Node 20 (default
   * true). Requests through other agents still get CLIENT spans, without
   * headers injected (use `TracingHttpAgent`/`TracingHttpsAgent` for them).
   */
  injectHttpHeaders?: boolean;
}

export const SCOPE_NAME = 'zerotel/http';

export interface HttpState {
  server: boolean;
  client: boolean;
  fetch: boolean;
  ignore: (path: string) => boolean;
  provider: TracerProvider | undefined;
}

export const state: HttpState = {
  server: false,
  client: false,
  fetch: false,
  ignore: () => false,
  provider: undefined,
};

let cachedProvider: TracerProvider | undefined;
let cachedTracer: Tracer | undefined;

/** The instrumentation's tracer for the configured (or current global) provider. */
export function httpTracer(): Tracer {
  const provider = state.provider ?? getTracerProvider();
  if (provider !== cachedProvider || cachedTracer === undefined) {
    cachedProvider = provider;
    cachedTracer = provider.getTracer(SCOPE_NAME, VERSION);
  }
  return cachedTracer;
}

/** Turns the `ignorePaths` option into one predicate, chosen once. */
export function makeIgnore(option: HttpInstrumentationOptions['ignorePaths']): (path: string) => boolean {
  if (typeof option === 'function') {
    return (path) => {
      try {
        return option(path) === true;
      } catch {
        return false;
      }
    };
  }
  if (option === undefined) return () => false;
  // Entries that are neither a path nor a RegExp (and a value that is not an array) are reported and left out.
  const entries = arrayOption('enableHttpInstrumentation', 'ignorePaths', option, (p): p is string | RegExp => typeof p === 'string' || isInstance(p, RegExp));
  if (entries.length === 0) return () => false;
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const p of entries) {
    if (typeof p === 'string') exact.add(p);
    else patterns.push(p);
  }
  return (path) => {
    if (exact.has(path)) return true;
    for (const re of patterns) {
      re.lastIndex = 0;
      if (re.test(path)) return true;
    }
    return false;
  };
}
