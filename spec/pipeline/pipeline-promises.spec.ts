/**
 * The export pipeline's promises, in process: a queue bound never allocated
 * up front (defect 4), one export at a time cancelled at its timeout through
 * the exporter's AbortSignal and counted by what really happened (defect 5),
 * drop counts exact at once with rate-limited lines and new causes said
 * (defect 8), bursts held as encoded bytes (all of a 10,000-span burst
 * delivered), and the counters `pipelineStats()` reads.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { setTimeout as sleep } from 'node:timers/promises';
import { DiagLevel, diag, droppedCounts, setDiagReportInterval } from '../../lib/common/diag.js';
import { ABANDON_GRACE_MS } from '../../lib/common/deadline.js';
import { pipelineStats, resetPipelineStats } from '../../lib/common/pipeline-stats.js';
import { RingBuffer } from '../../lib/pipeline/ring-buffer.js';
import { BatchProcessorCore } from '../../lib/pipeline/batch-processor.js';
import { MAX_QUEUE_SIZE_LIMIT } from '../../lib/common/batch-options.js';
import type { BatchExporter, ResolvedBatchOptions } from '../../lib/pipeline/batch-processor.js';
import { BatchSpanProcessor, BSP_DEFAULTS } from '../../lib/pipeline/batch-span-processor.js';
import { OtlpHttpTraceExporter } from '../../lib/exporters/otlp-trace-exporter.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import type { MetricExporter } from '../../lib/metrics/metric-reader.js';
import { PeriodicExportingMetricReader } from '../../lib/metrics/periodic-reader.js';
import type { ExportResult } from '../../lib/trace/span-exporter.js';
import { EXPORT_SUCCESS, exportFailure } from '../../lib/trace/span-exporter.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { decodeTracesRequest } from '../../lib/otlp/trace-reader.js';
import { captureDiag } from '../helpers/diag.js';
import { startCollector } from '../helpers/collector.js';

// Timers in the pipeline are unref'd by design; this stands in for the application keeping the loop alive.
const keepAlive = setInterval(() => {}, 1000);
after(() => clearInterval(keepAlive));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Waits until `check()` holds (polling), failing after 10 s: no fixed sleeps that a loaded machine could outrun. */
async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) assert.fail(`not reached: ${what}`);
    await sleep(10);
  }
}

const opts = (o: Partial<ResolvedBatchOptions>): ResolvedBatchOptions => ({ ...BSP_DEFAULTS, ...o });

/** Records every export: how many ran at once, the signals it was given. */
class ProbeExporter implements BatchExporter<number> {
  batches: number[][] = [];
  inFlight = 0;
  maxInFlight = 0;
  signals: AbortSignal[] = [];
  /** How each export behaves: answer now, hang (honouring the signal or not), or answer late. */
  mode: 'ok' | 'hang-honour' | 'hang-ignore' | 'late-success' = 'ok';
  async export(items: number[], signal?: AbortSignal): Promise<ExportResult> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (signal) this.signals.push(signal);
    try {
      if (this.mode === 'hang-honour') {
        await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
        return exportFailure(new Error('cancelled'));
      }
      if (this.mode === 'hang-ignore') await new Promise(() => {});
      if (this.mode === 'late-success') await sleep(80);
      this.batches.push(items);
      return EXPORT_SUCCESS;
    } finally {
      this.inFlight--;
    }
  }
  async shutdown(): Promise<void> {}
}

describe('the queue bound is never allocated up front (defect 4)', () => {
  test('a ring buffer bounded at ten million holds 16 slots until used, and grows by powers of two up to its bound', () => {
    const r = new RingBuffer<number>(1e7);
    assert.equal(r.capacity, 16);
    for (let i = 0; i < 17; i++) r.push(i);
    assert.equal(r.capacity, 32);
    const small = new RingBuffer<number>(5);
    for (let i = 0; i < 10; i++) small.push(i);
    assert.equal(small.capacity, 8);
    assert.equal(small.size, 5);
  });

  test('keeps FIFO order across wrap-around and growth, and never holds more than its limit (model-checked)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.array(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: -40, max: -1 })), { maxLength: 60 }), (limit, ops) => {
        const r = new RingBuffer<number>(limit);
        const model: number[] = [];
        let next = 0;
        for (const op of ops) {
          if (op > 0) {
            for (let i = 0; i < op; i++) {
              const accepted = r.push(next);
              assert.equal(accepted, model.length < limit);
              if (accepted) model.push(next);
              next++;
            }
          } else {
            assert.deepEqual(r.drain(-op), model.splice(0, -op));
          }
          assert.equal(r.size, model.length);
          assert.ok(r.capacity < 2 * Math.max(limit, 16));
        }
        assert.deepEqual(r.drain(Infinity), model);
      }),
      { seed: 9, numRuns: 300 },
    );
  });

  test('maxQueueSize 1e9 in code is clamped with a diagnostic naming it, and costs no memory until used', () => {
    const d = captureDiag(DiagLevel.WARN);
    try {
      gc();
      const before = process.memoryUsage().heapUsed;
      const bsp = new BatchSpanProcessor({ export: async () => EXPORT_SUCCESS, shutdown: async () => {} }, { maxQueueSize: 1e9, maxExportBatchSize: 1e9 });
      const big = new BatchSpanProcessor({ export: async () => EXPORT_SUCCESS, shutdown: async () => {} }, { maxQueueSize: 1e7 });
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      assert.equal(bsp.options.maxQueueSize, MAX_QUEUE_SIZE_LIMIT);
      assert.equal(big.options.maxQueueSize, 1e7);
      assert.ok(grown < 1024 * 1024, `heap grew by ${grown} bytes`);
      assert.ok(d.messages.some((m) => /maxQueueSize 1000000000 exceeds the largest supported 16777216/.test(m.message)));
    } finally {
      d.restore();
    }
  });
});

