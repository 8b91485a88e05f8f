import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BAGGAGE_MAX_BYTES,
  BAGGAGE_MAX_MEMBERS,
  Baggage,
  EMPTY_BAGGAGE,
  decodeBaggageValue,
  encodeBaggageValue,
  formatBaggage,
  getBaggage,
  parseBaggage,
  setBaggage,
  withBaggage,
} from '../../lib/propagation/baggage.js';
import { ROOT_CONTEXT } from '../../lib/context/context.js';
import { activeContext } from '../../lib/context/async-context.js';
import { extract, inject } from '../../lib/propagation/propagation.js';
import { droppedCounts } from '../../lib/common/diag.js';
import { captureDiag } from '../helpers/diag.js';

describe('W3C baggage: parsing', () => {
  const cases: { name: string; header: unknown; values: Record<string, string> | undefined }[] = [
    { name: 'simple members', header: 'userId=alice,serverNode=DF%2028', values: { userId: 'alice', serverNode: 'DF 28' } },
    { name: 'optional whitespace everywhere', header: ' a = 1 ,\tb=2\t', values: { a: '1', b: '2' } },
    { name: 'percent-encoded UTF-8', header: 'city=M%C3%BCnchen,e=%F0%9F%98%80', values: { city: 'München', e: '😀' } },
    { name: 'invalid UTF-8 replaced by U+FFFD', header: 'x=%FF%FEok', values: { x: '\ufffd\ufffdok' } },
    { name: 'a lone "%" kept as is', header: 'x=100%,y=%zz', values: { x: '100%', y: '%zz' } },
    { name: 'an empty value', header: 'x=', values: { x: '' } },
    { name: 'properties kept aside', header: 'k=v;prop1;p2=x', values: { k: 'v' } },
    { name: 'token keys with punctuation', header: "a!#$%&'*+-.^_`|~9=1", values: { "a!#$%&'*+-.^_`|~9": '1' } },
    { name: 'several headers', header: ['a=1', 'b=2'], values: { a: '1', b: '2' } },
    { name: 'invalid members skipped, valid ones kept', header: 'bad key=1,ok=1,noeq,q="x",s=a b,=v,good=2', values: { ok: '1', good: '2' } },
    { name: 'a later duplicate wins', header: 'a=1,a=2', values: { a: '2' } },
    { name: 'nothing valid', header: 'bad key=1', values: undefined },
    { name: 'an invalid property makes its member invalid', header: 'a=1;bad key,b=2', values: { b: '2' } },
    { name: 'an empty header', header: '', values: undefined },
    { name: 'a non-string', header: 3, values: undefined },
  ];
  for (const c of cases) {
    test(`parses ${c.name}`, () => {
      const d = captureDiag();
      try {
        const b = parseBaggage(c.header);
        assert.deepEqual(b?.toObject(), c.values);
      } finally {
        d.restore();
      }
    });
  }

  test('properties are kept as metadata and sent on unchanged', () => {
    const b = parseBaggage('k=v ; prop1 ; p2 = x')!;
    assert.equal(b.getEntry('k')?.metadata, 'prop1 ; p2 = x');
    assert.equal(formatBaggage(b), 'k=v;prop1 ; p2 = x');
  });

  test('a receiver keeps at most 180 members and counts the rest', () => {
    const d = captureDiag();
    try {
      const header = Array.from({ length: 200 }, (_, i) => `k${i}=v`).join(',');
      const b = parseBaggage(header)!;
      assert.equal(b.size, BAGGAGE_MAX_MEMBERS);
      assert.equal(b.get('k179'), 'v');
      assert.equal(b.get('k180'), undefined);
      assert.equal(droppedCounts()['baggage.entry'], 20);
    } finally {
      d.restore();
    }
  });

  test('a receiver keeps the members that fit in 8192 bytes', () => {
    const d = captureDiag();
    try {
      const big = 'v'.repeat(3000);
      const b = parseBaggage(`a=${big},b=${big},c=${big},d=1`)!;
      assert.deepEqual(Object.keys(b.toObject()), ['a', 'b', 'd']);
    } finally {
      d.restore();
    }
  });
});

