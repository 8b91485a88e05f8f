/**
 * The dashboard's OTLP/gRPC receiver. The official exporters
 * (@opentelemetry/exporter-{trace,metrics,logs}-otlp-grpc, on @grpc/grpc-js)
 * send to it, and what it hands to ingest is byte for byte what the official
 * serializer makes of the recorded data, and reads back with our readers (the
 * ones the dashboard store ingests with). A grpc-js generic client checks the
 * protocol answers: unknown methods, malformed input, the size cap,
 * compression, the token.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { gzipSync } from 'node:zlib';
import { startGrpcReceiver } from '../../lib/dashboard/grpc-receiver.js';
import type { GrpcIngestMeta, GrpcIngestResult, GrpcSignal } from '../../lib/dashboard/grpc-receiver.js';
import { decodeTracesRequest } from '../../lib/otlp/trace-reader.js';
import { decodeMetricsRequest } from '../../lib/otlp/metrics-reader.js';
import { decodeLogsRequest } from '../../lib/otlp/logs-reader.js';
import { OtlpTraceExporter } from '../../lib/exporters/otlp-trace-exporter.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { droppedCounts } from '../../lib/common/diag.js';
import { captureDiag } from '../helpers/diag.js';

interface Handed {
  signal: GrpcSignal;
  body: Buffer;
  meta: GrpcIngestMeta;
}

/** Stands in for the dashboard's ingestOtlp: decodes with our readers, answers as contract 2 says. */
function recordingIngest(handed: Handed[], answer?: (h: Handed) => GrpcIngestResult) {
  return (signal: GrpcSignal, body: Uint8Array, meta: GrpcIngestMeta): GrpcIngestResult => {
    const h = { signal, body: Buffer.from(body), meta };
    handed.push(h);
    if (answer !== undefined) return answer(h);
    try {
      (signal === 'traces' ? decodeTracesRequest : signal === 'metrics' ? decodeMetricsRequest : decodeLogsRequest)(body);
    } catch (err) {
      return { ok: false, status: 'invalid', message: `malformed ${signal} request: ${(err as Error).message}` };
    }
    return { ok: true, rejected: 0 };
  };
}

async function receiverFor(t: { after: (fn: () => unknown) => void }, handed: Handed[], extra: Partial<Parameters<typeof startGrpcReceiver>[0]> = {}) {
  const r = await startGrpcReceiver({ port: 0, ingest: recordingIngest(handed), ...extra });
  t.after(() => r.close());
  return r;
}

const exportOnce = <T>(exporter: { export(items: T, cb: (r: { code: number; error?: Error }) => void): void }, items: T) =>
  new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(items, resolve));

const resource = resourceFromAttributes({ 'service.name': 'official-sdk', 'host.cpus': 2 });

