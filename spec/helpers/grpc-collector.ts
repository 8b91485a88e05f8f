/**
 * A real gRPC OTLP collector for tests: @grpc/grpc-js serving the three OTLP
 * Export methods, each request decoded by the official protobuf decoders
 * (otlp-decoder's protobufjs root) as grpc-js deserializes it. The test
 * scripts every answer (status, message, RetryInfo, delay, partial success)
 * through `respond`. Bound to 127.0.0.1; port 0 unless a port is given (the
 * restart test reuses one); insecure unless TLS credentials are given.
 */
import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const root: any = require('otlp-decoder/build/src/generated/root.js');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const protobuf: any = require('protobufjs');

export type SignalName = 'traces' | 'metrics' | 'logs';

const collector = root.opentelemetry.proto.collector;
export const OTLP_SERVICES = {
  traces: { service: 'opentelemetry.proto.collector.trace.v1.TraceService', request: collector.trace.v1.ExportTraceServiceRequest, response: collector.trace.v1.ExportTraceServiceResponse, rejected: 'rejectedSpans' },
  metrics: { service: 'opentelemetry.proto.collector.metrics.v1.MetricsService', request: collector.metrics.v1.ExportMetricsServiceRequest, response: collector.metrics.v1.ExportMetricsServiceResponse, rejected: 'rejectedDataPoints' },
  logs: { service: 'opentelemetry.proto.collector.logs.v1.LogsService', request: collector.logs.v1.ExportLogsServiceRequest, response: collector.logs.v1.ExportLogsServiceResponse, rejected: 'rejectedLogRecords' },
} as const;

/** google.rpc.Status with a RetryInfo detail, encoded by protobufjs from the schema (not by our writer). */
const rpc = protobuf.parse(`
  syntax = "proto3";
  package google.rpc;
  message Any { string type_url = 1; bytes value = 2; }
  message Duration { int64 seconds = 1; int32 nanos = 2; }
  message RetryInfo { Duration retry_delay = 1; }
  message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
`).root;

export function retryInfoStatus(code: number, message: string, delayMs: number): Buffer {
  const RetryInfo = rpc.lookupType('google.rpc.RetryInfo');
  const Status = rpc.lookupType('google.rpc.Status');
  const info = RetryInfo.encode(RetryInfo.create({ retryDelay: { seconds: Math.floor(delayMs / 1000), nanos: (delayMs % 1000) * 1e6 } })).finish();
  return Buffer.from(Status.encode(Status.create({ code, message, details: [{ typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: info }] })).finish());
}

export interface GrpcCall {
  signal: SignalName;
  /** The request message as it arrived (decompressed by grpc-js). */
  bytes: Buffer;
  /** The official decoder's object (toObject, longs as strings, bytes as base64). */
  decoded: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** When the call arrived (ms, Date.now()). */
  at: number;
}

export interface GrpcAnswer {
  code?: number;
  details?: string;
  /** grpc-status-details-bin: a Status with RetryInfo of this many ms. */
  retryDelayMs?: number;
  /** Answer only after this many ms. */
  delayMs?: number;
  partial?: { rejected: number; errorMessage: string };
}

export interface GrpcCollector {
  readonly port: number;
  readonly url: string;
  readonly calls: GrpcCall[];
  respond: (call: GrpcCall, index: number) => GrpcAnswer;
  /** Names of the spans received in calls answered OK. */
  spanNames(): string[];
  close(): Promise<void>;
  /** Kills every connection at once (a crash). */
  kill(): void;
}

export async function startGrpcCollector(port = 0, credentials: grpc.ServerCredentials = grpc.ServerCredentials.createInsecure()): Promise<GrpcCollector> {
  const server = new grpc.Server();
  const calls: GrpcCall[] = [];
  const okIndexes = new Set<number>();
  const c: GrpcCollector = {
    port: 0,
    url: '',
    calls,
    respond: () => ({}),
    spanNames() {
      const out: string[] = [];
      calls.forEach((call, i) => {
        if (!okIndexes.has(i) || call.signal !== 'traces') return;
        for (const rs of (call.decoded['resourceSpans'] ?? []) as { scopeSpans: { spans: { name: string }[] }[] }[]) for (const ss of rs.scopeSpans) for (const s of ss.spans) out.push(s.name);
      });
      return out;
    },
    close: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
    kill: () => server.forceShutdown(),
  };
  for (const signal of ['traces', 'metrics', 'logs'] as const) {
    const { service, request, response, rejected } = OTLP_SERVICES[signal];
    const definition: grpc.ServiceDefinition = {
      Export: {
        path: `/${service}/Export`,
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => ({ bytes: Buffer.from(b), decoded: request.toObject(request.decode(b), { longs: String, enums: Number, bytes: String }) }),
        responseSerialize: (o: object) => Buffer.from(response.encode(response.fromObject(o)).finish()),
        responseDeserialize: (b: Buffer) => response.decode(b),
      },
    };
    server.addService(definition, {
      Export: (call: grpc.ServerUnaryCall<{ bytes: Buffer; decoded: Record<string, unknown> }, object>, callback: grpc.sendUnaryData<object>) => {
        const rec: GrpcCall = { signal, bytes: call.request.bytes, decoded: call.request.decoded, metadata: call.metadata.getMap(), at: Date.now() };
        calls.push(rec);
        const index = calls.length - 1;
        const answer = c.respond(rec, index);
        const reply = (): void => {
          if (answer.code !== undefined && answer.code !== 0) {
            const metadata = new grpc.Metadata();
            if (answer.retryDelayMs !== undefined) metadata.set('grpc-status-details-bin', retryInfoStatus(answer.code, answer.details ?? '', answer.retryDelayMs));
            callback({ code: answer.code, details: answer.details ?? '', metadata });
            return;
          }
          // A call the client cancelled (its deadline passed) delivered nothing.
          if (!call.cancelled) okIndexes.add(index);
          callback(null, answer.partial === undefined ? {} : { partialSuccess: { [rejected]: answer.partial.rejected, errorMessage: answer.partial.errorMessage } });
        };
        if (answer.delayMs !== undefined) setTimeout(reply, answer.delayMs).unref();
        else reply();
      },
    });
  }
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, credentials, (err, p) => (err ? reject(err) : resolve(p))),
  );
  Object.assign(c, { port: bound, url: `http://127.0.0.1:${bound}` });
  return c;
}
