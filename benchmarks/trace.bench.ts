/**
 * Span hot paths, official @opentelemetry/sdk-trace-base 2.12 vs zerotel. Each
 * side has its own batch span processor (queue 2048) feeding an exporter that
 * discards, and each iteration of 500 spans ends with a forceFlush, so every span is queued
 * and handed to the exporter: the steady state of a real application, not the
 * "queue full, drop" path a synchronous loop would otherwise measure.
 */
import { context as otelContext, trace as otelTrace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { BenchSuite } from './harness.js';
import { TracerProvider } from '../lib/trace/tracer-provider.js';
import { withSpan } from '../lib/context/async-context.js';
import { BatchSpanProcessor as ZerotelBatchSpanProcessor } from '../lib/pipeline/batch-span-processor.js';
import { EXPORT_SUCCESS } from '../lib/trace/span-exporter.js';

/**
 * Spans per iteration: just under the default batch size (512), so one flush
 * exports them as one batch — the rhythm a steady stream of spans has.
 */
const OPS = 500;
/** Parent + child pairs per iteration: the same 500 spans. */
const PAIRS = OPS / 2;

export const traceSuite: BenchSuite = {
  name: 'trace',
  setup() {
    const cm = new AsyncLocalStorageContextManager().enable();
    otelContext.setGlobalContextManager(cm);
    const oBsp = new BatchSpanProcessor({ export: (_s, done) => done({ code: 0 }), shutdown: () => Promise.resolve() }, { maxQueueSize: 2048 });
    const official = new BasicTracerProvider({ spanProcessors: [oBsp] });
    otelTrace.setGlobalTracerProvider(official);
    const ot = official.getTracer('bench');
    const zBsp = new ZerotelBatchSpanProcessor({ export: () => Promise.resolve(EXPORT_SUCCESS), shutdown: () => Promise.resolve() }, { maxQueueSize: 2048 });
    const zt = new TracerProvider({ spanProcessors: [zBsp] }).getTracer('bench');

    return [
      {
        task: 'span start+end (bare)',
        ops: OPS,
        target: 8,
        official: async () => {
          for (let i = 0; i < OPS; i++) ot.startSpan('op').end();
          await oBsp.forceFlush();
        },
        zerotel: async () => {
          for (let i = 0; i < OPS; i++) zt.startSpan('op').end();
          await zBsp.forceFlush();
        },
      },
      {
        task: 'span start+end, 3 attributes + 1 event',
        ops: OPS,
        target: 8,
        official: async () => {
          for (let i = 0; i < OPS; i++) {
            const s = ot.startSpan('op');
            s.setAttribute('http.request.method', 'GET');
            s.setAttribute('http.response.status_code', 200);
            s.setAttribute('url.path', '/users/:id');
            s.addEvent('cache.miss');
            s.end();
          }
          await oBsp.forceFlush();
        },
        zerotel: async () => {
          for (let i = 0; i < OPS; i++) {
            const s = zt.startSpan('op');
            s.setAttribute('http.request.method', 'GET');
            s.setAttribute('http.response.status_code', 200);
            s.setAttribute('url.path', '/users/:id');
            s.addEvent('cache.miss');
            s.end();
          }
          await zBsp.forceFlush();
        },
        note: 'attributes http.request.method, http.response.status_code, url.path; event cache.miss',
      },
      {
        task: 'active parent + child',
        ops: PAIRS,
        target: 8,
        official: async () => {
          for (let i = 0; i < PAIRS; i++) {
            ot.startActiveSpan('parent', (p) => {
              ot.startSpan('child').end();
              p.end();
            });
          }
          await oBsp.forceFlush();
        },
        zerotel: async () => {
          for (let i = 0; i < PAIRS; i++) {
            const p = zt.startSpan('parent');
            withSpan(p, () => {
              zt.startSpan('child').end();
            });
            p.end();
          }
          await zBsp.forceFlush();
        },
      },
    ];
  },
};
