/**
 * Automatic HTTP spans without monkey-patching: subscribers on the
 * `diagnostics_channel` channels Node and undici publish. Channels are made
 * once, at the first enable (a channel with no subscriber costs the publisher
 * one `hasSubscribers` check), so `import 'zerotel'` loads neither
 * node:diagnostics_channel nor node:http; enabling subscribes, disabling
 * unsubscribes.
 */
import type { Channel } from 'node:diagnostics_channel';
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
export function guard(channel: string, fn: (message: unknown) => void): Subscriber {
  return (message) => {
    try {
      fn(message);
    } catch (err) {
      // Named by the channel: function names do not survive the minified build.
      diag.warnOnce(`http-instrumentation:${channel}`, `HTTP instrumentation (${channel}) failed: ${describeError(err)}`);
    }
  };
}

const HANDLERS: ReadonlyArray<readonly [string, (message: unknown) => void]> = [
  ['http.server.request.start', onServerRequestStart],
  ['http.server.response.finish', onServerResponseFinish],
  ['http.client.request.start', onClientRequestStart],
  ['http.client.response.finish', onClientResponseFinish],
  ['http.client.request.error', onClientRequestError],
  ['undici:request:create', onUndiciRequestCreate],
  ['undici:request:headers', onUndiciRequestHeaders],
  ['undici:request:error', onUndiciRequestError],
];
const SUBSCRIBERS: ReadonlyArray<readonly [string, Subscriber]> = HANDLERS.map(([channel, fn]) => [channel, guard(channel, fn)] as const);

/** The channels, made once and then held (a channel nobody references may be collected with its subscribers). */
let subscriptions: ReadonlyArray<readonly [Channel, Subscriber]> | undefined;

function channels(): ReadonlyArray<readonly [Channel, Subscriber]> {
  if (subscriptions === undefined) {
    const dc = process.getBuiltinModule('node:diagnostics_channel');
    subscriptions = SUBSCRIBERS.map(([name, fn]) => [dc.channel(name), fn] as const);
  }
  return subscriptions;
}

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
  for (const [channel, fn] of channels()) channel.subscribe(fn);
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
  for (const [channel, fn] of channels()) channel.unsubscribe(fn);
}

/** Whether `enableHttpInstrumentation` is in force. */
export function isHttpInstrumentationEnabled(): boolean {
  return enabled;
}
