import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extract, inject } from '../../lib/propagation/propagation.js';
import { TraceState, isValidTraceStateKey, isValidTraceStateValue } from '../../lib/propagation/trace-state.js';
import { captureDiag } from '../helpers/diag.js';

const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const members = (n: number): string => Array.from({ length: n }, (_, i) => `k${i}=v${i}`).join(',');

describe('W3C tracestate: grammar', () => {
  const valid: { name: string; header: string | string[]; serialized: string }[] = [
    { name: 'one simple member', header: 'congo=t61rcWkgMzE', serialized: 'congo=t61rcWkgMzE' },
    { name: 'two members', header: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE', serialized: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' },
    { name: 'a multi-tenant key', header: 'fw529a3039@dt=-2,1a@b*=x', serialized: 'fw529a3039@dt=-2,1a@b*=x' },
    { name: 'key characters _ - * / and digits', header: 'a_b-c*d/e9=1', serialized: 'a_b-c*d/e9=1' },
    { name: 'a value with inner spaces and punctuation', header: 'a=hello world!~', serialized: 'a=hello world!~' },
    { name: 'optional whitespace around members', header: ' a=1 ,\tb=2\t', serialized: 'a=1,b=2' },
    { name: 'empty members', header: 'a=1,,b=2,', serialized: 'a=1,b=2' },
    { name: 'several headers, combined in order', header: ['a=1,b=2', 'c=3'], serialized: 'a=1,b=2,c=3' },
    { name: 'several headers with one empty', header: ['a=1', ''], serialized: 'a=1' },
    { name: 'exactly 32 members', header: members(32), serialized: members(32) },
    { name: 'a 256-character key', header: 'a'.repeat(256) + '=1', serialized: 'a'.repeat(256) + '=1' },
    { name: 'a 256-character value', header: 'a=' + 'v'.repeat(256), serialized: 'a=' + 'v'.repeat(256) },
    { name: 'a 241-char tenant and 14-char system id', header: 't'.repeat(241) + '@' + 's'.repeat(14) + '=1', serialized: 't'.repeat(241) + '@' + 's'.repeat(14) + '=1' },
  ];
  for (const c of valid) {
    test(`keeps ${c.name}`, () => {
      const ts = TraceState.parse(c.header);
      assert.ok(ts);
      assert.equal(ts.serialize(), c.serialized);
    });
  }

  const invalid: { name: string; header: unknown }[] = [
    { name: 'an uppercase key', header: 'Rojo=1' },
    { name: 'a key starting with a digit (not multi-tenant)', header: '1a=1' },
    { name: 'a key with an illegal character', header: 'a.b=1' },
    { name: 'an empty key', header: '=1' },
    { name: 'an empty value', header: 'a=' },
    { name: 'a value of only spaces', header: 'a=   ' },
    { name: 'a member without "="', header: 'a' },
    { name: 'a value containing "="', header: 'a=b=c' },
    { name: 'a value with a tab inside', header: 'a=x\ty' },
    { name: 'a non-ASCII value', header: 'a=é' },
    { name: 'a control character in the value', header: 'a=\u0001' },
    { name: 'duplicate keys', header: 'a=1,b=2,a=3' },
    { name: 'duplicate keys across headers', header: ['a=1', 'a=2'] },
    { name: 'more than 32 members', header: members(33) },
    { name: 'a 257-character key', header: 'a'.repeat(257) + '=1' },
    { name: 'a 257-character value', header: 'a=' + 'v'.repeat(257) },
    { name: 'a 242-character tenant id', header: 't'.repeat(242) + '@s=1' },
    { name: 'a 15-character system id', header: 't@' + 's'.repeat(15) + '=1' },
    { name: 'a system id starting with a digit', header: 't@1=1' },
    { name: 'two "@" in a key', header: 'a@b@c=1' },
    { name: 'an empty tenant id', header: '@b=1' },
    { name: 'whitespace between key and "="', header: 'a =1' },
    { name: 'a non-string header', header: 7 },
    { name: 'a non-string array element', header: ['a=1', 2] },
  ];
  for (const c of invalid) {
    test(`drops the whole header with ${c.name}`, () => {
      assert.equal(TraceState.parse(c.header), undefined);
    });
  }

  test('an empty or blank header gives no tracestate', () => {
    for (const h of ['', ',', ' , ', []]) assert.equal(TraceState.parse(h), undefined);
  });
});

describe('W3C tracestate: with the traceparent', () => {
  test('an invalid tracestate is dropped while the traceparent is kept', () => {
    const d = captureDiag();
    try {
      const ctx = extract({ traceparent: TP, tracestate: 'a=1,A=2' });
      assert.equal(ctx.span?.spanContext().traceId, '0af7651916cd43dd8448eb211c80319c');
      assert.equal(ctx.span?.spanContext().traceState, undefined);
      assert.deepEqual(inject({}, ctx), { traceparent: TP });
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
    for (const k of ['a', 'a1_-*/', 'ten@sys', '1@a']) assert.equal(isValidTraceStateKey(k), true, k);
    for (const k of ['', 'A', '1', 'a=b', 'a,b', ' a', 'a@', '@a', 5]) assert.equal(isValidTraceStateKey(k), false, String(k));
    for (const v of ['x', 'a b', '!~']) assert.equal(isValidTraceStateValue(v), true, v);
    for (const v of ['', 'x ', 'a,b', 'a=b', 'é', 'v'.repeat(257), null]) assert.equal(isValidTraceStateValue(v), false, String(v));
  });
});
