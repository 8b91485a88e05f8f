/**
 * Our OTLP/gRPC exporter against a real gRPC stack: @grpc/grpc-js serving the
 * three OTLP services, requests decoded by the official protobuf decoders.
 * What arrives is byte for byte the canonical encoding of what was recorded
 * (our encoders are checked field by field against the official decoders in
 * spec/otlp, spec/metrics, spec/logs), plain and gzip'd, with the user's
 * headers as metadata and the server's partial_success reported.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OtlpTraceExporter } from '../../lib/exporters/otlp-trace-exporter.js';
import { OtlpMetricExporter } from '../../lib/exporters/otlp-metrics-exporter.js';
import { OtlpLogExporter } from '../../lib/exporters/otlp-logs-exporter.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { encodeMetricsProto } from '../../lib/otlp/metrics-proto.js';
import { encodeLogsProto } from '../../lib/otlp/logs-proto.js';
import { droppedCounts } from '../../lib/common/diag.js';
import { goldenSpans, withGoldenTime } from '../helpers/golden-spans.js';
import { goldenLogRecords } from '../helpers/golden-logs.js';
import { goldenMetrics } from '../metrics/golden-metrics.js';
import { captureDiag } from '../helpers/diag.js';
import { startGrpcCollector } from '../helpers/grpc-collector.js';
import type { ExportResult } from '../../lib/trace/span-exporter.js';

type Case = {
  signal: 'traces' | 'metrics' | 'logs';
  /** Exports the golden items through a gRPC exporter; returns the result and the canonical bytes of those items. */
  run: (url: string, compression: 'gzip' | 'none') => Promise<{ result: ExportResult; expected: Uint8Array; shutdown: () => Promise<void> }>;
  /** A field the official decoder must show, proving it read the message, not only that the bytes match. */
  probe: (decoded: Record<string, unknown>) => unknown;
};

const headers = { 'x-tenant': 'acme', Authorization: 'Bearer t0k3n' };

const cases: Case[] = [
  {
    signal: 'traces',
    run: async (url, compression) => {
      const spans = withGoldenTime(goldenSpans);
      const exporter = new OtlpTraceExporter({ protocol: 'grpc', url, compression, headers });
      const result = await withGoldenTime(() => exporter.export(spans));
      return { result, expected: withGoldenTime(() => encodeTracesProto(spans)), shutdown: () => exporter.shutdown() };
    },
    probe: (d) => (d['resourceSpans'] as { scopeSpans: { spans: unknown[] }[] }[]).flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)).length,
  },
  {
    signal: 'metrics',
    run: async (url, compression) => {
      const rm = goldenMetrics();
      const exporter = new OtlpMetricExporter({ protocol: 'grpc', url, compression, headers });
      const result = await exporter.export(rm);
      return { result, expected: encodeMetricsProto([rm]), shutdown: () => exporter.shutdown() };
    },
    probe: (d) => (d['resourceMetrics'] as { scopeMetrics: { metrics: unknown[] }[] }[]).flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics)).length,
  },
  {
    signal: 'logs',
    run: async (url, compression) => {
      const records = withGoldenTime(goldenLogRecords);
      const exporter = new OtlpLogExporter({ protocol: 'grpc', url, compression, headers });
      const result = await withGoldenTime(() => exporter.export(records));
      return { result, expected: withGoldenTime(() => encodeLogsProto(records)), shutdown: () => exporter.shutdown() };
    },
    probe: (d) => (d['resourceLogs'] as { scopeLogs: { logRecords: unknown[] }[] }[]).flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords)).length,
  },
];

const expectedCounts = { traces: withGoldenTime(goldenSpans).length, metrics: 0, logs: withGoldenTime(goldenLogRecords).length };
expectedCounts.metrics = goldenMetrics().scopeMetrics.reduce((n, s) => n + s.metrics.length, 0);

describe('OTLP/gRPC export to @grpc/grpc-js with the official decoders', () => {
  for (const c of cases) {
    for (const compression of ['none', 'gzip'] as const) {
      test(`${c.signal}${compression === 'gzip' ? ', gzip' : ''}: one call on the ${c.signal} service, the canonical bytes, headers as metadata`, async (t) => {
        const collector = await startGrpcCollector();
        t.after(() => collector.close());
        const { result, expected, shutdown } = await c.run(collector.url, compression);
        t.after(shutdown);
        assert.deepEqual(result, { code: 'success' });
        assert.equal(collector.calls.length, 1);
        const call = collector.calls[0]!;
        assert.equal(call.signal, c.signal);
        assert.deepEqual(call.bytes, Buffer.from(expected));
        assert.equal(c.probe(call.decoded), expectedCounts[c.signal]);
        assert.equal(call.metadata['x-tenant'], 'acme');
        assert.equal(call.metadata['authorization'], 'Bearer t0k3n');
        assert.equal(call.metadata['user-agent']?.toString().startsWith('zerotel-grpc'), true);
      });
    }
  }

  test('a partial_success in the response is read and counted as rejected', async (t) => {
    const diag = captureDiag();
    t.after(() => diag.restore());
    const collector = await startGrpcCollector();
    t.after(() => collector.close());
    collector.respond = () => ({ partial: { rejected: 2, errorMessage: 'two spans too old' } });
    const exporter = new OtlpTraceExporter({ protocol: 'grpc', url: collector.url });
    t.after(() => exporter.shutdown());
    const result = await withGoldenTime(() => exporter.export(withGoldenTime(goldenSpans)));
    assert.equal(result.code, 'success');
    assert.equal(droppedCounts()['otlp.traces.rejected'], 2);
    assert.ok(diag.messages.some((m) => m.message.includes('two spans too old')));
  });

  test('traces, metrics and logs to one endpoint share one HTTP/2 session', async (t) => {
    const collector = await startGrpcCollector();
    t.after(() => collector.close());
    const traces = new OtlpTraceExporter({ protocol: 'grpc', url: collector.url });
    const logs = new OtlpLogExporter({ protocol: 'grpc', url: collector.url });
    t.after(() => Promise.all([traces.shutdown(), logs.shutdown()]));
    assert.equal((await withGoldenTime(() => traces.export(withGoldenTime(goldenSpans)))).code, 'success');
    assert.equal((await withGoldenTime(() => logs.export(withGoldenTime(goldenLogRecords)))).code, 'success');
    const { acquireSession } = await import('../../lib/transport/grpc/grpc-session.js');
    const held = acquireSession(new URL(collector.url).origin, {});
    t.after(() => held.release());
    assert.equal(held.session.connects, 1, 'both exporters rode the one session opened by the first');
    assert.equal(held.session.state, 'ready');
  });
});
