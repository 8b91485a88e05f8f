import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extract, inject } from '../../lib/propagation/propagation.js';
import { TraceState, isValidTraceStateKey, isValidTraceStateValue, TRACESTATE_MAX_LENGTH } from '../../lib/propagation/trace-state.js';
import { captureDiag } from '../helpers/diag.js';

// Rules quoted from the current W3C Trace Context text (w3c/trace-context, spec/20-http_request_header_format.md
// and spec/30-processing-model.md, 2026): each case names the rule it checks.
const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const members = (n: number): string => Array.from({ length: n }, (_, i) => `k${i}=v${i}`).join(',');
const KEY_RULE = 'key = ( lcalpha / DIGIT ) 0*255 ( keychar ); keychar = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"';
const VALUE_RULE = 'value = 0*255(chr) nblk-chr; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E; chr = %x20 / nblk-chr';
const DISCARD_RULE = 'processing model 3: "Invalid tracestate entries MAY also be discarded"';

describe('W3C tracestate: members kept whole', () => {
  const valid: { rule: string; name: string; header: string | string[]; serialized: string }[] = [
    { rule: 'list-member = key "=" value', name: 'one simple member', header: 'congo=t61rcWkgMzE', serialized: 'congo=t61rcWkgMzE' },
    { rule: 'list = list-member 0*31( OWS "," OWS list-member )', name: 'two members', header: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE', serialized: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' },
    { rule: KEY_RULE, name: 'a tenant@system key', header: 'fw529a3039@dt=-2,1a@b*=x', serialized: 'fw529a3039@dt=-2,1a@b*=x' },
    { rule: KEY_RULE, name: 'a key starting with a digit and no "@"', header: '1a=1', serialized: '1a=1' },
    { rule: KEY_RULE, name: 'a key of a single digit', header: '7=x', serialized: '7=x' },
    { rule: KEY_RULE, name: 'a key with two "@"', header: 'a@b@c=1', serialized: 'a@b@c=1' },
    { rule: KEY_RULE, name: 'a key ending in "@"', header: 'a@=1', serialized: 'a@=1' },
    { rule: KEY_RULE, name: 'a system part starting with a digit', header: 't@1=1', serialized: 't@1=1' },
    { rule: KEY_RULE, name: 'a 15-character part after "@"', header: 't@' + 's'.repeat(15) + '=1', serialized: 't@' + 's'.repeat(15) + '=1' },
    { rule: KEY_RULE, name: 'a 242-character part before "@"', header: 't'.repeat(242) + '@s=1', serialized: 't'.repeat(242) + '@s=1' },
    { rule: KEY_RULE, name: 'key characters _ - * / and digits', header: 'a_b-c*d/e9=1', serialized: 'a_b-c*d/e9=1' },
    { rule: KEY_RULE + ' ("contain up to 256 characters")', name: 'a 256-character key', header: 'a'.repeat(256) + '=1', serialized: 'a'.repeat(256) + '=1' },
    { rule: KEY_RULE, name: 'a 256-character key with "@" in it', header: '9'.repeat(200) + '@' + 'z'.repeat(55) + '=1', serialized: '9'.repeat(200) + '@' + 'z'.repeat(55) + '=1' },
    { rule: VALUE_RULE, name: 'a value with inner spaces and punctuation', header: 'a=hello world!~', serialized: 'a=hello world!~' },
    { rule: VALUE_RULE + ' ("up to 256 printable ASCII characters")', name: 'a 256-character value', header: 'a=' + 'v'.repeat(256), serialized: 'a=' + 'v'.repeat(256) },
    { rule: '"All leading spaces MUST be preserved as part of the value"', name: 'leading spaces of a value', header: 'a=  x,b=y', serialized: 'a=  x,b=y' },
    { rule: '"All trailing spaces are considered to be optional whitespace ... MAY be excluded"', name: 'trailing spaces of a value dropped', header: 'a=x  ,b=y', serialized: 'a=x,b=y' },
    { rule: '"Spaces and horizontal tabs surrounding list-members are ignored"', name: 'optional whitespace around members', header: ' a=1 ,\tb=2\t', serialized: 'a=1,b=2' },
    { rule: '"Empty and whitespace-only list members are allowed"', name: 'empty members', header: 'a=1,,b=2,', serialized: 'a=1,b=2' },
    { rule: '"Empty and whitespace-only list members are allowed"', name: 'whitespace-only members', header: 'a=1, \t ,b=2', serialized: 'a=1,b=2' },
    { rule: '"Empty and whitespace-only list members are allowed"; 32 is the limit of list-members with a key', name: '32 members and empty ones between them', header: members(32).replaceAll(',', ', ,'), serialized: members(32) },
    { rule: '"When receiving multiple tracestate header fields, they MUST be combined"', name: 'several headers, combined in order', header: ['a=1,b=2', 'c=3'], serialized: 'a=1,b=2,c=3' },
    { rule: '"Empty list members are allowed ... multiple tracestate headers"', name: 'several headers with one empty', header: ['a=1', ''], serialized: 'a=1' },
    { rule: '"There can be a maximum of 32 list-members"', name: 'exactly 32 members', header: members(32), serialized: members(32) },
  ];
  for (const c of valid) {
    test(`keeps ${c.name} — ${c.rule}`, () => {
      const ts = TraceState.parse(c.header);
      assert.ok(ts);
      assert.equal(ts.serialize(), c.serialized);
    });
  }
});

