/**
 * The metrics encoders against golden vectors, the official protobuf decoder
 * (protobufjs root generated from opentelemetry-proto) and the official
 * JsonMetricsSerializer of @opentelemetry/otlp-transformer 0.223.1.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { encodeMetricsJson } from '../../lib/otlp/metrics-json.js';
import { encodeMetricsProto } from '../../lib/otlp/metrics-proto.js';
import { decodeMetricsRequest } from '../../lib/otlp/metrics-reader.js';
import { ProtoDecodeError } from '../../lib/otlp/proto-reader.js';
import { ProtoWriter } from '../../lib/otlp/proto-writer.js';
import { withGoldenTime } from '../helpers/golden-spans.js';
import { FIXTURES, LIB_BUILD } from '../helpers/paths.js';
import { goldenMetrics, toOfficialResourceMetrics } from './golden-metrics.js';
import { setup } from './helpers.js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const root: any = require('otlp-decoder/build/src/generated/root.js');
const Request = root.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

const GOLDEN_JSON = join(FIXTURES, 'golden-metrics.json');
const GOLDEN_PROTO = join(FIXTURES, 'golden-metrics.binpb');
const UPDATE = process.env['ZEROTEL_UPDATE_GOLDEN'] === '1';

const rm = goldenMetrics();
const ourJson = withGoldenTime(() => encodeMetricsJson(rm));
const ourProto = withGoldenTime(() => encodeMetricsProto(rm));
if (UPDATE) {
  writeFileSync(GOLDEN_JSON, ourJson + '\n');
  writeFileSync(GOLDEN_PROTO, ourProto);
}

/** Keys whose presence matters even at a zero value (oneof members, proto3 `optional`). */
const KEEP_ZERO = new Set(['asDouble', 'asInt', 'sum', 'min', 'max', 'intValue', 'doubleValue', 'boolValue', 'stringValue']);
/** 64-bit integer fields: the official JSON serializer writes numbers, the spec strings. */
const INT64 = new Set(['asInt', 'count', 'bucketCounts', 'zeroCount', 'startTimeUnixNano', 'timeUnixNano', 'intValue']);

/** Removes proto3 defaults and brings 64-bit integers to the spec's string form. */
function normalize(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => (INT64.has(key) && typeof x === 'number' ? String(x) : normalize(x)));
  if (INT64.has(key) && typeof v === 'number') return String(v);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined || x === null) continue;
    if (!KEEP_ZERO.has(k) && (x === 0 || x === '' || x === '0' || x === false || (Array.isArray(x) && x.length === 0))) continue;
    const n = normalize(x, k);
    if (n !== null && typeof n === 'object' && !Array.isArray(n) && Object.keys(n).length === 0 && k !== 'value') continue;
    out[k] = n;
  }
  return out;
}

function officialDecode(bytes: Uint8Array): unknown {
  return Request.toObject(Request.decode(bytes), { longs: String, enums: Number, json: true });
}