describe('the official OTLP/gRPC exporters send to our receiver', () => {
  for (const compression of ['none', 'gzip'] as const) {
    test(`traces${compression === 'gzip' ? ', gzip' : ''}: ingest gets exactly the official serialization of the recorded spans`, async (t) => {
      const handed: Handed[] = [];
      const receiver = await receiverFor(t, handed);
      const memory = new InMemorySpanExporter();
      const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(memory)] });
      const tracer = provider.getTracer('official', '1.0.0');
      tracer.startActiveSpan('parent', { attributes: { 'http.route': '/x', retries: 3, ok: true, ratio: 0.5, tags: ['a', 'b'] } }, (parent) => {
        tracer.startSpan('child').addEvent('cache miss', { key: 'k' }).end();
        parent.setStatus({ code: 2, message: 'boom' });
        parent.end();
      });
      const spans = memory.getFinishedSpans();
      const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${receiver.port}`, compression: compression as never });
      t.after(() => exporter.shutdown());
      const result = await exportOnce(exporter, spans);
      assert.equal(result.code, 0, result.error?.message);
      assert.equal(handed.length, 1);
      assert.equal(handed[0]!.signal, 'traces');
      assert.equal(handed[0]!.meta.contentEncoding, compression === 'gzip' ? 'gzip' : 'identity');
      assert.deepEqual(handed[0]!.body, Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!));
      const decoded = decodeTracesRequest(handed[0]!.body);
      const names = decoded.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)));
      assert.deepEqual(names.sort(), ['child', 'parent']);
    });
  }

  test('metrics: ingest gets exactly the official serialization of the collected metrics', async (t) => {
    const handed: Handed[] = [];
    const receiver = await receiverFor(t, handed);
    class Reader extends MetricReader {
      protected override onForceFlush(): Promise<void> {
        return Promise.resolve();
      }
      protected override onShutdown(): Promise<void> {
        return Promise.resolve();
      }
    }
    const reader = new Reader();
    const provider = new MeterProvider({ resource, readers: [reader] });
    const meter = provider.getMeter('official-meter');
    meter.createCounter('requests').add(5, { route: '/a' });
    meter.createHistogram('latency', { unit: 'ms' }).record(12.5, { route: '/a' });
    const { resourceMetrics } = await reader.collect();
    const exporter = new OTLPMetricExporter({ url: `http://127.0.0.1:${receiver.port}` });
    t.after(() => exporter.shutdown());
    const result = await exportOnce(exporter, resourceMetrics);
    assert.equal(result.code, 0, result.error?.message);
    assert.equal(handed.length, 1);
    assert.equal(handed[0]!.signal, 'metrics');
    assert.deepEqual(handed[0]!.body, Buffer.from(ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!));
    const names = decodeMetricsRequest(handed[0]!.body).resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.name)));
    assert.deepEqual(names.sort(), ['latency', 'requests']);
  });

  test('logs: ingest gets exactly the official serialization of the emitted records', async (t) => {
    const handed: Handed[] = [];
    const receiver = await receiverFor(t, handed);
    const memory = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
    const logger = provider.getLogger('official-logger');
    logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'hello', attributes: { user: 'u1' } });
    logger.emit({ severityNumber: 17, body: { nested: [1, 'two'] } });
    const records = memory.getFinishedLogRecords();
    const exporter = new OTLPLogExporter({ url: `http://127.0.0.1:${receiver.port}` });
    t.after(() => exporter.shutdown());
    const result = await exportOnce(exporter, records);
    assert.equal(result.code, 0, result.error?.message);
    assert.equal(handed.length, 1);
    assert.equal(handed[0]!.signal, 'logs');
    assert.deepEqual(handed[0]!.body, Buffer.from(ProtobufLogsSerializer.serializeRequest(records)!));
    const bodies = decodeLogsRequest(handed[0]!.body).resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords.map((l) => l.body)));
    assert.deepEqual(bodies[0], { stringValue: 'hello' });
  });
});

/** A grpc-js client for any method, bytes in and out. */
function rawCall(port: number, path: string, body: Buffer, metadata = new grpc.Metadata(), options: grpc.ChannelOptions = {}) {
  const Client = grpc.makeGenericClientConstructor(
    { Call: { path, requestStream: false, responseStream: false, requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b } },
    'Raw',
  );
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options);
  return new Promise<{ error: grpc.ServiceError | null; response: Buffer | undefined }>((resolve) => {
    (client as unknown as { Call: (b: Buffer, m: grpc.Metadata, cb: (e: grpc.ServiceError | null, r?: Buffer) => void) => void }).Call(body, metadata, (error, response) => {
      client.close();
      resolve({ error, response });
    });
  });
}

const TRACES = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