describe('W3C tracestate: an invalid member is discarded, the rest kept', () => {
  const cases: { rule: string; name: string; header: string | string[]; serialized: string }[] = [
    { rule: KEY_RULE, name: 'an uppercase key', header: 'Rojo=1,b=2', serialized: 'b=2' },
    { rule: KEY_RULE, name: 'a key with an illegal character', header: 'a.b=1,b=2', serialized: 'b=2' },
    { rule: KEY_RULE, name: 'a key starting with "@"', header: '@b=1,b=2', serialized: 'b=2' },
    { rule: KEY_RULE, name: 'a key starting with "_"', header: '_b=1,b=2', serialized: 'b=2' },
    { rule: KEY_RULE, name: 'an empty key', header: 'x=0,=1', serialized: 'x=0' },
    { rule: KEY_RULE + ' (257 characters is one too many)', name: 'a 257-character key', header: 'a'.repeat(257) + '=1,b=2', serialized: 'b=2' },
    { rule: VALUE_RULE, name: 'an empty value', header: 'a=,b=2', serialized: 'b=2' },
    { rule: VALUE_RULE, name: 'a value of only spaces', header: 'a=   ,b=2', serialized: 'b=2' },
    { rule: VALUE_RULE + ' (257 characters is one too many)', name: 'a 257-character value', header: 'a=' + 'v'.repeat(257) + ',b=2', serialized: 'b=2' },
    { rule: VALUE_RULE + ' (leading spaces count)', name: 'a value of 2 spaces and 255 characters', header: 'a=  ' + 'v'.repeat(255) + ',b=2', serialized: 'b=2' },
    { rule: 'list-member = key "=" value', name: 'a member without "="', header: 'a,b=2', serialized: 'b=2' },
    { rule: VALUE_RULE + ' (no "=")', name: 'a value containing "="', header: 'a=b=c,b=2', serialized: 'b=2' },
    { rule: '"this also excludes tabs, newlines, carriage returns"', name: 'a value with a tab inside', header: 'a=x\ty,b=2', serialized: 'b=2' },
    { rule: '"printable ASCII"', name: 'a non-ASCII value', header: 'a=é,b=2', serialized: 'b=2' },
    { rule: '"printable ASCII"', name: 'a control character in the value', header: 'a=\u0001,b=2', serialized: 'b=2' },
    { rule: 'list-member = key "=" value (no OWS inside)', name: 'whitespace between key and "="', header: 'a =1,b=2', serialized: 'b=2' },
    { rule: '"Only one entry per key is allowed"; zerotel keeps the left-most (the most recent position)', name: 'a later duplicate key', header: 'a=1,b=2,a=3', serialized: 'a=1,b=2' },
    { rule: '"Only one entry per key is allowed"; zerotel keeps the left-most', name: 'a duplicate key across headers', header: ['a=1', 'a=2'], serialized: 'a=1' },
    { rule: '"maximum of 32 list-members"; truncation "SHOULD be removed starting from the end"', name: 'members beyond the 32nd', header: members(34), serialized: members(32) },
    { rule: '"maximum of 32 list-members"; discarded members do not count', name: 'invalid members before the 32 valid ones', header: 'BAD=1,' + members(32), serialized: members(32) },
  ];
  for (const c of cases) {
    test(`discards ${c.name} — ${c.rule}; ${DISCARD_RULE}`, () => {
      const d = captureDiag();
      try {
        const ts = TraceState.parse(c.header);
        assert.ok(ts, 'the valid members survive');
        assert.equal(ts.serialize(), c.serialized);
        assert.ok(d.messages.some((m) => m.message.includes('tracestate')), 'the discard is reported');
      } finally {
        d.restore();
      }
    });
  }

  const nothingLeft: { name: string; header: unknown }[] = [
    { name: 'a single invalid member', header: 'A=1' },
    { name: 'a non-string header', header: 7 },
    { name: 'a non-string array element', header: ['a=1', 2] },
  ];
  for (const c of nothingLeft) {
    test(`gives no tracestate for ${c.name}`, () => {
      const d = captureDiag();
      try {
        assert.equal(TraceState.parse(c.header), undefined);
      } finally {
        d.restore();
      }
    });
  }

  test('an empty or blank header gives no tracestate — "Vendors MUST accept empty tracestate headers"', () => {
    for (const h of ['', ',', ' , ', []]) assert.equal(TraceState.parse(h), undefined);
  });
});

