/**
 * The three things `zerotel bench` compares, each set up in its own process:
 *   official      the official SDK behind @opentelemetry/api (both from the user's project)
 *   zerotel-api   zerotel behind the same @opentelemetry/api (registerGlobal)
 *   zerotel       zerotel's native API
 * Every span side has a batch processor (queue 2048) and an exporter that
 * discards; every metrics side a reader; trace context is W3C only. The
 * optional pipeline case exports OTLP/HTTP protobuf to a loopback sink.
 * The official packages are looked up in the user's project, never bundled:
 * a missing one makes the target unavailable, with the reason.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { markUntracedServer } from '../common/untraced-servers.js';
import { importFromProject } from '../otel-api/project-import.js';
import type { BenchHandles, BenchSpan } from './workloads.js';

export type TargetName = 'official' | 'zerotel-api' | 'zerotel';
export const TARGETS: readonly TargetName[] = ['official', 'zerotel-api', 'zerotel'];

/** A target that cannot run here, and why. */
export class Unavailable extends Error {}

// The official packages are loaded at run time from the user's project: typed loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mod = Record<string, any>;

export const OFFICIAL_PACKAGES = ['@opentelemetry/api', '@opentelemetry/sdk-trace-base', '@opentelemetry/sdk-metrics', '@opentelemetry/context-async-hooks', '@opentelemetry/core'];
export const OFFICIAL_PIPELINE_PACKAGE = '@opentelemetry/exporter-trace-otlp-proto';

async function need(dir: string, names: readonly string[]): Promise<Mod[]> {
  const mods: Mod[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const m = await importFromProject(dir, name);
    if (m === undefined) missing.push(name);
    else mods.push(m);
  }
  if (missing.length > 0) throw new Unavailable(`not installed in ${dir}: ${missing.join(', ')}`);
  return mods;
}

export interface Target {
  readonly handles: BenchHandles;
  close(): Promise<void>;
}

