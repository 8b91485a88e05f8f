/**
 * Spans and span contexts that zerotel did not make: the OpenTelemetry API's
 * `NonRecordingSpan` (from `trace.wrapSpanContext`), another SDK's span, or a
 * bare span-context shape `{ traceId, spanId, traceFlags }` (hex strings).
 * Each is turned into ours once, at the edge (a parent, a link target, a
 * value stored under the API's span key), so the hot paths keep reading id
 * words and never parse hex.
 */
import { SpanContext } from './span-context.js';
import type { TraceStateLike } from './span-context.js';

/** A span context made elsewhere: the OpenTelemetry API's shape (hex ids). */
export interface SpanContextLike {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
  readonly isRemote?: boolean | undefined;
  readonly traceState?: TraceStateLike | undefined;
}

/** Anything `toSpanContext` accepts: ours, the API's shape, or an object with `spanContext()`. */
export type SpanContextInput = SpanContext | SpanContextLike | { spanContext(): SpanContext | SpanContextLike };

interface SpanContextShape {
  traceId?: unknown;
  spanId?: unknown;
  traceFlags?: unknown;
  traceState?: unknown;
  isRemote?: unknown;
}

function isTraceState(v: unknown): v is TraceStateLike {
  return v !== null && typeof v === 'object' && typeof (v as TraceStateLike).serialize === 'function' && typeof (v as TraceStateLike).get === 'function';
}

/** A span-context shape with hex ids as ours (lowercased once when needed); undefined when invalid. */
function fromShape(shape: SpanContextShape): SpanContext | undefined {
  let { traceId, spanId } = shape;
  if (typeof traceId !== 'string' || typeof spanId !== 'string') return undefined;
  const flags = typeof shape.traceFlags === 'number' ? shape.traceFlags & 0xff : 0;
  const traceState = isTraceState(shape.traceState) ? shape.traceState : undefined;
  const remote = shape.isRemote === true;
  const sc = SpanContext.fromHex(traceId, spanId, flags, traceState, remote);
  if (sc !== undefined) return sc;
  // The API accepts upper-case hex (its checks are case-insensitive); W3C output is lower-case.
  traceId = traceId.toLowerCase();
  spanId = spanId.toLowerCase();
  return traceId === shape.traceId && spanId === shape.spanId ? undefined : SpanContext.fromHex(traceId as string, spanId as string, flags, traceState, remote);
}

/**
 * `value` as a zerotel SpanContext: ours as is, a span's context, anything
 * with `spanContext()`, or a span-context shape. Undefined when there is no
 * valid identity in it. Never throws (a throwing getter counts as invalid).
 */
export function toSpanContext(value: unknown): SpanContext | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    if (value instanceof SpanContext) return value;
    const get = (value as { spanContext?: unknown }).spanContext;
    if (typeof get === 'function') {
      const inner: unknown = get.call(value);
      if (inner instanceof SpanContext) return inner; // our Span, and spans of another zerotel tracer
      return inner !== null && typeof inner === 'object' ? fromShape(inner as SpanContextShape) : undefined;
    }
    return fromShape(value as SpanContextShape);
  } catch {
    return undefined;
  }
}

/** The API's Link object `{ context, attributes }` read once; undefined when `value` is not one (or reading it throws). */
export function fromLink(value: unknown): { context: SpanContext | undefined; attributes: Record<string, unknown> | undefined } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    if (!('context' in value)) return undefined;
    const { context, attributes } = value as { context?: unknown; attributes?: unknown };
    return { context: toSpanContext(context), attributes: attributes !== null && typeof attributes === 'object' ? (attributes as Record<string, unknown>) : undefined };
  } catch {
    return undefined;
  }
}