describe('W3C tracestate: truncation beyond the propagated length', () => {
  // "Vendors SHOULD propagate at least 512 characters"; "the maximum size of the propagated tracestate header
  // SHOULD be documented" (ours: TRACESTATE_MAX_LENGTH); "the vendor MUST truncate whole entries. Entries larger
  // than 128 characters long SHOULD be removed first. Then entries SHOULD be removed starting from the end".
  test('the documented maximum is above the 512 characters the text asks to keep', () => {
    assert.ok(TRACESTATE_MAX_LENGTH >= 512);
  });

  test('entries longer than 128 characters go first, right-most first', () => {
    const long = (k: string) => `${k}=` + 'x'.repeat(250);
    const header = Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? long(`l${i}`) : `s${i}=1`)).join(',');
    assert.ok(header.length > TRACESTATE_MAX_LENGTH);
    const d = captureDiag();
    try {
      const ts = TraceState.parse(header)!;
      const out = ts.serialize();
      assert.ok(out.length <= TRACESTATE_MAX_LENGTH);
      // Every short entry survives, in order; long ones survive from the left only.
      for (let i = 1; i < 32; i += 2) assert.equal(ts.get(`s${i}`), '1');
      const keptLong = ts.keys().filter((k) => k.startsWith('l'));
      assert.deepEqual(keptLong, Array.from({ length: keptLong.length }, (_, i) => `l${i * 2}`));
      assert.ok(keptLong.length > 0 && keptLong.length < 16);
      // Removing one more long entry would not have been needed: the next one does not fit.
      assert.ok(out.length + long('l99').length + 1 > TRACESTATE_MAX_LENGTH);
    } finally {
      d.restore();
    }
  });

  test('then entries are removed from the end', () => {
    const m = (i: number) => `k${String(i).padStart(2, '0')}=` + 'v'.repeat(124);
    const header = Array.from({ length: 32 }, (_, i) => m(i)).join(',');
    assert.ok(header.length > TRACESTATE_MAX_LENGTH);
    const d = captureDiag();
    try {
      const ts = TraceState.parse(header)!;
      const n = ts.size;
      assert.equal(ts.serialize(), Array.from({ length: n }, (_, i) => m(i)).join(','));
      assert.ok(ts.serialize().length <= TRACESTATE_MAX_LENGTH);
      assert.ok(ts.serialize().length + m(n).length + 1 > TRACESTATE_MAX_LENGTH);
    } finally {
      d.restore();
    }
  });
});

describe('W3C tracestate: with the traceparent', () => {
  test('an invalid tracestate is dropped while the traceparent is kept — "failure to parse tracestate MUST NOT affect the parsing of traceparent"', () => {
    const d = captureDiag();
    try {
      const ctx = extract({ traceparent: TP, tracestate: 'A=2,b' });
      assert.equal(ctx.span?.spanContext().traceId, '0af7651916cd43dd8448eb211c80319c');
      assert.equal(ctx.span?.spanContext().traceState, undefined);
      assert.deepEqual(inject({}, ctx), { traceparent: TP });
    } finally {
      d.restore();
    }
  });

  test('an invalid member is dropped and the valid ones are forwarded', () => {
    const d = captureDiag();
    try {
      const ctx = extract({ traceparent: TP, tracestate: 'a=1,A=2,1@x=3' });
      assert.equal(inject({}, ctx).tracestate, 'a=1,1@x=3');
    } finally {
      d.restore();
    }
  });

  test('a tracestate without a valid traceparent is ignored', () => {
    assert.equal(extract({ traceparent: 'junk', tracestate: 'a=1' }).span, undefined);
  });

  test('several tracestate headers arrive combined and leave as one', () => {
    const ctx = extract({ traceparent: TP, tracestate: ['a=1', 'b=2'] });
    assert.equal(inject({}, ctx).tracestate, 'a=1,b=2');
    const h = new Headers();
    h.append('traceparent', TP);
    h.append('tracestate', 'a=1');
    h.append('tracestate', 'b=2');
    assert.equal(inject({}, extract(h)).tracestate, 'a=1,b=2');
  });

  test('a forwarded tracestate is sent exactly as received when canonical', () => {
    const header = 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,fw529a3039@dt=-2';
    assert.equal(inject({}, extract({ traceparent: TP, tracestate: header })).tracestate, header);
  });
});

