/**
 * The trace encoders against golden vectors, the official protobuf decoder
 * (protobufjs root generated from opentelemetry-proto) and the official
 * JsonTraceSerializer / ProtobufTraceSerializer of @opentelemetry/otlp-transformer.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { FIXTURES } from '../helpers/paths.js';
import { goldenSpans, toOfficialSpan, withGoldenTime } from '../helpers/golden-spans.js';
import { dropDefaults } from '../helpers/otlp-defaults.js';
import { encodeTracesJson, encodeTracesJsonBytes } from '../../lib/otlp/trace-json.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { decodeTracesRequest } from '../../lib/otlp/trace-reader.js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const root: any = require('otlp-decoder/build/src/generated/root.js');
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

// The decoder's schema (opentelemetry-proto as of otlp-transformer 0.52.1) predates span/link `flags`
// (fields 16 and 6): it skips them as unknown fields. Compare flags through our reader instead.
const DECODER_HAS_FLAGS = Object.hasOwn(root.opentelemetry.proto.trace.v1.Span.prototype, 'flags');
function withoutFlags(v: unknown): unknown {
  if (DECODER_HAS_FLAGS) return v;
  return JSON.parse(JSON.stringify(v), (key, value: unknown) => (key === 'flags' ? undefined : value));
}

const GOLDEN_JSON = join(FIXTURES, 'golden-traces.json');
const GOLDEN_PROTO = join(FIXTURES, 'golden-traces.binpb');
const UPDATE = process.env['ZEROTEL_UPDATE_GOLDEN'] === '1';

const spans = withGoldenTime(goldenSpans);
const ourJson = withGoldenTime(() => encodeTracesJson(spans));
const ourProto = withGoldenTime(() => encodeTracesProto(spans));
if (UPDATE) {
  writeFileSync(GOLDEN_JSON, ourJson + '\n');
  writeFileSync(GOLDEN_PROTO, ourProto);
}

/** The official decoder's view of protobuf bytes, in OTLP/JSON form (hex ids, string longs, "NaN"). */
function officialDecode(bytes: Uint8Array): unknown {
  const obj = Request.toObject(Request.decode(bytes), { longs: String, enums: Number, bytes: String, json: true });
  return hexIds(obj);
}

function hexIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(hexIds);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] = (k === 'traceId' || k === 'spanId' || k === 'parentSpanId') && typeof x === 'string' ? Buffer.from(x, 'base64').toString('hex') : hexIds(x);
  }
  return out;
}

