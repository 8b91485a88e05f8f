import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { droppedCounts } from '../../lib/common/diag.js';
import { isAnyValue, truncateAnyValue } from '../../lib/logs/any-value.js';
import { DEFAULT_LOG_RECORD_LIMITS, resolveLogRecordLimits } from '../../lib/logs/log-record.js';
import { captureDiag } from '../helpers/diag.js';
import { testLogs } from '../helpers/logs.js';

describe('log record attribute limits', () => {
  test('the defaults are the OpenTelemetry ones: 128 attributes, no length limit', () => {
    assert.deepEqual(DEFAULT_LOG_RECORD_LIMITS, { attributeCountLimit: 128, attributeValueLengthLimit: Infinity });
    assert.deepEqual(resolveLogRecordLimits({ attributeCountLimit: -1, attributeValueLengthLimit: Number.NaN }), DEFAULT_LOG_RECORD_LIMITS);
    assert.deepEqual(resolveLogRecordLimits({ attributeCountLimit: 0 }), { attributeCountLimit: 0, attributeValueLengthLimit: Infinity });
  });

  test('attributes past the count limit are dropped, counted on the record and in diag', () => {
    const diag = captureDiag();
    try {
      const { provider, records } = testLogs({ logRecordLimits: { attributeCountLimit: 2 } });
      provider.getLogger('app').info('x', { a: 1, b: 2, c: 3, d: 4 });
      const r = records[0]!;
      assert.deepEqual({ ...r.attributes }, { a: 1, b: 2 });
      assert.equal(r.attributeCount, 2);
      assert.equal(r.droppedAttributesCount, 2);
      r.setAttribute('a', 10);
      assert.equal(r.attributes!['a'], 10, 'replacing an existing key is not limited');
      assert.equal(r.droppedAttributesCount, 2);
      assert.equal(droppedCounts()['log.attribute'], 2);
    } finally {
      diag.restore();
    }
  });

  test('a count limit of 0 keeps no attribute at all', () => {
    const diag = captureDiag();
    try {
      const { provider, records } = testLogs({ logRecordLimits: { attributeCountLimit: 0 } });
      provider.getLogger('app').info('x', { a: 1 });
      assert.equal(records[0]!.attributes, undefined);
      assert.equal(records[0]!.droppedAttributesCount, 1);
    } finally {
      diag.restore();
    }
  });

  const truncations: Array<[string, unknown, unknown]> = [
    ['a string', 'abcdef', 'abc'],
    ['a short string (unchanged)', 'ab', 'ab'],
    ['strings in an array', ['abcdef', 1, 'xy'], ['abc', 1, 'xy']],
    ['strings in a nested map', { m: { s: 'abcdef', n: 5 } }, { m: { s: 'abc', n: 5 } }],
    ['bytes (never truncated)', new Uint8Array([1, 2, 3, 4, 5]), new Uint8Array([1, 2, 3, 4, 5])],
    ['a number', 123456, 123456],
  ];
  for (const [what, input, expected] of truncations) {
    test(`the value length limit truncates ${what}`, () => {
      const { provider, records } = testLogs({ logRecordLimits: { attributeValueLengthLimit: 3 } });
      provider.getLogger('app').info('x', { k: input as never });
      assert.deepEqual(records[0]!.attributes!['k'], expected);
      // Replacing a key truncates too.
      records[0]!.setAttribute('k', input);
      assert.deepEqual(records[0]!.attributes!['k'], expected);
    });
  }

  test('truncation leaves the caller’s objects untouched and returns them when nothing changed', () => {
    const arr = ['abcdef'];
    const map = { s: 'abcdef' };
    assert.deepEqual(truncateAnyValue(arr, 3), ['abc']);
    assert.deepEqual(arr, ['abcdef']);
    assert.deepEqual(truncateAnyValue(map, 3), { s: 'abc' });
    assert.deepEqual(map, { s: 'abcdef' });
    const short = { s: 'ab', a: ['x'] };
    assert.equal(truncateAnyValue(short, 3), short);
    assert.equal(truncateAnyValue(null, 3), null);
  });

  test('invalid keys and values are dropped and reported; undefined and null are unset', () => {
    const diag = captureDiag();
    try {
      const { provider, records } = testLogs();
      const r = (provider.getLogger('app').info('x'), records[0]!);
      r.setAttribute('', 1);
      r.setAttribute('fn', () => 1);
      r.setAttribute('date', new Date());
      r.setAttribute('u', undefined);
      r.setAttribute('n', null);
      r.setAttributes(null as never);
      r.setAttribute('ok', [1, 'mixed', { deep: true }, null]);
      assert.deepEqual({ ...r.attributes }, { ok: [1, 'mixed', { deep: true }, null] });
      assert.equal(r.droppedAttributesCount, 0, 'invalid values are not limit drops');
      assert.equal(droppedCounts()['log.attribute'], 3);
      r.setBody(Symbol('x') as never);
      assert.equal(r.body, 'x');
      r.setBody({ fine: 1 });
      assert.deepEqual(r.body, { fine: 1 });
      assert.equal(droppedCounts()['log.body'], 1);
      r.setSeverity(17, 'ERR').setEventName('e');
      assert.equal(r.severityNumber, 17);
      assert.equal(r.severityText, 'ERR');
      assert.equal(r.eventName, 'e');
    } finally {
      diag.restore();
    }
  });
});

describe('AnyValue checks', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;
  const cyclicArray: unknown[] = [];
  cyclicArray.push(cyclicArray);
  let deep: unknown = 'leaf';
  for (let i = 0; i < 40; i++) deep = [deep];
  const shared = { s: 1 };
  const cases: Array<[string, unknown, boolean]> = [
    ['a string', 's', true],
    ['a bigint', 10n, true],
    ['null', null, true],
    ['bytes', new Uint8Array(2), true],
    ['a plain object with nested arrays', { a: [1, { b: 'c' }] }, true],
    ['an object without prototype', Object.create(null) as object, true],
    ['the same object twice (not a cycle)', [shared, shared], true],
    ['a function', () => 1, false],
    ['a symbol', Symbol('s'), false],
    ['a Date', new Date(), false],
    ['a Map inside an array', [new Map()], false],
    ['a function inside a map', { f: () => 1 }, false],
    ['a cyclic object', cyclic, false],
    ['a cyclic array', cyclicArray, false],
    ['nesting deeper than 32 levels', deep, false],
  ];
  for (const [what, value, ok] of cases) {
    test(`${what} is ${ok ? '' : 'not '}an AnyValue`, () => assert.equal(isAnyValue(value), ok));
  }
});
