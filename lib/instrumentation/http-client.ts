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
 *
 * node:http, node:https (and through it tls and crypto) and node:module are
 * loaded at first use, not at `import 'zerotel'`: the agent classes start on a
 * placeholder base and are re-parented onto the real `Agent` the first time
 * one is constructed (`super` finds its parent at call time).
 */
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { activeContext } from '../context/async-context.js';
import { outgoingMessageSetter } from '../propagation/carriers.js';
import { getPropagator } from '../propagation/propagation.js';
import { isTracingSuppressed } from '../context/suppress-tracing.js';
import { ClientSpans, defaultPort, startClientSpan } from './client-span.js';
import { state } from './http-config.js';
import { splitHostPort } from './semconv.js';

const clientSpans = new ClientSpans<Http.ClientRequest>();
/** Requests seen by a tracing agent while tracing was suppressed: the fallback channel must skip them too. */
const untraced = new WeakSet<Http.ClientRequest>();

function traceRequest(req: Http.ClientRequest, scheme: 'http' | 'https', host: string, port: number | undefined, inject: boolean): void {
  if (!state.client || clientSpans.has(req) || untraced.has(req)) return;
  const ctx = activeContext();
  if (isTracingSuppressed(ctx)) {
    untraced.add(req);
    return;
  }
  const std = defaultPort(scheme);
  const authority = host.includes(':') ? '[' + host + ']' : host;
  const url = scheme + '://' + authority + (port === undefined || port === std ? '' : ':' + port) + req.path;
  const span = startClientSpan(ctx, req.method, host, port ?? std, url);
  clientSpans.set(req, span);
  // A request abandoned before any response or error (the deprecated req.abort()) only closes.
  if (span.isRecording()) req.once('close', () => clientSpans.endWithFailure(req, 'aborted', 'request closed before a response'));
  // Headers given as an array (or an Expect header) are already serialized: nothing can be added then.
  if (inject && !req.headersSent) getPropagator().inject(ctx.withSpan(span), req, outgoingMessageSetter);
}

function onAddRequest(agent: Http.Agent, req: Http.ClientRequest, options: Http.RequestOptions, scheme: 'http' | 'https'): void {
  try {
    const port = options.port === undefined || options.port === null ? (agent as { defaultPort?: number }).defaultPort : Number(options.port);
    traceRequest(req, scheme, typeof req.host === 'string' ? req.host : String(options.host ?? 'localhost'), port, true);
  } catch {
    // Never let tracing break a request.
  }
}

/** `Agent.prototype.addRequest` is public in practice (every agent library overrides it) but not in @types/node. */
interface AddRequest {
  addRequest(req: Http.ClientRequest, options: Http.RequestOptions): void;
}
type HttpAgentClass = new (options?: Http.AgentOptions) => Http.Agent & AddRequest;
type HttpsAgentClass = new (options?: Https.AgentOptions) => Https.Agent & AddRequest;

/** A stand-in parent class until the real `Agent` is needed. */
function placeholderBase<C>(): C {
  return function PendingAgent() {} as unknown as C;
}

/** Makes `cls` extend `base` from now on (once; later calls find it done). */
function reparent(cls: abstract new (...args: never[]) => unknown, base: abstract new (...args: never[]) => unknown): void {
  if (Object.getPrototypeOf(cls) === base) return;
  Object.setPrototypeOf(cls, base);
  Object.setPrototypeOf(cls.prototype, base.prototype as object);
}

/** An `http.Agent` whose requests carry the current trace context (use it where you pass your own agent). */
export class TracingHttpAgent extends placeholderBase<HttpAgentClass>() {
  constructor(options?: Http.AgentOptions) {
    reparent(TracingHttpAgent, process.getBuiltinModule('node:http').Agent);
    super(options);
  }

  override addRequest(req: Http.ClientRequest, options: Http.RequestOptions): void {
    onAddRequest(this, req, options, 'http');
    super.addRequest(req, options);
  }
}

/** An `https.Agent` whose requests carry the current trace context. */
export class TracingHttpsAgent extends placeholderBase<HttpsAgentClass>() {
  constructor(options?: Https.AgentOptions) {
    reparent(TracingHttpsAgent, process.getBuiltinModule('node:https').Agent);
    super(options);
  }

  override addRequest(req: Http.ClientRequest, options: Http.RequestOptions): void {
    onAddRequest(this, req, options, 'https');
    super.addRequest(req, options);
  }
}

interface ClientMessage {
  request: Http.ClientRequest;
  response?: Http.IncomingMessage;
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
    traceRequest(req, scheme, hp.host, hp.port, false);
  } catch {
    // Never let tracing break a request.
  }
}

export function onClientResponseFinish(message: unknown): void {
  const { request, response } = message as ClientMessage;
  clientSpans.endWithResponse(request, response?.statusCode ?? 0, response?.httpVersion);
}

export function onClientRequestError(message: unknown): void {
  const { request, error } = message as ClientMessage;
  clientSpans.endWithError(request, error);
}

interface GlobalAgentSlot {
  globalAgent: Http.Agent;
}

/** One module's global agent while ours is installed, and the one to put back. */
interface InstalledAgent {
  installed: Http.Agent | undefined;
  previous: Http.Agent | undefined;
}

const httpGlobal: InstalledAgent = { installed: undefined, previous: undefined };
const httpsGlobal: InstalledAgent = { installed: undefined, previous: undefined };

function install(mod: GlobalAgentSlot, slot: InstalledAgent, Agent: new (options: Http.AgentOptions) => Http.Agent): void {
  if (slot.installed !== undefined || mod.globalAgent instanceof Agent) return;
  slot.previous = mod.globalAgent;
  slot.installed = new Agent(agentOptions(mod.globalAgent));
  mod.globalAgent = slot.installed;
}

function restore(mod: GlobalAgentSlot, slot: InstalledAgent): void {
  if (slot.installed === undefined) return;
  if (mod.globalAgent === slot.installed && slot.previous !== undefined) mod.globalAgent = slot.previous;
  slot.installed = undefined;
  slot.previous = undefined;
}

/** Installs tracing agents as the global agents, keeping the current ones' options. */
export function installGlobalAgents(): void {
  install(process.getBuiltinModule('node:http') as GlobalAgentSlot, httpGlobal, TracingHttpAgent);
  install(process.getBuiltinModule('node:https') as GlobalAgentSlot, httpsGlobal, TracingHttpsAgent);
  // `import { globalAgent } from 'node:http'` is a snapshot until builtins are re-synced.
  process.getBuiltinModule('node:module').syncBuiltinESMExports();
}

/** Puts the previous global agents back (unless someone replaced ours meanwhile). */
export function restoreGlobalAgents(): void {
  // Nothing of ours installed: nothing to put back, and no reason to load node:http.
  if (httpGlobal.installed === undefined && httpsGlobal.installed === undefined) return;
  restore(process.getBuiltinModule('node:http') as GlobalAgentSlot, httpGlobal);
  restore(process.getBuiltinModule('node:https') as GlobalAgentSlot, httpsGlobal);
  process.getBuiltinModule('node:module').syncBuiltinESMExports();
}

function agentOptions(agent: Http.Agent): Http.AgentOptions {
  const o = (agent as { options?: Record<string, unknown> }).options;
  const out: Record<string, unknown> = {};
  if (o !== null && typeof o === 'object') for (const k of Object.keys(o)) if (k !== 'path') out[k] = o[k];
  return out as Http.AgentOptions;
}
