import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { withSpan } from '../../lib/context/async-context.js';
import { carrierFromContext } from '../../lib/propagation/propagation.js';
import { startSpan } from '../../lib/trace/api.js';

test('a span made current in a worker thread from a propagated context keeps the trace id', async (t) => {
  const parent = startSpan('dispatch');
  const carrier = withSpan(parent, () => carrierFromContext());
  assert.match(carrier['traceparent'] ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]$/);
  const worker = new Worker(new URL('./worker-fixture.js', import.meta.url), { workerData: { carrier } });
  t.after(() => worker.terminate());
  const [result] = (await once(worker, 'message')) as [Record<string, unknown>];
  parent.end();
  assert.equal(result['traceId'], parent.traceId);
  assert.equal(result['parentSpanId'], parent.spanId);
  assert.equal(result['parentIsRemote'], true);
  assert.equal(result['currentTraceId'], parent.traceId, 'the current span after an await in the worker is in the same trace');
  assert.equal(result['currentIsJob'], true);
});
