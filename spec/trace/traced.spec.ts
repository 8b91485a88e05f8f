import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getCurrentSpan } from '../../lib/context/async-context.js';
import { getTracerProvider, linkSpan, setTracerProvider, startActiveSpan, startSpan } from '../../lib/trace/api.js';
import { SpanStatusCode } from '../../lib/trace/span.js';
import { SpanKind } from '../../lib/trace/span.js';
import { traced } from '../../lib/trace/traced.js';
import type { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { captureDiag, testTracing } from '../helpers/tracing.js';
import type { TestTracing } from '../helpers/tracing.js';

let t: TestTracing;
let previous: TracerProvider | undefined;
before(() => {
  previous = getTracerProvider();
  t = testTracing({}, true);
});
after(() => {
  if (previous) setTracerProvider(previous);
});
const spansNamed = async (name: string) => (await t.spans()).filter((s) => s.name === name);
const tick = () => new Promise((r) => setTimeout(r, 1));

class Orders {
  readonly prefix = 'order-';

  @traced('orders.create', { 'app.component': 'orders' })
  create(id: number): string {
    assert.equal(getCurrentSpan()?.name, 'orders.create');
    return this.prefix + id;
  }

  @traced()
  async load(id: number): Promise<{ id: number; by: string | undefined }> {
    await tick();
    return { id, by: getCurrentSpan()?.name };
  }

  @traced('orders.fail')
  async fail(): Promise<never> {
    await tick();
    throw new RangeError('no such order');
  }

  @traced()
  async *stream(n: number): AsyncGenerator<string> {
    for (let i = 0; i < n; i++) {
      await tick();
      yield `${getCurrentSpan()?.name}:${i}`;
    }
  }
}

describe('traced as a decorator', () => {
  test('a sync method runs inside its span, keeps `this`, returns its value, and ends the span', async () => {
    assert.equal(new Orders().create(7), 'order-7');
    const [s] = await spansNamed('orders.create');
    assert.ok(s);
    assert.equal(s.attributes!['app.component'], 'orders');
    assert.equal(s.statusCode, SpanStatusCode.UNSET);
    assert.equal(s.ended, true);
  });

  test('an async method is named after the method and ends when its promise settles', async () => {
    const r = await new Orders().load(3);
    assert.deepEqual(r, { id: 3, by: 'load' });
    const [s] = await spansNamed('load');
    assert.ok(s && s.duration > 0);
  });

  test('a rejection records the exception, sets ERROR and rethrows the same error', async () => {
    const err = await new Orders().fail().catch((e: unknown) => e);
    assert.ok(err instanceof RangeError);
    const [s] = await spansNamed('orders.fail');
    assert.equal(s!.statusCode, SpanStatusCode.ERROR);
    assert.equal(s!.statusMessage, 'no such order');
    assert.equal(s!.events![0]!.name, 'exception');
    assert.equal(s!.events![0]!.attributes!['exception.type'], 'RangeError');
  });

  test('an async generator keeps its span current across yields and ends it when done', async () => {
    const out: string[] = [];
    const gen = new Orders().stream(3);
    assert.equal((await spansNamed('stream')).length, 0);
    for await (const v of gen) out.push(v);
    assert.deepEqual(out, ['stream:0', 'stream:1', 'stream:2']);
    assert.equal((await spansNamed('stream')).length, 1);
  });
});

describe('traced as a function wrapper', () => {
  test('sync and async functions become children of the current span', async () => {
    const child = traced('child')(() => getCurrentSpan()!.parentSpanId);
    const parent = traced('parent')(async () => {
      await tick();
      return { parentId: getCurrentSpan()!.spanId, seen: child() };
    });
    const r = await parent();
    assert.equal(r.seen, r.parentId);
  });

  test('a sync throw records, sets ERROR and rethrows the very same value', async () => {
    const thrown = { reason: 'not an Error' };
    const fn = traced('sync.fail')(() => {
      throw thrown;
    });
    assert.throws(fn, (e: unknown) => e === thrown);
    const [s] = await spansNamed('sync.fail');
    assert.equal(s!.statusCode, SpanStatusCode.ERROR);
    assert.equal(s!.statusMessage, undefined);
  });

  test('a string rejection becomes the status description', async () => {
    const fn = traced('reject.string')(() => Promise.reject('plain'));
    await assert.rejects(fn(), (e: unknown) => e === 'plain');
    assert.equal((await spansNamed('reject.string'))[0]!.statusMessage, 'plain');
  });

  test('a thenable that is not a Promise is awaited', async () => {
    const fn = traced('thenable')(() => ({ then: (ok: (v: number) => void) => ok(5) }));
    assert.equal(await (fn() as unknown as Promise<number>), 5);
    assert.equal((await spansNamed('thenable')).length, 1);
  });

  test('a sync generator ends its span when exhausted or returned early, and records a throw', async () => {
    const gen = traced('gen')(function* (n: number) {
      for (let i = 0; i < n; i++) yield getCurrentSpan()?.name;
    });
    assert.deepEqual([...gen(2)], ['gen', 'gen']);
    const it = gen(5);
    it.next();
    it.return(undefined);
    const failing = traced('gen.fail')(function* () {
      yield 1;
      throw new Error('gen broke');
    });
    const f = failing();
    assert.equal(f.next().value, 1);
    assert.throws(() => f.next(), /gen broke/);
    assert.equal((await spansNamed('gen')).length, 2);
    assert.equal((await spansNamed('gen.fail'))[0]!.statusCode, SpanStatusCode.ERROR);
    assert.equal([...(gen(1) as Iterable<unknown>)].length, 1, 'the wrapper is iterable');
  });

  test('an async generator that throws, or is thrown into, records ERROR', async () => {
    const g = traced('agen.fail')(async function* () {
      yield 1;
      throw new Error('agen broke');
    });
    const it = g();
    await it.next();
    await assert.rejects(it.next(), /agen broke/);
    const g2 = traced('agen.throw')(async function* () {
      yield 1;
    });
    const it2 = g2();
    await it2.next();
    await assert.rejects(it2.throw(new Error('into')), /into/);
    const it3 = g2();
    await it3.return(undefined);
    assert.equal((await spansNamed('agen.fail'))[0]!.statusCode, SpanStatusCode.ERROR);
    assert.equal((await spansNamed('agen.throw')).length, 2);
  });

  test('names default to the function name, keep name and length, and options set the kind', async () => {
    function handler(_a: number, _b: number) {
      return 1;
    }
    const wrapped = traced(undefined, undefined, { kind: SpanKind.CONSUMER })(handler);
    assert.equal(wrapped.name, 'handler');
    assert.equal(wrapped.length, 2);
    wrapped(1, 2);
    traced()(() => 1)();
    const [s] = await spansNamed('handler');
    assert.equal(s!.kind, SpanKind.CONSUMER);
    assert.equal((await spansNamed('anonymous')).length, 1);
    assert.equal(traced('x')(42 as never), 42, 'a non-function is returned untouched');
  });
});

describe('the seed API', () => {
  test('startSpan parents on the current span, or on an explicit span, span context or root', () => {
    startActiveSpan('outer', (outer) => {
      const implicit = startSpan('implicit');
      assert.equal(implicit.parentSpanId, outer.spanId);
      const other = startSpan('other', undefined, { root: true });
      assert.equal(other.parentSpanId, undefined);
      assert.notEqual(other.traceId, outer.traceId);
      assert.equal(startSpan('explicit', other).parentSpanId, other.spanId);
      assert.equal(startSpan('by-context', other.spanContext()).parentSpanId, other.spanId);
      outer.end();
    });
    assert.equal(getCurrentSpan(), undefined);
  });

  test('startActiveSpan takes options and returns the callback value', () => {
    const v = startActiveSpan('server', { kind: SpanKind.SERVER, attributes: { a: 1 } }, (s) => {
      assert.equal(getCurrentSpan(), s);
      s.end();
      return s.kind;
    });
    assert.equal(v, SpanKind.SERVER);
  });

  test('linkSpan links before and after start, and rejects bad arguments without throwing', async () => {
    const a = startSpan('a');
    const b = startSpan('b');
    linkSpan(b, a, { reason: 'fan-in' });
    linkSpan(b, a.spanContext());
    const d = captureDiag();
    try {
      linkSpan(undefined as never, a);
      linkSpan(b, {} as never);
    } finally {
      d.restore();
    }
    b.end();
    a.end();
    const [exported] = await spansNamed('b');
    assert.equal(exported!.links!.length, 2);
    assert.equal(exported!.links![0]!.context.spanId, a.spanId);
    assert.deepEqual({ ...exported!.links![0]!.attributes }, { reason: 'fan-in' });
  });
});
