/**
 * The JSON shapes of contract 3 (lib/dashboard/API.md), made from stored
 * items; shared by the HTTP API and the SSE deltas so both say the same.
 */
import type { StoredLog } from './log-store.js';
import type { StoredSpan } from './stored-span.js';

export function logJson(l: StoredLog): Record<string, unknown> {
  const r = l.record;
  const out: Record<string, unknown> = {
    timeUnixNano: r.timeUnixNano ?? '0',
    observedTimeUnixNano: r.observedTimeUnixNano ?? '0',
    severityNumber: r.severityNumber ?? 0,
    severityText: r.severityText ?? '',
    body: r.body ?? {},
    attributes: r.attributes ?? [],
    traceId: r.traceId ?? '',
    spanId: r.spanId ?? '',
    service: l.service,
    scope: { name: l.scope.name },
  };
  if (r.eventName !== undefined) out.eventName = r.eventName;
  if (r.flags !== undefined) out.flags = r.flags;
  if (r.droppedAttributesCount !== undefined) out.droppedAttributesCount = r.droppedAttributesCount;
  return out;
}

/** A span in OTLP/JSON shape with its resource, scope and service beside it. */
export function spanJson(s: StoredSpan): Record<string, unknown> {
  return { ...s.span, resource: s.resource, scope: s.scope, service: s.service };
}
