import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROOT_CONTEXT as OTEL_ROOT, defaultTextMapGetter, defaultTextMapSetter, propagation, trace } from '@opentelemetry/api';
import { W3CBaggagePropagator as OtelBaggage, W3CTraceContextPropagator as OtelTraceContext } from '@opentelemetry/core';
import { Baggage, getBaggage, setBaggage } from '../../lib/propagation/baggage.js';
import { ROOT_CONTEXT } from '../../lib/context/context.js';
import { extract, inject } from '../../lib/propagation/propagation.js';
import { TraceState } from '../../lib/propagation/trace-state.js';
import { SpanContext } from '../../lib/trace/span-context.js';
import { Span } from '../../lib/trace/span.js';

const otelTc = new OtelTraceContext();
const otelBg = new OtelBaggage();
const headers = [
  { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00', tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' },
  { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'a@b=x y,c=1', baggage: 'k=v,u=M%C3%BCnchen;p=1' },
];

describe('interop with the official W3C propagators (in process)', () => {
  for (const h of headers) {
    test(`official extract of what zerotel injects matches: ${h.traceparent.slice(-2)} ${h.tracestate ?? ''}`, () => {
      const ours = inject({}, extract(h));
      const otelCtx = otelBg.extract(otelTc.extract(OTEL_ROOT, ours, defaultTextMapGetter), ours, defaultTextMapGetter);
      const sc = trace.getSpanContext(otelCtx)!;
      assert.equal(`00-${sc.traceId}-${sc.spanId}-0${sc.traceFlags}`, h.traceparent);
      assert.equal(sc.traceState?.serialize(), h.tracestate);
      const back: Record<string, string> = {};
      otelTc.inject(otelCtx, back, defaultTextMapSetter);
      otelBg.inject(otelCtx, back, defaultTextMapSetter);
      assert.deepEqual(back, ours);
    });
  }

  test('zerotel extracts what the official propagators inject, baggage included', () => {
    const sc = { traceId: '5bf92f3577b34da6a3ce929d0e0e4736', spanId: '10f067aa0ba902b7', traceFlags: 1, isRemote: false };
    let ctx = trace.setSpanContext(OTEL_ROOT, sc);
    ctx = propagation.setBaggage(ctx, propagation.createBaggage({ user: { value: 'böb x' } }));
    const carrier: Record<string, string> = {};
    otelTc.inject(ctx, carrier, defaultTextMapSetter);
    otelBg.inject(ctx, carrier, defaultTextMapSetter);
    const ours = extract(carrier);
    assert.equal(ours.span?.spanContext().traceId, sc.traceId);
    assert.equal(ours.span?.spanContext().spanId, sc.spanId);
    assert.equal(getBaggage(ours).get('user'), 'böb x');
  });

  test('baggage zerotel encodes is decoded identically by the official propagator', () => {
    const values = { a: 'x y', b: 'München', c: 'comma,semi;eq=', d: '100%' };
    const ctx = setBaggage(ROOT_CONTEXT.withSpan(Span.wrap(SpanContext.fromHex('5bf92f3577b34da6a3ce929d0e0e4736', '10f067aa0ba902b7', 1, TraceState.parse('z=1'))!)), Baggage.from(values));
    const carrier = inject({}, ctx);
    const otelCtx = otelBg.extract(OTEL_ROOT, carrier, defaultTextMapGetter);
    const got = Object.fromEntries(propagation.getBaggage(otelCtx)!.getAllEntries().map(([k, e]) => [k, e.value]));
    assert.deepEqual(got, values);
  });
});
