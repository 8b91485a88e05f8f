/**
 * `GET /api/*` (contract 3, lib/dashboard/API.md): answers are values of
 * `{ status, body }` so the server writes every response one way. Query
 * parameters are validated; a bad one is a 400 naming it.
 */
import { ProtoDecodeError } from '../otlp/proto-reader.js';
import { logJson, traceSpansJson } from './api-format.js';
import type { Health } from './health.js';
import { attributesContain, attributeText } from './otlp-values.js';
import type { DashboardStore } from './store.js';
import type { StoredSpan } from './stored-span.js';
import type { Trace, TraceSummary } from './trace-store.js';
import { allViews, viewOf } from './views.js';
import { wireFields } from './wire-fields.js';

export type ApiAnswer = { status: number; json: unknown } | { status: 200; bytes: Uint8Array; type: string; filename?: string };

const HEX32 = /^[0-9a-f]{32}$/;

function bad(message: string): ApiAnswer {
  return { status: 400, json: { error: message } };
}
function notFound(message: string): ApiAnswer {
  return { status: 404, json: { error: message } };
}

function limitOf(q: URLSearchParams, dflt: number, max: number): number | undefined {
  const s = q.get('limit');
  if (s === null || s === '') return dflt;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) return undefined;
  return Math.min(n, max);
}

export function apiRoute(store: DashboardStore, path: string, q: URLSearchParams, health: () => Health): ApiAnswer {
  const parts = path.split('/').filter((p) => p !== ''); // ['api', ...]
  const [, what, id, sub, extra] = parts;
  if (extra !== undefined) return notFound(`no such route: ${path}`);
  switch (what) {
    case 'health':
      return id === undefined ? { status: 200, json: health() } : notFound(`no such route: ${path}`);
    case 'traces':
      if (id === undefined) return listTraces(store, q);
      return traceDetail(store, id.toLowerCase(), sub);
    case 'metrics':
      if (sub !== undefined) return notFound(`no such route: ${path}`);
      return id === undefined ? listMetrics(store) : metricDetail(store, decodeSafe(id));
    case 'logs':
      return id === undefined ? listLogs(store, q) : notFound(`no such route: ${path}`);
    case 'views':
      return id === undefined ? { status: 200, json: { views: allViews() } } : notFound(`no such route: ${path}`);
    case 'raw':
      return raw(store, id, sub);
    default:
      return notFound(`no such route: ${path}`);
  }
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function listTraces(store: DashboardStore, q: URLSearchParams): ApiAnswer {
  const limit = limitOf(q, 100, 1000);
  if (limit === undefined) return bad('limit must be a positive integer');
  const status = q.get('status');
  if (status !== null && status !== '' && status !== 'ok' && status !== 'error' && status !== 'unset') return bad('status must be ok, error or unset');
  const minS = q.get('minDurationMs');
  const minDuration = minS === null || minS === '' ? 0 : Number(minS);
  if (!Number.isFinite(minDuration) || minDuration < 0) return bad('minDurationMs must be a number ≥ 0');
  const service = q.get('service') || undefined;
  const name = q.get('name') || undefined;
  const needle = (q.get('q') || '').toLowerCase() || undefined;
  const attrs: [string, string][] = [];
  for (const a of q.getAll('attr')) {
    const i = a.indexOf('=');
    if (i <= 0) return bad('attr must be key=value');
    attrs.push([a.slice(0, i), a.slice(i + 1)]);
  }
  const code = status === 'error' ? 2 : status === 'ok' ? 1 : status === 'unset' ? 0 : undefined;
  const matches: TraceSummary[] = [];
  // Newest first: the Map holds traces oldest-first.
  const all = [...store.traces.traces.values()];
  let total = 0;
  for (let i = all.length - 1; i >= 0; i--) {
    const t = all[i]!;
    const summary = t.summary();
    if (service !== undefined && !summary.services.includes(service)) continue;
    if (summary.durationMs < minDuration) continue;
    if (!traceMatches(t, name, code, attrs, needle)) continue;
    total++;
    if (matches.length < limit) matches.push(summary);
  }
  return { status: 200, json: { traces: matches, total } };
}

/** Name, status, attributes and free text must each be satisfied by some span of the trace. */
function traceMatches(t: Trace, name: string | undefined, code: number | undefined, attrs: [string, string][], needle: string | undefined): boolean {
  if (name !== undefined && !some(t, (s) => s.name === name)) return false;
  if (code === 2 && t.errorCount === 0) return false;
  if (code !== undefined && code !== 2) {
    // ok / unset: no error in the trace and some span with that status.
    if (t.errorCount > 0 || !some(t, (s) => s.statusCode === code)) return false;
  }
  for (const [k, v] of attrs) {
    if (!some(t, (s) => attributeText(s.span.attributes, k) === v || attributeText(s.resource.attributes, k) === v)) return false;
  }
  if (needle !== undefined) {
    if (!some(t, (s) => s.name.toLowerCase().includes(needle) || s.traceId.includes(needle) || attributesContain(s.span.attributes, needle)))
      return false;
  }
  return true;
}

function some(t: Trace, f: (s: StoredSpan) => boolean): boolean {
  for (const s of t.spans.values()) if (f(s)) return true;
  return false;
}

function traceDetail(store: DashboardStore, traceId: string, sub: string | undefined): ApiAnswer {
  if (!HEX32.test(traceId)) return bad('a trace id is 32 hex digits');
  const t = store.traces.traces.get(traceId);
  if (t === undefined) return notFound(`trace ${traceId} is not in the store (never received, or evicted)`);
  const spans = t.sortedSpans();
  if (sub === undefined) return { status: 200, json: { traceId, ...traceSpansJson(spans), backlinks: store.traces.backlinksOf(traceId) } };
  if (sub !== 'otlp') return notFound(`no such route: /api/traces/${traceId}/${sub}`);
  // Regrouped by resource and scope object, as received.
  const byResource = new Map<object, Map<object, unknown[]>>();
  for (const s of spans) {
    let scopes = byResource.get(s.resource);
    if (scopes === undefined) byResource.set(s.resource, (scopes = new Map()));
    let list = scopes.get(s.scope);
    if (list === undefined) scopes.set(s.scope, (list = []));
    list.push(s.span);
  }
  const resourceSpans = [...byResource].map(([resource, scopes]) => ({
    resource,
    scopeSpans: [...scopes].map(([scope, list]) => ({ scope, spans: list })),
  }));
  return {
    status: 200,
    bytes: new TextEncoder().encode(JSON.stringify({ resourceSpans })),
    type: 'application/json',
    filename: `trace-${traceId}.json`,
  };
}

function listMetrics(store: DashboardStore): ApiAnswer {
  const metrics = [...store.metrics.metrics.values()].map((m) => {
    const out: Record<string, unknown> = { name: m.name, description: m.description, unit: m.unit, kind: m.kind };
    if (m.monotonic !== undefined) out.monotonic = m.monotonic;
    if (m.temporality !== undefined) out.temporality = m.temporality;
    out.chart = viewOf(m.name);
    out.seriesCount = m.series.size;
    return out;
  });
  return { status: 200, json: { metrics } };
}

function metricDetail(store: DashboardStore, name: string): ApiAnswer {
  const m = store.metrics.metrics.get(name);
  if (m === undefined) return notFound(`metric "${name}" is not in the store`);
  return {
    status: 200,
    json: {
      name: m.name,
      unit: m.unit,
      description: m.description,
      kind: m.kind,
      chart: viewOf(m.name),
      series: [...m.series.values()].map((s) => ({ attributes: s.attributes, service: s.service, points: s.points })),
    },
  };
}

function listLogs(store: DashboardStore, q: URLSearchParams): ApiAnswer {
  const limit = limitOf(q, 200, 5000);
  if (limit === undefined) return bad('limit must be a positive integer');
  const sevS = q.get('severity');
  const severity = sevS === null || sevS === '' ? 0 : Number(sevS);
  if (!Number.isInteger(severity) || severity < 0 || severity > 24) return bad('severity must be a severity number from 0 to 24');
  const traceId = q.get('traceId')?.toLowerCase() || undefined;
  const spanId = q.get('spanId')?.toLowerCase() || undefined;
  const needle = (q.get('q') || '').toLowerCase() || undefined;
  const all = store.logs.all();
  const out: Record<string, unknown>[] = [];
  // Newest last: walk back from the newest, then reverse the page.
  for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
    const l = all[i]!;
    const r = l.record;
    if ((r.severityNumber ?? 0) < severity) continue;
    if (traceId !== undefined && r.traceId !== traceId) continue;
    if (spanId !== undefined && r.spanId !== spanId) continue;
    if (needle !== undefined && !logContains(l.record, needle)) continue;
    out.push(logJson(l));
  }
  return { status: 200, json: { logs: out.reverse() } };
}

