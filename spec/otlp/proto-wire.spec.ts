/** The protobuf writer and reader on their own: every wire type, edges, and malformed input. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { ProtoWriter } from '../../lib/otlp/proto-writer.js';
import { ProtoDecodeError, ProtoReader, int64ToString } from '../../lib/otlp/proto-reader.js';
import { writeAnyValue, writeKeyValues, encodeScope, encodeResource } from '../../lib/otlp/common-proto.js';
import { JsonWriter } from '../../lib/otlp/json-byte-writer.js';
import { writeJsonAnyValue, writeJsonKeyValues, writeJsonResource, writeJsonScope } from '../../lib/otlp/json-bytes.js';
import { readAnyValue, readKeyValue, readNested, readPartialSuccess, readResource, readScope } from '../../lib/otlp/common-reader.js';
import { Resource } from '../../lib/common/resource.js';
import { epochNanosString } from '../../lib/common/time.js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const root: any = require('otlp-decoder/build/src/generated/root.js');
const AnyValue = root.opentelemetry.proto.common.v1.AnyValue;

/** What `fn` writes with the OTLP/JSON byte writer, as text. */
function jsonOf(fn: (w: JsonWriter) => void): string {
  const w = new JsonWriter(16);
  fn(w);
  return w.text();
}

function bytesOf(fn: (w: ProtoWriter) => void, size = 16): Uint8Array {
  const w = new ProtoWriter(size);
  fn(w);
  return w.finish();
}