describe('metrics encoders', () => {
  test('the JSON encoding matches the checked-in golden text exactly', () => {
    assert.equal(ourJson + '\n', readFileSync(GOLDEN_JSON, 'utf8'));
  });

  test('the protobuf encoding matches the checked-in golden bytes exactly', () => {
    assert.deepEqual(Buffer.from(ourProto), readFileSync(GOLDEN_PROTO));
  });

  test('the official decoder reads our protobuf as exactly what our JSON says, field by field', () => {
    const official = normalize(officialDecode(ourProto)) as { resourceMetrics: { scopeMetrics: { metrics: unknown[] }[] }[] };
    const fromJson = normalize(JSON.parse(ourJson)) as typeof official;
    // Field by field first, for a readable failure, then the whole request.
    const a = official.resourceMetrics[0]!.scopeMetrics;
    const b = fromJson.resourceMetrics[0]!.scopeMetrics;
    assert.equal(a.length, b.length);
    for (let s = 0; s < a.length; s++) {
      for (let m = 0; m < b[s]!.metrics.length; m++) assert.deepEqual(a[s]!.metrics[m], b[s]!.metrics[m], `scope ${s} metric ${m}`);
    }
    assert.deepEqual(official, fromJson);
  });

  test('our reader decodes our protobuf into exactly our OTLP/JSON (no normalization)', () => {
    assert.deepEqual(decodeMetricsRequest(ourProto), JSON.parse(ourJson));
  });

  test('the JSON matches the official JsonMetricsSerializer, except where the official deviates from the OTLP/JSON spec', () => {
    const official = withGoldenTime(() =>
      JSON.parse(Buffer.from(JsonMetricsSerializer.serializeRequest(toOfficialResourceMetrics(rm) as never)!).toString('utf8')),
    );
    // Deviation: the official writes asInt, count, bucketCounts and zeroCount as JSON numbers; the
    // spec (proto3 JSON) says 64-bit integers are decimal strings. normalize() turns them into strings.
    const raw = JSON.stringify(official);
    assert.match(raw, /"asInt":-42/, 'the official deviation this test accounts for is still there');
    assert.match(ourJson, /"asInt":"-42"/);
    // Deviation: the official also copies the schema URL INTO the Resource message, which has no
    // such field (ResourceMetrics.schema_url carries it, and both write that one).
    const officialResource = official.resourceMetrics[0].resource;
    assert.equal(officialResource.schemaUrl, rm.resource.schemaUrl);
    delete officialResource.schemaUrl;
    assert.deepEqual(normalize(official), normalize(JSON.parse(ourJson)));
  });

  test('a live collection round-trips through protobuf with exact epoch nanoseconds', async () => {
    const { provider, collect } = setup();
    const c = provider.getMeter('live', '1').createCounter('c', { valueType: 'int' });
    c.add(5, { k: 'v' });
    provider.getMeter('live', '1').createHistogram('h').record(7);
    const live = await collect();
    const decoded = officialDecode(encodeMetricsProto([live])) as { resourceMetrics: { scopeMetrics: { metrics: { sum?: { dataPoints: { asInt: string; timeUnixNano: string }[] } }[] }[] }[] };
    const point = decoded.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.sum!.dataPoints[0]!;
    assert.equal(point.asInt, '5');
    assert.deepEqual(decodeMetricsRequest(encodeMetricsProto(live)), JSON.parse(encodeMetricsJson(live)));
    const json = JSON.parse(encodeMetricsJson(live)) as typeof decoded;
    assert.equal(json.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.sum!.dataPoints[0]!.timeUnixNano, point.timeUnixNano);
  });

  test('non-finite doubles are the strings "NaN" / "Infinity" / "-Infinity" in JSON (the official writes null)', () => {
    const g = goldenMetrics();
    const m = g.scopeMetrics[0]!.metrics[2]!;
    const pts = [NaN, Infinity, -Infinity].map((value) => ({ ...m.points[0]!, value }));
    const json = encodeMetricsJson({ ...g, scopeMetrics: [{ scope: g.scopeMetrics[0]!.scope, metrics: [{ ...m, points: pts } as typeof m] }] });
    assert.match(json, /"asDouble":"NaN".*"asDouble":"Infinity".*"asDouble":"-Infinity"/);
  });

  test('truncated input is a ProtoDecodeError; zerotel decode --signal metrics prints the JSON', async () => {
    assert.throws(() => decodeMetricsRequest(ourProto.subarray(0, ourProto.length - 3)), ProtoDecodeError);
    const { stdout } = await promisify(execFile)(process.execPath, [join(LIB_BUILD, 'cli.js'), 'decode', GOLDEN_PROTO, '--signal', 'metrics']);
    assert.deepEqual(JSON.parse(stdout), JSON.parse(ourJson));
  });

  test('the reader accepts unpacked repeated fields, flags and unknown fields, as protobuf requires', () => {
    const w = new ProtoWriter();
    const nested = (field: number, body: (w: ProtoWriter) => void): void => {
      w.tag(field, 2);
      const at = w.fork();
      body(w);
      w.join(at);
    };
    nested(1, () => {
      nested(2, () => {
        nested(2, () => {
          w.stringField(1, 'm');
          w.tag(99, 0); // unknown varint field
          w.uint32(7);
          nested(9, () => {
            nested(1, () => {
              w.tag(6, 1); // bucket_counts, unpacked fixed64
              w.fixed64(3, 0);
              w.tag(6, 1);
              w.fixed64(4, 0);
              w.tag(7, 1); // explicit_bounds, unpacked double
              w.double(1.5);
              w.tag(10, 0); // flags
              w.uint32(1);
              w.tag(50, 2); // unknown length-delimited field
              w.string('x');
            });
          });
        });
        nested(2, () => {
          w.stringField(1, 'g');
          nested(5, () => {
            nested(1, () => {
              w.tag(8, 0);
              w.uint32(1);
              w.tag(4, 1);
              w.double(NaN);
            });
          });
        });
        nested(2, () => {
          w.stringField(1, 'e');
          nested(10, () => {
            nested(1, () => {
              w.tag(10, 0);
              w.uint32(1);
              nested(8, () => {
                w.tag(1, 0);
                w.uint32(3); // zigzag(-2)
                w.tag(2, 0); // unpacked varint counts
                w.uint32(5);
                w.tag(3, 0); // unknown
                w.uint32(0);
              });
              w.tag(15, 5); // unknown fixed32
              w.fixed32(0);
            });
          });
        });
      });
    });
    const req = decodeMetricsRequest(w.finish());
    const [h, g, e] = req.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
    // count absent on the wire is its proto3 default, "0".
    assert.deepEqual(h!.histogram!.dataPoints[0], { count: '0', bucketCounts: ['3', '4'], explicitBounds: [1.5], flags: 1 });
    assert.deepEqual(g!.gauge!.dataPoints[0], { flags: 1, asDouble: 'NaN' });
    assert.deepEqual(e!.exponentialHistogram!.dataPoints[0], { count: '0', flags: 1, positive: { offset: -2, bucketCounts: ['5'] } });
  });
});
