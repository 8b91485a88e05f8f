/**
 * OTLP/gRPC faults against @grpc/grpc-js: the OTLP spec's retry rules
 * (UNAVAILABLE retried, INVALID_ARGUMENT not, RESOURCE_EXHAUSTED only with
 * RetryInfo, whose delay is honoured), a stalled call cut at its deadline and
 * retried, a server killed and restarted mid-run, a GOAWAY, and the export's
 * AbortSignal. No timing asserts: where a delay matters, the retry policy is
 * set so that only the behaviour under test can make the export succeed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OtlpTraceExporter } from '../../lib/exporters/otlp-trace-exporter.js';
import { BatchSpanProcessor } from '../../lib/pipeline/batch-span-processor.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import type { Span } from '../../lib/trace/span.js';
import { status } from '@grpc/grpc-js';
import { startGrpcCollector } from '../helpers/grpc-collector.js';
import type { GrpcCollector } from '../helpers/grpc-collector.js';

function spans(n: number, prefix = 's'): Span[] {
  const tracer = new TracerProvider().getTracer('grpc-faults');
  const out: Span[] = [];
  for (let i = 0; i < n; i++) {
    const s = tracer.startSpan(`${prefix}${i}`);
    s.end();
    out.push(s);
  }
  return out;
}

const fast = { initialBackoffMillis: 10, maxBackoffMillis: 50, maxAttempts: 100, jitter: 0 };

async function collectorFor(t: { after: (fn: () => unknown) => void }): Promise<GrpcCollector> {
  const c = await startGrpcCollector();
  t.after(() => c.close());
  return c;
}

function exporterFor(t: { after: (fn: () => unknown) => void }, url: string, options: ConstructorParameters<typeof OtlpTraceExporter>[0] = {}): OtlpTraceExporter {
  const e = new OtlpTraceExporter({ protocol: 'grpc', url, retry: fast, timeoutMillis: 5000, ...options });
  t.after(() => e.shutdown());
  return e;
}

describe('OTLP/gRPC faults', () => {
  test('UNAVAILABLE twice, then OK: retried, and the spans are delivered once', async (t) => {
    const c = await collectorFor(t);
    c.respond = (_call, i) => (i < 2 ? { code: status.UNAVAILABLE, details: 'warming up' } : {});
    const r = await exporterFor(t, c.url).export(spans(3));
    assert.deepEqual(r, { code: 'success' });
    assert.equal(c.calls.length, 3);
    assert.deepEqual(c.spanNames(), ['s0', 's1', 's2']);
  });

  test('INVALID_ARGUMENT is reported once with the server\'s message, not retried', async (t) => {
    const c = await collectorFor(t);
    c.respond = () => ({ code: status.INVALID_ARGUMENT, details: 'span 7: bad trace id ✗ 100%' });
    const r = await exporterFor(t, c.url).export(spans(1));
    assert.equal(c.calls.length, 1);
    assert.equal(r.code, 'failure');
    assert.equal(r.code === 'failure' && r.error.message, 'gRPC INVALID_ARGUMENT (3): span 7: bad trace id ✗ 100%');
  });

  test('RESOURCE_EXHAUSTED without RetryInfo is not retried', async (t) => {
    const c = await collectorFor(t);
    c.respond = () => ({ code: status.RESOURCE_EXHAUSTED, details: 'quota' });
    const r = await exporterFor(t, c.url).export(spans(1));
    assert.equal(c.calls.length, 1);
    assert.match(r.code === 'failure' ? r.error.message : '', /RESOURCE_EXHAUSTED \(8\): quota/);
  });

  test('RESOURCE_EXHAUSTED with RetryInfo is retried after the server\'s delay, not the back-off', async (t) => {
    const c = await collectorFor(t);
    c.respond = (_call, i) => (i === 0 ? { code: status.RESOURCE_EXHAUSTED, details: 'slow down', retryDelayMs: 50 } : {});
    // A back-off of a minute would pass the 5 s deadline: only the 50 ms RetryInfo delay lets the retry happen.
    const r = await exporterFor(t, c.url, { retry: { initialBackoffMillis: 60_000, jitter: 0 } }).export(spans(2));
    assert.deepEqual(r, { code: 'success' });
    assert.equal(c.calls.length, 2);
    assert.deepEqual(c.spanNames(), ['s0', 's1']);
  });

  test('a RetryInfo delay past the export deadline gives up at once', async (t) => {
    const c = await collectorFor(t);
    c.respond = () => ({ code: status.UNAVAILABLE, details: 'down for maintenance', retryDelayMs: 3_600_000 });
    const r = await exporterFor(t, c.url).export(spans(1));
    assert.equal(c.calls.length, 1);
    assert.match(r.code === 'failure' ? r.error.message : '', /would pass the export deadline.*down for maintenance/);
  });

  test('a call stalled past its deadline is DEADLINE_EXCEEDED and retried within the export timeout', async (t) => {
    const c = await collectorFor(t);
    c.respond = (_call, i) => (i === 0 ? { delayMs: 2000 } : {});
    const r = await exporterFor(t, c.url, { timeoutMillis: 10_000, retry: { ...fast, attemptTimeoutMillis: 300 } }).export(spans(2));
    assert.deepEqual(r, { code: 'success' });
    assert.equal(c.calls.length, 2);
    assert.deepEqual(c.spanNames(), ['s0', 's1'], 'the stalled call was cancelled, so it delivered nothing');
  });

  test('a stalled call whose deadline is the export\'s fails as DEADLINE_EXCEEDED', async (t) => {
    const c = await collectorFor(t);
    c.respond = () => ({ delayMs: 3000 });
    const r = await exporterFor(t, c.url, { timeoutMillis: 300 }).export(spans(1));
    assert.match(r.code === 'failure' ? r.error.message : '', /DEADLINE_EXCEEDED \(4\)/);
  });

  test('the server killed and restarted mid-run: the session is re-established, queued spans delivered, none twice', async (t) => {
    const first = await startGrpcCollector();
    const port = first.port;
    const exporter = exporterFor(t, first.url, { timeoutMillis: 20_000 });
    const bsp = new BatchSpanProcessor(exporter, { maxExportBatchSize: 10, scheduledDelayMillis: 5, exportTimeoutMillis: 20_000 });
    const provider = new TracerProvider({ spanProcessors: [bsp] });
    const tracer = provider.getTracer('restart');
    for (let i = 0; i < 20; i++) tracer.startSpan(`before${i}`).end();
    await provider.forceFlush();
    first.kill();
    for (let i = 0; i < 20; i++) tracer.startSpan(`after${i}`).end();
    const flushed = provider.forceFlush();
    await new Promise((r) => setTimeout(r, 300));
    const second = await startGrpcCollector(port);
    t.after(() => second.close());
    await flushed;
    await provider.shutdown();
    const names = [...first.spanNames(), ...second.spanNames()];
    assert.equal(names.length, 40);
    assert.equal(new Set(names).size, 40);
    assert.ok(second.spanNames().includes('after19'));
    assert.equal(bsp.failed, 0);
  });

  test('after a GOAWAY the next export opens a new session and succeeds at the first attempt', async (t) => {
    const first = await startGrpcCollector();
    const exporter = exporterFor(t, first.url, { retry: { maxAttempts: 1 } });
    assert.deepEqual(await exporter.export(spans(1, 'a')), { code: 'success' });
    // tryShutdown sends GOAWAY on every session and stops listening; it completes once our session has closed.
    await first.close();
    const second = await startGrpcCollector(first.port);
    t.after(() => second.close());
    assert.deepEqual(await exporter.export(spans(1, 'b')), { code: 'success' });
    assert.deepEqual(first.spanNames(), ['a0']);
    assert.deepEqual(second.spanNames(), ['b0']);
  });

  test('aborting the export cancels the call in flight and resolves at once with a failure', { timeout: 10_000 }, async (t) => {
    const c = await collectorFor(t);
    c.respond = () => ({ delayMs: 60_000 });
    const exporter = exporterFor(t, c.url, { timeoutMillis: 60_000 });
    const ac = new AbortController();
    const p = exporter.export(spans(1), ac.signal);
    while (c.calls.length === 0) await new Promise((r) => setTimeout(r, 10));
    ac.abort(new Error('batch export timeout'));
    const r = await p;
    assert.equal(r.code === 'failure' && r.error.message, 'export cancelled: batch export timeout');
  });

  test('aborting during a retry sleep ends the sleep and the export', { timeout: 10_000 }, async (t) => {
    const c = await collectorFor(t);
    c.respond = () => ({ code: status.UNAVAILABLE });
    const exporter = exporterFor(t, c.url, { timeoutMillis: 120_000, retry: { initialBackoffMillis: 60_000, jitter: 0 } });
    const ac = new AbortController();
    const p = exporter.export(spans(1), ac.signal);
    while (c.calls.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    const r = await p;
    assert.match(r.code === 'failure' ? r.error.message : '', /^export cancelled/);
    assert.equal(c.calls.length, 1);
  });
});
