/**
 * The JSON shapes of contract 3 (lib/dashboard/API.md), made from stored
 * items; shared by the HTTP API and the SSE deltas so both say the same.
 */
import type { StoredLog } from './log-store.js';
import type { OtlpResource, OtlpScope } from '../otlp/types.js';
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

/**
 * A trace's spans in OTLP/JSON shape, each resource and scope sent once:
 * spans name theirs by index (`resourceIndex`, `scopeIndex`) into the
 * trace's `resources` and `scopes`. Resources and scopes are the same when
 * their content is (two requests from one process carry equal copies).
 * A 10k-span trace from one process is then its spans and one resource,
 * not ten thousand copies of it.
 */
export function traceSpansJson(spans: readonly StoredSpan[]): { resources: OtlpResource[]; scopes: OtlpScope[]; spans: Record<string, unknown>[] } {
  const resources: OtlpResource[] = [];
  const scopes: OtlpScope[] = [];
  const resourceIndex = indexer(resources);
  const scopeIndex = indexer(scopes);
  const out = spans.map((s) => ({ ...s.span, resourceIndex: resourceIndex(s.resource), scopeIndex: scopeIndex(s.scope), service: s.service }));
  return { resources, scopes, spans: out };
}

/** Index of an object in `list`, added when new: found by identity first, then by content. */
function indexer<T extends object>(list: T[]): (v: T) => number {
  const byObject = new Map<T, number>();
  const byContent = new Map<string, number>();
  return (v) => {
    let i = byObject.get(v);
    if (i !== undefined) return i;
    const key = JSON.stringify(v);
    i = byContent.get(key);
    if (i === undefined) {
      i = list.push(v) - 1;
      byContent.set(key, i);
    }
    byObject.set(v, i);
    return i;
  };
}
