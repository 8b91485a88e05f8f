import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { activeContext, withContext, withSpan } from '../../lib/context/async-context.js';
import { ROOT_CONTEXT } from '../../lib/context/context.js';
import { AlwaysOffSampler } from '../../lib/trace/sampler.js';
import { SpanContext } from '../../lib/trace/span-context.js';
import { Span } from '../../lib/trace/span.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { testLogs } from '../helpers/logs.js';

describe('log records are correlated with the current span', () => {
  const tracer = new TracerProvider().getTracer('t');

  test('a record emitted inside a span carries that span’s trace id, span id and flags', () => {
    const { provider, records } = testLogs();
    const logger = provider.getLogger('app');
    const span = tracer.startSpan('work');
    withSpan(span, () => logger.info('inside'));
    span.end();
    const r = records[0]!;
    assert.equal(r.hasTrace, true);
    assert.equal(r.traceId, span.traceId);
    assert.equal(r.spanId, span.spanId);
    assert.equal(r.traceFlags, span.traceFlags);
    assert.deepEqual([r.t0, r.t1, r.t2, r.t3, r.s0, r.s1], [span.t0, span.t1, span.t2, span.t3, span.s0, span.s1]);
  });

  test('a record emitted outside any span carries no ids', () => {
    const { provider, records } = testLogs();
    const logger = provider.getLogger('app');
    logger.info('outside');
    withContext(ROOT_CONTEXT, () => logger.emit({ body: 'root' }));
    for (const r of records) {
      assert.equal(r.hasTrace, false);
      assert.equal(r.traceId, undefined);
      assert.equal(r.spanId, undefined);
      assert.equal(r.traceFlags, 0);
      assert.deepEqual([r.t0, r.t1, r.t2, r.t3, r.s0, r.s1], [0, 0, 0, 0, 0, 0]);
    }
    assert.equal(records.length, 2);
  });

  test('the innermost span wins, and the ids follow the context across await', async () => {
    const { provider, records } = testLogs();
    const logger = provider.getLogger('app');
    const parent = tracer.startSpan('parent');
    const child = tracer.startSpan('child', undefined, parent);
    await withSpan(parent, async () => {
      await withSpan(child, async () => {
        await sleep(1);
        logger.warn('in child');
      });
      await sleep(1);
      logger.warn('in parent');
      child.end();
    });
    parent.end();
    assert.equal(records[0]!.spanId, child.spanId);
    assert.equal(records[0]!.traceId, parent.traceId);
    assert.equal(records[1]!.spanId, parent.spanId);
  });

  test('an explicit context given to emit() is used instead of the current one', () => {
    const { provider, records } = testLogs();
    const logger = provider.getLogger('app');
    const a = tracer.startSpan('a');
    const b = tracer.startSpan('b');
    withSpan(a, () => logger.emit({ body: 'x', context: activeContext().withSpan(b) }));
    withSpan(a, () => logger.emit({ body: 'y', context: ROOT_CONTEXT }));
    assert.equal(records[0]!.spanId, b.spanId);
    assert.equal(records[1]!.hasTrace, false);
  });

  test('a remote or sampled-out span context still correlates (flags tell it is not sampled)', () => {
    const { provider, records } = testLogs();
    const logger = provider.getLogger('app');
    const remote = SpanContext.fromHex('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 0)!;
    withSpan(Span.wrap(remote), () => logger.info('remote parent'));
    const off = new TracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('off').startSpan('dropped');
    withSpan(off, () => logger.info('sampled out'));
    assert.equal(records[0]!.traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(records[0]!.spanId, 'b7ad6b7169203331');
    assert.equal(records[0]!.traceFlags, 0);
    assert.equal(records[1]!.traceId, off.traceId);
    assert.equal(records[1]!.traceFlags & 1, 0);
  });
});
