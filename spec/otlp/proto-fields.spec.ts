import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeMetricsRequest } from '../../lib/otlp/metrics-reader.js';
import { fixed64Field, I64, LEN, messageReader, packedField, stringField, tagOf, VARINT } from '../../lib/otlp/proto-fields.js';
import { ProtoReader } from '../../lib/otlp/proto-reader.js';
import { ProtoWriter } from '../../lib/otlp/proto-writer.js';

interface Probe {
  name?: string;
  time?: string;
  values?: string[];
}

const readValue = (r: ProtoReader): string => r.uint64String();
const values = packedField<Probe, string>('values', readValue);
const readProbe = messageReader<Probe>(() => ({}), {
  [tagOf(1, LEN)]: stringField('name'),
  [tagOf(2, I64)]: fixed64Field('time'),
  [tagOf(3, VARINT)]: values,
  [tagOf(3, LEN)]: values,
});

function bytes(write: (w: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter(64);
  write(w);
  return w.finish();
}

describe('table-driven message readers', () => {
  test('a repeated scalar is read packed and unpacked into one list', () => {
    const b = bytes((w) => {
      w.tag(3, 0);
      w.uint32(1);
      w.tag(3, 2);
      const p = w.fork();
      w.uint32(2);
      w.uint32(300);
      w.join(p);
      w.tag(3, 0);
      w.uint32(4);
    });
    assert.deepEqual(readProbe(new ProtoReader(b)), { values: ['1', '2', '300', '4'] });
  });

  test('unknown fields, and known fields sent with another wire type, are skipped', () => {
    const b = bytes((w) => {
      w.tag(9, 2);
      w.string('unknown');
      w.tag(1, 0); // name sent as a varint: not a string, skipped
      w.uint32(5);
      w.tag(2, 1);
      w.fixed64(7, 0);
      w.tag(200, 5);
      w.fixed32(1);
    });
    assert.deepEqual(readProbe(new ProtoReader(b)), { time: '7' });
  });

  test('unpacked histogram bucket counts and bounds decode like packed ones', () => {
    // ExportMetricsServiceRequest → ResourceMetrics → ScopeMetrics → Metric{histogram} → one point.
    const point = bytes((w) => {
      w.tag(4, 1);
      w.fixed64(3, 0);
      for (const c of [1, 2]) {
        w.tag(6, 1);
        w.fixed64(c, 0);
      }
      w.tag(7, 1);
      w.double(10);
    });
    const req = bytes((w) => {
      w.tag(1, 2);
      const rm = w.fork();
      w.tag(2, 2);
      const sm = w.fork();
      w.tag(2, 2);
      const m = w.fork();
      w.stringField(1, 'h');
      w.tag(9, 2);
      const h = w.fork();
      w.tag(1, 2);
      w.bytes(point);
      w.join(h);
      w.join(m);
      w.join(sm);
      w.join(rm);
    });
    const decoded = decodeMetricsRequest(req);
    assert.deepEqual(decoded.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0], {
      name: 'h',
      histogram: { dataPoints: [{ count: '3', bucketCounts: ['1', '2'], explicitBounds: [10] }] },
    });
  });
});