describe('one export at a time, cancelled at its timeout (defect 5)', () => {
  test('an export that outlives its timeout is aborted through its signal, and the next starts only after it settled', async () => {
    const exp = new ProbeExporter();
    exp.mode = 'hang-honour';
    const core = new BatchProcessorCore(exp, opts({ maxQueueSize: 100, maxExportBatchSize: 2, exportTimeoutMillis: 30, scheduledDelayMillis: 1 }), 'test.item');
    for (let i = 0; i < 6; i++) core.add(i);
    await core.forceFlush();
    await until(() => core.failed === 6, 'three exports failed');
    assert.equal(exp.maxInFlight, 1);
    assert.equal(exp.signals.length, 3);
    assert.ok(exp.signals.every((s) => s.aborted && /timed out after 30 ms/.test(String((s.reason as Error).message))));
    assert.equal(core.failed, 6);
    await core.shutdown();
  });

  test('an exporter that ignores the signal is given up on after the grace, never overlapped', async () => {
    const exp = new ProbeExporter();
    exp.mode = 'hang-ignore';
    const core = new BatchProcessorCore(exp, opts({ maxQueueSize: 100, maxExportBatchSize: 1, exportTimeoutMillis: 20, scheduledDelayMillis: 1 }), 'test.item');
    core.add(1);
    core.add(2);
    await sleep(ABANDON_GRACE_MS / 2);
    assert.equal(exp.signals.length, 1, 'the second export waits while the first may still settle');
    await until(() => exp.signals.length === 2, 'the second export started');
    assert.equal(core.failed, 1);
    assert.equal(exp.maxInFlight, 2, 'the abandoned export is still pending in the exporter; the processor moved on');
  });

  test('an export that succeeds after its timeout (within the grace) is counted exported, not failed', async () => {
    const exp = new ProbeExporter();
    exp.mode = 'late-success';
    const core = new BatchProcessorCore(exp, opts({ maxExportBatchSize: 40, exportTimeoutMillis: 20 }), 'test.item');
    for (let i = 0; i < 40; i++) core.add(i);
    await until(() => core.exported + core.failed === 40, 'the export settled');
    assert.equal(core.exported, 40);
    assert.equal(core.failed, 0);
  });

  test('the periodic metric reader never overlaps exports, cancels each at its timeout, and reports at a bounded rate', async () => {
    const d = captureDiag(DiagLevel.WARN);
    try {
      let inFlight = 0;
      let maxInFlight = 0;
      const signals: AbortSignal[] = [];
      const exporter: MetricExporter = {
        export: (_m, signal) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          if (signal) signals.push(signal);
          return new Promise((resolve) =>
            signal?.addEventListener('abort', () => {
              inFlight--;
              resolve(exportFailure(new Error('no answer')));
            }),
          );
        },
        shutdown: async () => {},
      };
      const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 10, exportTimeoutMillis: 10 });
      const provider = new MeterProvider({ readers: [reader] });
      provider.getMeter('m').createCounter('c').add(1);
      await until(() => signals.length >= 3, 'three intervals exported');
      await provider.shutdown();
      assert.equal(maxInFlight, 1);
      assert.ok(signals.length >= 3, `${signals.length} exports`);
      assert.ok(signals.every((s) => s.aborted));
      assert.equal(droppedCounts()['metric.export-failed'], signals.length);
      // Dozens of failed intervals: one line at first, then rate-limited (10 s interval).
      assert.equal(d.messages.filter((m) => m.message.includes('metric.export-failed')).length, 1);
    } finally {
      d.restore();
    }
  });
});

describe('drop counts are exact at once; lines are rate-limited; a new cause is said (defect 8)', () => {
  test('ninety drops show as ninety at once, and keep counting after shutdown', async () => {
    const d = captureDiag(DiagLevel.WARN);
    try {
      const exp = new ProbeExporter();
      exp.mode = 'hang-honour';
      const core = new BatchProcessorCore(exp, opts({ maxQueueSize: 10, maxExportBatchSize: 10, exportTimeoutMillis: 20 }), 'test.item');
      for (let i = 0; i < 100; i++) core.add(i);
      assert.equal(droppedCounts()['test.item'], 90);
      await core.shutdown();
      core.add(1);
      core.add(2);
      assert.equal(droppedCounts()['test.item'], 92);
      const lines = d.messages.map((m) => m.message).filter((m) => m.startsWith('dropped test.item:'));
      assert.equal(lines.length, 2, lines.join('\n'));
      assert.match(lines[0]!, /queue full/);
      assert.match(lines[1]!, /added after shutdown/);
    } finally {
      d.restore();
    }
  });

  test('drops of one cause within an interval become one "(N more since …)" line', async () => {
    const d = captureDiag(DiagLevel.WARN);
    setDiagReportInterval(40);
    try {
      for (let i = 0; i < 100; i++) diag.dropped('thing', 1, () => `reason ${i}`, 'cause-a');
      diag.dropped('thing', 1, 'another cause', 'cause-b');
      assert.equal(droppedCounts()['thing'], 101);
      assert.deepEqual(
        d.messages.map((m) => m.message),
        ['dropped thing: reason 0', 'dropped thing: another cause'],
      );
      await sleep(120);
      const later = d.messages.slice(2).map((m) => m.message);
      assert.equal(later.length, 1, later.join('\n'));
      assert.match(later[0]!, /^dropped thing: reason 99 \(99 more since \d\d:\d\d:\d\d\.\d{3}\)$/);
    } finally {
      setDiagReportInterval(0);
      d.restore();
    }
  });
});

