/**
 * The in-memory exporters of the three signals share one mechanism
 * (pipeline/in-memory-exporter.ts); what each keeps, hands out, resets and
 * does after shutdown is pinned here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InMemoryLogRecordExporter } from '../../lib/pipeline/in-memory-log-record-exporter.js';
import { InMemorySpanExporter } from '../../lib/pipeline/in-memory-span-exporter.js';
import { InMemoryMetricExporter } from '../../lib/pipeline/metric-exporters.js';
import { DELTA_SELECTOR, InstrumentType, AggregationTemporality } from '../../lib/metrics/metric-data.js';
import type { ResourceMetrics } from '../../lib/metrics/metric-data.js';
import { LoggerProvider } from '../../lib/logs/logger-provider.js';
import type { LogRecord } from '../../lib/logs/log-record.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { Resource } from '../../lib/common/resource.js';

function spans(n: number) {
  const tracer = new TracerProvider().getTracer('t');
  return Array.from({ length: n }, (_, i) => {
    const s = tracer.startSpan(`s${i}`);
    s.end();
    return s;
  });
}

function records(n: number): LogRecord[] {
  const kept: LogRecord[] = [];
  const provider = new LoggerProvider({ processors: [{ onEmit: (r: LogRecord) => void kept.push(r), forceFlush: async () => {}, shutdown: async () => {} }] });
  for (let i = 0; i < n; i++) provider.getLogger('l').info(`r${i}`);
  return kept;
}

describe('in-memory exporters', () => {
  test('spans: kept in order, handed out as a copy, reset, and after shutdown cleared and refused', async () => {
    const e = new InMemorySpanExporter();
    const [a, b, c] = spans(3);
    assert.deepEqual(await e.export([a!, b!]), { code: 'success' });
    await e.export([c!]);
    const got = e.getFinishedSpans();
    assert.deepEqual(got.map((s) => s.name), ['s0', 's1', 's2']);
    got.pop();
    assert.equal(e.getFinishedSpans().length, 3, 'a copy');
    e.reset();
    assert.deepEqual(e.getFinishedSpans(), []);
    await e.export([a!]);
    await e.shutdown();
    assert.deepEqual(e.getFinishedSpans(), [], 'shutdown clears');
    const after = await e.export([b!]);
    assert.equal(after.code, 'failure');
    assert.deepEqual(e.getFinishedSpans(), []);
  });

  test('log records: the same, under their own name', async () => {
    const e = new InMemoryLogRecordExporter();
    const rs = records(2);
    await e.export(rs);
    assert.deepEqual(e.getFinishedLogRecords().map((r) => r.body), ['r0', 'r1']);
    await e.shutdown();
    assert.deepEqual(e.getFinishedLogRecords(), []);
    assert.equal((await e.export(rs)).code, 'failure');
  });

  test('metrics: one collection per export, the temporality chosen, and shutdown keeps what was collected', async () => {
    const e = new InMemoryMetricExporter(DELTA_SELECTOR);
    assert.equal(e.temporalitySelector(InstrumentType.COUNTER), AggregationTemporality.DELTA);
    const rm: ResourceMetrics = { resource: new Resource({}), scopeMetrics: [] };
    await e.export(rm);
    await e.export(rm);
    assert.equal(e.collections.length, 2);
    await e.shutdown();
    assert.equal(e.collections.length, 2, 'kept after shutdown');
    assert.equal((await e.export(rm)).code, 'failure');
    assert.equal(e.collections.length, 2);
    e.reset();
    assert.equal(e.collections.length, 0);
  });
});
