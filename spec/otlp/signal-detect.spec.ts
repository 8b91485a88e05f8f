/**
 * Telling the signal of an OTLP/protobuf request from its structure: payloads written by the official
 * SDK's serializers and by ours are recognised; one signal's payload is never taken for another's;
 * empty and malformed payloads are refused with the reason.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { encodeLogsProto } from '../../lib/otlp/logs-proto.js';
import { encodeMetricsProto } from '../../lib/otlp/metrics-proto.js';
import { detectSignal } from '../../lib/otlp/signal-detect.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { goldenLogRecords, toOfficialLogRecord } from '../helpers/golden-logs.js';
import { goldenSpans, toOfficialSpan, withGoldenTime } from '../helpers/golden-spans.js';
import { goldenMetrics, toOfficialResourceMetrics } from '../metrics/golden-metrics.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const payloads = withGoldenTime(() => {
  const cache = new Map<object, object>();
  return {
    'our traces': { bytes: encodeTracesProto(goldenSpans()), signal: 'traces' },
    'our metrics': { bytes: encodeMetricsProto(goldenMetrics()), signal: 'metrics' },
    'our logs': { bytes: encodeLogsProto(goldenLogRecords()), signal: 'logs' },
    'official traces': { bytes: ProtobufTraceSerializer.serializeRequest(goldenSpans().map((s) => toOfficialSpan(s, cache)) as any)!, signal: 'traces' },
    'official metrics': { bytes: ProtobufMetricsSerializer.serializeRequest(toOfficialResourceMetrics(goldenMetrics()) as any)!, signal: 'metrics' },
    'official logs': { bytes: ProtobufLogsSerializer.serializeRequest(goldenLogRecords().map((r) => toOfficialLogRecord(r, cache)) as any)!, signal: 'logs' },
  } as const;
});

describe('signal detection', () => {
  for (const [name, { bytes, signal }] of Object.entries(payloads)) {
    test(`${name} are recognised as ${signal}`, () => {
      assert.deepEqual(detectSignal(bytes), { ok: true, signal });
    });
  }

  test('a metrics payload of gauges with only names (fields a span also has) is still metrics', () => {
    // Metric { 1 name "abc", 5 gauge { 1 data_points { 4 as_double 1.0 } } }: a Span has LEN fields 1 and 5
    // too, but its field 1 is a 16-byte id.
    const point = [0x21, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f];
    const gauge = [0x0a, point.length, ...point];
    const metric = [0x0a, 3, 0x61, 0x62, 0x63, 0x2a, gauge.length, ...gauge];
    const scope = [0x12, metric.length, ...metric];
    const resource = [0x12, scope.length, ...scope];
    assert.deepEqual(detectSignal(Uint8Array.from([0x0a, resource.length, ...resource])), { ok: true, signal: 'metrics' });
  });

  test('a request without any item is ambiguous', () => {
    for (const bytes of [new Uint8Array(0), Uint8Array.from([0x0a, 0x00]), Uint8Array.from([0x0a, 0x02, 0x12, 0x00])]) {
      const d = detectSignal(bytes);
      assert.equal(d.ok, false);
      assert.equal(!d.ok && d.reason, 'ambiguous');
    }
  });

  test('malformed bytes are invalid, with the decoder\'s reason', () => {
    const d = detectSignal(Uint8Array.from([0x0a, 0x05, 0x12]));
    assert.equal(d.ok, false);
    assert.equal(!d.ok && d.reason, 'invalid');
    assert.match(!d.ok ? d.message : '', /truncated/);
  });
});
