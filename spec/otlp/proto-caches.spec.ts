/**
 * The OTLP/protobuf encoder's caches — KeyRun chains of whole KeyValues, the
 * one-pass short-string KeyValue, the kept span head and event name, the
 * span length's predicted size — against encodings made without them: a
 * plain field-by-field KeyValue writer here, and the official serializer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { writeAnyValue, writeKeyValues } from '../../lib/otlp/common-proto.js';
import { KeyRun } from '../../lib/otlp/key-cache.js';
import { ProtoReader } from '../../lib/otlp/proto-reader.js';
import { ProtoWriter } from '../../lib/otlp/proto-writer.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { decodeTracesRequest } from '../../lib/otlp/trace-reader.js';
import type { SpanKind } from '../../lib/trace/span.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { toOfficialSpan, withGoldenTime } from '../helpers/golden-spans.js';
import { dropDefaults } from '../helpers/otlp-defaults.js';
import { assertOverObjectRuns } from '../helpers/object-runs.js';

const bytes = (w: ProtoWriter): Uint8Array => w.buf.slice(0, w.pos);

/** `repeated KeyValue` under `field`, written field by field with no cache (primitives and arrays only touch no cache in writeAnyValue). */
function plainKeyValues(field: number, attrs: Readonly<Record<string, unknown>>): Uint8Array {
  const w = new ProtoWriter(16);
  for (const k in attrs) {
    const v = attrs[k];
    if (v === undefined) continue;
    w.tag(field, 2);
    const kv = w.fork();
    w.tag(1, 2);
    w.string(k);
    w.tag(2, 2);
    const val = w.fork();
    writeAnyValue(w, v);
    w.join(val);
    w.join(kv);
  }
  return bytes(w);
}

function cached(field: number, attrs: Readonly<Record<string, unknown>>, run: KeyRun | undefined): Uint8Array {
  const w = new ProtoWriter(16);
  writeKeyValues(w, field, attrs, 0, run);
  return bytes(w);
}

// Few keys and values, so entries, wholes and chains get hit, missed and rebuilt in every order.
const key = fc.constantFrom('http.request.method', 'url.path', 'n', 'flag', 'ключ', 'x', 'toString', 'k'.repeat(100));
const value = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<unknown>('GET', 'POST', 200, 404, true) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>('/users/1', 'é', '', -1, 0, 2 ** 60, 1.5, NaN, false, undefined, 'y'.repeat(120), 'z'.repeat(200)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 130, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.array(fc.constantFrom<unknown>(1, 'a', true), { maxLength: 3 }) },
);
const attrs = fc.dictionary(key, value, { maxKeys: 6 });

