/**
 * The dashboard's codec and store pieces on their own: the OTLP/JSON reader
 * against the protobuf reader on the golden fixtures, the span index against
 * a full decode, trace assembly (any order, orphans, several processes,
 * backlinks), bounds and eviction, metric rates and percentiles, log order,
 * the wire view's field decode, and a metric reader joining a built
 * MeterProvider without disturbing the reader already there.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exponentialToExplicit, quantileFromBuckets } from '../../lib/dashboard/histogram-math.js';
import { indexTracesRequest } from '../../lib/dashboard/span-index.js';
import { DashboardStore } from '../../lib/dashboard/store.js';
import { StoredSpan } from '../../lib/dashboard/stored-span.js';
import { wireFields } from '../../lib/dashboard/wire-fields.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { MetricReader } from '../../lib/metrics/metric-reader.js';
import type { NumberDataPoint } from '../../lib/metrics/metric-data.js';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson, OtlpJsonError } from '../../lib/otlp/json-reader.js';
import { decodeLogsRequest } from '../../lib/otlp/logs-reader.js';
import { decodeMetricsRequest } from '../../lib/otlp/metrics-reader.js';
import { decodeTracesRequest } from '../../lib/otlp/trace-reader.js';
import type { OtlpSpan } from '../../lib/otlp/types.js';
import { FIXTURES } from '../helpers/paths.js';

const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

const T1 = '11'.repeat(16);
const T2 = '22'.repeat(16);
const res = (service: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }] });
const span = (traceId: string, spanId: string, parentSpanId: string | undefined, name: string, startMs: number, extra: Partial<OtlpSpan> = {}): OtlpSpan => ({
  traceId,
  spanId,
  ...(parentSpanId ? { parentSpanId } : {}),
  name,
  startTimeUnixNano: String(BigInt(startMs) * 1_000_000n),
  endTimeUnixNano: String(BigInt(startMs + 10) * 1_000_000n),
  ...extra,
});

describe('OTLP/JSON reader', () => {
  test('reads each golden JSON fixture into exactly what the protobuf reader makes of the golden protobuf', () => {
    assert.deepEqual(decodeTracesJson(fixture('golden-traces.json')), decodeTracesRequest(fixture('golden-traces.binpb')));
    assert.deepEqual(decodeMetricsJson(fixture('golden-metrics.json')), decodeMetricsRequest(fixture('golden-metrics.binpb')));
    assert.deepEqual(decodeLogsJson(fixture('golden-logs.json')), decodeLogsRequest(fixture('golden-logs.binpb')));
  });

  test('accepts what the protobuf JSON mapping allows: numbers for 64-bit integers, enum names, snake_case names, uppercase hex; ignores unknown fields', () => {
    const body = {
      resource_spans: [
        {
          scope_spans: [
            {
              spans: [
                {
                  trace_id: 'AB'.repeat(16),
                  span_id: 'cd'.repeat(8),
                  name: 'x',
                  kind: 'SPAN_KIND_CLIENT',
                  start_time_unix_nano: 1700000000000000000,
                  attributes: [{ key: 'n', value: { intValue: 5 } }],
                  status: { code: 'STATUS_CODE_ERROR' },
                  futureField: { whatever: 1 },
                },
              ],
            },
          ],
        },
      ],
    };
    const s = decodeTracesJson(new TextEncoder().encode(JSON.stringify(body))).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    assert.equal(s.traceId, 'ab'.repeat(16));
    assert.equal(s.kind, 3);
    assert.equal(s.startTimeUnixNano, '1700000000000000000');
    assert.deepEqual(s.attributes, [{ key: 'n', value: { intValue: '5' } }]);
    assert.deepEqual(s.status, { code: 2 });
    assert.equal('futureField' in s, false);
  });

  test('refuses wrong types with the field path, and bad UTF-8, never another error', () => {
    const cases: [unknown, RegExp][] = [
      [{ resourceSpans: {} }, /\$\.resourceSpans: expected an array/],
      [{ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'xyz' }] }] }] }, /spans\[0\]\.traceId: expected a hex id/],
      [{ resourceSpans: [{ scopeSpans: [{ spans: [{ startTimeUnixNano: '1.5' }] }] }] }, /startTimeUnixNano: expected a 64-bit integer/],
      [{ resourceSpans: [{ scopeSpans: [{ spans: [{ kind: 'SPAN_KIND_NOPE' }] }] }] }, /kind: expected an enum/],
      [[], /\$: expected an object/],
    ];
    for (const [v, re] of cases) assert.throws(() => decodeTracesJson(new TextEncoder().encode(JSON.stringify(v))), (e: unknown) => e instanceof OtlpJsonError && re.test(e.message));
    assert.throws(() => decodeLogsJson(new Uint8Array([0x7b, 0xff, 0x7d])), /not valid UTF-8/);
  });
});

describe('span index', () => {
  test('indexes every golden span with the same ids, names, times, status and links a full decode gives, and decodes the kept bytes to the same span', () => {
    const body = fixture('golden-traces.binpb');
    const full = decodeTracesRequest(body);
    const groups = indexTracesRequest(body);
    const fullSpans = full.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    const indexed = groups.flatMap((g) => Array.from({ length: g.n }, (_, i) => new StoredSpan(g, i)));
    assert.equal(indexed.length, fullSpans.length);
    indexed.forEach((s, i) => {
      const f = fullSpans[i]!;
      assert.deepEqual(
        [s.traceId, s.spanId, s.parentSpanId, s.name, s.statusCode, s.startTimeUnixNano, s.links?.map((l) => [l.traceId, l.spanId])],
        [f.traceId, f.spanId, f.parentSpanId ?? '', f.name, f.status?.code ?? 0, f.startTimeUnixNano, f.links?.map((l) => [l.traceId, l.spanId])],
      );
      assert.deepEqual(s.span, f);
    });
    assert.deepEqual(
      groups.map((g) => g.resource),
      full.resourceSpans.flatMap((rs) => rs.scopeSpans.map(() => rs.resource)),
    );
  });
});

describe('trace store', () => {
  test('assembles a trace from spans in any order and from two processes; an orphan counts until its parent arrives', () => {
    const store = new DashboardStore();
    store.addSpans(res('api'), { name: 's' }, [span(T1, 'c1'.repeat(8), 'b1'.repeat(8), 'db query', 5)]);
    let sum = store.traces.traces.get(T1)!.summary();
    assert.deepEqual([sum.spanCount, sum.orphanCount, sum.rootName], [1, 1, '']);
    store.addSpans(res('web'), { name: 's' }, [span(T1, 'a1'.repeat(8), undefined, 'GET /', 0)]);
    store.addSpans(res('api'), { name: 's' }, [span(T1, 'b1'.repeat(8), 'a1'.repeat(8), 'handler', 2, { status: { code: 2 } })]);
    sum = store.traces.traces.get(T1)!.summary();
    assert.deepEqual(
      { spans: sum.spanCount, orphans: sum.orphanCount, root: sum.rootName, rootService: sum.rootService, services: sum.services.sort(), errors: sum.errorCount, dur: sum.durationMs },
      { spans: 3, orphans: 0, root: 'GET /', rootService: 'web', services: ['api', 'web'], errors: 1, dur: 15 },
    );
    assert.deepEqual(store.traces.traces.get(T1)!.sortedSpans().map((s) => s.name), ['GET /', 'handler', 'db query']);
  });

  test('a resent span replaces its first copy; spans with zero or malformed ids are rejected and counted', () => {
    const store = new DashboardStore();
    store.addSpans(res('a'), { name: 's' }, [span(T1, 'a1'.repeat(8), undefined, 'v1', 0)]);
    const r = store.addSpans(res('a'), { name: 's' }, [span(T1, 'a1'.repeat(8), undefined, 'v2', 0), span('00'.repeat(16), 'a2'.repeat(8), undefined, 'x', 0), span(T1, 'ab', undefined, 'y', 0)]);
    assert.deepEqual(r, { accepted: 1, rejected: 2 });
    assert.equal(store.traces.spanCount, 1);
    assert.equal(store.traces.traces.get(T1)!.sortedSpans()[0]!.name, 'v2');
  });

  test('backlinks: the linked trace lists who links to it, whichever arrived first', () => {
    const store = new DashboardStore();
    const link = { links: [{ traceId: T1, spanId: 'a1'.repeat(8) }] };
    store.addSpans(res('a'), { name: 's' }, [span(T1, 'a1'.repeat(8), undefined, 'target', 0)]);
    store.addSpans(res('a'), { name: 's' }, [span(T2, 'b1'.repeat(8), undefined, 'linker', 1, link)]);
    const T3 = '33'.repeat(16);
    store.addSpans(res('a'), { name: 's' }, [span(T3, 'c1'.repeat(8), undefined, 'early linker', 1, { links: [{ traceId: '44'.repeat(16), spanId: 'd1'.repeat(8) }] })]);
    store.addSpans(res('a'), { name: 's' }, [span('44'.repeat(16), 'd1'.repeat(8), undefined, 'late target', 2)]);
    assert.deepEqual(store.traces.backlinksOf(T1), [{ traceId: T1, spanId: 'a1'.repeat(8), fromTraceId: T2, fromSpanId: 'b1'.repeat(8) }]);
    assert.deepEqual(store.traces.backlinksOf('44'.repeat(16)), [{ traceId: '44'.repeat(16), spanId: 'd1'.repeat(8), fromTraceId: T3, fromSpanId: 'c1'.repeat(8) }]);
  });

  test('bounded by count and by bytes, evicting the oldest traces first and counting them', () => {
    const byCount = new DashboardStore({ maxTraces: 3 });
    for (let i = 0; i < 5; i++) byCount.addSpans(res('a'), { name: 's' }, [span(String(i + 1).padStart(32, '0'), 'a1'.repeat(8), undefined, `t${i}`, i)]);
    assert.deepEqual([...byCount.traces.traces.values()].map((t) => t.summary().rootName), ['t2', 't3', 't4']);
    assert.deepEqual(byCount.evicted(), { traces: 2, spans: 2, logs: 0, points: 0 });
    const maxBytes = 1024 * 1024;
    const byBytes = new DashboardStore({ maxBytes });
    for (let i = 0; i < 3000; i++) {
      byBytes.addSpans(res('a'), { name: 's' }, [span(String(i + 1).padStart(32, '0'), 'a1'.repeat(8), undefined, 'x'.repeat(200), i, { attributes: [{ key: 'k', value: { stringValue: 'v'.repeat(500) } }] })]);
      assert.ok(byBytes.bytes <= maxBytes);
    }
    assert.ok(byBytes.evicted().traces > 0);
    assert.ok(byBytes.traces.traces.has('3000'.padStart(32, '0')), 'the newest stays');
  });
});

describe('metric series', () => {
  const sum = (points: { t: number; v: number; start?: number }[], temporality: 1 | 2) => ({
    name: 'reqs',
    sum: {
      aggregationTemporality: temporality,
      isMonotonic: true,
      dataPoints: points.map((p) => ({ startTimeUnixNano: String(BigInt(p.start ?? 0) * 1_000_000n), timeUnixNano: String(BigInt(p.t) * 1_000_000n), asInt: String(p.v) })),
    },
  });

  test('a cumulative monotonic sum gives a rate per second between points, starting over at a reset', () => {
    const store = new DashboardStore();
    const now = Date.now();
    store.addMetrics(res('a'), [sum([{ t: now, v: 100, start: 1 }, { t: now + 2000, v: 300, start: 1 }, { t: now + 3000, v: 50, start: now + 2500 }, { t: now + 4000, v: 150, start: now + 2500 }], 2)]);
    const pts = [...store.metrics.metrics.get('reqs')!.series.values()][0]!.points as { value: number; rate?: number }[];
    assert.deepEqual(pts.map((p) => [p.value, p.rate]), [[100, undefined], [300, 100], [50, undefined], [150, 100]]);
  });

  test('a delta sum gives its value over its own interval as the rate', () => {
    const store = new DashboardStore();
    const now = Date.now();
    store.addMetrics(res('a'), [sum([{ t: now + 500, v: 10, start: now }], 1)]);
    const p = [...store.metrics.metrics.get('reqs')!.series.values()][0]!.points[0] as { rate?: number };
    assert.equal(p.rate, 20);
  });

  test('histogram percentiles come from the buckets; exponential buckets become explicit bounds with the same percentiles', () => {
    // 100 values: 50 in (0,10], 45 in (10,100], 5 in (100,1000].
    const b = { bounds: [10, 100, 1000], counts: [50, 45, 5, 0] };
    assert.equal(quantileFromBuckets(b, 0.5, 1, 900), 10);
    assert.equal(quantileFromBuckets(b, 0.95, 1, 900), 100);
    assert.ok(Math.abs(quantileFromBuckets(b, 0.99, 1, 900)! - 740) < 1e-9);
    // Scale 0: bucket i covers (2^i, 2^(i+1)]; offset 1 → (2,4], (4,8].
    const e = exponentialToExplicit({ scale: 0, zeroCount: 1, zeroThreshold: 0, positiveOffset: 1, positiveCounts: [2, 1], negativeOffset: 0, negativeCounts: [] });
    assert.deepEqual(e, { bounds: [0, 2, 4, 8], counts: [1, 0, 2, 1, 0] });
    assert.equal(quantileFromBuckets(e, 0.5, 0, 7), 3, 'the median lies halfway through (2, 4]');
  });

  test('points outside the window are dropped and counted', () => {
    const store = new DashboardStore({ metricWindowMs: 60_000 });
    const now = Date.now();
    store.addMetrics(res('a'), [{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: String(BigInt(now - 120_000) * 1_000_000n), asDouble: 1 }, { timeUnixNano: String(BigInt(now) * 1_000_000n), asDouble: 2 }] } }]);
    store.expire(now);
    const series = [...store.metrics.metrics.get('g')!.series.values()][0]!;
    assert.deepEqual(series.points.map((p) => (p as { value: number }).value), [2]);
    assert.equal(store.evicted().points, 1);
  });
});

describe('logs', () => {
  test('kept in timestamp order whatever the arrival order, oldest evicted first', () => {
    const store = new DashboardStore({ maxLogs: 3 });
    const rec = (ms: number, body: string) => ({ timeUnixNano: String(BigInt(ms) * 1_000_000n), body: { stringValue: body } });
    store.addLogs(res('a'), { name: 's' }, [rec(30, 'c'), rec(10, 'a'), rec(20, 'b'), rec(40, 'd')]);
    assert.deepEqual(store.logs.all().map((l) => l.record.body?.stringValue), ['b', 'c', 'd']);
    assert.equal(store.evicted().logs, 1);
  });
});

describe('wire view', () => {
  test('decodes a request field by field with names, offsets and lengths that tile the body, nested where the schema says message', () => {
    const body = fixture('golden-traces.binpb');
    const fields = wireFields(body, 'traces');
    assert.equal(fields[0]!.name, 'resource_spans');
    assert.equal(fields[0]!.offset, 0);
    assert.equal(fields.reduce((n, f) => n + f.length, 0), body.length, 'top-level fields cover the whole body');
    const scopeSpans = fields[0]!.children!.find((f) => f.name === 'scope_spans')!;
    const firstSpan = scopeSpans.children!.find((f) => f.name === 'spans')!;
    const byName = new Map(firstSpan.children!.map((f) => [f.name, f]));
    const decoded = decodeTracesRequest(body).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    assert.equal(byName.get('trace_id')!.value, decoded.traceId);
    assert.equal(byName.get('name')!.value, decoded.name);
    assert.equal(byName.get('start_time_unix_nano')!.value, decoded.startTimeUnixNano);
    assert.equal(byName.get('start_time_unix_nano')!.wireType, 1);
    for (const f of firstSpan.children!) assert.ok(f.offset >= firstSpan.offset && f.offset + f.length <= firstSpan.offset + firstSpan.length);
    assert.throws(() => wireFields(new Uint8Array([0x0a, 0x05, 0x01]), 'traces'), /truncated/);
  });
});

describe('MeterProvider.addMetricReader', () => {
  test('a cumulative reader joins a provider whose delta reader keeps reporting exactly its own intervals', async () => {
    const app = new MetricReader({ temporality: 'delta' });
    const provider = new MeterProvider({ readers: [app] });
    const counter = provider.getMeter('m').createCounter('c');
    counter.add(5);
    const late = new MetricReader();
    assert.equal(provider.addMetricReader(late), true);
    assert.equal(provider.addMetricReader(late), false, 'a reader joins one provider once');
    counter.add(2);
    const value = async (r: MetricReader) => ((await r.collect())!.scopeMetrics[0]?.metrics[0]?.points[0] as NumberDataPoint | undefined)?.value;
    assert.equal(await value(app), 7, 'the app reader sees its whole first interval');
    assert.equal(await value(late), 2, 'a joining reader with no cumulative reader to start from sees what came after it');
    counter.add(1);
    assert.equal(await value(app), 1);
    assert.equal(await value(late), 3);
    // An instrument created after the join serves both.
    provider.getMeter('m').createCounter('d').add(4);
    const names = async (r: MetricReader) => (await r.collect())!.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.name));
    assert.deepEqual(await names(app), ['d']);
    await provider.shutdown();
  });

  test('joining a cumulative reader starts from its totals; after shutdown nothing joins', async () => {
    const app = new MetricReader();
    const provider = new MeterProvider({ readers: [app] });
    const h = provider.getMeter('m').createHistogram('h');
    h.record(10);
    const late = new MetricReader();
    provider.addMetricReader(late);
    h.record(30);
    const count = async (r: MetricReader) => ((await r.collect())!.scopeMetrics[0]!.metrics[0]!.points[0] as { count: number; sum: number });
    assert.deepEqual([(await count(app)).count, (await count(app)).sum], [2, 40]);
    assert.deepEqual([(await count(late)).count, (await count(late)).sum], [2, 40]);
    await provider.shutdown();
    assert.equal(provider.addMetricReader(new MetricReader()), false);
  });
});

describe('more of the store', () => {
  test('exponential histograms from the in-process reader arrive as explicit bounds with percentiles, negative values included', async () => {
    const { DashboardMetricReader } = await import('../../lib/dashboard/sink.js');
    const store = new DashboardStore();
    const reader = new DashboardMetricReader(store);
    const provider = new MeterProvider({ readers: [reader], defaultHistogramAggregation: 'exponential' });
    const h = provider.getMeter('m').createHistogram('x');
    for (const v of [1, 2, 3, 100]) h.record(v);
    await reader.pull();
    await provider.shutdown();
    const entry = store.metrics.metrics.get('x')!;
    assert.equal(entry.kind, 'exponentialHistogram');
    const p = [...entry.series.values()][0]!.points[0] as { count: number; sum: number; min: number; max: number; bounds: number[]; counts: number[]; p50: number };
    assert.deepEqual([p.count, p.sum, p.min, p.max], [4, 106, 1, 100]);
    assert.equal(p.counts.reduce((a, b) => a + b, 0), 4);
    assert.ok(p.p50 >= 1 && p.p50 <= 3, `p50 ${p.p50}`);
    // Negative buckets (API histograms take no negative values; other SDKs' exponential histograms may carry them) come first, mirrored.
    const e = exponentialToExplicit({ scale: 0, zeroCount: 0, zeroThreshold: 0.5, positiveOffset: 0, positiveCounts: [1], negativeOffset: 1, negativeCounts: [2, 1] });
    assert.deepEqual(e, { bounds: [-4, -2, -0.5, 0.5, 1, 2], counts: [1, 2, 0, 0, 0, 1, 0] });
  });

  test('a trace of many spans keeps an index: replacing, finding and counting stay right past 16 spans', () => {
    const store = new DashboardStore();
    const spans = Array.from({ length: 40 }, (_, i) => span(T1, (i + 1).toString(16).padStart(16, '0'), i === 0 ? undefined : '0000000000000001', `s${i}`, i));
    store.addSpans(res('a'), { name: 's' }, spans);
    store.addSpans(res('a'), { name: 's' }, [span(T1, (30).toString(16).padStart(16, '0'), '0000000000000001', 'replaced', 29)]);
    const t = store.traces.traces.get(T1)!;
    assert.equal(t.spans.size, 40);
    assert.equal(t.spans.get((30).toString(16).padStart(16, '0'))!.name, 'replaced');
    assert.equal(t.summary().orphanCount, 0);
    const small = new DashboardStore({ maxSpans: 10 });
    small.addSpans(res('a'), { name: 's' }, spans.slice(0, 25));
    const left = small.traces.traces.get(T1)!;
    assert.equal(left.spans.size, 10, 'one trace over the bound sheds its earliest spans');
    assert.deepEqual(left.sortedSpans().map((s) => s.name)[0], 's15');
    assert.equal(left.spans.get('0000000000000001'), undefined);
  });

  test('the wire view names metrics and logs fields: packed buckets, doubles, nested data points', () => {
    const m = wireFields(fixture('golden-metrics.binpb'), 'metrics');
    const names = JSON.stringify(m);
    for (const n of ['resource_metrics', 'scope_metrics', 'data_points', 'explicit_bounds', 'bucket_counts', 'as_double', 'aggregation_temporality']) assert.ok(names.includes(`"${n}"`), n);
    const logs = wireFields(fixture('golden-logs.binpb'), 'logs');
    const l = JSON.stringify(logs);
    for (const n of ['resource_logs', 'log_records', 'severity_number', 'body', 'string_value']) assert.ok(l.includes(`"${n}"`), n);
    assert.ok(wireFields(fixture('golden-logs.binpb'), 'unknown').every((f) => f.name === undefined), 'an unknown schema decodes fields without names');
  });

  test('ingestOtlp answers bad arguments as values, never throws', async () => {
    const { ingestOtlp } = await import('../../lib/dashboard/receiver.js');
    const store = new DashboardStore();
    assert.deepEqual(ingestOtlp(store, 'spans' as never, new Uint8Array(), 'protobuf').ok, false);
    assert.match((ingestOtlp(store, 'traces', 'text' as never, 'json') as { message: string }).message, /Uint8Array/);
    const big = ingestOtlp(store, 'logs', new Uint8Array(100), 'protobuf', { maxBytes: 10 });
    assert.deepEqual(big, { ok: false, status: 'too-large', message: 'ExportLogsServiceRequest of 100 bytes exceeds the limit of 10 bytes' });
    assert.deepEqual(ingestOtlp(store, 'metrics', new Uint8Array(), 'protobuf'), { ok: true, rejected: 0 });
    assert.equal(ingestOtlp(null as never, 'traces', new Uint8Array([0x0a, 0x00]), 'protobuf').ok, false);
  });

  test('with persistence on, the in-process sink hands whole OTLP requests to it: spans and records converted with every field', async () => {
    const { DashboardSink } = await import('../../lib/dashboard/sink.js');
    const store = new DashboardStore();
    const batches: [string, unknown][] = [];
    store.onBatch = (signal, req) => batches.push([signal, req]);
    const sink = new DashboardSink(store);
    const tp = new TracerProvider({ spanProcessors: [sink] });
    const s = tp.getTracer('p', '1').startSpan('persisted', { attributes: { a: 1 } });
    s.addEvent('e', { k: 'v' });
    s.setStatus({ code: 1 });
    s.end();
    const lp = new (await import('../../lib/logs/logger-provider.js')).LoggerProvider({ processors: [sink] });
    lp.getLogger('l').emit({ body: 'hello', severityNumber: 9 });
    sink.drain();
    assert.deepEqual(batches.map((b) => b[0]), ['traces', 'logs']);
    const traces = batches[0]![1] as { resourceSpans: { scopeSpans: { scope: unknown; spans: OtlpSpan[] }[] }[] };
    const got = traces.resourceSpans[0]!.scopeSpans[0]!;
    assert.deepEqual(got.scope, { name: 'p', version: '1' });
    assert.equal(got.spans[0]!.name, 'persisted');
    assert.deepEqual(got.spans[0]!.status, { code: 1 });
    assert.equal(got.spans[0]!.events![0]!.name, 'e');
    assert.equal(store.traces.spanCount, 1);
    assert.equal(store.logs.size, 1);
    sink.close();
    const after = tp.getTracer('p').startSpan('after close');
    after.end();
    sink.drain();
    assert.equal(store.traces.spanCount, 1, 'a closed sink takes nothing more');
  });
});
