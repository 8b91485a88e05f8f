import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DiagLevel, diag, droppedCounts } from '../../lib/common/diag.js';
import { exceptionAttributes, safeString } from '../../lib/common/exception.js';
import { captureDiag } from '../helpers/diag.js';

class CustomError extends Error {}

describe('exception attributes', () => {
  const typeError = new TypeError('bad input');
  const nameless = Object.assign(new CustomError('no name'), { name: '' });
  const cases: [string, unknown, Record<string, string>][] = [
    ['an Error', typeError, { 'exception.type': 'TypeError', 'exception.message': 'bad input', 'exception.stacktrace': typeError.stack! }],
    ['an Error with an empty name takes its constructor name', nameless, { 'exception.type': 'CustomError', 'exception.message': 'no name', 'exception.stacktrace': nameless.stack! }],
    ['an error-like object', { name: 'HttpError', message: 'nope', stack: 'at x' }, { 'exception.type': 'HttpError', 'exception.message': 'nope', 'exception.stacktrace': 'at x' }],
    ['a system error code stands in for a missing name', { code: 'ECONNRESET', message: 'reset' }, { 'exception.type': 'ECONNRESET', 'exception.message': 'reset' }],
    ['an empty name is no type', { name: '', message: 'm' }, { 'exception.message': 'm' }],
    ['a plain object is described by its string form', {}, { 'exception.message': '[object Object]' }],
    ['a string', 'plain failure', { 'exception.message': 'plain failure' }],
    ['a number', 42, { 'exception.message': '42' }],
    ['undefined', undefined, { 'exception.message': 'undefined' }],
    ['an unprintable object', Object.create(null), { 'exception.message': 'unprintable value' }],
  ];
  for (const [name, value, expected] of cases) {
    test(`${name} gives ${JSON.stringify(Object.keys(expected))}`, () => {
      assert.deepEqual(exceptionAttributes(value), expected);
    });
  }

  test('safeString never throws', () => {
    const hostile = {
      toString(): string {
        throw new Error('no');
      },
    };
    assert.equal(safeString(hostile), 'unprintable value');
    assert.equal(safeString(7n), '7');
  });
});