describe('W3C tracestate: reading and mutating', () => {
  test('get reads entries of a lazily parsed header', () => {
    const ts = TraceState.parse(' rojo=00f067aa0ba902b7 , congo=t61rcWkgMzE')!;
    assert.equal(ts.get('congo'), 't61rcWkgMzE');
    assert.equal(ts.get('rojo'), '00f067aa0ba902b7');
    assert.equal(ts.get('nope'), undefined);
    assert.equal(ts.size, 2);
    assert.deepEqual(ts.keys(), ['rojo', 'congo']);
    assert.equal(String(ts), 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
  });

  test('set moves a new or updated entry to the front and leaves the original unchanged', () => {
    const ts = TraceState.parse('a=1,b=2,c=3')!;
    assert.equal(ts.set('b', 'x').serialize(), 'b=x,a=1,c=3');
    assert.equal(ts.set('z', '9').serialize(), 'z=9,a=1,b=2,c=3');
    assert.equal(ts.serialize(), 'a=1,b=2,c=3');
    assert.equal(TraceState.empty().set('k', 'v').serialize(), 'k=v');
  });

  test('set on a full list drops the right-most member', () => {
    const ts = TraceState.parse(members(32))!.set('new', 'x');
    assert.equal(ts.size, 32);
    assert.deepEqual(ts.keys().slice(0, 2), ['new', 'k0']);
    assert.equal(ts.get('k31'), undefined);
  });

  test('set keeps the new entry and truncates the others when the length limit is passed', () => {
    const m = (i: number) => `k${String(i).padStart(2, '0')}=` + 'v'.repeat(124);
    const d = captureDiag();
    try {
      const full = TraceState.parse(Array.from({ length: 32 }, (_, i) => m(i)).join(','))!;
      const ts = full.set('mine', 'x'.repeat(200));
      assert.equal(ts.keys()[0], 'mine');
      assert.ok(ts.serialize().length <= TRACESTATE_MAX_LENGTH);
      assert.deepEqual(ts.keys().slice(1), full.keys().slice(0, ts.size - 1));
    } finally {
      d.restore();
    }
  });

  test('set with an invalid key or value is reported and changes nothing', () => {
    const d = captureDiag();
    try {
      const ts = TraceState.parse('a=1')!;
      assert.equal(ts.set('Bad', 'x'), ts);
      assert.equal(ts.set('ok', 'x,y'), ts);
      assert.equal(ts.set('ok', ''), ts);
      assert.ok(d.messages.some((m) => m.message.includes('tracestate')));
    } finally {
      d.restore();
    }
  });

  test('unset removes an entry and returns the same state when absent', () => {
    const ts = TraceState.parse('a=1,b=2')!;
    assert.equal(ts.unset('a').serialize(), 'b=2');
    assert.equal(ts.unset('zz'), ts);
    assert.equal(ts.unset('a').unset('b').serialize(), '');
  });

  test('key and value validators follow the grammar', () => {
    for (const k of ['a', 'a1_-*/', 'ten@sys', '1@a', '1', 'a@', 'a@b@c', 'z'.repeat(256)]) assert.equal(isValidTraceStateKey(k), true, k);
    for (const k of ['', 'A', 'a=b', 'a,b', ' a', 'a ', '@a', '-a', 'z'.repeat(257), 5]) assert.equal(isValidTraceStateKey(k), false, String(k));
    for (const v of ['x', 'a b', '!~', ' x', 'v'.repeat(256)]) assert.equal(isValidTraceStateValue(v), true, v);
    for (const v of ['', 'x ', 'a,b', 'a=b', 'é', 'v'.repeat(257), null]) assert.equal(isValidTraceStateValue(v), false, String(v));
  });
});
