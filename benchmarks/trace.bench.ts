/**
 * Span hot paths, official @opentelemetry/sdk-trace-base 2.12 vs zerotel, both
 * with a batch-style processor feeding an exporter that discards.
 */
import { context as otelContext, trace as otelTrace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { BenchSuite } from './harness.js';
import { TracerProvider } from '../lib/trace/tracer-provider.js';
import { withSpan } from '../lib/context/async-context.js';
import { BatchSpanProcessor as ZerotelBatchSpanProcessor } from '../lib/export/batch-span-processor.js';
import { EXPORT_SUCCESS } from '../lib/trace/span-exporter.js';

const OPS = 100;

export const traceSuite: BenchSuite = {
  name: 'trace',
  setup() {
    const cm = new AsyncLocalStorageContextManager().enable();
    otelContext.setGlobalContextManager(cm);
    const official = new BasicTracerProvider({
      spanProcessors: [
        new BatchSpanProcessor({ export: (_s, done) => done({ code: 0 }), shutdown: () => Promise.resolve() }, { maxQueueSize: 2048 }),
      ],
    });
    otelTrace.setGlobalTracerProvider(official);
    const ot = official.getTracer('bench');
    // Both sides: a batch span processor (queue 2048) feeding an exporter that discards.
    const zBsp = new ZerotelBatchSpanProcessor({ export: () => Promise.resolve(EXPORT_SUCCESS), shutdown: () => Promise.resolve() }, { maxQueueSize: 2048 });
    const zp = new TracerProvider({ spanProcessors: [zBsp] });
    const zt = zp.getTracer('bench');
    const attrs = { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': '/users/:id' };

    return [
      {
        task: 'span start+end (bare)',
        ops: OPS,
        target: 8,
        official: () => {
          for (let i = 0; i < OPS; i++) ot.startSpan('op').end();
        },
        zerotel: () => {
          for (let i = 0; i < OPS; i++) zt.startSpan('op').end();
        },
      },
      {
        task: 'span start+end, 3 attributes + 1 event',
        ops: OPS,
        target: 8,
        official: () => {
          for (let i = 0; i < OPS; i++) {
            const s = ot.startSpan('op');
            s.setAttribute('http.request.method', 'GET');
            s.setAttribute('http.response.status_code', 200);
            s.setAttribute('url.path', '/users/:id');
            s.addEvent('cache.miss');
            s.end();
          }
        },
        zerotel: () => {
          for (let i = 0; i < OPS; i++) {
            const s = zt.startSpan('op');
            s.setAttribute('http.request.method', 'GET');
            s.setAttribute('http.response.status_code', 200);
            s.setAttribute('url.path', '/users/:id');
            s.addEvent('cache.miss');
            s.end();
          }
        },
        note: `attributes ${Object.keys(attrs).join(', ')}`,
      },
      {
        task: 'active parent + child',
        ops: OPS,
        target: 8,
        official: () => {
          for (let i = 0; i < OPS; i++) {
            ot.startActiveSpan('parent', (p) => {
              ot.startSpan('child').end();
              p.end();
            });
          }
        },
        zerotel: () => {
          for (let i = 0; i < OPS; i++) {
            const p = zt.startSpan('parent');
            withSpan(p, () => {
              zt.startSpan('child').end();
            });
            p.end();
          }
        },
      },
    ];
  },
};
