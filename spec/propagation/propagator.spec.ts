import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { withContext } from '../../lib/context/async-context.js';
import { Baggage, getBaggage, setBaggage } from '../../lib/propagation/baggage.js';
import { defaultGetter, defaultSetter, headersGetter, headersSetter, objectGetter, objectSetter, outgoingMessageSetter } from '../../lib/propagation/carriers.js';
import { ROOT_CONTEXT } from '../../lib/context/context.js';
import type { Context } from '../../lib/context/context.js';
import {
  CompositePropagator,
  NoopPropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
  carrierFromContext,
  contextFromCarrier,
  extract,
  getPropagator,
  inject,
  propagatorFromNames,
  setPropagator,
} from '../../lib/propagation/propagation.js';
import type { TextMapPropagator } from '../../lib/propagation/propagation.js';
import { isTracingSuppressed, suppressTracing, unsuppressTracing, withTracingSuppressed } from '../../lib/context/suppress-tracing.js';
import { TraceState } from '../../lib/propagation/trace-state.js';
import { SpanContext } from '../../lib/trace/span-context.js';
import { Span } from '../../lib/trace/span.js';
import { captureDiag } from '../helpers/diag.js';
import { testTracing } from '../helpers/tracing.js';

const TID = '0af7651916cd43dd8448eb211c80319c';
const SID = 'b7ad6b7169203331';
const TP = `00-${TID}-${SID}-01`;

function remote(traceState?: string): Context {
  const sc = SpanContext.fromHex(TID, SID, 1, traceState ? TraceState.parse(traceState) : undefined)!;
  return ROOT_CONTEXT.withSpan(Span.wrap(sc));
}

