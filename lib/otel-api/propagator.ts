/**
 * zerotel's process-wide propagator as the OpenTelemetry API's
 * TextMapPropagator: `api.propagation.inject/extract` run W3C Trace Context
 * and Baggage (or whatever `OTEL_PROPAGATORS` / `setPropagator` chose) with
 * the API's getters and setters, on zerotel's or the API's contexts. Looked
 * up per call, so a later `setPropagator` takes effect through the API too.
 */
import { describeError, diag } from '../common/diag.js';
import { activeContext } from '../context/async-context.js';
import type { Context } from '../context/context.js';
import { ROOT_CONTEXT, toContext } from '../context/context.js';
import type { TextMapGetter, TextMapSetter } from '../propagation/carriers.js';
import { defaultGetter, defaultSetter } from '../propagation/carriers.js';
import { getPropagator } from '../propagation/propagation.js';

function usable<T extends object>(v: unknown, method: 'get' | 'set'): v is T {
  return v !== null && typeof v === 'object' && typeof (v as Record<string, unknown>)[method] === 'function';
}

export class ApiPropagator {
  inject(context: unknown, carrier: unknown, setter?: unknown): void {
    try {
      getPropagator().inject(toContext(context) ?? activeContext(), carrier, usable<TextMapSetter>(setter, 'set') ? setter : defaultSetter);
    } catch (err) {
      diag.warnOnce('otel-api.inject', `propagation.inject failed: ${describeError(err)}`);
    }
  }

  extract(context: unknown, carrier: unknown, getter?: unknown): Context {
    const ctx = toContext(context) ?? ROOT_CONTEXT;
    try {
      return getPropagator().extract(ctx, carrier, usable<TextMapGetter>(getter, 'get') ? getter : defaultGetter);
    } catch (err) {
      diag.warnOnce('otel-api.extract', `propagation.extract failed: ${describeError(err)}`);
      return ctx;
    }
  }

  fields(): string[] {
    try {
      return getPropagator().fields();
    } catch {
      return [];
    }
  }
}
