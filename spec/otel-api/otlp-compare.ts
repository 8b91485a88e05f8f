/**
 * OTLP payloads made by the official SDK and by zerotel, decoded with the
 * official schema (otlp-decoder) and reduced to what must be equal: names,
 * kinds, scopes, attributes, events, links, status, parent chains, metric
 * points, log fields. Ids and times are dropped (each run draws its own);
 * what stands for an id is the structure (a span's chain of ancestors, a
 * link's target span found by id in the same payload).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const root: any = require('otlp-decoder/build/src/generated/root.js');
const proto = root.opentelemetry.proto.collector;

type Obj = Record<string, unknown>;

function decode(type: { decode(b: Uint8Array): unknown; toObject(m: unknown, o: object): Obj }, bytes: Uint8Array): Obj {
  return type.toObject(type.decode(bytes), { longs: String, enums: Number, bytes: String, defaults: false, json: true });
}

export const decodeTraces = (b: Uint8Array): Obj => decode(proto.trace.v1.ExportTraceServiceRequest, b);
export const decodeMetrics = (b: Uint8Array): Obj => decode(proto.metrics.v1.ExportMetricsServiceRequest, b);
export const decodeLogs = (b: Uint8Array): Obj => decode(proto.logs.v1.ExportLogsServiceRequest, b);

const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** Attributes as a sorted `key → value` object, values passed through `fix` (ports, addresses). */
export function attrs(list: unknown, fix: (key: string, v: unknown) => unknown = (_k, v) => v): Obj {
  const out: Obj = {};
  for (const kv of arr(list).sort((a, b) => String(a.key).localeCompare(String(b.key)))) out[String(kv.key)] = fix(String(kv.key), kv.value);
  return out;
}

/** Resource attributes that name the SDK (expected to differ) are left out. */
function resourceAttrs(r: unknown): Obj {
  const all = attrs((r as Obj | undefined)?.attributes);
  for (const k of Object.keys(all)) if (k.startsWith('telemetry.sdk.') || k === 'service.name') delete all[k];
  return all;
}

/**
 * Trace flags without W3C level 2's "random trace id" bit (0x02): zerotel
 * sets it on the traces it starts (its ids are random), the official SDK 2.12
 * does not. Every other bit (sampled; OTLP's has-is-remote and is-remote) must match.
 */
function maskRandom(flags: unknown): number {
  return (typeof flags === 'number' ? flags : 0) & ~0x02;
}

export interface NormalSpan {
  path: string;
  scope: string;
  name: string;
  kind: unknown;
  attributes: Obj;
  events: { name: unknown; attributes: Obj }[];
  links: { target: string | null; attributes: Obj; flags: number }[];
  status: unknown;
  flags: number;
  resource: Obj;
}

/** The spans of a traces request, each named by its ancestor path, sorted by it. */
export function normalSpans(req: Obj, fix?: (key: string, v: unknown) => unknown): NormalSpan[] {
  const flat: { span: Obj; scope: Obj; resource: Obj }[] = [];
  for (const rs of arr(req.resourceSpans))
    for (const ss of arr(rs.scopeSpans)) for (const span of arr(ss.spans)) flat.push({ span, scope: (ss.scope ?? {}) as Obj, resource: (rs.resource ?? {}) as Obj });
  const byId = new Map(flat.map((f) => [String(f.span.spanId), f]));
  const label = (f: (typeof flat)[number]): string => `${String(f.scope.name)}:${String(f.span.kind)}:${String(f.span.name)}`;
  const path = (f: (typeof flat)[number]): string => {
    const parent = f.span.parentSpanId ? byId.get(String(f.span.parentSpanId)) : undefined;
    return parent ? `${path(parent)} > ${label(f)}` : label(f);
  };
  return flat
    .map((f) => ({
      path: path(f),
      scope: `${String(f.scope.name)}@${String(f.scope.version ?? '')}`,
      name: f.span.name as string,
      kind: f.span.kind,
      attributes: attrs(f.span.attributes, fix),
      events: arr(f.span.events).map((e) => ({ name: e.name, attributes: attrs(e.attributes, fix) })),
      links: arr(f.span.links).map((l) => {
        const t = byId.get(String(l.spanId));
        return { target: t ? path(t) : null, attributes: attrs(l.attributes, fix), flags: maskRandom(l.flags) };
      }),
      // The official writer sends an all-default Status ({ code: 0 }); ours omits it (the canonical encoding): same meaning.
      status: { code: ((f.span.status as Obj | undefined)?.code as number | undefined) ?? 0, message: ((f.span.status as Obj | undefined)?.message as string | undefined) ?? '' },
      flags: maskRandom(f.span.flags),
      resource: resourceAttrs(f.resource),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Metric data points without times (and exemplars), sorted by metric name then attributes. */
export function normalMetrics(req: Obj): Obj[] {
  const out: Obj[] = [];
  for (const rm of arr(req.resourceMetrics))
    for (const sm of arr(rm.scopeMetrics))
      for (const m of arr(sm.metrics)) {
        const { name, description, unit, ...rest } = m;
        const kind = Object.keys(rest).find((k) => k !== 'metadata')!;
        const data = rest[kind] as Obj;
        const points = arr(data.dataPoints).map((p) => {
          const { startTimeUnixNano: _s, timeUnixNano: _t, attributes, exemplars: _e, ...values } = p;
          return { attributes: attrs(attributes), ...values };
        });
        points.sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));
        out.push({
          scope: (sm.scope as Obj | undefined)?.name,
          name,
          description: description ?? '',
          unit: unit ?? '',
          kind,
          temporality: data.aggregationTemporality,
          monotonic: data.isMonotonic,
          points,
        });
      }
  return out.sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

/** Log records without times and ids; whether trace/span ids are set is kept (correlation). */
export function normalLogs(req: Obj): Obj[] {
  const out: Obj[] = [];
  for (const rl of arr(req.resourceLogs))
    for (const sl of arr(rl.scopeLogs))
      for (const r of arr(sl.logRecords)) {
        out.push({
          scope: (sl.scope as Obj | undefined)?.name,
          severityNumber: r.severityNumber,
          severityText: r.severityText,
          body: r.body,
          attributes: attrs(r.attributes),
          eventName: r.eventName,
          correlated: typeof r.traceId === 'string' && r.traceId.length > 0 && typeof r.spanId === 'string' && r.spanId.length > 0,
          flags: maskRandom(r.flags),
        });
      }
  return out;
}
