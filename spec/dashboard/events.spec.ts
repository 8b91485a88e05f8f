/**
 * `/events`: a snapshot first, batched deltas with numeric ids, resume from
 * `Last-Event-ID`, `views` events from registerView, `updateDisplay()`
 * pushing at once, heartbeats, and a client that does not read being cut
 * off (counted in /api/health) while the server keeps serving. Ends with the
 * bounded load test: 20 readers and one stalled client while spans arrive
 * over OTLP/HTTP, the store kept under its configured byte bound.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { registerView, startDashboardServer, updateDisplay } from '../../lib/dashboard.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import type { Span } from '../../lib/trace/span.js';
import { eventually, getJson, openEvents, rawRequest } from './helpers.js';

function spans(n: number, attrs: Record<string, string> = {}): Span[] {
  const tracer = new TracerProvider().getTracer('t');
  const out: Span[] = [];
  for (let i = 0; i < n; i++) {
    const s = tracer.startSpan(`op-${i % 7}`, { attributes: { i, ...attrs } });
    s.end();
    out.push(s);
  }
  return out;
}

function postSpans(url: string, list: Span[]): Promise<number> {
  return rawRequest(url, { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf' }, body: encodeTracesProto(list) }).then((r) => r.status);
}

function postLogs(url: string, n: number, size: number): Promise<number> {
  const records = Array.from({ length: n }, (_, i) => ({ timeUnixNano: String(BigInt(Date.now()) * 1_000_000n + BigInt(i)), body: { stringValue: 'x'.repeat(size) } }));
  return rawRequest(url, {
    method: 'POST',
    path: '/v1/logs',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: records }] }] }),
  }).then((r) => r.status);
}

describe('server-sent events', () => {
  test('a snapshot first, then deltas carrying the new trace summaries, with increasing numeric ids', async (t) => {
    const dash = await startDashboardServer({ port: 0, inProcess: false });
    t.after(() => dash.close());
    const es = openEvents(dash.url);
    t.after(() => es.close());
    assert.equal(await es.ready, 200);
    await eventually(async () => es.events.length >= 1, 5000, 'snapshot');
    assert.equal(es.events[0]!.event, 'snapshot');
    assert.equal(typeof es.events[0]!.data.store.maxBytes, 'number');
    const list = spans(5);
    assert.equal(await postSpans(dash.url, list), 200);
    const delta = await eventually(async () => es.events.find((e) => e.event === 'delta' && e.data.traces.length > 0), 5000, 'a delta');
    const ids = new Set(delta.data.traces.map((x: { traceId: string }) => x.traceId));
    assert.equal(ids.size, 5);
    assert.equal(delta.data.health.store.spans, 5);
    const nums = es.events.map((e) => Number(e.id));
    assert.ok(nums.every((n, i) => Number.isInteger(n) && (i === 0 || n > nums[i - 1]!)), `ids ${nums.join(',')}`);
  });

  test('changes made while no client listens are not summarised; a client resuming after them gets a snapshot', async (t) => {
    const dash = await startDashboardServer({ port: 0, inProcess: false });
    t.after(() => dash.close());
    // Nobody has ever listened: the change and the update make no event to replay.
    await postSpans(dash.url, spans(1));
    dash.update();
    const resumed = openEvents(dash.url, { 'last-event-id': '0' });
    t.after(() => resumed.close());
    await eventually(async () => resumed.events.length >= 1, 5000, 'the first event after resuming');
    assert.equal(resumed.events[0]!.event, 'snapshot', 'the change was never sent: start over from a snapshot');
  });

  test('deltas are batched: a burst of 40 requests yields far fewer delta events, none carrying a trace twice', async (t) => {
    const dash = await startDashboardServer({ port: 0, inProcess: false });
    t.after(() => dash.close());
    const es = openEvents(dash.url);
    t.after(() => es.close());
    await es.ready;
    await Promise.all(Array.from({ length: 40 }, () => postSpans(dash.url, spans(2))));
    await eventually(async () => es.events.filter((e) => e.event === 'delta').reduce((n, e) => n + e.data.traces.length, 0) >= 80, 5000, 'all traces');
    const deltas = es.events.filter((e) => e.event === 'delta' && e.data.traces.length > 0);
    assert.ok(deltas.length < 40, `${deltas.length} deltas for 40 requests`);
    for (const d of deltas) assert.equal(new Set(d.data.traces.map((x: { traceId: string }) => x.traceId)).size, d.data.traces.length);
  });

  test('a client reconnecting with Last-Event-ID gets exactly the events it missed', async (t) => {
    const dash = await startDashboardServer({ port: 0, inProcess: false });
    t.after(() => dash.close());
    // Another page stays open: events keep being made while the first one is away.
    const watcher = openEvents(dash.url);
    t.after(() => watcher.close());
    await watcher.ready;
    const first = openEvents(dash.url);
    await first.ready;
    await postSpans(dash.url, spans(1));
    const seen = await eventually(async () => first.events.find((e) => e.event === 'delta'), 5000, 'first delta');
    first.close();
    await postSpans(dash.url, spans(1));
    dash.update();
    await postSpans(dash.url, spans(1));
    dash.update();
    const again = openEvents(dash.url, { 'last-event-id': seen.id! });
    t.after(() => again.close());
    await again.ready;
    await eventually(async () => again.events.length >= 2, 5000, 'replayed events');
    assert.ok(again.events.every((e) => e.event === 'delta'), 'no snapshot when the missed events are in the backlog');
    assert.equal(Number(again.events[0]!.id), Number(seen.id) + 1);
    // An id older than the backlog (or from another run) gets a fresh snapshot instead.
    const stale = openEvents(dash.url, { 'last-event-id': '999999' });
    t.after(() => stale.close());
    await eventually(async () => stale.events.length >= 1, 5000, 'snapshot for unknown id');
    assert.equal(stale.events[0]!.event, 'snapshot');
  });

  test('registerView is served at /api/views and pushed as a views event; updateDisplay pushes at once; heartbeats are comments', async (t) => {
    const dash = await startDashboardServer({ port: 0, inProcess: false, sse: { heartbeatMs: 50 } });
    t.after(() => dash.close());
    const es = openEvents(dash.url);
    t.after(() => es.close());
    await es.ready;
    await eventually(async () => es.events.length >= 1, 5000, 'snapshot');
    assert.equal(registerView('orders.latency', 'heatmap'), true);
    assert.equal(registerView('orders.latency', 'pie' as never), false, 'unknown chart types are refused, not thrown');
    assert.equal(registerView(42 as never, 'line'), false);
    const views = await eventually(async () => es.events.find((e) => e.event === 'views'), 5000, 'views event');
    assert.deepEqual(views.data.views['orders.latency'], 'heatmap');
    assert.equal((await getJson(`${dash.url}api/views`)).body.views['orders.latency'], 'heatmap');
    const before = es.events.length;
    updateDisplay();
    await eventually(async () => es.events.length > before, 5000, 'updateDisplay push');
    assert.equal(es.events.at(-1)!.event, 'delta');
    await eventually(async () => es.comments.length >= 2, 5000, 'heartbeats');
    assert.ok(es.comments.every((c) => c.startsWith(':')));
  });

  test('a client that never reads /events is cut off at its buffer bound; the server keeps serving the others', async (t) => {
    const dash = await startDashboardServer({ port: 0, inProcess: false, sse: { maxClientBuffer: 32 * 1024 } });
    t.after(() => dash.close());
    const reader = openEvents(dash.url);
    t.after(() => reader.close());
    await reader.ready;
    const u = new URL(dash.url);
    const stalled = connect({ host: u.hostname, port: Number(u.port) });
    t.after(() => stalled.destroy());
    await new Promise<void>((r) => stalled.once('connect', () => r()));
    stalled.write(`GET /events HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`);
    stalled.pause(); // never reads
    await eventually(
      async () => {
        assert.equal(await postLogs(dash.url, 50, 20_000), 200);
        dash.update();
        return (await getJson(`${dash.url}api/health`)).body.dropped.sseClients >= 1;
      },
      20_000,
      'the stalled client cut off',
    );
    const health = (await getJson(`${dash.url}api/health`)).body;
    assert.equal(health.dropped.sseClients, 1, 'only the stalled client');
    assert.ok(reader.events.filter((e) => e.event === 'delta').length > 0, 'the reading client kept receiving');
  });

  test('load: 20 SSE readers and one stalled client while 12,000 spans arrive over OTLP/HTTP; no crash, the stalled one is cut off, the store stays under its bound', async (t) => {
    const maxBytes = 4 * 1024 * 1024;
    const dash = await startDashboardServer({ port: 0, inProcess: false, limits: { maxBytes }, sse: { maxClientBuffer: 256 * 1024 } });
    t.after(() => dash.close());
    const readers = Array.from({ length: 20 }, () => openEvents(dash.url));
    t.after(() => readers.forEach((r) => r.close()));
    await Promise.all(readers.map((r) => r.ready));
    const u = new URL(dash.url);
    const stalled = connect({ host: u.hostname, port: Number(u.port) });
    t.after(() => stalled.destroy());
    await new Promise<void>((r) => stalled.once('connect', () => r()));
    stalled.write(`GET /events HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`);
    stalled.pause();
    const big = { 'http.route': '/a/fairly/long/route/name/to/make/spans/bigger', 'user.agent': 'x'.repeat(200) };
    for (let round = 0; round < 12; round++) {
      // Fresh ids every round: 12,000 new spans, more than the store's trace share holds.
      const statuses = await Promise.all([postSpans(dash.url, spans(500, big)), postSpans(dash.url, spans(500)), postLogs(dash.url, 20, 4000)]);
      assert.deepEqual(statuses, [200, 200, 200]);
      assert.ok(dash.store.bytes <= maxBytes, `store ${dash.store.bytes} ≤ ${maxBytes}`);
    }
    // Kernel socket buffers take a few MB before the server sees an unread backlog: keep the events coming until it does.
    await eventually(
      async () => {
        assert.equal(await postLogs(dash.url, 50, 20_000), 200);
        dash.update();
        return (await getJson(`${dash.url}api/health`)).body.dropped.sseClients >= 1;
      },
      60_000,
      'the stalled client cut off',
    );
    const health = (await getJson(`${dash.url}api/health`)).body;
    assert.ok(health.store.bytes <= maxBytes);
    assert.ok(health.evicted.spans > 0, 'the bound was reached and old spans evicted');
    assert.equal(health.dropped.sseClients, 1);
    for (const r of readers) assert.ok(r.events.some((e) => e.event === 'delta'), 'every reader received deltas');
  });
});