describe('propagation: extract and inject', () => {
  test('extract gives a remote parent that a new span continues', async () => {
    const t = testTracing();
    const ctx = extract({ traceparent: TP, tracestate: 'a=1' });
    const parent = ctx.span!.spanContext();
    assert.equal(parent.isRemote, true);
    const child = t.provider.getTracer('t').startSpan('child', {}, ctx);
    child.end();
    assert.equal(child.traceId, TID);
    assert.equal(child.parentSpanId, SID);
    assert.equal(child.parentIsRemote, true);
    assert.equal(child.traceState?.serialize(), 'a=1');
    const out = inject({}, ROOT_CONTEXT.withSpan(child));
    assert.equal(out.traceparent, `00-${TID}-${child.spanId}-01`);
    assert.equal(out.tracestate, 'a=1');
  });

  test('inject writes nothing without a valid span, and extract keeps the base context without headers', () => {
    assert.deepEqual(inject({}, ROOT_CONTEXT), {});
    const invalid = ROOT_CONTEXT.withSpan(Span.wrap(new SpanContext(0, 0, 0, 0, 0, 0, 0, undefined, false)));
    assert.deepEqual(inject({}, invalid), {});
    const base = ROOT_CONTEXT.setValue(Symbol('x'), 1);
    assert.equal(extract({}, base), base);
    assert.equal(extract(null), ROOT_CONTEXT);
    assert.equal(extract('not an object' as unknown), ROOT_CONTEXT);
  });

  test('inject uses the current context by default', () => {
    withContext(setBaggage(remote(), Baggage.from({ k: 'v' })), () => {
      assert.deepEqual(inject({}), { traceparent: TP, baggage: 'k=v' });
    });
  });

  const carriers: { name: string; make: () => unknown; read: (c: unknown) => Record<string, string | undefined> }[] = [
    { name: 'a plain object', make: () => ({}), read: (c) => c as Record<string, string> },
    {
      name: 'WHATWG Headers',
      make: () => new Headers(),
      read: (c) => Object.fromEntries((c as Headers).entries()),
    },
    { name: 'a Map', make: () => new Map<string, string>(), read: (c) => Object.fromEntries(c as Map<string, string>) },
    {
      name: 'a Node outgoing message (setHeader)',
      make: () => {
        const headers: Record<string, string> = {};
        return { headersSent: false, headers, setHeader(k: string, v: string) { headers[k] = v; } };
      },
      read: (c) => (c as { headers: Record<string, string> }).headers,
    },
  ];
  for (const c of carriers) {
    test(`inject and extract work over ${c.name}`, () => {
      const carrier = c.make();
      inject(carrier, setBaggage(remote('a=1'), Baggage.from({ u: 'x y' })));
      assert.deepEqual(c.read(carrier), { traceparent: TP, tracestate: 'a=1', baggage: 'u=x%20y' });
      if (!('setHeader' in (carrier as object))) {
        const back = extract(carrier);
        assert.equal(back.span?.spanContext().spanId, SID);
        assert.equal(getBaggage(back).get('u'), 'x y');
      }
    });
  }

  test('an outgoing message whose headers are sent is left alone', () => {
    let calls = 0;
    const msg = { headersSent: true, setHeader: () => void calls++ };
    inject(msg, remote());
    outgoingMessageSetter.set(msg, 'a', 'b');
    assert.equal(calls, 0);
  });

  test('Node IncomingHttpHeaders: lowercase names, arrays for repeated headers, numbers tolerated', () => {
    const headers = { traceparent: TP, tracestate: ['a=1', 'b=2'], baggage: 'k=v', 'content-length': 5 as unknown as string };
    const ctx = extract(headers);
    assert.equal(ctx.span?.spanContext().traceState?.serialize(), 'a=1,b=2');
    assert.equal(objectGetter.get(headers, 'content-length'), '5');
    assert.deepEqual(objectGetter.get({ x: [1, 'a'] as unknown as string[] }, 'x'), ['1', 'a']);
    assert.equal(objectGetter.get({ x: {} as unknown as string }, 'x'), undefined);
  });

  test('the explicit getters and setters read and write their carriers', () => {
    const h = new Headers();
    headersSetter.set(h, 'traceparent', TP);
    assert.equal(headersGetter.get(h, 'TRACEPARENT'), TP);
    assert.deepEqual(headersGetter.keys(h), ['traceparent']);
    assert.equal(headersGetter.get(h, 'missing'), undefined);
    const o: Record<string, unknown> = {};
    objectSetter.set(o, 'k', 'v');
    assert.deepEqual(objectGetter.keys(o), ['k']);
    assert.deepEqual(objectGetter.keys(null as never), []);
    assert.equal(objectGetter.get(null as never, 'k'), undefined);
    objectSetter.set(null as never, 'k', 'v');
    assert.deepEqual(defaultGetter.keys(h), ['traceparent']);
    assert.deepEqual(defaultGetter.keys({ A: 1 }), ['A']);
    assert.deepEqual(defaultGetter.keys(undefined), []);
    defaultSetter.set(undefined, 'k', 'v');
    const m = new Map();
    defaultSetter.set(m, 'k', 'v');
    assert.equal(defaultGetter.get(m, 'k'), 'v');
    assert.equal(defaultGetter.get(m, 'missing'), undefined);
  });

  test('a custom getter and setter can be passed', () => {
    const store: [string, string][] = [];
    inject(store, remote(), { set: (c, k, v) => void c.push([k, v]) });
    assert.deepEqual(store, [['traceparent', TP]]);
    const ctx = extract(store, ROOT_CONTEXT, { keys: (c) => c.map(([k]) => k), get: (c, k) => c.find(([x]) => x === k)?.[1] });
    assert.equal(ctx.span?.spanContext().traceId, TID);
  });
});

describe('propagation: suppression', () => {
  test('suppressTracing marks a context and stops injection', () => {
    const ctx = suppressTracing(remote());
    assert.equal(isTracingSuppressed(ctx), true);
    assert.equal(suppressTracing(ctx), ctx);
    assert.equal(isTracingSuppressed(unsuppressTracing(ctx)), false);
    assert.deepEqual(inject({}, setBaggage(ctx, Baggage.from({ a: '1' }))), {});
    assert.equal(isTracingSuppressed(), false);
    withTracingSuppressed(() => assert.equal(isTracingSuppressed(), true));
  });
});

