/** The ring buffer and the batching core: queueing, early export, one export in flight, drops, flush, shutdown. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { RingBuffer } from '../../lib/pipeline/ring-buffer.js';
import { BatchProcessorCore, withTimeout } from '../../lib/pipeline/batch-processor.js';
import { codeBatchOptions, resolveBatchOptions } from '../../lib/common/batch-options.js';
import type { BatchExporter, ResolvedBatchOptions } from '../../lib/pipeline/batch-processor.js';
import { BatchSpanProcessor, BSP_DEFAULTS } from '../../lib/pipeline/batch-span-processor.js';
import type { ExportResult } from '../../lib/trace/span-exporter.js';
import { EXPORT_SUCCESS, exportFailure } from '../../lib/trace/span-exporter.js';
import type { Span } from '../../lib/trace/span.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { AlwaysOffSampler, ParentBasedSampler } from '../../lib/trace/sampler.js';
import { captureDiag } from '../helpers/diag.js';

/** An exporter that records batches; `gate` (when set) holds each export until released or cancelled (contract 1). */
class RecordingExporter<T> implements BatchExporter<T> {
  batches: T[][] = [];
  inFlight = 0;
  maxInFlight = 0;
  result: ExportResult = EXPORT_SUCCESS;
  gate: Promise<void> | undefined;
  shutdowns = 0;
  async export(items: T[], signal?: AbortSignal): Promise<ExportResult> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (this.gate) {
      const cancelled = new Promise<'cancelled'>((r) => signal?.addEventListener('abort', () => r('cancelled'), { once: true }));
      if ((await Promise.race([this.gate, cancelled])) === 'cancelled') {
        this.inFlight--;
        return exportFailure(new Error('cancelled'));
      }
    }
    this.batches.push(items);
    this.inFlight--;
    return this.result;
  }
  async shutdown(): Promise<void> {
    this.shutdowns++;
  }
}

// The processor's timers are unref'd by design; while a test awaits an exporter that never
// answers, this ref'd handle stands in for the application that would keep the loop alive.
const keepAlive = setInterval(() => {}, 1000);
after(() => clearInterval(keepAlive));

const opts = (o: Partial<ResolvedBatchOptions>): ResolvedBatchOptions => ({ ...BSP_DEFAULTS, ...o });

describe('RingBuffer', () => {
  test('keeps FIFO order across wrap-around and refuses items past its limit', () => {
    // limit 5 → 8 slots. Three rounds of push 5 / drain 5 move the head 0 → 5 → 2 → 7, so rounds
    // two and three write and read across slot 7 → slot 0: without the mask on the write (push)
    // or on the read (drain), an item lands where the other side does not look and the order breaks.
    const r = new RingBuffer<number>(5);
    assert.equal(r.limit, 5);
    let next = 0;
    for (let round = 0; round < 3; round++) {
      const pushed: number[] = [];
      for (let i = 0; i < 5; i++) {
        assert.equal(r.push(next), true);
        pushed.push(next++);
      }
      assert.equal(r.push(99), false);
      assert.deepEqual(r.drain(5), pushed, `round ${round}`);
    }
    for (let i = 0; i < 5; i++) assert.equal(r.push(i), true);
    assert.equal(r.push(99), false);
    assert.deepEqual(r.drain(3), [0, 1, 2]);
    for (let i = 5; i < 8; i++) assert.equal(r.push(i), true);
    assert.equal(r.size, 5);
    assert.deepEqual(r.drain(100), [3, 4, 5, 6, 7]);
    assert.equal(r.size, 0);
    assert.deepEqual(r.drain(10), []);
    r.push(1);
    r.clear();
    assert.equal(r.size, 0);
  });

  test('a limit below one still holds one item', () => {
    const r = new RingBuffer<string>(0);
    assert.equal(r.push('a'), true);
    assert.equal(r.push('b'), false);
  });
});