describe('ProtoWriter and ProtoReader', () => {
  test('varints round-trip across every length boundary', () => {
    const values = [0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456, 0xffffffff];
    for (const v of values) {
      const r = new ProtoReader(bytesOf((w) => w.uint32(v)));
      assert.equal(r.uint32(), v);
      assert.equal(r.more(), false);
    }
  });

  test('int64 varints round-trip exactly, negatives as ten-byte two\'s complement', () => {
    const cases: [number, string, number][] = [
      [0, '0', 1],
      [-1, '-1', 10],
      [2 ** 32, '4294967296', 5],
      [2 ** 53 - 1, '9007199254740991', 8],
      [2 ** 62, '4611686018427387904', 9],
      [-(2 ** 63), '-9223372036854775808', 10],
      [-(2 ** 40) - 5, '-1099511627781', 10],
    ];
    for (const [v, s, len] of cases) {
      const b = bytesOf((w) => w.int64(v));
      assert.equal(b.length, len, `length of ${s}`);
      assert.equal(new ProtoReader(b).int64String(), s);
    }
    assert.equal(new ProtoReader(bytesOf((w) => w.int64(2 ** 63 + 2 ** 12))).uint64String(), '9223372036854779904');
  });

  test('fixed64 nanoseconds are exact without BigInt', () => {
    for (const [ms, ns] of [
      [1764000000123, 456789],
      [0, 0],
      [1, 999999],
      [4102444800000, 1],
    ] as const) {
      const r = new ProtoReader(bytesOf((w) => w.fixed64Nanos(ms, ns)));
      assert.equal(r.fixed64String(), (BigInt(ms) * 1000000n + BigInt(ns)).toString());
    }
    const t = 1234.5678;
    assert.equal(new ProtoReader(bytesOf((w) => w.fixed64Time(t))).fixed64String(), epochNanosString(t));
    assert.equal(new ProtoReader(bytesOf((w) => w.fixed64Int(-2))).sfixed64String(), '-2');
    assert.equal(new ProtoReader(bytesOf((w) => w.fixed64Int(2 ** 40 + 3))).fixed64String(), String(2 ** 40 + 3));
  });

  test('fixed32, double, bool and bytes round-trip', () => {
    const r = new ProtoReader(
      bytesOf((w) => {
        w.fixed32(0xdeadbeef);
        w.double(-1.5e300);
        w.bool(true);
        w.bool(false);
        w.bytes(new Uint8Array([1, 2, 3]));
      }),
    );
    assert.equal(r.fixed32(), 0xdeadbeef);
    assert.equal(r.double(), -1.5e300);
    assert.equal(r.bool(), true);
    assert.equal(r.bool(), false);
    assert.deepEqual([...r.bytes()], [1, 2, 3]);
  });

  test('strings of every size and script round-trip, and the buffer grows as needed', () => {
    const cases = ['', 'a', 'x'.repeat(127), 'x'.repeat(128), 'ü'.repeat(64), '😀 mixed ascii then ünïcode', 'é'.repeat(9000), 'a'.repeat(300000)];
    for (const s of cases) {
      const b = bytesOf((w) => {
        w.tag(1, 2);
        w.string(s);
        w.uint32(7);
      }, 2);
      const r = new ProtoReader(b);
      assert.equal(r.tag(), (1 << 3) | 2);
      assert.equal(r.string(), s);
      assert.equal(r.uint32(), 7);
      assert.equal(Buffer.from(b).subarray(0, 1)[0], 0x0a);
    }
  });

  test('nested messages shift only when their body needs a longer length prefix', () => {
    for (const n of [0, 1, 127, 128, 16383, 16384, 2100000]) {
      const b = bytesOf((w) => {
        w.tag(2, 2);
        const s = w.fork();
        w.raw(new Uint8Array(n).fill(7));
        w.join(s);
        w.uint32(300);
      });
      const r = new ProtoReader(b);
      r.tag();
      const outer = r.enter();
      assert.equal(r.end - r.pos, n);
      r.leave(outer);
      assert.equal(r.uint32(), 300);
    }
  });

  test('unknown fields of every wire type are skipped', () => {
    const b = bytesOf((w) => {
      w.tag(90, 0);
      w.int64(-5);
      w.tag(91, 1);
      w.fixed64(1, 2);
      w.tag(92, 2);
      w.string('skip me');
      w.tag(93, 5);
      w.fixed32(9);
      w.tag(1, 2);
      w.string('name');
    });
    assert.deepEqual(readScope(new ProtoReader(b)), { name: 'name' });
  });

  test('malformed input throws a ProtoDecodeError, never a RangeError or a hang', () => {
    const cases: [string, number[]][] = [
      ['truncated varint', [0x08, 0x80]],
      ['length past the end', [0x0a, 0x05, 0x61]],
      ['wire type 3 (groups)', [0x0b]],
      ['field number 0', [0x00, 0x01]],
      ['varint longer than ten bytes', [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
      ['truncated fixed64', [0x09, 1, 2]],
      ['truncated fixed32', [0x0d, 1]],
    ];
    for (const [name, bytes] of cases) {
      assert.throws(() => readScope(new ProtoReader(new Uint8Array(bytes))), ProtoDecodeError, name);
    }
    assert.throws(() => new ProtoReader(new Uint8Array([0x80])).varint64(), ProtoDecodeError);
    assert.throws(() => new ProtoReader(new Uint8Array([1])).double(), ProtoDecodeError);
  });

  test('int64ToString is exact on both sides of 2^53', () => {
    assert.equal(int64ToString(0xffffffff, 0xffffffff, true), '-1');
    assert.equal(int64ToString(0, 0x80000000, true), '-9223372036854775808');
    assert.equal(int64ToString(0xffffffff, 0xffffffff, false), '18446744073709551615');
    assert.equal(int64ToString(1, 0x00200000, false), '9007199254740993');
  });
});

describe('common OTLP pieces', () => {
  const values: [string, unknown, unknown][] = [
    ['string', 'héllo', { stringValue: 'héllo' }],
    ['empty string', '', { stringValue: '' }],
    ['int', 42, { intValue: '42' }],
    ['negative int', -3, { intValue: '-3' }],
    ['big int', 2 ** 60, { intValue: '1152921504606846976' }],
    ['bigint', -(2n ** 62n), { intValue: '-4611686018427387904' }],
    ['double', 0.25, { doubleValue: 0.25 }],
    ['integral double beyond int64', 1e20, { doubleValue: 1e20 }],
    ['NaN', NaN, { doubleValue: 'NaN' }],
    ['Infinity', Infinity, { doubleValue: 'Infinity' }],
    ['-Infinity', -Infinity, { doubleValue: '-Infinity' }],
    ['true', true, { boolValue: true }],
    ['false', false, { boolValue: false }],
    ['bytes', new Uint8Array([0, 255, 16]), { bytesValue: 'AP8Q' }],
    ['array with holes', ['a', null, 1], { arrayValue: { values: [{ stringValue: 'a' }, {}, { intValue: '1' }] } }],
    ['kvlist', { a: 1, b: { c: [true] }, skip: undefined }, {
      kvlistValue: { values: [{ key: 'a', value: { intValue: '1' } }, { key: 'b', value: { kvlistValue: { values: [{ key: 'c', value: { arrayValue: { values: [{ boolValue: true }] } } }] } } }] },
    }],
    ['null', null, {}],
    ['undefined', undefined, {}],
    ['function', () => 1, {}],
  ];

  for (const [name, value, expected] of values) {
    test(`AnyValue ${name} encodes the same in protobuf and JSON, and reads back`, () => {
      const b = bytesOf((w) => writeAnyValue(w, value));
      assert.deepEqual(readAnyValue(new ProtoReader(b)), expected);
      assert.deepEqual(JSON.parse(jsonOf((w) => writeJsonAnyValue(w, value))), expected);
      // The official decoder agrees on the protobuf (its JSON form maps NaN to "NaN" too).
      const official = AnyValue.toObject(AnyValue.decode(b), { longs: String, bytes: String, json: true });
      assert.deepEqual(JSON.parse(JSON.stringify(official)), expected);
    });
  }

  test('a cyclic kvlist is cut at the depth limit instead of overflowing the stack', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic['self'] = cyclic;
    const b = bytesOf((w) => writeAnyValue(w, cyclic));
    assert.ok(b.length > 0);
    assert.ok(jsonOf((w) => writeJsonAnyValue(w, cyclic)).includes('"self"'));
  });

  test('key-values skip undefined entries, and an empty set is an empty list', () => {
    const b = bytesOf((w) => writeKeyValues(w, 1, { a: 'x', b: undefined }));
    const r = new ProtoReader(b);
    r.tag();
    assert.deepEqual(readNested(r, readKeyValue), { key: 'a', value: { stringValue: 'x' } });
    assert.equal(r.more(), false);
    assert.equal(jsonOf((w) => writeJsonKeyValues(w, undefined)), '[]');
    assert.equal(bytesOf((w) => writeKeyValues(w, 1, undefined)).length, 0);
  });

  test('resource and scope fragments are encoded once per object and read back', () => {
    const res = new Resource({ 'service.name': 'svc', n: 1 }, undefined, 2);
    assert.equal(encodeResource(res), encodeResource(res));
    assert.equal(jsonOf((w) => writeJsonResource(w, res)), jsonOf((w) => writeJsonResource(w, res)));
    const expected = { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }, { key: 'n', value: { intValue: '1' } }], droppedAttributesCount: 2 };
    assert.deepEqual(readResource(new ProtoReader(encodeResource(res))), expected);
    assert.deepEqual(JSON.parse(jsonOf((w) => writeJsonResource(w, res))), expected);
    const scope = { name: 'lib', version: '1.0', attributes: { k: 'v' } };
    const scopeExpected = { name: 'lib', version: '1.0', attributes: [{ key: 'k', value: { stringValue: 'v' } }] };
    assert.equal(encodeScope(scope), encodeScope(scope));
    assert.deepEqual(readScope(new ProtoReader(encodeScope(scope))), scopeExpected);
    assert.deepEqual(JSON.parse(jsonOf((w) => writeJsonScope(w, scope))), scopeExpected);
    assert.deepEqual(JSON.parse(jsonOf((w) => writeJsonScope(w, { name: 'bare' }))), { name: 'bare' });
  });

  test('a partialSuccess response is read, and an empty response has none', () => {
    const b = bytesOf((w) => {
      w.tag(1, 2);
      const s = w.fork();
      w.tag(1, 0);
      w.int64(12);
      w.tag(2, 2);
      w.string('too old');
      w.tag(9, 0);
      w.uint32(1);
      w.join(s);
      w.tag(7, 0);
      w.uint32(1);
    });
    assert.deepEqual(readPartialSuccess(new ProtoReader(b)), { rejected: 12, errorMessage: 'too old' });
    assert.equal(readPartialSuccess(new ProtoReader(new Uint8Array(0))), undefined);
  });

  test('JSON numbers follow proto3 JSON: 64-bit integers as exact decimal strings, non-finite doubles as strings', () => {
    assert.equal(jsonOf((w) => w.int64(7)), '"7"');
    assert.equal(jsonOf((w) => w.int64(2 ** 60)), '"1152921504606846976"');
    assert.equal(jsonOf((w) => w.int64(-5)), '"-5"');
    assert.equal(jsonOf((w) => w.double(1.5)), '1.5');
    assert.equal(jsonOf((w) => w.double(NaN)), '"NaN"');
    assert.equal(jsonOf((w) => w.double(-Infinity)), '"-Infinity"');
    assert.equal(jsonOf((w) => w.time(1234.5678)), `"${epochNanosString(1234.5678)}"`);
    assert.equal(jsonOf((w) => w.hex64(0x80000000, 2)), '8000000000000002');
    assert.equal(jsonOf((w) => writeJsonAnyValue(w, new Uint8Array([104, 105]))), '{"bytesValue":"aGk="}');
  });
});
