/**
 * Calls a hostile tryout of the packed package found still throwing into user code
 * (after the issue 9 work): each must now return quietly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { epochNanosBigInt, epochNanosString } from '../../lib/common/time.js';
import { setHttpRoute } from '../../lib/instrumentation/http-server.js';
import { propagatorFromNames } from '../../lib/propagation/propagation.js';
import { traced } from '../../lib/trace/traced.js';
import { testTracing } from '../helpers/tracing.js';
import { captureDiag } from '../helpers/diag.js';
import { ROOT_CONTEXT } from '../../lib/context/context.js';
import { defaultSetter } from '../../lib/propagation/carriers.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';

test('setHttpRoute ignores a context that is not one', () => {
  for (const ctx of [{}, null, 'ctx', 5, new Proxy({}, { get() { throw new Error('trap'); } })]) {
    assert.doesNotThrow(() => setHttpRoute('/x', ctx as never));
  }
});

test('propagatorFromNames falls back to the default propagators for a non-string, and says so', () => {
  const d = captureDiag();
  try {
    for (const value of [null, ['tracecontext'], 7, {}]) {
      const p = propagatorFromNames(value as never);
      const span = new TracerProvider().getTracer('t').startSpan('s');
      const carrier: Record<string, string> = {};
      p.inject(ROOT_CONTEXT.withSpan(span), carrier, defaultSetter);
      assert.match(carrier.traceparent ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
    }
    assert.ok(d.messages.some((m) => m.message.includes('propagatorFromNames')));
  } finally {
    d.restore();
  }
});

test('epoch conversions of a value that is not a time give the unset time 0 instead of throwing', () => {
  for (const t of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, undefined, 'soon']) {
    assert.equal(epochNanosBigInt(t as never), 0n);
    assert.equal(epochNanosString(t as never), '0');
  }
  assert.ok(epochNanosBigInt(performance.now()) > 1_600_000_000_000_000_000n);
});

test('traced() returns a value whose then getter throws as it is, and ends its span', async () => {
  const t = testTracing({}, true);
  const value = {
    get then(): never {
      throw new Error('hostile then');
    },
  };
  const fn = traced('hostile-then', {})(() => value);
  let out: unknown;
  assert.doesNotThrow(() => {
    out = fn();
  });
  assert.equal(out, value);
  const spans = await t.spans();
  assert.deepEqual(spans.map((s) => s.name), ['hostile-then']);
});

test('SimpleSpanProcessor counts every span its exporter fails, rejects or throws on', async () => {
  const { SimpleSpanProcessor } = await import('../../lib/pipeline/simple-span-processor.js');
  const { exportFailure } = await import('../../lib/trace/span-exporter.js');
  const { droppedCounts } = await import('../../lib/common/diag.js');
  const d = captureDiag();
  try {
    const exporters = [
      { export: async () => exportFailure(new Error('refused')), shutdown: async () => {} },
      { export: async () => { throw new Error('rejected'); }, shutdown: async () => {} },
      { export: () => { throw new Error('threw'); }, shutdown: async () => {} },
    ];
    for (const exporter of exporters) {
      const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter as never)] });
      provider.getTracer('t').startSpan('s').end();
      await provider.forceFlush();
    }
    assert.equal(droppedCounts()['ssp.span.export-failed'], 3);
  } finally {
    d.restore();
  }
});