describe('the gRPC receiver answers with proper gRPC status', () => {
  test('an unknown method is UNIMPLEMENTED', async (t) => {
    const handed: Handed[] = [];
    const r = await receiverFor(t, handed);
    const { error } = await rawCall(r.port, '/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export', Buffer.alloc(0));
    assert.equal(error?.code, grpc.status.UNIMPLEMENTED);
    assert.equal(handed.length, 0);
  });

  test('a malformed message is INVALID_ARGUMENT with the reader\'s message', async (t) => {
    const handed: Handed[] = [];
    const r = await receiverFor(t, handed);
    const { error } = await rawCall(r.port, TRACES, Buffer.from([0x0a, 0x7f, 0x01]));
    assert.equal(error?.code, grpc.status.INVALID_ARGUMENT);
    assert.match(error?.details ?? '', /^malformed traces request: truncated/);
  });

  test('a message over the cap is RESOURCE_EXHAUSTED and never reaches ingest', async (t) => {
    const handed: Handed[] = [];
    const r = await receiverFor(t, handed, { maxMessageBytes: 1000 });
    const { error } = await rawCall(r.port, TRACES, Buffer.alloc(5000));
    assert.equal(error?.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.equal(handed.length, 0);
  });

  test('a gzip message that inflates past the cap is RESOURCE_EXHAUSTED', async (t) => {
    const handed: Handed[] = [];
    const r = await receiverFor(t, handed, { maxMessageBytes: 10_000 });
    const { error } = await rawCall(r.port, TRACES, Buffer.alloc(200_000), new grpc.Metadata(), { 'grpc.default_compression_algorithm': 2 });
    assert.equal(error?.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.equal(handed.length, 0);
  });

  test('a compressed message in an unknown encoding is refused; gzip is inflated', async (t) => {
    const handed: Handed[] = [];
    const r = await receiverFor(t, handed);
    const message = Buffer.from([0x0a, 0x00]);
    const send = async (encoding: string | undefined, payload: Buffer) => {
      const { connect } = await import('node:http2');
      const session = connect(`http://127.0.0.1:${r.port}`);
      t.after(() => session.close());
      const stream = session.request({ ':method': 'POST', ':path': TRACES, 'content-type': 'application/grpc', te: 'trailers', ...(encoding !== undefined && { 'grpc-encoding': encoding }) });
      const frame = Buffer.alloc(5 + payload.length);
      frame[0] = 1;
      frame.writeUInt32BE(payload.length, 1);
      payload.copy(frame, 5);
      stream.end(frame);
      return new Promise<string>((resolve) => {
        let status = '';
        stream.on('response', (h) => (status = String(h['grpc-status'] ?? status)));
        stream.on('trailers', (h) => (status = String(h['grpc-status'] ?? status)));
        stream.on('close', () => resolve(status));
        stream.resume();
      });
    };
    assert.equal(await send('snappy', message), String(grpc.status.UNIMPLEMENTED));
    assert.equal(await send(undefined, message), String(grpc.status.INTERNAL));
    assert.equal(await send('gzip', gzipSync(message)), String(grpc.status.OK));
    assert.equal(handed.length, 1);
    assert.deepEqual(handed[0]!.body, message);
  });

  test('what ingest rejects comes back as partial_success, which our exporter counts', async (t) => {
    const diag = captureDiag();
    t.after(() => diag.restore());
    const handed: Handed[] = [];
    const r = await startGrpcReceiver({ port: 0, ingest: recordingIngest(handed, () => ({ ok: true, rejected: 2, message: 'store full: 2 spans evicted' })) });
    t.after(() => r.close());
    const exporter = new OtlpTraceExporter({ protocol: 'grpc', url: `http://127.0.0.1:${r.port}` });
    t.after(() => exporter.shutdown());
    const tracer = new TracerProvider().getTracer('x');
    const spans = [tracer.startSpan('a'), tracer.startSpan('b')];
    for (const s of spans) s.end();
    assert.deepEqual(await exporter.export(spans), { code: 'success' });
    assert.equal(droppedCounts()['otlp.traces.rejected'], 2);
    assert.ok(diag.messages.some((m) => m.message.includes('store full: 2 spans evicted')));
  });

  test('beyond loopback a token is required; with one, calls without it are UNAUTHENTICATED', async (t) => {
    await assert.rejects(startGrpcReceiver({ host: '0.0.0.0', port: 0, ingest: () => ({ ok: true, rejected: 0 }) }), /token is required/);
    const handed: Handed[] = [];
    const r = await receiverFor(t, handed, { token: 's3cret' });
    const without = await rawCall(r.port, TRACES, Buffer.alloc(0));
    assert.equal(without.error?.code, grpc.status.UNAUTHENTICATED);
    const wrong = new grpc.Metadata();
    wrong.set('authorization', 'Bearer nope!');
    assert.equal((await rawCall(r.port, TRACES, Buffer.alloc(0), wrong)).error?.code, grpc.status.UNAUTHENTICATED);
    const right = new grpc.Metadata();
    right.set('authorization', 'Bearer s3cret');
    const ok = await rawCall(r.port, TRACES, Buffer.alloc(0), right);
    assert.equal(ok.error, null);
    assert.equal(handed.length, 1);
  });
});