describe('BatchProcessorCore', () => {
  test('exports at once when a full batch is waiting, without waiting for the delay', async () => {
    const exp = new RecordingExporter<number>();
    const core = new BatchProcessorCore(exp, opts({ maxQueueSize: 100, maxExportBatchSize: 10, scheduledDelayMillis: 60_000 }), 'test.item');
    for (let i = 0; i < 25; i++) core.add(i);
    await sleep(20);
    assert.deepEqual(exp.batches.map((b) => b.length), [10, 10]);
    assert.equal(core.queued, 5);
    await core.forceFlush();
    assert.deepEqual(exp.batches.flat(), Array.from({ length: 25 }, (_, i) => i));
    await core.shutdown();
  });

  test('a synchronous burst past a full batch arms the export timer once, not once per item', async () => {
    const exp = new RecordingExporter<number>();
    const core = new BatchProcessorCore(exp, opts({ maxQueueSize: 1000, maxExportBatchSize: 10, scheduledDelayMillis: 60_000 }), 'test.item');
    const real = globalThis.setTimeout;
    let armed = 0;
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      armed++;
      return real(...args);
    }) as typeof setTimeout;
    try {
      for (let i = 0; i < 500; i++) core.add(i);
    } finally {
      globalThis.setTimeout = real;
    }
    // The first item arms the delayed timer, the tenth brings it forward; the other 490 leave it be.
    assert.equal(armed, 2);
    await core.forceFlush();
    assert.equal(exp.batches.flat().length, 500);
    await core.shutdown();
  });

  test('exports a partial batch after the scheduled delay', async () => {
    const exp = new RecordingExporter<number>();
    const core = new BatchProcessorCore(exp, opts({ maxExportBatchSize: 10, scheduledDelayMillis: 10 }), 'test.item');
    core.add(1);
    core.add(2);
    assert.equal(exp.batches.length, 0);
    await sleep(60);
    assert.deepEqual(exp.batches, [[1, 2]]);
    assert.equal(core.exported, 2);
  });

  test('keeps one export in flight at a time, and exports what arrived meanwhile afterwards', async () => {
    const exp = new RecordingExporter<number>();
    let release!: () => void;
    exp.gate = new Promise((r) => (release = r));
    const core = new BatchProcessorCore(exp, opts({ maxQueueSize: 100, maxExportBatchSize: 5, scheduledDelayMillis: 5 }), 'test.item');
    for (let i = 0; i < 30; i++) core.add(i);
    await sleep(20);
    assert.equal(exp.inFlight, 1);
    release();
    await core.forceFlush();
    assert.equal(exp.maxInFlight, 1);
    assert.deepEqual(exp.batches.flat(), Array.from({ length: 30 }, (_, i) => i));
  });

  test('drops and counts items past the queue size, reporting once', async () => {
    const diag = captureDiag();
    try {
      const exp = new RecordingExporter<number>();
      exp.gate = new Promise(() => {});
      const core = new BatchProcessorCore(exp, opts({ maxQueueSize: 8, maxExportBatchSize: 4, exportTimeoutMillis: 50 }), 'test.item');
      for (let i = 0; i < 1000; i++) core.add(i);
      assert.equal(core.dropped, 992);
      assert.equal(diag.messages.filter((m) => m.message.includes('dropped test.item')).length, 1);
    } finally {
      diag.restore();
    }
  });

  test('counts failed and timed-out exports and carries on', async () => {
    const diag = captureDiag();
    try {
      const exp = new RecordingExporter<number>();
      exp.result = exportFailure(new Error('collector said no'));
      const core = new BatchProcessorCore(exp, opts({ maxExportBatchSize: 2, exportTimeoutMillis: 30 }), 'test.item');
      core.add(1);
      core.add(2);
      await core.forceFlush();
      assert.equal(core.failed, 2);
      exp.result = EXPORT_SUCCESS;
      exp.gate = new Promise(() => {});
      core.add(3);
      await core.forceFlush();
      assert.equal(core.failed, 3);
      assert.ok(diag.messages.some((m) => m.message.includes('collector said no')));
    } finally {
      diag.restore();
    }
  });

  test('an exporter that throws or rejects is contained', async () => {
    const diag = captureDiag();
    try {
      const throwing: BatchExporter<number> = {
        export: () => {
          throw new Error('sync throw');
        },
        shutdown: () => Promise.reject(new Error('shutdown broke')),
        forceFlush: () => Promise.reject(new Error('flush broke')),
      };
      const core = new BatchProcessorCore(throwing, opts({ maxExportBatchSize: 1 }), 'test.item');
      core.add(1);
      await core.forceFlush();
      await core.shutdown();
      assert.equal(core.failed, 1);
      const rejecting: BatchExporter<number> = { export: () => Promise.reject(new Error('async')), shutdown: () => Promise.resolve() };
      const core2 = new BatchProcessorCore(rejecting, opts({ maxExportBatchSize: 1 }), 'test.item');
      core2.add(1);
      await core2.shutdown();
      assert.equal(core2.failed, 1);
    } finally {
      diag.restore();
    }
  });

  test('forceFlush and shutdown resolve within the timeout even when the exporter never answers', async () => {
    const exp = new RecordingExporter<number>();
    exp.gate = new Promise(() => {});
    const core = new BatchProcessorCore(exp, opts({ exportTimeoutMillis: 40 }), 'test.item');
    core.add(1);
    await core.forceFlush();
    await core.shutdown();
    assert.equal(exp.shutdowns, 1);
  });

  test('shutdown flushes everything, is idempotent, and later items are dropped', async () => {
    const exp = new RecordingExporter<number>();
    const core = new BatchProcessorCore(exp, opts({ maxExportBatchSize: 3 }), 'test.item');
    for (let i = 0; i < 7; i++) core.add(i);
    const a = core.shutdown();
    assert.equal(core.shutdown(), a);
    await a;
    assert.deepEqual(exp.batches.flat(), [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(exp.shutdowns, 1);
    core.add(8);
    assert.equal(core.dropped, 1);
  });

  test('invalid options fall back to the defaults with a diagnostic, and the batch never exceeds the queue', () => {
    const diag = captureDiag();
    try {
      const r = resolveBatchOptions(codeBatchOptions('BSP', { maxQueueSize: -1, maxExportBatchSize: 4096, scheduledDelayMillis: NaN, exportTimeoutMillis: 5 }), BSP_DEFAULTS);
      assert.deepEqual(r, { maxQueueSize: 2048, maxExportBatchSize: 2048, scheduledDelayMillis: 5000, exportTimeoutMillis: 5 });
      assert.equal(diag.messages.length, 3);
    } finally {
      diag.restore();
    }
  });

  test('withTimeout falls back on rejection and on timeout', async () => {
    assert.equal(await withTimeout(Promise.reject(new Error('x')), 1000, 'fallback'), 'fallback');
    assert.equal(await withTimeout(new Promise(() => {}), 5, 'late'), 'late');
    assert.equal(await withTimeout(Promise.resolve('ok'), 1000, 'no'), 'ok');
  });
});

