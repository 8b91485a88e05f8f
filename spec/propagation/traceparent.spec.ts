import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extract, inject } from '../../lib/propagation/propagation.js';
import { formatTraceParent, parseTraceParent } from '../../lib/propagation/traceparent.js';
import { SpanContext, TraceFlags } from '../../lib/trace/span-context.js';

const TID = '0af7651916cd43dd8448eb211c80319c';
const SID = 'b7ad6b7169203331';
const VALID = `00-${TID}-${SID}-01`;

describe('W3C traceparent: accepted inputs', () => {
  const accepted: { name: string; header: string; flags: number; traceId?: string }[] = [
    { name: 'a sampled version-00 header', header: VALID, flags: TraceFlags.SAMPLED },
    { name: 'an unsampled header', header: `00-${TID}-${SID}-00`, flags: 0 },
    { name: 'the Level 2 random-trace-id flag with sampled', header: `00-${TID}-${SID}-03`, flags: TraceFlags.SAMPLED | TraceFlags.RANDOM },
    { name: 'the random flag alone', header: `00-${TID}-${SID}-02`, flags: TraceFlags.RANDOM },
    { name: 'unknown flag bits (they are zeroed, not propagated)', header: `00-${TID}-${SID}-ff`, flags: 0x03 },
    { name: 'a future version of exactly 55 characters', header: `cc-${TID}-${SID}-01`, flags: 1 },
    { name: 'a future version with extra fields after a dash', header: `cc-${TID}-${SID}-01-what-the-future-will-be-like`, flags: 1 },
    { name: 'leading and trailing optional whitespace', header: ` \t${VALID} `, flags: 1 },
    { name: 'a trace id with only its last bit set', header: `00-${'0'.repeat(31)}1-${SID}-01`, flags: 1, traceId: '0'.repeat(31) + '1' },
  ];
  for (const c of accepted) {
    test(`accepts ${c.name}`, () => {
      const sc = parseTraceParent(c.header);
      assert.ok(sc instanceof SpanContext);
      assert.equal(sc.traceId, c.traceId ?? TID);
      assert.equal(sc.spanId, SID);
      assert.equal(sc.traceFlags, c.flags);
      assert.equal(sc.isRemote, true);
      assert.equal(sc.isValid(), true);
    });
  }

  test('the id words match the hex (most significant word first)', () => {
    const sc = parseTraceParent(VALID)!;
    assert.deepEqual([sc.t0, sc.t1, sc.t2, sc.t3, sc.s0, sc.s1], [0x0af76519, 0x16cd43dd, 0x8448eb21, 0x1c80319c, 0xb7ad6b71, 0x69203331]);
  });

  test('formatting writes version 00 whatever version was received', () => {
    assert.equal(formatTraceParent(parseTraceParent(`cc-${TID}-${SID}-01-extra`)!), VALID);
    assert.equal(formatTraceParent(parseTraceParent(`00-${TID}-${SID}-03`)!), `00-${TID}-${SID}-03`);
  });
});

describe('W3C traceparent: rejected inputs start a new trace', () => {
  const rejected: { name: string; header: unknown }[] = [
    { name: 'an empty string', header: '' },
    { name: 'a non-string', header: 42 },
    { name: 'undefined', header: undefined },
    { name: 'version ff', header: `ff-${TID}-${SID}-01` },
    { name: 'a non-hex version', header: `0g-${TID}-${SID}-01` },
    { name: 'an uppercase version', header: `0A-${TID}-${SID}-01` },
    { name: 'version 00 with a trailing field', header: `${VALID}-extra` },
    { name: 'version 00 one character short', header: VALID.slice(0, 54) },
    { name: 'version 00 one character long', header: VALID + '0' },
    { name: 'a future version followed by a non-dash', header: `cc-${TID}-${SID}-01x` },
    { name: 'a future version shorter than 55', header: `cc-${TID}-${SID}-1` },
    { name: 'an uppercase trace id', header: `00-${TID.toUpperCase()}-${SID}-01` },
    { name: 'an uppercase span id', header: `00-${TID}-${SID.toUpperCase()}-01` },
    { name: 'uppercase flags', header: `00-${TID}-${SID}-0A` },
    { name: 'an all-zero trace id', header: `00-${'0'.repeat(32)}-${SID}-01` },
    { name: 'an all-zero parent id', header: `00-${TID}-${'0'.repeat(16)}-01` },
    { name: 'a non-hex character in the trace id', header: `00-${TID.slice(0, 31)}g-${SID}-01` },
    { name: 'a non-hex character in the span id', header: `00-${TID}-${SID.slice(0, 15)}z-01` },
    { name: 'non-hex flags', header: `00-${TID}-${SID}-0x` },
    { name: 'a wrong separator after the version', header: `00_${TID}-${SID}-01` },
    { name: 'a wrong separator after the trace id', header: `00-${TID}_${SID}-01` },
    { name: 'a wrong separator after the span id', header: `00-${TID}-${SID}_01` },
    { name: 'a trace id one character short (fields shifted)', header: `00-${TID.slice(1)}-${SID}-010` },
    { name: 'non-ASCII characters in place of hex', header: `00-${TID.slice(0, 31)}é-${SID}-01` },
    { name: 'whitespace inside the value', header: `00-${TID} -${SID}-01` },
    { name: 'only whitespace around a short value', header: `  00-${TID}-${SID}-1  ` },
  ];
  for (const c of rejected) {
    test(`rejects ${c.name}`, () => {
      assert.equal(parseTraceParent(c.header), undefined);
      const ctx = extract({ traceparent: c.header });
      assert.equal(ctx.span, undefined);
    });
  }
});

describe('W3C traceparent: carriers', () => {
  test('header names are case-insensitive', () => {
    for (const name of ['traceparent', 'TraceParent', 'TRACEPARENT']) {
      assert.equal(extract({ [name]: VALID }).span?.spanContext().traceId, TID, name);
    }
    assert.equal(extract(new Headers({ TraceParent: VALID })).span?.spanContext().spanId, SID);
  });

  test('two traceparent headers are ambiguous and start a new trace', () => {
    assert.equal(extract({ traceparent: [VALID, `00-${TID}-${'1'.repeat(16)}-01`] }).span, undefined);
    // Headers and Node join repeated headers with ", ", which is never a valid value.
    const h = new Headers();
    h.append('traceparent', VALID);
    h.append('traceparent', VALID);
    assert.equal(extract(h).span, undefined);
    assert.equal(extract({ traceparent: [VALID] }).span?.spanContext().spanId, SID);
  });

  test('inject after extract gives back the same traceparent', () => {
    for (const h of [VALID, `00-${TID}-${SID}-00`, `00-${TID}-${SID}-03`]) {
      assert.equal(inject({}, extract({ traceparent: h })).traceparent, h);
    }
  });
});
