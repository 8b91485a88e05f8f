/**
 * The same @opentelemetry/api calls with the official SDK behind the API and
 * with zerotel behind it (registerGlobal), in one run: what an application
 * instrumented against the API gains by swapping the SDK. The API's globals
 * hold one SDK at a time, so each side installs its own before its warm-up
 * and its measurement (tinybench's beforeAll), and the suite puts the
 * official SDK back when done (the suites before it registered it).
 */
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator as OtelTraceContext } from '@opentelemetry/core';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { BenchSuite } from './harness.js';
import { registerGlobal } from '../lib/otel-api.js';
import type { OtelApiRegistration } from '../lib/otel-api.js';
import { TracerProvider } from '../lib/trace/tracer-provider.js';
import { setTracerProvider } from '../lib/trace/api.js';
import { BatchSpanProcessor as ZerotelBatchSpanProcessor } from '../lib/pipeline/batch-span-processor.js';
import { EXPORT_SUCCESS } from '../lib/trace/span-exporter.js';

/** Parent + child pairs per iteration: 500 spans, one batch, flushed (the trace suite's rhythm). */
const PAIRS = 250;

function releaseApi(): void {
  api.trace.disable();
  api.context.disable();
  api.propagation.disable();
}

/** Puts the official SDK back behind the API (set by setup). */
let restoreOfficial: (() => void) | undefined;

export const otelApiSuite: BenchSuite = {
  name: 'otel-api',
  setup() {
    const oBsp = new BatchSpanProcessor({ export: (_s, done) => done({ code: 0 }), shutdown: () => Promise.resolve() }, { maxQueueSize: 2048 });
    const official = new BasicTracerProvider({ spanProcessors: [oBsp] });
    const zBsp = new ZerotelBatchSpanProcessor({ export: () => Promise.resolve(EXPORT_SUCCESS), shutdown: () => Promise.resolve() }, { maxQueueSize: 2048 });
    const zerotel = new TracerProvider({ spanProcessors: [zBsp] });
    let registration: OtelApiRegistration | undefined;
    let tracer: api.Tracer = api.trace.getTracer('bench-api');

    const useOfficial = (): void => {
      registration?.unregister();
      registration = undefined;
      releaseApi();
      api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      api.propagation.setGlobalPropagator(new OtelTraceContext());
      api.trace.setGlobalTracerProvider(official);
      // Taken after the switch: the API's proxy tracer keeps the first delegate it finds.
      tracer = api.trace.getTracer('bench-api');
    };
    const useZerotel = (): void => {
      releaseApi();
      setTracerProvider(zerotel);
      registration = registerGlobal(api, { forwardDiagnostics: false });
      tracer = api.trace.getTracer('bench-api');
    };
    restoreOfficial = useOfficial;

    const pairs = async (flush: () => Promise<void>): Promise<void> => {
      for (let i = 0; i < PAIRS; i++) {
        tracer.startActiveSpan('parent', (parent) => {
          const child = tracer.startSpan('child');
          child.setAttribute('http.request.method', 'GET');
          child.setAttribute('http.response.status_code', 200);
          child.setAttribute('url.path', '/users/:id');
          child.end();
          parent.end();
        });
      }
      await flush();
    };

    return [
      {
        task: 'API startActiveSpan + child with 3 attributes',
        ops: PAIRS,
        target: 4,
        beforeOfficial: useOfficial,
        beforeZerotel: useZerotel,
        official: () => pairs(() => oBsp.forceFlush()),
        zerotel: () => pairs(() => zBsp.forceFlush()),
        note: 'through @opentelemetry/api: official SDK 2.12 vs zerotel behind the API (registerGlobal); per parent+child pair',
      },
    ];
  },
  teardown() {
    restoreOfficial?.();
  },
};