describe('BatchSpanProcessor', () => {
  test('uses the OpenTelemetry defaults', () => {
    const bsp = new BatchSpanProcessor({ export: async () => EXPORT_SUCCESS, shutdown: async () => {} });
    assert.deepEqual(bsp.options, { maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 5000, exportTimeoutMillis: 30000 });
  });

  test('exports only sampled spans, and exposes its counters', async () => {
    const exported: Span[] = [];
    const exporter = {
      export: async (spans: readonly Span[]) => {
        exported.push(...spans);
        return EXPORT_SUCCESS;
      },
      shutdown: async () => {},
    };
    const bsp = new BatchSpanProcessor(exporter, { maxQueueSize: 4, maxExportBatchSize: 4 });
    const sampled = new TracerProvider({ spanProcessors: [bsp] }).getTracer('t');
    const unsampled = new TracerProvider({ spanProcessors: [bsp], sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }) }).getTracer('u');
    sampled.startSpan('a').end();
    unsampled.startSpan('b').end();
    assert.equal(bsp.queued, 1);
    await bsp.forceFlush();
    assert.deepEqual(exported.map((s) => s.name), ['a']);
    assert.equal(bsp.exported, 1);
    assert.equal(bsp.failed, 0);
    assert.equal(bsp.dropped, 0);
    bsp.onStart();
    await bsp.shutdown();
  });

  test('a record-only span reaches the processor but is not exported', async () => {
    const exported: Span[] = [];
    const bsp = new BatchSpanProcessor({ export: async (s) => (exported.push(...s), EXPORT_SUCCESS), shutdown: async () => {} });
    const provider = new TracerProvider({
      spanProcessors: [bsp],
      sampler: { shouldSample: () => 1, toString: () => 'RecordOnly' },
    });
    const span = provider.getTracer('t').startSpan('record-only');
    assert.equal(span.isRecording(), true);
    span.end();
    await bsp.shutdown();
    assert.equal(exported.length, 0);
  });
});
