import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import {
  activeContext,
  bindContext,
  enterContext,
  getCurrentSpan,
  withContext,
  withSpan,
} from '../../lib/context/async-context.js';
import { Context, ROOT_CONTEXT, createContextKey } from '../../lib/context/context.js';
import { getTracerProvider, setTracerProvider, startSpan } from '../../lib/trace/api.js';
import type { Span } from '../../lib/trace/span.js';
import { traced } from '../../lib/trace/traced.js';
import type { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { testTracing } from '../helpers/tracing.js';
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

/** A deterministic pseudo-random sequence so a failure can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 0x1_0000_0000);
}

describe('the current span follows async execution', () => {
  test('1,000 concurrent tasks with random awaits each see only their own span', async () => {
    const rnd = lcg(42);
    const mismatches: string[] = [];
    const task = async (i: number) => {
      const span = startSpan(`task-${i}`, undefined, { root: true });
      await withSpan(span, async () => {
        for (let step = 0; step < 5; step++) {
          const r = rnd();
          if (r < 0.3) await sleep(Math.floor(rnd() * 3));
          else if (r < 0.6) await immediate();
          else if (r < 0.8) await Promise.resolve();
          else await new Promise<void>((res) => queueMicrotask(res));
          if (getCurrentSpan() !== span) mismatches.push(`task ${i} step ${step} saw ${getCurrentSpan()?.name}`);
        }
      });
      span.end();
    };
    await Promise.all(Array.from({ length: 1000 }, (_, i) => task(i)));
    assert.deepEqual(mismatches, []);
    assert.equal(getCurrentSpan(), undefined);
  });

  test('recursion 1,000 levels deep yields the right parent chain', async () => {
    const decompose = traced('subtask')(async (depth: number): Promise<Span[]> => {
      const me = getCurrentSpan()!;
      if (depth === 0) return [me];
      await Promise.resolve();
      const below = await decompose(depth - 1);
      return [me, ...below];
    });
    const chain = await decompose(999);
    assert.equal(chain.length, 1000);
    const root = chain[0]!;
    for (let i = 1; i < chain.length; i++) {
      assert.equal(chain[i]!.parentSpanId, chain[i - 1]!.spanId, `level ${i}`);
      assert.equal(chain[i]!.traceId, root.traceId);
    }
    assert.ok(chain.every((s) => s.ended));
  });

  test('timers, setImmediate, queueMicrotask, process.nextTick and Promise.all keep the context', async () => {
    const span = startSpan('scheduler');
    const seen = await withSpan(span, async () => {
      const viaTimer = new Promise<Span | undefined>((r) => setTimeout(() => r(getCurrentSpan()), 1));
      const viaImmediate = new Promise<Span | undefined>((r) => setImmediate(() => r(getCurrentSpan())));
      const viaMicrotask = new Promise<Span | undefined>((r) => queueMicrotask(() => r(getCurrentSpan())));
      const viaTick = new Promise<Span | undefined>((r) => process.nextTick(() => r(getCurrentSpan())));
      const viaInterval = new Promise<Span | undefined>((r) => {
        const h = setInterval(() => {
          clearInterval(h);
          r(getCurrentSpan());
        }, 1);
      });
      const all = await Promise.all([viaTimer, viaImmediate, viaMicrotask, viaTick, viaInterval, sleep(2).then(() => getCurrentSpan())]);
      return all;
    });
    for (const s of seen) assert.equal(s, span);
    span.end();
  });

  test('an EventEmitter listener sees the emitter\'s context; bindContext pins the registering one', async () => {
    const emitter = new EventEmitter();
    const registering = startSpan('registering');
    const emitting = startSpan('emitting');
    const seen: Record<string, string | undefined> = {};
    withSpan(registering, () => {
      emitter.on('plain', () => (seen.plain = getCurrentSpan()?.name));
      emitter.on('bound', bindContext(() => (seen.bound = getCurrentSpan()?.name)));
    });
    withSpan(emitting, () => {
      emitter.emit('plain');
      emitter.emit('bound');
    });
    assert.deepEqual(seen, { plain: 'emitting', bound: 'registering' });
    const later = withSpan(emitting, () => once(emitter, 'async').then(() => getCurrentSpan()?.name));
    setTimeout(() => emitter.emit('async'), 1);
    assert.equal(await later, 'emitting');
  });

  test('withContext passes this and arguments; bindContext defaults to the context current at binding', () => {
    const key = createContextKey('test.tenant');
    const ctx = ROOT_CONTEXT.setValue(key, 'acme');
    const self = { n: 2 };
    const r = withContext(ctx, function (this: typeof self, a: number, b: number) {
      return `${activeContext().getValue(key) as string}:${this.n * (a + b)}`;
    }, self, 3, 4);
    assert.equal(r, 'acme:14');
    const bound = withContext(ctx, () => bindContext(() => activeContext().getValue(key)));
    assert.equal(bound(), 'acme');
    assert.equal(activeContext(), ROOT_CONTEXT);
  });

  test('enterContext makes a context current for the rest of the async path', async () => {
    const span = startSpan('entered');
    const seen = await new Promise<Span | undefined>((resolve) => {
      setImmediate(() => {
        enterContext(ROOT_CONTEXT.withSpan(span));
        setTimeout(() => resolve(getCurrentSpan()), 1);
      });
    });
    assert.equal(seen, span);
    assert.equal(getCurrentSpan(), undefined, 'the caller is unaffected');
  });
});

describe('Context values', () => {
  test('are immutable, keyed by symbol, and survive withSpan', () => {
    const k = createContextKey('k');
    const a = ROOT_CONTEXT.setValue(k, 1);
    const span = startSpan('x');
    const b = a.withSpan(span);
    assert.equal(ROOT_CONTEXT.getValue(k), undefined);
    assert.equal(b.getValue(k), 1);
    assert.equal(b.span, span);
    assert.equal(b.withSpan(span), b);
    const c = b.deleteValue(k);
    assert.equal(c.getValue(k), undefined);
    assert.equal(c.span, span);
    assert.equal(c.deleteValue(k), c);
    assert.ok(a.setValue(k, 2).deleteValue(k) instanceof Context);
    assert.equal(k, createContextKey('k'));
  });
});