function logContains(r: Parameters<typeof logJson>[0]['record'], needle: string): boolean {
  if (r.body !== undefined && JSON.stringify(r.body).toLowerCase().includes(needle)) return true;
  if ((r.severityText ?? '').toLowerCase().includes(needle)) return true;
  return attributesContain(r.attributes, needle);
}

function raw(store: DashboardStore, id: string | undefined, sub: string | undefined): ApiAnswer {
  if (id === undefined) return { status: 200, json: { requests: store.raw.list() } };
  const n = Number(id);
  const item = Number.isInteger(n) ? store.raw.get(n) : undefined;
  if (item === undefined) return notFound(`raw request ${id} is not kept (unknown id, or dropped from the bounded wire view)`);
  if (sub === undefined) return { status: 200, bytes: item.body, type: item.contentType.includes('json') ? 'application/json' : 'application/x-protobuf' };
  if (sub !== 'fields') return notFound(`no such route: /api/raw/${id}/${sub}`);
  if (item.contentType.includes('json')) return { status: 415, json: { error: 'a field-by-field decode is for protobuf bodies; this one is JSON (GET /api/raw/:id shows it)' } };
  try {
    return { status: 200, json: { fields: wireFields(item.body, item.signal) } };
  } catch (err) {
    return { status: 422, json: { error: `the body does not decode: ${err instanceof ProtoDecodeError ? err.message : String(err)}` } };
  }
}
