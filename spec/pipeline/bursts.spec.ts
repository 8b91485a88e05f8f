/**
 * Bursts (issue 9): when the span queue is full, full batches wait as encoded
 * bytes, bounded by bytes. In a file of its own so the process-wide
 * `pipelineStats()` counters see only these processors.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { DiagLevel, droppedCounts } from '../../lib/common/diag.js';
import { pipelineStats, resetPipelineStats } from '../../lib/common/pipeline-stats.js';
import { BatchProcessorCore } from '../../lib/pipeline/batch-processor.js';
import type { ResolvedBatchOptions } from '../../lib/pipeline/batch-processor.js';
import { BatchSpanProcessor, BSP_DEFAULTS } from '../../lib/pipeline/batch-span-processor.js';
import { OtlpHttpTraceExporter } from '../../lib/exporters/otlp-trace-exporter.js';
import { EXPORT_SUCCESS } from '../../lib/trace/span-exporter.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { decodeTracesRequest } from '../../lib/otlp/trace-reader.js';
import { captureDiag } from '../helpers/diag.js';
import { startCollector } from '../helpers/collector.js';

// Timers in the pipeline are unref'd by design; this stands in for the application keeping the loop alive.
const keepAlive = setInterval(() => {}, 1000);
after(() => clearInterval(keepAlive));

const opts = (o: Partial<ResolvedBatchOptions>): ResolvedBatchOptions => ({ ...BSP_DEFAULTS, ...o });

describe('bursts wait as encoded bytes', () => {
  test('a synchronous burst of 10,000 spans with default settings is delivered whole, in order', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    resetPipelineStats();
    const bsp = new BatchSpanProcessor(new OtlpHttpTraceExporter({ url: collector.url }));
    const provider = new TracerProvider({ spanProcessors: [bsp] });
    const tracer = provider.getTracer('burst');
    for (let i = 0; i < 10_000; i++) tracer.startSpan(`b${i}`).end();
    assert.equal(bsp.dropped, 0);
    assert.equal(bsp.queued, 10_000);
    await provider.shutdown();
    const names = collector.spanNames();
    assert.equal(names.length, 10_000);
    assert.deepEqual(names, Array.from({ length: 10_000 }, (_, i) => `b${i}`));
    const stats = pipelineStats().signals.spans;
    assert.equal(stats.exported, 10_000);
    assert.equal(stats.queued, 0);
    assert.equal(stats.inFlight, 0);
    assert.ok(stats.exports >= 20 && stats.exportLatencyMs.max > 0);
  });

  test('past the byte bound the newest spans are dropped and counted; the bytes queued stay within one batch of it', () => {
    const d = captureDiag(DiagLevel.WARN);
    try {
      const exporter = new OtlpHttpTraceExporter({ url: 'http://127.0.0.1:9/v1/traces' });
      const bsp = new BatchSpanProcessor(exporter, { maxQueueSize: 100, maxExportBatchSize: 50, maxEncodedBytes: 20_000 });
      const tracer = new TracerProvider({ spanProcessors: [bsp] }).getTracer('burst');
      for (let i = 0; i < 5000; i++) tracer.startSpan(`b${i}`).end();
      assert.equal(bsp.queued + bsp.dropped, 5000);
      assert.ok(bsp.dropped > 4000, `dropped ${bsp.dropped}`);
      assert.equal(droppedCounts()['bsp.span'], bsp.dropped);
      assert.match(d.messages.find((m) => m.message.startsWith('dropped bsp.span'))!.message, /encoded batches \d+ of 20000 bytes/);
    } finally {
      d.restore();
    }
  });

  test('an exporter that cannot encode ahead falls back to dropping and counting', () => {
    // An exporter with export() only: nothing to encode ahead with.
    const exp = { export: async () => EXPORT_SUCCESS, shutdown: async () => {} };
    const core = new BatchProcessorCore(exp, opts({ maxQueueSize: 10, maxExportBatchSize: 5 }), 'test.item');
    for (let i = 0; i < 25; i++) core.add(i);
    assert.equal(core.queued, 10);
    assert.equal(core.dropped, 15);
  });

  test('encode + exportEncoded send the same bytes export would', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    const exporter = new OtlpHttpTraceExporter({ url: collector.url });
    const tracer = new TracerProvider().getTracer('e');
    const spans = [0, 1, 2].map((i) => {
      const s = tracer.startSpan(`e${i}`);
      s.end();
      return s;
    });
    assert.deepEqual(await exporter.export(spans), EXPORT_SUCCESS);
    assert.deepEqual(await exporter.exportEncoded(exporter.encode(spans)), EXPORT_SUCCESS);
    assert.deepEqual(collector.requests[0]!.body, collector.requests[1]!.body);
    assert.equal(decodeTracesRequest(collector.requests[1]!.body).resourceSpans[0]!.scopeSpans[0]!.spans.length, 3);
  });

  test('an OTLP export aborted through its signal stops at once, without retrying', async (t) => {
    const collector = await startCollector();
    collector.respond = () => false;
    t.after(() => collector.close());
    const exporter = new OtlpHttpTraceExporter({ url: collector.url, timeoutMillis: 60_000 });
    const controller = new AbortController();
    const tracer = new TracerProvider().getTracer('e');
    const span = tracer.startSpan('x');
    span.end();
    const pending = exporter.export([span], controller.signal);
    // Abort once the collector holds the request (polled, so a loaded machine cannot outrun a fixed sleep).
    for (const end = Date.now() + 10_000; collector.requests.length === 0 && Date.now() < end; ) await sleep(10);
    assert.equal(collector.requests.length, 1);
    controller.abort(new Error('deadline'));
    const result = await pending;
    assert.equal(result.code, 'failure');
    assert.match(result.code === 'failure' ? result.error.message : '', /cancelled: deadline/);
    await sleep(50);
    assert.equal(collector.requests.length, 1);
  });
});