describe('trace encoders', () => {
  test('the JSON encoding matches the checked-in golden text exactly', () => {
    assert.equal(ourJson + '\n', readFileSync(GOLDEN_JSON, 'utf8'));
  });

  test('the protobuf encoding matches the checked-in golden bytes exactly', () => {
    assert.deepEqual(Buffer.from(ourProto), readFileSync(GOLDEN_PROTO));
  });

  test('the official decoder reads our protobuf as exactly our JSON, field by field', () => {
    assert.deepEqual(dropDefaults(officialDecode(ourProto)), withoutFlags(dropDefaults(JSON.parse(ourJson))));
  });

  test('our protobuf reader reads our protobuf as exactly our JSON', () => {
    assert.deepEqual(decodeTracesRequest(ourProto), JSON.parse(ourJson));
  });

  test('our protobuf reader reads the official serializer\'s protobuf like the official decoder does', () => {
    const official = withGoldenTime(() => {
      const cache = new Map<object, object>();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return ProtobufTraceSerializer.serializeRequest(spans.map((s) => toOfficialSpan(s, cache)) as any)!;
    });
    const ours = dropDefaults(decodeTracesRequest(official));
    assert.deepEqual(withoutFlags(ours), dropDefaults(officialDecode(official)));
    // …and it carries the same telemetry as ours.
    assert.deepEqual(ours, dropDefaults(JSON.parse(ourJson)));
  });

  test('our JSON equals the official JsonTraceSerializer field by field, except where the official deviates from OTLP/JSON', () => {
    const officialText = withGoldenTime(() => {
      const cache = new Map<object, object>();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans.map((s) => toOfficialSpan(s, cache)) as any)!);
    });
    // Deviations of the official serializer, which we do NOT follow (OTLP/JSON spec, proto3 JSON mapping):
    //  1. intValue as a JSON number (the spec: 64-bit integers are decimal strings) — and above 2^53 the number loses digits;
    //  2. NaN / Infinity / -Infinity doubles as null (the spec: "NaN", "Infinity", "-Infinity"; a Collector rejects null);
    //  3. schemaUrl inside `resource` (not a Resource field; the spec has it on resourceSpans, where both of us write it).
    const official = JSON.parse(officialText, function (this: Record<string, unknown>, key, value: unknown) {
      if (key === 'intValue' && typeof value === 'number') return BigInt(value).toString();
      return value;
    });
    for (const rs of official.resourceSpans) delete rs.resource.schemaUrl;
    const ours = JSON.parse(ourJson, (key, value: unknown) => (key === 'doubleValue' && typeof value === 'string' ? null : value));
    assert.deepEqual(dropDefaults(official), dropDefaults(ours));
    // And ours does say what the spec says for the cases above.
    assert.match(ourJson, /"intValue":"4611686018427387904"/);
    assert.match(ourJson, /"intValue":"-9223372036854775808"/);
    assert.match(ourJson, /"doubleValue":"NaN"/);
    assert.match(ourJson, /"doubleValue":"Infinity"/);
    assert.match(ourJson, /"doubleValue":"-Infinity"/);
  });

  test('repeated and changing attribute values, and keys needing escapes, encode right on every pass', () => {
    const tracer = new TracerProvider().getTracer('memo');
    const values: unknown[] = ['GET', 'GET', 'GET', 'POST', 'GET', 200, 200, 404, true, true, false, 'x'.repeat(300), 'x'.repeat(300), 1.5, 1.5];
    const made = values.map((v, i) => {
      const span = tracer.startSpan(`s${i}`, { attributes: { 'k"ü\\n': v as string, plain: v as string, [`unique.${i}`]: i } });
      span.addEvent('e', { 'k"ü\\n': v as string });
      span.end();
      return span;
    });
    for (let pass = 0; pass < 2; pass++) {
      for (const decoded of [JSON.parse(encodeTracesJson(made)), decodeTracesRequest(encodeTracesProto(made)), JSON.parse(Buffer.from(encodeTracesJsonBytes(made)).toString())]) {
        const spansOut = decoded.resourceSpans[0].scopeSpans[0].spans;
        spansOut.forEach((s: { attributes: { key: string; value: Record<string, unknown> }[]; events: { attributes: { key: string }[] }[] }, i: number) => {
          const v = values[i];
          const expected = typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
          assert.deepEqual(s.attributes.map((a) => a.key), ['k"ü\\n', 'plain', `unique.${i}`]);
          assert.deepEqual(s.attributes[0]!.value, expected);
          assert.deepEqual(s.attributes[1]!.value, expected);
          assert.deepEqual(s.attributes[2]!.value, { intValue: String(i) });
          assert.equal(s.events[0]!.attributes[0]!.key, 'k"ü\\n');
        });
      }
    }
  });

  test('an empty batch encodes to an empty request', () => {
    assert.equal(encodeTracesJson([]), '{"resourceSpans":[]}');
    assert.equal(encodeTracesProto([]).length, 0);
    assert.deepEqual(decodeTracesRequest(new Uint8Array(0)), { resourceSpans: [] });
  });

  test('spans from one tracer form one resource and one scope group', () => {
    const oneTracer = spans.filter((s) => s.owner === spans[0]!.owner);
    const decoded = decodeTracesRequest(encodeTracesProto(oneTracer));
    assert.equal(decoded.resourceSpans.length, 1);
    assert.equal(decoded.resourceSpans[0]!.scopeSpans.length, 1);
    assert.equal(decoded.resourceSpans[0]!.scopeSpans[0]!.spans.length, oneTracer.length);
  });
});
