/**
 * The OTLP logs encoders against golden vectors, the official protobuf decoder
 * (protobufjs root generated from opentelemetry-proto, otlp-transformer 0.52.1)
 * and the official JsonLogsSerializer / ProtobufLogsSerializer of
 * @opentelemetry/otlp-transformer 0.223.1.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { encodeLogsJson } from '../../lib/otlp/logs-json.js';
import { encodeLogsProto } from '../../lib/otlp/logs-proto.js';
import { decodeLogsRequest } from '../../lib/otlp/logs-reader.js';
import { ProtoDecodeError } from '../../lib/otlp/proto-reader.js';
import { goldenLogRecords, toOfficialLogRecord, withGoldenTime } from '../helpers/golden-logs.js';
import { testLogs } from '../helpers/logs.js';
import { FIXTURES, LIB_BUILD } from '../helpers/paths.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const root: any = require('otlp-decoder/build/src/generated/root.js');
const Request = root.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;

// The decoder's schema (opentelemetry-proto as of otlp-transformer 0.52.1) predates LogRecord.event_name
// (field 12): it skips it as an unknown field. Compare event names through our reader and the official JSON instead.
const DECODER_HAS_EVENT_NAME = Object.hasOwn(root.opentelemetry.proto.logs.v1.LogRecord.prototype, 'eventName');
function withoutEventName(v: unknown): unknown {
  if (DECODER_HAS_EVENT_NAME) return v;
  return JSON.parse(JSON.stringify(v), (key, value: unknown) => (key === 'eventName' ? undefined : value));
}

const GOLDEN_JSON = join(FIXTURES, 'golden-logs.json');
const GOLDEN_PROTO = join(FIXTURES, 'golden-logs.binpb');
const UPDATE = process.env['ZEROTEL_UPDATE_GOLDEN'] === '1';

const records = withGoldenTime(goldenLogRecords);
const ourJson = withGoldenTime(() => Buffer.from(encodeLogsJson(records)).toString('utf8'));
const ourProto = withGoldenTime(() => encodeLogsProto(records));
if (UPDATE) {
  writeFileSync(GOLDEN_JSON, ourJson + '\n');
  writeFileSync(GOLDEN_PROTO, ourProto);
}

/** The official decoder's view of protobuf bytes, in OTLP/JSON form (hex ids, string longs). */
function officialDecode(bytes: Uint8Array): unknown {
  return hexIds(Request.toObject(Request.decode(bytes), { longs: String, enums: Number, bytes: String, json: true }));
}

function hexIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(hexIds);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] = (k === 'traceId' || k === 'spanId') && typeof x === 'string' ? Buffer.from(x, 'base64').toString('hex') : hexIds(x);
  }
  return out;
}

/** Removes proto3 defaults (0, '', [], empty ids) so "absent" and "default" compare equal; AnyValue members are kept. */
function dropDefaults(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => dropDefaults(x));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  const inAnyValue = key === 'value' || key === 'values' || key === 'body';
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    if (!inAnyValue && !k.endsWith('Value') && (x === 0 || x === '' || (Array.isArray(x) && x.length === 0))) continue;
    out[k] = dropDefaults(x, k);
  }
  return out;
}

function officialRecords(): unknown[] {
  const cache = new Map<object, object>();
  return records.map((r) => toOfficialLogRecord(r, cache));
}