describe('propagation: composite and OTEL_PROPAGATORS', () => {
  test('propagatorFromNames follows OTEL_PROPAGATORS', () => {
    const d = captureDiag();
    try {
      const cases: { value: string | undefined; fields: string[] }[] = [
        { value: undefined, fields: ['traceparent', 'tracestate', 'baggage'] },
        { value: '', fields: ['traceparent', 'tracestate', 'baggage'] },
        { value: ' , ', fields: ['traceparent', 'tracestate', 'baggage'] },
        { value: 'tracecontext', fields: ['traceparent', 'tracestate'] },
        { value: 'baggage', fields: ['baggage'] },
        { value: 'Baggage , TraceContext', fields: ['baggage', 'traceparent', 'tracestate'] },
        { value: 'tracecontext,tracecontext', fields: ['traceparent', 'tracestate'] },
        { value: 'tracecontext,none', fields: [] },
        { value: 'none', fields: [] },
        { value: 'b3,tracecontext', fields: ['traceparent', 'tracestate'] },
        { value: 'xray', fields: [] },
      ];
      for (const c of cases) assert.deepEqual(propagatorFromNames(c.value).fields(), c.fields, String(c.value));
      assert.ok(d.messages.some((m) => m.level === 'warn' && m.message.includes('"b3"')));
      assert.ok(d.messages.some((m) => m.message.includes('"xray"')));
      assert.ok(propagatorFromNames('none') instanceof NoopPropagator);
      assert.ok(propagatorFromNames('baggage') instanceof W3CBaggagePropagator);
    } finally {
      d.restore();
    }
  });

  test('the global propagator can be replaced, and reset to the default', () => {
    const prev = setPropagator(new W3CTraceContextPropagator());
    try {
      const out = inject({}, setBaggage(remote(), Baggage.from({ a: '1' })));
      assert.deepEqual(out, { traceparent: TP });
      setPropagator(new NoopPropagator());
      assert.deepEqual(inject({}, remote()), {});
      assert.equal(extract({ traceparent: TP }).span, undefined);
      setPropagator(undefined);
      assert.deepEqual(getPropagator().fields(), ['traceparent', 'tracestate', 'baggage']);
    } finally {
      setPropagator(prev);
    }
  });

  test('a throwing propagator is reported and skipped; the others still run', () => {
    const d = captureDiag();
    const bad: TextMapPropagator = {
      inject() {
        throw new Error('inject boom');
      },
      extract() {
        throw new Error('extract boom');
      },
      fields() {
        throw new Error('fields boom');
      },
    };
    const prev = setPropagator(new CompositePropagator([bad, new W3CTraceContextPropagator()]));
    try {
      assert.deepEqual(getPropagator().fields(), ['traceparent', 'tracestate']);
      assert.deepEqual(inject({}, remote()), { traceparent: TP });
      assert.equal(extract({ traceparent: TP }).span?.spanContext().spanId, SID);
      assert.ok(d.messages.some((m) => m.message.includes('inject boom')));
      assert.ok(d.messages.some((m) => m.message.includes('extract boom')));
      setPropagator(bad);
      assert.deepEqual(inject({}, remote()), {});
      assert.equal(extract({ traceparent: TP }), ROOT_CONTEXT);
      assert.deepEqual(new CompositePropagator().fields(), []);
    } finally {
      setPropagator(prev);
      d.restore();
    }
  });
});

describe('propagation: worker threads', () => {
  test('carrierFromContext and contextFromCarrier carry a trace and baggage into a worker', async () => {
    const t = testTracing();
    const parent = t.provider.getTracer('t').startSpan('parent');
    const ctx = setBaggage(ROOT_CONTEXT.withSpan(parent), Baggage.from({ job: '42' }));
    const carrier = carrierFromContext(ctx);
    const libUrl = new URL('../../lib/propagation/propagation.js', import.meta.url).href;
    const bagUrl = new URL('../../lib/propagation/baggage.js', import.meta.url).href;
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       Promise.all([import(workerData.libUrl), import(workerData.bagUrl)]).then(([p, b]) => {
         const ctx = p.contextFromCarrier(workerData.carrier);
         const sc = ctx.span.spanContext();
         parentPort.postMessage({ traceId: sc.traceId, spanId: sc.spanId, remote: sc.isRemote, job: b.getBaggage(ctx).get('job') });
       });`,
      { eval: true, workerData: { carrier, libUrl, bagUrl } },
    );
    const msg = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    parent.end();
    assert.deepEqual(msg, { traceId: parent.traceId, spanId: parent.spanId, remote: true, job: '42' });
    assert.equal(contextFromCarrier({}), ROOT_CONTEXT);
  });
});
