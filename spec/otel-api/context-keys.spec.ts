/**
 * The core speaks the OpenTelemetry API's context: the same keys, foreign
 * contexts and spans accepted as parents and link targets. These run without
 * the bridge installed: the API's helpers are applied to zerotel's contexts
 * directly, as an instrumentation holding a context would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '@opentelemetry/api';
import { isTracingSuppressed as coreIsSuppressed, suppressTracing as coreSuppress } from '@opentelemetry/core';
import { ROOT_CONTEXT, toContext } from '../../lib/context/context.js';
import { withContext, getCurrentSpan } from '../../lib/context/async-context.js';
import { isTracingSuppressed, suppressTracing } from '../../lib/context/suppress-tracing.js';
import { getBaggage, setBaggage, Baggage } from '../../lib/propagation/baggage.js';
import { W3CBaggagePropagator, W3CTraceContextPropagator } from '../../lib/propagation/propagation.js';
import { defaultGetter, defaultSetter } from '../../lib/propagation/carriers.js';
import { linkSpan } from '../../lib/trace/api.js';
import { testTracing, captureDiag } from '../helpers/tracing.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

test('a zerotel span set with api.trace.setSpan on a zerotel context is the parent of the next span', async () => {
  const t = testTracing();
  const tracer = t.provider.getTracer('t');
  const parent = tracer.startSpan('parent');
  const ctx = api.trace.setSpan(ROOT_CONTEXT as unknown as api.Context, parent as unknown as api.Span);
  assert.equal(api.trace.getSpan(ctx), parent, 'the API reads back the very span it stored');
  const child = tracer.startSpan('child', undefined, ctx as never);
  assert.equal(child.traceId, parent.traceId);
  assert.equal(child.parentSpanId, parent.spanId);
  withContext(ctx as never, () => assert.equal(getCurrentSpan(), parent));
});

test('a span wrapped by the API in its own ROOT_CONTEXT parents a zerotel span with the same trace id', () => {
  const t = testTracing();
  const tracer = t.provider.getTracer('t');
  const remote = api.trace.wrapSpanContext({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1, isRemote: true });
  const foreignCtx = api.trace.setSpan(api.ROOT_CONTEXT, remote);
  const child = tracer.startSpan('child', undefined, foreignCtx as never);
  assert.equal(child.traceId, TRACE_ID);
  assert.equal(child.parentSpanId, SPAN_ID);
  assert.equal(child.parentIsRemote, true);
  // As a whole context adopted by zerotel: the API still reads its own object back.
  const adopted = toContext(foreignCtx)!;
  assert.equal(api.trace.getSpan(adopted as never), remote);
  assert.equal(adopted.span?.traceId, TRACE_ID);
});

test('the API NonRecordingSpan and a bare span-context shape are accepted as parents', () => {
  const t = testTracing();
  const tracer = t.provider.getTracer('t');
  const a = tracer.startSpan('a', undefined, api.trace.wrapSpanContext({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }) as never);
  assert.equal(a.traceId, TRACE_ID);
  const b = tracer.startSpan('b', undefined, { traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID, traceFlags: 1 } as never);
  assert.equal(b.traceId, TRACE_ID, 'upper-case hex (valid for the API) converted once');
  assert.equal(b.parentSpanId, SPAN_ID);
  const c = tracer.startSpan('c', undefined, { traceId: '0'.repeat(32), spanId: SPAN_ID, traceFlags: 1 } as never);
  assert.notEqual(c.traceId, '0'.repeat(32), 'an invalid shape starts a new trace');
  assert.equal(c.parentSpanId, undefined);
});

test('an api.trace.setSpan value written on a zerotel context is replaced and deleted like any other', () => {
  const t = testTracing();
  const s = t.provider.getTracer('t').startSpan('s');
  const ctx = ROOT_CONTEXT.withSpan(s);
  assert.equal(api.trace.getSpan(ctx as never), s);
  const cleared = api.trace.deleteSpan(ctx as never) as unknown as typeof ctx;
  assert.equal(cleared.span, undefined);
  assert.equal(api.trace.getSpan(cleared as never), undefined);
});

test('tracing suppressed by @opentelemetry/core is seen by zerotel, and zerotel suppression by core', async () => {
  const t = testTracing();
  const byCore = coreSuppress(ROOT_CONTEXT as never) as never;
  assert.equal(isTracingSuppressed(byCore), true);
  const s = t.provider.getTracer('t').startSpan('x', undefined, byCore);
  assert.equal(s.isRecording(), false);
  assert.equal(coreIsSuppressed(suppressTracing(ROOT_CONTEXT) as never), true);
  // Through a foreign base context too.
  assert.equal(isTracingSuppressed(toContext(coreSuppress(api.ROOT_CONTEXT))!), true);
});

test('baggage set through the API is read and propagated by zerotel, and zerotel baggage read by the API', () => {
  const apiBaggage = api.propagation.createBaggage({ user: { value: 'alice' }, tier: { value: 'gold', metadata: api.baggageEntryMetadataFromString('p=1') } });
  const ctx = api.propagation.setBaggage(ROOT_CONTEXT as never, apiBaggage) as never;
  assert.equal(getBaggage(ctx).get('user'), 'alice');
  const headers: Record<string, string> = {};
  new W3CBaggagePropagator().inject(ctx, headers, defaultSetter);
  assert.equal(headers.baggage, 'user=alice,tier=gold;p=1');

  const ours = setBaggage(ROOT_CONTEXT, Baggage.from({ k: 'v' }));
  const seen = api.propagation.getBaggage(ours as never);
  assert.deepEqual(
    seen?.getAllEntries().map(([k, e]) => [k, e.value]),
    [['k', 'v']],
  );
  assert.equal(seen?.setEntry('m', { value: 'n' }).getEntry('m')?.value, 'n');
});

test('a context extracted by zerotel on top of the API ROOT_CONTEXT keeps its values and gains the remote span', () => {
  const key = api.createContextKey('app key');
  const base = api.ROOT_CONTEXT.setValue(key, 42);
  const ctx = new W3CTraceContextPropagator().extract(toContext(base)!, { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` }, defaultGetter);
  assert.equal(ctx.getValue(key), 42);
  assert.equal(api.trace.getSpanContext(ctx as never)?.traceId, TRACE_ID);
  assert.equal(ctx.deleteValue(key).getValue(key), undefined, 'a deleted key no longer shows through from the base');
});

test('addLink and linkSpan take the API Link object, its span contexts and span-context shapes', async () => {
  const t = testTracing();
  const diag = captureDiag();
  try {
    const s = t.provider.getTracer('t').startSpan('s');
    const remote = api.trace.wrapSpanContext({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 });
    s.addLink({ context: remote.spanContext(), attributes: { via: 'link object' } });
    s.addLink(remote as never, { via: 'span' });
    linkSpan(s, { traceId: TRACE_ID, spanId: 'aaaaaaaaaaaaaaaa', traceFlags: 0 });
    s.addLinks([{ context: { traceId: TRACE_ID, spanId: 'bbbbbbbbbbbbbbbb', traceFlags: 1 } }]);
    s.end();
    const [out] = await t.spans();
    assert.deepEqual(
      out!.links!.map((l) => [l.context.traceId, l.context.spanId, l.attributes?.via]),
      [
        [TRACE_ID, SPAN_ID, 'link object'],
        [TRACE_ID, SPAN_ID, 'span'],
        [TRACE_ID, 'aaaaaaaaaaaaaaaa', undefined],
        [TRACE_ID, 'bbbbbbbbbbbbbbbb', undefined],
      ],
    );
    assert.equal(diag.messages.length, 0);
  } finally {
    diag.restore();
  }
});
