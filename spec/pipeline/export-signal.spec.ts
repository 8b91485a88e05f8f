/**
 * The AbortSignal each batch export receives (contract 1) comes from one
 * controller reused while it is as good as new (lib/common/deadline.ts,
 * AbortSource): it never reaches an export already aborted, and never with a
 * listener an earlier export left on it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { BatchProcessorCore } from '../../lib/pipeline/batch-processor.js';
import type { BatchExporter, ResolvedBatchOptions } from '../../lib/pipeline/batch-processor.js';
import { AbortSource } from '../../lib/common/deadline.js';
import type { ExportResult } from '../../lib/common/export-result.js';
import { EXPORT_SUCCESS, exportFailure } from '../../lib/common/export-result.js';

const opts = (o: Partial<ResolvedBatchOptions>): ResolvedBatchOptions => ({
  maxQueueSize: 100,
  maxExportBatchSize: 1,
  scheduledDelayMillis: 1,
  exportTimeoutMillis: 30_000,
  ...o,
});

/** Records each export's signal as it arrives: whether it had aborted and how many listeners it held. */
class SignalProbe implements BatchExporter<number> {
  readonly seen: { signal: AbortSignal; aborted: boolean; listeners: number }[] = [];
  /** 'tidy' leaves nothing on the signal; 'leave-listener' adds one and never removes it; 'hang' settles only when aborted. */
  mode: 'tidy' | 'leave-listener' | 'hang' = 'tidy';
  export(_items: number[], signal?: AbortSignal): Promise<ExportResult> {
    assert.ok(signal instanceof AbortSignal);
    this.seen.push({ signal, aborted: signal.aborted, listeners: getEventListeners(signal, 'abort').length });
    if (this.mode === 'leave-listener') signal.addEventListener('abort', () => {});
    if (this.mode === 'hang') {
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve(exportFailure(new Error('cancelled'))), { once: true }));
    }
    return Promise.resolve(EXPORT_SUCCESS);
  }
  async shutdown(): Promise<void> {}
}

describe('the AbortSignal of each batch export', () => {
  test('a tidy exporter gets the same unaborted signal export after export', async () => {
    const exp = new SignalProbe();
    const core = new BatchProcessorCore(exp, opts({}), 'test.item');
    for (let i = 0; i < 3; i++) {
      core.add(i);
      await core.forceFlush();
    }
    assert.equal(exp.seen.length, 3);
    assert.ok(exp.seen.every((s) => !s.aborted && s.listeners === 0));
    assert.equal(exp.seen[1]!.signal, exp.seen[0]!.signal);
    assert.equal(exp.seen[2]!.signal, exp.seen[0]!.signal);
    await core.shutdown();
  });

  test('after an export timed out, the next one gets a fresh signal that has not aborted', async () => {
    const exp = new SignalProbe();
    exp.mode = 'hang';
    const core = new BatchProcessorCore(exp, opts({ exportTimeoutMillis: 20 }), 'test.item');
    core.add(1);
    await core.forceFlush();
    assert.equal(core.failed, 1);
    assert.equal(exp.seen[0]!.signal.aborted, true);
    exp.mode = 'tidy';
    core.add(2);
    await core.forceFlush();
    assert.equal(core.exported, 1);
    assert.equal(exp.seen[1]!.aborted, false);
    assert.notEqual(exp.seen[1]!.signal, exp.seen[0]!.signal);
    await core.shutdown();
  });

  test('a signal an exporter left a listener on is never handed out again, so listeners do not pile up', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      const exp = new SignalProbe();
      exp.mode = 'leave-listener';
      const core = new BatchProcessorCore(exp, opts({}), 'test.item');
      for (let i = 0; i < 15; i++) {
        core.add(i);
        await core.forceFlush();
      }
      assert.equal(exp.seen.length, 15);
      assert.ok(exp.seen.every((s) => s.listeners === 0 && !s.aborted));
      assert.equal(new Set(exp.seen.map((s) => s.signal)).size, 15);
      await core.shutdown();
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(warnings.filter((w) => w.name === 'MaxListenersExceededWarning'), []);
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('AbortSource renews its controller once the signal aborted or holds a listener', () => {
    const source = new AbortSource();
    const a = source.next();
    assert.equal(source.next(), a);
    const listener = (): void => {};
    a.signal.addEventListener('abort', listener);
    const b = source.next();
    assert.notEqual(b, a);
    a.signal.removeEventListener('abort', listener);
    b.abort(new Error('x'));
    const c = source.next();
    assert.notEqual(c, b);
    assert.equal(c.signal.aborted, false);
  });
});