describe('W3C baggage: formatting', () => {
  test('values are percent-encoded so they round-trip', () => {
    const values = ['a b', 'x,y;z', 'München', '😀', '100%', 'quote"back\\slash', '=eq', '', 'plain-ASCII_!#$&*'];
    for (const v of values) {
      const header = formatBaggage(Baggage.from({ k: v }));
      assert.match(header, /^k=[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/);
      assert.equal(parseBaggage(header)?.get('k'), v, v);
    }
    assert.equal(encodeBaggageValue('plain'), 'plain');
    assert.equal(encodeBaggageValue('\ud800x'), '%EF%BF%BDx');
    assert.equal(decodeBaggageValue('%41%42'), 'AB');
    assert.equal(decodeBaggageValue('ü%20😀'), 'ü 😀');
    assert.equal(decodeBaggageValue('ü😀%FF%41'), 'ü😀\ufffdA');
  });

  test('a sender drops members until both limits hold', () => {
    const d = captureDiag();
    try {
      const many: Record<string, string> = {};
      for (let i = 0; i < 200; i++) many[`k${i}`] = 'v';
      assert.equal(formatBaggage(Baggage.from(many)).split(',').length, BAGGAGE_MAX_MEMBERS);
      const big = 'v'.repeat(4000);
      const header = formatBaggage(Baggage.from({ a: big, b: big, c: big, d: 'small' }));
      assert.ok(Buffer.byteLength(header) <= BAGGAGE_MAX_BYTES);
      assert.deepEqual(Object.keys(parseBaggage(header)!.toObject()), ['a', 'b', 'd']);
      assert.ok((droppedCounts()['baggage.entry'] ?? 0) >= 2);
    } finally {
      d.restore();
    }
  });

  test('non-ASCII metadata is counted in bytes', () => {
    const b = EMPTY_BAGGAGE.set('k', 'v', 'p=é');
    assert.equal(formatBaggage(b), 'k=v;p=é');
  });
});

describe('W3C baggage: forwarding', () => {
  test('a canonical header is forwarded exactly as received, and read lazily', () => {
    const header = 'a=1,path=%2fx/y,u=M%C3%BCnchen,e=';
    const ctx = extract({ baggage: header });
    assert.equal(inject({}, ctx).baggage, header);
    const b = getBaggage(ctx);
    assert.deepEqual(b.toObject(), { a: '1', path: '/x/y', u: 'München', e: '' });
    assert.equal(b.size, 4);
    assert.equal(b.has('u'), true);
    assert.equal(b.getEntry('a')?.metadata, undefined);
    // Once changed, the baggage is formatted from its entries.
    assert.equal(b.set('n', 'v w').serialize(), 'a=1,path=/x/y,u=M%C3%BCnchen,e=,n=v%20w');
    assert.equal(b.delete('a').serialize(), 'path=/x/y,u=M%C3%BCnchen,e=');
  });

  test('headers that are not canonical go through the general parser and are normalized', () => {
    const d = captureDiag();
    try {
      const cases: [string, string][] = [
        ['a=1, b=2', 'a=1,b=2'],
        ['a=1,a=2', 'a=2'],
        ['a=1;p', 'a=1;p'],
        ['a=1,', 'a=1'],
        ['a=1,bad key=2', 'a=1'],
      ];
      for (const [input, output] of cases) assert.equal(inject({}, extract({ baggage: input })).baggage, output, input);
    } finally {
      d.restore();
    }
  });
});

describe('W3C baggage: the Baggage value and the context API', () => {
  test('Baggage is immutable: set, setAll and delete return new values', () => {
    const a = Baggage.from({ x: '1' });
    const b = a.set('y', '2');
    assert.deepEqual(a.toObject(), { x: '1' });
    assert.deepEqual(b.toObject(), { x: '1', y: '2' });
    assert.deepEqual(b.delete('x').toObject(), { y: '2' });
    assert.equal(b.delete('nope'), b);
    assert.equal(b.has('y'), true);
    assert.deepEqual([...b.entries()].map(([k]) => k), ['x', 'y']);
    assert.deepEqual(Baggage.from({ z: { value: '3', metadata: 'm' } }).getEntry('z'), { value: '3', metadata: 'm' });
    assert.equal(a.setAll(null as never), a);
  });

  test('invalid keys and values are reported and ignored', () => {
    const d = captureDiag();
    try {
      const b = Baggage.from({ 'bad key': 'x', ok: 'y', num: 5 as never });
      assert.deepEqual(b.toObject(), { ok: 'y' });
      // One line per call, with the count (a large object of bad entries is not a flood).
      assert.deepEqual(d.messages.filter((m) => m.message.includes('baggage')).map((m) => m.message), ['baggage: 2 invalid entries ignored']);
    } finally {
      d.restore();
    }
  });

  test('getBaggage, setBaggage and withBaggage read and set baggage in the context', async () => {
    assert.equal(getBaggage(ROOT_CONTEXT).size, 0);
    const ctx = setBaggage(ROOT_CONTEXT, Baggage.from({ tenant: 'acme' }));
    assert.equal(getBaggage(ctx).get('tenant'), 'acme');
    assert.equal(getBaggage(setBaggage(ctx, EMPTY_BAGGAGE)).size, 0);
    await withBaggage({ tenant: 'acme' }, async () => {
      await Promise.resolve();
      assert.equal(getBaggage().get('tenant'), 'acme');
      withBaggage({ user: 'bob' }, () => {
        assert.deepEqual(getBaggage().toObject(), { tenant: 'acme', user: 'bob' });
        assert.deepEqual(inject({}).baggage, 'tenant=acme,user=bob');
      });
      withBaggage(Baggage.from({ only: 'me' }), () => assert.deepEqual(getBaggage().toObject(), { only: 'me' }));
    });
    assert.equal(getBaggage(activeContext()).size, 0);
  });

  test('extracted baggage is readable from the context', () => {
    const ctx = extract({ baggage: 'a=1,b=M%C3%BCnchen' });
    assert.deepEqual(getBaggage(ctx).toObject(), { a: '1', b: 'München' });
    assert.equal(ctx.span, undefined);
  });
});
