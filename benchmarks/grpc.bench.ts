/**
 * OTLP/gRPC export, official @opentelemetry/exporter-trace-otlp-grpc (on
 * @grpc/grpc-js) vs zerotel (node:http2), the whole pipeline: span → batch
 * processor → protobuf → one unary gRPC call to a loopback server, per span.
 * The server is a bare node:http2 handler that reads the message and answers
 * OK, so its cost is small and the same for both.
 */
import { createServer } from 'node:http2';
import type { Http2Server, ServerHttp2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { BasicTracerProvider, BatchSpanProcessor as OfficialBSP } from '@opentelemetry/sdk-trace-base';
import type { BenchSuite } from './harness.js';
import { requestAttributes, spanBurst } from './harness.js';
import { BatchSpanProcessor } from '../lib/pipeline/batch-span-processor.js';
import { OtlpTraceExporter } from '../lib/exporters/otlp-trace-exporter.js';
import { TracerProvider } from '../lib/trace/tracer-provider.js';

const N = 512;
const EMPTY_FRAME = new Uint8Array(5);


let server: Http2Server | undefined;
const sessions = new Set<ServerHttp2Session>();
const cleanups: (() => Promise<void>)[] = [];

export const grpcSuite: BenchSuite = {
  name: 'grpc',
  async setup() {
    server = createServer();
    server.on('session', (s) => {
      sessions.add(s);
      s.on('close', () => sessions.delete(s));
    });
    server.on('stream', (stream) => {
      stream.on('error', () => {});
      stream.resume();
      stream.on('end', () => {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(EMPTY_FRAME);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const oBsp = new OfficialBSP(new OTLPTraceExporter({ url }), { maxExportBatchSize: N, maxQueueSize: 2048, scheduledDelayMillis: 60_000 });
    const oPipe = new BasicTracerProvider({ spanProcessors: [oBsp] }).getTracer('bench');
    const zBsp = new BatchSpanProcessor(new OtlpTraceExporter({ protocol: 'grpc', url }), { maxExportBatchSize: N, maxQueueSize: 2048, scheduledDelayMillis: 60_000 });
    const zPipe = new TracerProvider({ spanProcessors: [zBsp] }).getTracer('bench');
    cleanups.push(() => oBsp.shutdown(), () => zBsp.shutdown());

    return [
      {
        task: 'pipeline: span → batch → protobuf → loopback gRPC (per span)',
        ops: N,
        target: 3,
        official: spanBurst(oPipe, () => oBsp.forceFlush(), N),
        zerotel: spanBurst(zPipe, () => zBsp.forceFlush(), N),
        note: `official: sdk-trace-base BatchSpanProcessor + exporter-trace-otlp-grpc (grpc-js); zerotel: BatchSpanProcessor + OtlpTraceExporter protocol grpc (node:http2); ${N} spans per batch; spans/s = 1e9 / ns`,
      },
    ];
  },
  async teardown() {
    for (const c of cleanups.splice(0)) await c();
    await new Promise<void>((resolve) => {
      if (server === undefined) return resolve();
      server.close(() => resolve());
      for (const s of sessions) s.close();
    });
    server = undefined;
  },
};
