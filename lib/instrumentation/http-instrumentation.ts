/**
 * Automatic HTTP spans without monkey-patching: subscribers on the
 * `diagnostics_channel` channels Node and undici publish. Channels are made
 * once at module scope (a channel with no subscriber costs the publisher one
 * `hasSubscribers` check); enabling subscribes, disabling unsubscribes.
 */
import dc from 'node:diagnostics_channel';
import { describeError, diag } from '../common/diag.js';
import type { HttpInstrumentationOptions } from './http-config.js';
import { makeIgnore, state } from './http-config.js';
import {
  installGlobalAgents,
  onClientRequestError,
  onClientRequestStart,
  onClientResponseFinish,
  restoreGlobalAgents,
} from './http-client.js';
import { onServerRequestStart, onServerResponseFinish } from './http-server.js';
import { onUndiciRequestCreate, onUndiciRequestError, onUndiciRequestHeaders } from './fetch-client.js';

type Subscriber = (message: unknown, name: string | symbol) => void;

/**
 * A subscriber that throws would surface as an uncaught exception in the
 * application (diagnostics_channel rethrows on the next tick): report instead.
 */
export function guard(fn: (message: unknown) => void): Subscriber {
  return (message) => {
    try {
      fn(message);
    } catch (err) {
      diag.warnOnce(`http-instrumentation:${fn.name}`, `HTTP instrumentation (${fn.name}) failed: ${describeError(err)}`);
    }
  };
}

const subscriptions: ReadonlyArray<readonly [dc.Channel, Subscriber]> = [
  [dc.channel('http.server.request.start'), guard(onServerRequestStart)],
  [dc.channel('http.server.response.finish'), guard(onServerResponseFinish)],
  [dc.channel('http.client.request.start'), guard(onClientRequestStart)],
  [dc.channel('http.client.response.finish'), guard(onClientResponseFinish)],
  [dc.channel('http.client.request.error'), guard(onClientRequestError)],
  [dc.channel('undici:request:create'), guard(onUndiciRequestCreate)],
  [dc.channel('undici:request:headers'), guard(onUndiciRequestHeaders)],
  [dc.channel('undici:request:error'), guard(onUndiciRequestError)],
];

let enabled = false;

/**
 * Starts tracing HTTP: incoming requests (SERVER spans, the handler runs with
 * the span current), outgoing `http.request`/`https.request` and `fetch`
 * (CLIENT spans, trace context injected into the request headers). Calling it
 * again applies new options.
 */
export function enableHttpInstrumentation(options: HttpInstrumentationOptions = {}): void {
  state.server = options.server !== false;
  state.client = options.client !== false;
  state.fetch = options.fetch !== false;
  state.ignore = makeIgnore(options.ignorePaths);
  state.provider = options.tracerProvider;
  if (state.client && options.injectHttpHeaders !== false) installGlobalAgents();
  else restoreGlobalAgents();
  if (enabled) return;
  enabled = true;
  for (const [channel, fn] of subscriptions) channel.subscribe(fn);
}

/** Stops tracing HTTP and puts the previous global agents back. Idempotent. */
export function disableHttpInstrumentation(): void {
  state.server = false;
  state.client = false;
  state.fetch = false;
  state.provider = undefined;
  restoreGlobalAgents();
  if (!enabled) return;
  enabled = false;
  for (const [channel, fn] of subscriptions) channel.unsubscribe(fn);
}

/** Whether `enableHttpInstrumentation` is in force. */
export function isHttpInstrumentationEnabled(): boolean {
  return enabled;
}
