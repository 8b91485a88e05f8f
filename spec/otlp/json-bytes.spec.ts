/**
 * The byte-level OTLP/JSON writer against the string encoders of
 * spec/helpers/json-oracle.ts, which shares no code with it: the caches
 * (key entries, whole KeyValues, chains of them per call site, repeated runs,
 * time-field prefixes) must never change a byte of the output, whatever
 * sequence of attribute objects, names and times comes through.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { jsonAttributesField, jsonKeyValues, jsonResource, jsonScope } from '../helpers/json-oracle.js';
import { JsonWriter, TimeField, literal } from '../../lib/otlp/json-byte-writer.js';
import { RunMemo } from '../../lib/otlp/run-memo.js';
import { writeJsonAttributesField, writeJsonKeyValues, writeJsonResource, writeJsonScope } from '../../lib/otlp/json-bytes.js';
import { Resource } from '../../lib/common/resource.js';
import { jsonNanos, jsonString, jsonTime } from '../helpers/json-oracle.js';
import { KeyRun } from '../../lib/otlp/key-cache.js';
import { setTimeAnchorForTests } from '../../lib/common/time.js';
import { encodeLogsJson } from '../../lib/otlp/logs-json.js';
import { encodeLogsProto } from '../../lib/otlp/logs-proto.js';
import { decodeLogsRequest } from '../../lib/otlp/logs-reader.js';
import { testLogs } from '../helpers/logs.js';
import { assertOverObjectRuns } from '../helpers/object-runs.js';
import { encodeTracesJsonBytes } from '../../lib/otlp/trace-json.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { decodeTracesRequest } from '../../lib/otlp/trace-reader.js';
import type { SpanKind } from '../../lib/trace/span.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';

const text = (w: JsonWriter): string => Buffer.from(w.buf.subarray(0, w.pos)).toString('utf8');

// Few keys and values, so entries, wholes and chains get hit, missed and rebuilt in every order.
const key = fc.constantFrom('http.request.method', 'url.path', 'n', 'flag', 'k"q', 'ключ', 'x', 'toString');
const value = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<unknown>('GET', 'POST', 200, 404, true) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>('/users/1', 'é', 'a"b\\c', '\u0001', '\ud800', -1, 0, 2 ** 60, 1.5, NaN, -Infinity, false, undefined) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.array(fc.constantFrom<unknown>(1, 'a', true), { maxLength: 3 }) },
);
const attrs = fc.dictionary(key, value, { maxKeys: 6 });

describe('OTLP/JSON byte writer', () => {
  test('attribute lists equal the string encoder byte for byte across any sequence of objects', () => {
    assertOverObjectRuns(
      attrs,
      () => {
        const run = new KeyRun();
        const w = new JsonWriter(16);
        return (obj, after) => {
          w.reset();
          if (after) {
            writeJsonKeyValues(w, obj);
            assert.equal(text(w), jsonKeyValues(obj));
          } else {
            writeJsonAttributesField(w, obj, run);
            assert.equal(text(w), jsonAttributesField(obj));
          }
        };
      },
      400,
    );
  });

  test('resources and scopes, written as bytes once per object, equal the string encoder byte for byte', () => {
    fc.assert(
      fc.property(attrs, fc.nat(3), fc.string({ maxLength: 8 }), fc.option(fc.string({ maxLength: 8 }), { nil: undefined }), (a, dropped, name, version) => {
        const resource = new Resource(a as Record<string, never>, undefined, dropped);
        const scope = { name, version, attributes: a as Record<string, never> };
        for (let i = 0; i < 2; i++) {
          const w = new JsonWriter(16);
          writeJsonResource(w, resource);
          w.byte(44);
          writeJsonScope(w, scope);
          assert.equal(text(w), `${jsonResource(resource)},${jsonScope(scope)}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('a kept chain is never reused after its positions were part of a longer chain', () => {
    // An array value is never copied whole, so it ends chains: [0] breaks, [1,3) chains.
    const a = { n: [1], m: 'GET', s: 200 };
    const b = { x: true, s: 200, m: 'GET' };
    const c = { n: [2], s: 200, m: 'GET' };
    const run = new KeyRun();
    const w = new JsonWriter(16);
    for (const obj of [a, a, a, a, b, b, b, c, c]) {
      w.reset();
      writeJsonAttributesField(w, obj, run);
      assert.equal(text(w), jsonAttributesField(obj));
    }
  });

  test('objects with more keys than a run tracks keep their order and bytes', () => {
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) wide[`key.${i}`] = i % 3 === 0 ? `v${i}` : i;
    const run = new KeyRun();
    const w = new JsonWriter(64);
    for (let round = 0; round < 4; round++) {
      if (round === 2) wide['key.35'] = 'changed';
      w.reset();
      writeJsonAttributesField(w, wide, run);
      assert.equal(text(w), jsonAttributesField(wide));
    }
  });

  test('an object whose values are all undefined writes no attributes field', () => {
    const w = new JsonWriter(8);
    w.byte(123);
    writeJsonAttributesField(w, { a: undefined }, new KeyRun());
    writeJsonAttributesField(w, undefined);
    assert.equal(text(w), '{');
  });

  test('time fields equal the string encoder for any relative time, around the cached high part', () => {
    const prev = setTimeAnchorForTests(1_764_000_000_000.5);
    try {
      const field = new TimeField(',"t":');
      const w = new JsonWriter(8);
      fc.assert(
        fc.property(fc.double({ min: -1e9, max: 1e10, noNaN: true }), (t) => {
          w.reset();
          w.timeField(field, t);
          w.time(t);
          const s = jsonTime(t);
          assert.equal(text(w), `,"t":${s}${s}`);
        }),
        { numRuns: 500 },
      );
    } finally {
      setTimeAnchorForTests(prev);
    }
  });

  test('times in the first 1e6 ms after the epoch have no leading zeros', () => {
    const prev = setTimeAnchorForTests(0);
    try {
      const w = new JsonWriter(8);
      for (const [t, want, fromString] of [
        [0.000123, '"123"', jsonNanos(0, 123)],
        [0, '"0"', jsonNanos(0, 0)],
        [12.5, '"12500000"', jsonNanos(12, 500_000)],
        [999_999, '"999999000000"', jsonNanos(999_999, 0)],
      ] as const) {
        w.reset();
        w.time(t);
        assert.equal(text(w), want);
        assert.equal(fromString, want);
      }
    } finally {
      setTimeAnchorForTests(prev);
    }
  });

  test('a repeated run is copied only once it came twice in a row, and any change writes it afresh', () => {
    const memo = new RunMemo();
    const w = new JsonWriter(8);
    const write = (name: string, a: number): string => {
      w.reset();
      const kept = memo.lookup(name, a, 0);
      if (kept !== undefined) w.raw(kept);
      else {
        w.lit(literal(',"name":'));
        w.str(name);
        w.uint(a);
        memo.store(w, 0);
      }
      return text(w);
    };
    for (const [name, a] of [['x', 1], ['x', 1], ['x', 1], ['y', 1], ['x', 1], ['x', 2], ['x', 2], ['\u00e9"', 2], ['\u00e9"', 2]] as const) {
      assert.equal(write(name, a), `,"name":${jsonString(name)}${a}`);
    }
  });

  test('strings needing escapes or UTF-8 are written as JSON.stringify writes them', () => {
    const w = new JsonWriter(4);
    for (const s of ['', 'plain', 'tab\there', 'quote"', 'back\\slash', 'ünï', '😀', '\ud800 lone', '\u007f']) {
      w.reset();
      w.str(s);
      assert.equal(text(w), JSON.stringify(s));
    }
  });

  test('log records whose severity and body kind change from record to record read back as the protobuf encoding says', () => {
    const { provider, records } = testLogs();
    const log = provider.getLogger('runs');
    const bodies: unknown[] = ['a', 'a', { k: 'v' }, undefined, 'b', 42, 'c', 'c', ['x', 1]];
    const severities: [number, string | undefined][] = [[9, 'INFO'], [9, 'INFO'], [9, 'INFO'], [13, 'WARN'], [0, undefined], [0, 'custom'], [9, 'INFO'], [9.5, 'odd'], [Number.NaN, undefined]];
    for (let i = 0; i < bodies.length; i++) {
      log.emit({ body: bodies[i] as string, attributes: { i: i % 2, 'http.route': '/r' } });
      const [n, text] = severities[i]!;
      records[i]!.setSeverity(n, text);
    }
    // Twice: the second pass goes through the kept runs.
    for (let pass = 0; pass < 2; pass++) {
      const json = JSON.parse(Buffer.from(encodeLogsJson(records)).toString('utf8'));
      assert.deepEqual(json, decodeLogsRequest(encodeLogsProto(records)));
    }
  });

  test('spans whose name, kind, flags, start time and event shape change from span to span read back as the protobuf encoding says', () => {
    const prev = setTimeAnchorForTests(1_764_000_000_000);
    try {
      const tracer = new TracerProvider().getTracer('heads');
      // Start times on both sides of an epoch-ms high-part boundary (every 1e6 ms), names and kinds repeating and changing.
      const plan: [string, SpanKind, number, boolean][] = [
        ['a', 0, 999_000, true], ['a', 0, 999_500, true], ['a', 0, 999_900, false], ['a', 0, 1_000_100, true], ['a', 0, 1_000_200, true],
        ['a', 1, 1_000_300, true], ['a', 1, 1_000_400, true], ['b', 1, 1_000_500, false], ['b', 1, 1_000_600, true], ['é"', 2, 1_000_700, true],
      ];
      const made = plan.map(([name, kind, start, withAttrs], i) => {
        const root = i % 3 === 0;
        const span = tracer.startSpan(name, { kind, startTime: start, root, attributes: { i } });
        span.addEvent(i % 2 === 0 ? 'e' : 'f', withAttrs ? { i, 'http.route': '/r' } : undefined, start + 1);
        span.addEvent('e', { gone: undefined } as unknown as Record<string, string>, start + 2);
        span.end(start + 3);
        return span;
      });
      for (let pass = 0; pass < 2; pass++) {
        const json = JSON.parse(Buffer.from(encodeTracesJsonBytes(made)).toString('utf8'));
        assert.deepEqual(json, decodeTracesRequest(encodeTracesProto(made)));
      }
    } finally {
      setTimeAnchorForTests(prev);
    }
  });

  test('keys beyond the key cache bound are written uncached, byte for byte', () => {
    // Runs last: it fills the process-wide key cache (2048 keys) for good.
    const w = new JsonWriter(64);
    const run = new KeyRun();
    for (let i = 0; i < 2100; i += 50) {
      const obj: Record<string, unknown> = {};
      for (let k = i; k < i + 50; k++) obj[`fill.${k}`] = k % 2 === 0 ? 'same' : k;
      for (let pass = 0; pass < 2; pass++) {
        w.reset();
        writeJsonAttributesField(w, obj, pass === 0 ? run : undefined);
        assert.equal(text(w), jsonAttributesField(obj));
      }
    }
  });
});
