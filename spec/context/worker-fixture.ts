/** Runs inside a worker thread: continues the trace handed over in workerData. */
import { parentPort, workerData } from 'node:worker_threads';
import { getCurrentSpan, withContext } from '../../lib/context/async-context.js';
import { contextFromCarrier } from '../../lib/propagation/propagation.js';
import { startSpan } from '../../lib/trace/api.js';

const ctx = contextFromCarrier((workerData as { carrier: unknown }).carrier);
const result = await withContext(ctx, async () => {
  const span = startSpan('worker.job');
  return withContext(ctx.withSpan(span), async () => {
    await new Promise((r) => setTimeout(r, 2));
    const current = getCurrentSpan();
    span.end();
    return {
      traceId: span.traceId,
      parentSpanId: span.parentSpanId,
      parentIsRemote: span.parentIsRemote,
      currentTraceId: current?.traceId,
      currentIsJob: current === span,
    };
  });
});
parentPort!.postMessage(result);
