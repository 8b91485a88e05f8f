/**
 * `context.bind(ctx, emitter)` of the OpenTelemetry API: every listener added
 * to the emitter afterwards runs in `ctx`, and removing the original listener
 * removes its wrapper. Done by patching the emitter instance's add and remove
 * methods once (the official AsyncLocalStorage manager does the same).
 */
import type { Context } from '../context/context.js';
import { bindContext } from '../context/async-context.js';
import { hasMethods } from '../common/options.js';

type Listener = (...args: unknown[]) => unknown;
type EventName = string | symbol;

export interface EmitterLike {
  on(event: EventName, listener: Listener): unknown;
  addListener(event: EventName, listener: Listener): unknown;
  removeListener(event: EventName, listener: Listener): unknown;
  removeAllListeners(event?: EventName): unknown;
}

const ADDERS = ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const;
const REMOVERS = ['removeListener', 'off'] as const;
/** Emitters already patched, with their wrapped listeners by event. */
const patched = new WeakMap<object, Map<EventName, WeakMap<Listener, Listener>>>();

export function isEmitterLike(v: unknown): v is EmitterLike {
  return typeof v === 'object' && hasMethods(v, 'on', 'addListener', 'removeListener', 'removeAllListeners');
}

export function bindEmitter(emitter: EmitterLike, ctx: Context): void {
  if (patched.has(emitter)) return;
  const byEvent = new Map<EventName, WeakMap<Listener, Listener>>();
  patched.set(emitter, byEvent);
  const target = emitter as unknown as Record<string, unknown>;
  for (const name of ADDERS) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function (this: unknown, event: EventName, listener: Listener) {
      if (typeof listener !== 'function') return (original as Listener).call(this, event, listener);
      let wrappers = byEvent.get(event);
      if (wrappers === undefined) byEvent.set(event, (wrappers = new WeakMap()));
      const bound = bindContext(listener, ctx);
      wrappers.set(listener, bound);
      return (original as Listener).call(this, event, bound);
    };
  }
  for (const name of REMOVERS) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function (this: unknown, event: EventName, listener: Listener) {
      const bound = byEvent.get(event)?.get(listener);
      return (original as Listener).call(this, event, bound ?? listener);
    };
  }
  const removeAll = target.removeAllListeners as (this: unknown, event?: EventName) => unknown;
  target.removeAllListeners = function (this: unknown, ...args: [EventName?]) {
    if (args.length === 0) byEvent.clear();
    else byEvent.delete(args[0]!);
    return removeAll.apply(this, args);
  };
}