describe('OTLP/protobuf encoder caches', () => {
  test('attribute lists equal the uncached encoding byte for byte across any sequence of repeating and changing objects', () => {
    assertOverObjectRuns(
      attrs,
      () => {
        const run = new KeyRun();
        return (obj, after) => {
          if (after) assert.deepEqual(cached(1, obj, undefined), plainKeyValues(1, obj));
          else assert.deepEqual(cached(9, obj, run), plainKeyValues(9, obj));
        };
      },
      300,
    );
  });

  test('a kept chain is never reused after its positions were part of a longer chain, nor after a value changed', () => {
    // An array value is never copied whole, so it ends chains: [0] breaks, [1,3) chains.
    const a = { n: [1], m: 'GET', s: 200 };
    const b = { x: true, s: 200, m: 'GET' };
    const c = { n: [2], s: 200, m: 'GET' };
    const d = { n: [2], s: 404, m: 'GET' };
    const run = new KeyRun();
    for (const obj of [a, a, a, a, b, b, b, c, c, c, d, d, d, c, c]) assert.deepEqual(cached(9, obj, run), plainKeyValues(9, obj));
  });

  test('objects with more keys than a run tracks keep their order and bytes', () => {
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) wide[`key.${i}`] = i % 3 === 0 ? `v${i}` : i;
    const run = new KeyRun();
    for (let round = 0; round < 4; round++) {
      if (round === 2) wide['key.35'] = 'changed';
      assert.deepEqual(cached(9, wide, run), plainKeyValues(9, wide));
    }
  });

  test('string values around the one-byte length limit, and non-ASCII ones, are written as the plain encoding writes them', () => {
    const run = new KeyRun();
    for (let n = 100; n < 135; n++) {
      for (const s of ['a'.repeat(n), `${'a'.repeat(n - 1)}é`, `é${'a'.repeat(n - 1)}`]) {
        // Twice: the second write of a value is kept whole, the third copied.
        for (let pass = 0; pass < 3; pass++) assert.deepEqual(cached(9, { 'url.path': s, x: 1 }, run), plainKeyValues(9, { 'url.path': s, x: 1 }));
      }
    }
  });

  test('a body whose length needs another count of bytes than reserved is shifted to fit', () => {
    for (const reserve of [1, 2, 3]) {
      for (const len of [0, 5, 127, 128, 200, 16383, 16384, 20000]) {
        const w = new ProtoWriter(8);
        w.tag(1, 2);
        const start = w.fork(reserve);
        for (let i = 0; i < len; i++) w.bool(true);
        w.join(start, reserve);
        const r = new ProtoReader(bytes(w));
        assert.equal(r.tag(), 0x0a);
        assert.equal(r.bytes().length, len, `reserve ${reserve}, length ${len}`);
        assert.equal(r.more(), false);
      }
    }
  });

  test('fixed64 nanoseconds equal BigInt arithmetic for any epoch millisecond within int64 nanoseconds, before 1970 too', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9e12, max: 9e12 }), fc.integer({ min: 0, max: 999_999 }), (ms, ns) => {
        const w = new ProtoWriter(4);
        w.fixed64Nanos(ms, ns);
        assert.equal(new ProtoReader(bytes(w)).sfixed64String(), (BigInt(ms) * 1_000_000n + BigInt(ns)).toString());
      }),
      { numRuns: 500 },
    );
  });

  test('spans whose head, event name and attributes repeat and change read back as the official serializer\'s encoding of them', () => {
    const tracer = new TracerProvider().getTracer('caches');
    const spanPlan = fc.record({
      name: fc.constantFrom('GET /users/:id', 'GET /users/:id', 'POST /x', 'é'),
      kind: fc.constantFrom<SpanKind>(0, 1, 2),
      event: fc.constantFrom('cache.miss', 'cache.miss', 'retry', undefined),
      attrs: fc.dictionary(key, fc.constantFrom<string | number | boolean>('GET', 200, '/users/1', '/users/2', true, 'w'.repeat(300)), { maxKeys: 5 }),
      big: fc.boolean(),
      status: fc.constantFrom(0, 0, 2),
    });
    fc.assert(
      fc.property(fc.array(fc.array(spanPlan, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }), (batches) => {
        withGoldenTime(() => {
          for (const plan of batches) {
            const made = plan.map((p, i) => {
              const span = tracer.startSpan(p.name, { kind: p.kind, attributes: p.attrs, startTime: 1000 + i });
              // Spans under 128 bytes, over it, and over 16 KB, so the predicted length size is right and wrong.
              if (p.big) span.setAttribute('big', 'b'.repeat(i % 2 === 0 ? 200 : 17_000));
              if (p.event !== undefined) span.addEvent(p.event, { 'cache.key': `user:${i}` }, 1000.5 + i);
              if (p.status !== 0) span.setStatus({ code: p.status, message: 'boom' });
              span.end(1001 + i);
              return span;
            });
            const cache = new Map<object, object>();
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            const official = ProtobufTraceSerializer.serializeRequest(made.map((s) => toOfficialSpan(s, cache)) as any)!;
            assert.deepEqual(dropDefaults(decodeTracesRequest(encodeTracesProto(made))), dropDefaults(decodeTracesRequest(official)));
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  test('keys beyond the key cache bound are written uncached, byte for byte', () => {
    // Runs last: it fills the process-wide key cache (2048 keys) for good.
    const run = new KeyRun();
    for (let i = 0; i < 2100; i += 50) {
      const obj: Record<string, unknown> = {};
      for (let k = i; k < i + 50; k++) obj[`fill.${k}`] = k % 2 === 0 ? 'same' : k;
      for (let pass = 0; pass < 2; pass++) assert.deepEqual(cached(9, obj, pass === 0 ? run : undefined), plainKeyValues(9, obj));
    }
  });
});