describe('OTLP logs encoders', () => {
  test('the JSON encoding matches the checked-in golden text exactly', () => {
    assert.equal(ourJson + '\n', readFileSync(GOLDEN_JSON, 'utf8'));
  });

  test('the protobuf encoding matches the checked-in golden bytes exactly', () => {
    assert.deepEqual(Buffer.from(ourProto), readFileSync(GOLDEN_PROTO));
  });

  test('the official decoder reads our protobuf as exactly our JSON, field by field', () => {
    const decoded = dropDefaults(officialDecode(ourProto));
    assert.deepEqual(decoded, withoutEventName(dropDefaults(JSON.parse(ourJson))));
    // Spot checks that the comparison is not vacuous.
    const first = (decoded as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<Record<string, unknown>> }> }> }).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
    assert.equal(first['traceId'], '0102030405060708090a0b0c0d0e0f10');
    assert.equal(first['spanId'], '1112131415161718');
    assert.equal(first['flags'], 1);
    assert.equal(first['severityNumber'], 9);
    assert.equal(first['timeUnixNano'], '1764000001000123456');
    assert.equal(first['observedTimeUnixNano'], '1764000001000123956');
  });

  test('our protobuf reader reads our protobuf as exactly our JSON', () => {
    assert.deepEqual(decodeLogsRequest(ourProto), JSON.parse(ourJson));
  });

  test('our protobuf reader reads the official serializer’s protobuf like the official decoder does, and it carries our telemetry', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const official = withGoldenTime(() => ProtobufLogsSerializer.serializeRequest(officialRecords() as any)!);
    const ours = dropDefaults(decodeLogsRequest(official));
    assert.deepEqual(withoutEventName(ours), dropDefaults(officialDecode(official)));
    assert.deepEqual(ours, dropDefaults(JSON.parse(ourJson)));
  });

  test('our JSON equals the official JsonLogsSerializer field by field, except where the official deviates from OTLP/JSON', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const officialText = withGoldenTime(() => new TextDecoder().decode(JsonLogsSerializer.serializeRequest(officialRecords() as any)!));
    // Deviations of the official serializer, which we do NOT follow (OTLP/JSON spec, proto3 JSON mapping):
    //  1. intValue as a JSON number (the spec: 64-bit integers are decimal strings; above 2^53 a number loses digits);
    //  2. schemaUrl inside `resource` (not a Resource field; the spec has it on resourceLogs, where both of us write it);
    //  3. a record without a body gets `"body":{}` (an empty AnyValue) where we leave the body out (absent, as the data model says);
    //  4. proto3 defaults written out (droppedAttributesCount 0, attributes []): allowed either way, dropped before comparing.
    const official = JSON.parse(officialText, (key, value: unknown) => {
      if (key === 'intValue' && typeof value === 'number') return BigInt(value).toString();
      if (key === 'body' && value !== null && typeof value === 'object' && Object.keys(value).length === 0) return undefined;
      return value;
    });
    for (const rl of official.resourceLogs) delete rl.resource.schemaUrl;
    assert.deepEqual(dropDefaults(official), dropDefaults(JSON.parse(ourJson)));
    assert.match(ourJson, /"intValue":"4611686018427387904"/);
    assert.match(officialText, /"intValue":4611686018427388000/);
    assert.match(officialText, /"body":\{\}/);
  });

  test('an empty batch encodes to an empty request', () => {
    assert.equal(Buffer.from(encodeLogsJson([])).toString('utf8'), '{"resourceLogs":[]}');
    assert.equal(encodeLogsProto([]).length, 0);
    assert.deepEqual(decodeLogsRequest(new Uint8Array(0)), { resourceLogs: [] });
  });

  test('records from one logger form one resource and one scope group', () => {
    const oneLogger = records.filter((r) => r.owner === records[0]!.owner);
    const decoded = decodeLogsRequest(encodeLogsProto(oneLogger));
    assert.equal(decoded.resourceLogs.length, 1);
    assert.equal(decoded.resourceLogs[0]!.scopeLogs.length, 1);
    assert.equal(decoded.resourceLogs[0]!.scopeLogs[0]!.logRecords.length, oneLogger.length);
  });

  test('live records keep nanosecond times, a bigint body and exotic doubles through both encodings', () => {
    const { provider, records: live } = testLogs();
    const log = provider.getLogger('live');
    log.emit({ timestamp: [1_700_000_000, 123_456_789], body: 2n ** 63n - 1n, attributes: { nan: Number.NaN, inf: -Infinity } });
    const fromProto = decodeLogsRequest(encodeLogsProto(live)).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
    const fromJson = JSON.parse(Buffer.from(encodeLogsJson(live)).toString('utf8')).resourceLogs[0].scopeLogs[0].logRecords[0];
    assert.deepEqual(fromProto, fromJson);
    assert.equal(BigInt(fromProto.timeUnixNano!) / 1000n, 1_700_000_000_123_456n, 'microsecond-exact after a round trip through relative time');
    assert.deepEqual(fromProto.body, { intValue: '9223372036854775807' });
    assert.deepEqual(fromProto.attributes, [
      { key: 'nan', value: { doubleValue: 'NaN' } },
      { key: 'inf', value: { doubleValue: '-Infinity' } },
    ]);
  });

  test('`zerotel decode --signal logs` prints the golden protobuf as the golden JSON', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(LIB_BUILD, 'cli.js'), 'decode', GOLDEN_PROTO, '--signal', 'logs'], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.deepEqual(JSON.parse(stdout), JSON.parse(readFileSync(GOLDEN_JSON, 'utf8')));
  });

  test('malformed protobuf is refused with a ProtoDecodeError', () => {
    const truncated = ourProto.subarray(0, ourProto.length - 3);
    assert.throws(() => decodeLogsRequest(truncated), ProtoDecodeError);
  });
});
