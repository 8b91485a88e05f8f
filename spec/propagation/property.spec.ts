import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatBaggage, parseBaggage, Baggage } from '../../lib/propagation/baggage.js';
import { extract, inject } from '../../lib/propagation/propagation.js';
import { TraceState } from '../../lib/propagation/trace-state.js';
import { formatTraceParent, parseTraceParent } from '../../lib/propagation/traceparent.js';
import { resetDiagnostics, setDiagLogger, DiagLevel } from '../../lib/common/diag.js';

const RUNS = 500;
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const validTraceParent = fc
  .tuple(hex(32), hex(16), fc.integer({ min: 0, max: 255 }))
  .filter(([t, s]) => !/^0+$/.test(t) && !/^0+$/.test(s))
  .map(([t, s, f]) => `00-${t}-${s}-${f.toString(16).padStart(2, '0')}`);
const lc = 'abcdefghijklmnopqrstuvwxyz';
// key = ( lcalpha / DIGIT ) 0*255 ( keychar ), keychar with '@' (W3C Trace Context, 2026 text).
const keyChars = lc + '0123456789_-*/@';
const tsKey = fc
  .tuple(fc.constantFrom(...lc, ...'0123456789'), fc.string({ unit: fc.constantFrom(...keyChars), maxLength: 20 }))
  .map(([a, b]) => a + b);
const ows = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 2 });
// Members that break the grammar in one way each; the parser must discard exactly these.
const badMember = fc.oneof(
  tsKey.map((k) => k.toUpperCase() + 'X=1'),
  tsKey.map((k) => '@' + k + '=1'),
  tsKey.map((k) => k + '='),
  tsKey.map((k) => k),
  tsKey.map((k) => k + '=a\tb'),
  tsKey.map((k) => k + '=é'),
  tsKey.map((k) => k + '=' + 'v'.repeat(257)),
  tsKey.map((k) => 'k'.repeat(257) + k + '=1'),
);
const tsValue = fc
  .string({ unit: fc.integer({ min: 0x21, max: 0x7e }).filter((c) => c !== 0x2c && c !== 0x3d).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 30 });
const tokenChars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

describe('property: codecs never throw and round-trip', () => {
  test('random strings never make parsing or extract throw', () => {
    setDiagLogger({ error() {}, warn() {}, info() {}, debug() {} }, DiagLevel.NONE);
    try {
      fc.assert(
        fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), fc.string({ maxLength: 120 }), (tp, ts, bg) => {
          parseTraceParent(tp);
          TraceState.parse(ts)?.serialize();
          parseBaggage(bg)?.toObject();
          const ctx = extract({ traceparent: tp, tracestate: ts, baggage: bg });
          inject({}, ctx);
        }),
        { numRuns: RUNS },
      );
      // Near-valid traceparents: a valid one with one character replaced.
      fc.assert(
        fc.property(validTraceParent, fc.nat(54), fc.string({ minLength: 1, maxLength: 1 }), (tp, at, ch) => {
          const mutated = tp.slice(0, at) + ch + tp.slice(at + 1);
          const sc = parseTraceParent(mutated);
          if (sc !== undefined) assert.equal(formatTraceParent(sc).slice(2, 52), mutated.slice(2, 52));
        }),
        { numRuns: RUNS },
      );
    } finally {
      setDiagLogger(undefined);
      resetDiagnostics();
    }
  });

  test('format(parse(x)) === x for valid traceparents (known flag bits)', () => {
    fc.assert(
      fc.property(validTraceParent, (tp) => {
        const sc = parseTraceParent(tp);
        assert.ok(sc);
        const flags = parseInt(tp.slice(53), 16) & 0x03;
        assert.equal(formatTraceParent(sc), tp.slice(0, 53) + flags.toString(16).padStart(2, '0'));
      }),
      { numRuns: RUNS },
    );
  });

  test('serialize(parse(x)) === x for valid canonical tracestates', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(tsKey, tsValue), { maxLength: 32, minLength: 1, selector: ([k]) => k }), (members) => {
        const header = members.map(([k, v]) => `${k}=${v}`).join(',');
        const ts = TraceState.parse(header);
        assert.ok(ts, header);
        assert.equal(ts.serialize(), header);
        for (const [k, v] of members) assert.equal(ts.get(k), v);
      }),
      { numRuns: RUNS },
    );
  });

  test('parse keeps exactly the valid members, first of each key, first 32, whatever surrounds them', () => {
    setDiagLogger({ error() {}, warn() {}, info() {}, debug() {} }, DiagLevel.NONE);
    try {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.tuple(tsKey, tsValue).map(([k, v]) => ({ k, v })), badMember.map((bad) => ({ bad })), fc.constant({ empty: true })), { maxLength: 45 }),
          fc.array(fc.tuple(ows, ows), { minLength: 45, maxLength: 45 }),
          (items, pads) => {
            const header = items.map((it, i) => pads[i]![0] + ('k' in it ? `${it.k}=${it.v}` : 'bad' in it ? it.bad : '') + pads[i]![1]).join(',');
            const expected: string[] = [];
            const seen = new Set<string>();
            for (const it of items) {
              if (!('k' in it) || seen.has(it.k) || expected.length === 32) continue;
              seen.add(it.k);
              expected.push(`${it.k}=${it.v}`);
            }
            const ts = TraceState.parse(header);
            assert.equal(ts?.serialize() ?? '', expected.join(','), header);
          },
        ),
        { numRuns: RUNS },
      );
    } finally {
      setDiagLogger(undefined);
      resetDiagnostics();
    }
  });

  test('a baggage header kept as received reads the same as the general parser reads it', () => {
    const octet = fc
      .integer({ min: 0x21, max: 0x7e })
      .filter((c) => c !== 0x22 && c !== 0x2c && c !== 0x3b && c !== 0x5c)
      .map((c) => String.fromCharCode(c));
    const member = fc.tuple(fc.string({ unit: fc.constantFrom(...tokenChars), minLength: 1, maxLength: 6 }), fc.string({ unit: octet, maxLength: 12 }));
    setDiagLogger({ error() {}, warn() {}, info() {}, debug() {} }, DiagLevel.NONE);
    try {
      fc.assert(
        fc.property(fc.array(member, { maxLength: 40 }), (members) => {
          const header = members.map(([k, v]) => `${k}=${v}`).join(',');
          const kept = parseBaggage(header);
          // Trailing OWS and an empty member force the general parser without changing the meaning.
          const general = parseBaggage(header + ' ,');
          assert.deepEqual(kept?.toObject(), general?.toObject());
          assert.deepEqual(kept?.size, general?.size);
          if (kept) assert.deepEqual(parseBaggage(kept.serialize())?.toObject(), kept.toObject());
        }),
        { numRuns: RUNS },
      );
    } finally {
      setDiagLogger(undefined);
      resetDiagnostics();
    }
  });

  test('parse(format(b)) equals b for any baggage of valid keys and any string values', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: fc.constantFrom(...tokenChars), minLength: 1, maxLength: 12 }), fc.string({ maxLength: 20, unit: 'grapheme' }), { maxKeys: 10 }),
        (entries) => {
          const b = Baggage.from(entries);
          const back = parseBaggage(formatBaggage(b));
          assert.deepEqual(back?.toObject() ?? {}, b.toObject());
        },
      ),
      { numRuns: RUNS },
    );
  });
});
