/**
 * Export paths, official @opentelemetry/otlp-transformer 0.223 vs zerotel:
 * OTLP/JSON and OTLP/protobuf encoding of 512 spans (5 attributes, 1 event
 * each), and the whole pipeline — span → batch processor → encode → HTTP POST
 * to a loopback collector — per span.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, BatchSpanProcessor as OfficialBSP, InMemorySpanExporter, SimpleSpanProcessor as OfficialSimple } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, SpanExporter as OfficialExporter } from '@opentelemetry/sdk-trace-base';
import type { BenchSuite } from './harness.js';
import { requestAttributes, spanBurst } from './harness.js';
import { BatchSpanProcessor } from '../lib/pipeline/batch-span-processor.js';
import { OtlpHttpTraceExporter } from '../lib/exporters/otlp-trace-exporter.js';
import { encodeTracesJsonBytes } from '../lib/otlp/trace-json.js';
import { encodeTracesProto } from '../lib/otlp/trace-proto.js';
import type { Span } from '../lib/trace/span.js';
import { TracerProvider } from '../lib/trace/tracer-provider.js';

const N = 512;


/** The official pipeline's exporter: its protobuf serializer and a keep-alive POST (the OTLP exporter packages are not installed). */
function officialHttpExporter(url: string): OfficialExporter {
  const agent = new Agent({ keepAlive: true });
  return {
    export(spans: ReadableSpan[], done: (r: { code: number }) => void) {
      const body = ProtobufTraceSerializer.serializeRequest(spans)!;
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => done({ code: 0 }));
      });
      req.on('error', () => done({ code: 1 }));
      req.end(body);
    },
    shutdown: () => {
      agent.destroy();
      return Promise.resolve();
    },
  };
}

let server: Server | undefined;
const cleanups: (() => Promise<void>)[] = [];

export const exportSuite: BenchSuite = {
  name: 'export',
  async setup() {
    // The encoders' input: 512 ended spans of each SDK, built the same way.
    const memory = new InMemorySpanExporter();
    const official = new BasicTracerProvider({ spanProcessors: [new OfficialSimple(memory)] });
    const ot = official.getTracer('bench');
    const zt = new TracerProvider().getTracer('bench');
    const zSpans: Span[] = [];
    for (let i = 0; i < N; i++) {
      const a = ot.startSpan('GET /users/:id', { attributes: requestAttributes(i) });
      a.addEvent('cache.miss', { 'cache.key': `user:${i}` });
      a.end();
      const z = zt.startSpan('GET /users/:id', { attributes: requestAttributes(i) });
      z.addEvent('cache.miss', { 'cache.key': `user:${i}` });
      z.end();
      zSpans.push(z);
    }
    const oSpans = memory.getFinishedSpans();
    const jsonSizes = `${JsonTraceSerializer.serializeRequest(oSpans)!.length} B official, ${encodeTracesJsonBytes(zSpans).length} B zerotel`;
    const protoSizes = `${ProtobufTraceSerializer.serializeRequest(oSpans)!.length} B official, ${encodeTracesProto(zSpans).length} B zerotel`;

    // The loopback collector: reads each request and answers 200.
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;

    const oBsp = new OfficialBSP(officialHttpExporter(url), { maxExportBatchSize: N, maxQueueSize: 2048, scheduledDelayMillis: 60_000 });
    const oPipe = new BasicTracerProvider({ spanProcessors: [oBsp] }).getTracer('bench');
    const zBsp = new BatchSpanProcessor(new OtlpHttpTraceExporter({ url }), { maxExportBatchSize: N, maxQueueSize: 2048, scheduledDelayMillis: 60_000 });
    const zPipe = new TracerProvider({ spanProcessors: [zBsp] }).getTracer('bench');
    cleanups.push(() => oBsp.shutdown(), () => zBsp.shutdown());

    return [
      {
        task: `OTLP/JSON encode ${N} spans (5 attrs, 1 event)`,
        ops: 1,
        target: 5,
        official: () => JsonTraceSerializer.serializeRequest(oSpans),
        zerotel: () => encodeTracesJsonBytes(zSpans),
        note: `bytes out: ${jsonSizes}; zerotel writes 64-bit ints as strings and omits proto3 defaults`,
      },
      {
        task: `OTLP/protobuf encode ${N} spans (5 attrs, 1 event)`,
        ops: 1,
        target: 4,
        official: () => ProtobufTraceSerializer.serializeRequest(oSpans),
        zerotel: () => encodeTracesProto(zSpans),
        note: `bytes out: ${protoSizes}`,
      },
      {
        task: `pipeline: span → batch → protobuf → loopback POST (per span)`,
        ops: N,
        official: spanBurst(oPipe, () => oBsp.forceFlush(), N),
        zerotel: spanBurst(zPipe, () => zBsp.forceFlush(), N),
        note: 'official: sdk-trace-base BatchSpanProcessor + ProtobufTraceSerializer + keep-alive POST (its OTLP exporter package is not installed); spans/s = 1e9 / ns',
      },
    ];
  },
  async teardown() {
    for (const c of cleanups.splice(0)) await c();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  },
};