/** A loopback OTLP/HTTP sink: reads each request and answers 200 with an empty body. */
async function startSink(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': '0' });
      res.end();
    });
  });
  markUntracedServer(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/v1/traces`, server };
}

function closeSink(server: Server | undefined): Promise<void> {
  if (server === undefined) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The workload's handles over an @opentelemetry/api module, whichever SDK is behind it. */
function apiHandles(api: Mod, flush: () => Promise<void>): BenchHandles {
  const tracer = api.trace.getTracer('zerotel-bench');
  const meter = api.metrics.getMeter('zerotel-bench');
  const counter = meter.createCounter('bench.counter');
  const histogram = meter.createHistogram('bench.histogram');
  const root = api.ROOT_CONTEXT;
  const propagation = api.propagation;
  return {
    startSpan: (name) => tracer.startSpan(name) as BenchSpan,
    startActiveSpan: (name, fn) => tracer.startActiveSpan(name, fn),
    extractInject: (carrier) => {
      const out: Record<string, string> = {};
      propagation.inject(propagation.extract(root, carrier), out);
      return out;
    },
    counterAdd: (v, a) => counter.add(v, a),
    histogramRecord: (v, a) => histogram.record(v, a),
    flush,
  };
}

async function official(dir: string, pipeline: boolean): Promise<Target> {
  const [api, traceBase, metrics, asyncHooks, core] = (await need(dir, OFFICIAL_PACKAGES)) as [Mod, Mod, Mod, Mod, Mod];
  api.context.setGlobalContextManager(new asyncHooks.AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  const discard = { export: (_s: unknown, done: (r: { code: number }) => void) => done({ code: 0 }), shutdown: () => Promise.resolve() };
  const bsp = new traceBase.BatchSpanProcessor(discard, { maxQueueSize: 2048 });
  api.trace.setGlobalTracerProvider(new traceBase.BasicTracerProvider({ spanProcessors: [bsp] }));
  class ManualReader extends (metrics.MetricReader as new () => object) {
    onForceFlush(): Promise<void> {
      return Promise.resolve();
    }
    onShutdown(): Promise<void> {
      return Promise.resolve();
    }
  }
  api.metrics.setGlobalMeterProvider(new metrics.MeterProvider({ readers: [new ManualReader()] }));
  const handles = apiHandles(api, () => bsp.forceFlush());
  let server: Server | undefined;
  if (pipeline) {
    const exporterMod = (await importFromProject(dir, OFFICIAL_PIPELINE_PACKAGE)) as Mod | undefined;
    if (exporterMod !== undefined) {
      const sink = await startSink();
      server = sink.server;
      const pbsp = new traceBase.BatchSpanProcessor(new exporterMod.OTLPTraceExporter({ url: sink.url }), { maxQueueSize: 2048 });
      const tracer = new traceBase.BasicTracerProvider({ spanProcessors: [pbsp] }).getTracer('zerotel-bench');
      handles.pipelineSpan = (name) => tracer.startSpan(name) as BenchSpan;
      handles.pipelineFlush = () => pbsp.forceFlush();
    }
  }
  return { handles, close: () => closeSink(server) };
}

/** zerotel's side: one provider set, a W3C-only propagator; the pipeline case on a second provider. */
async function zerotelSetup(pipeline: boolean): Promise<{ flush: () => Promise<void>; pipelineSpan?: (n: string) => BenchSpan; pipelineFlush?: () => Promise<void>; server?: Server }> {
  const { TracerProvider } = await import('../trace/tracer-provider.js');
  const { setTracerProvider } = await import('../trace/api.js');
  const { MeterProvider } = await import('../metrics/meter-provider.js');
  const { MetricReader } = await import('../metrics/metric-reader.js');
  const { setMeterProvider } = await import('../metrics/api.js');
  const { BatchSpanProcessor } = await import('../pipeline/batch-span-processor.js');
  const { EXPORT_SUCCESS } = await import('../trace/span-exporter.js');
  const { setPropagator, W3CTraceContextPropagator } = await import('../propagation/propagation.js');
  const bsp = new BatchSpanProcessor({ export: () => Promise.resolve(EXPORT_SUCCESS), shutdown: () => Promise.resolve() }, { maxQueueSize: 2048 });
  setTracerProvider(new TracerProvider({ spanProcessors: [bsp] }));
  setMeterProvider(new MeterProvider({ readers: [new MetricReader()] }));
  setPropagator(new W3CTraceContextPropagator());
  const out: Awaited<ReturnType<typeof zerotelSetup>> = { flush: () => bsp.forceFlush() };
  if (pipeline) {
    const { OtlpHttpTraceExporter } = await import('../exporters/otlp-trace-exporter.js');
    const sink = await startSink();
    const pbsp = new BatchSpanProcessor(new OtlpHttpTraceExporter({ url: sink.url }), { maxQueueSize: 2048 });
    const tracer = new TracerProvider({ spanProcessors: [pbsp] }).getTracer('zerotel-bench');
    out.pipelineSpan = (name) => tracer.startSpan(name);
    out.pipelineFlush = () => pbsp.forceFlush();
    out.server = sink.server;
  }
  return out;
}

async function zerotelApi(dir: string, pipeline: boolean): Promise<Target> {
  const [api] = (await need(dir, ['@opentelemetry/api'])) as [Mod];
  const z = await zerotelSetup(pipeline);
  const { registerGlobal } = await import('../otel-api/register.js');
  registerGlobal(api as never, { forwardDiagnostics: false });
  const handles = apiHandles(api, z.flush);
  handles.pipelineSpan = z.pipelineSpan;
  handles.pipelineFlush = z.pipelineFlush;
  return { handles, close: () => closeSink(z.server) };
}

async function zerotelNative(pipeline: boolean): Promise<Target> {
  const z = await zerotelSetup(pipeline);
  const { getTracer } = await import('../trace/api.js');
  const { createCounter, createHistogram } = await import('../metrics/api.js');
  const { extract, inject } = await import('../propagation/propagation.js');
  const tracer = getTracer('zerotel-bench');
  const counter = createCounter('bench.counter');
  const histogram = createHistogram('bench.histogram');
  const handles: BenchHandles = {
    startSpan: (name) => tracer.startSpan(name),
    startActiveSpan: (name, fn) => tracer.startActiveSpan(name, fn),
    extractInject: (carrier) => inject({}, extract(carrier)),
    counterAdd: (v, a) => counter.add(v, a),
    histogramRecord: (v, a) => histogram.record(v, a),
    flush: z.flush,
    pipelineSpan: z.pipelineSpan,
    pipelineFlush: z.pipelineFlush,
  };
  return { handles, close: () => closeSink(z.server) };
}

export function setUpTarget(name: TargetName, dir: string, pipeline: boolean): Promise<Target> {
  if (name === 'official') return official(dir, pipeline);
  if (name === 'zerotel-api') return zerotelApi(dir, pipeline);
  return zerotelNative(pipeline);
}
