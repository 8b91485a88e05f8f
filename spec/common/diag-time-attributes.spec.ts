import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAttributeValue, putAttribute, sanitizeAttributes, truncateValue, UNLIMITED } from '../../lib/common/attributes.js';
import { DiagLevel, describeError, diag, droppedCounts, setDiagLogger } from '../../lib/common/diag.js';
import { durationNanos, epochNanosBigInt, epochNanosString, epochParts, fromEpochNanos, now, toRelative } from '../../lib/common/time.js';
import { captureDiag } from '../helpers/diag.js';

describe('diagnostics', () => {
  test('levels filter messages, warnOnce says a thing once, drops are counted and announced once per cause and interval', () => {
    const d = captureDiag(DiagLevel.WARN);
    try {
      diag.error('e');
      diag.warn('w');
      diag.info('i');
      diag.debug('d');
      diag.warnOnce('k', 'once');
      diag.warnOnce('k', 'once');
      diag.dropped('thing', 3, 'because');
      diag.dropped('thing', 2);
      assert.deepEqual(
        d.messages.map((m) => `${m.level}:${m.message}`),
        ['error:e', 'warn:w', 'warn:once', 'warn:dropped thing (3): because'],
      );
      assert.equal(droppedCounts()['thing'], 5);
    } finally {
      d.restore();
    }
  });

  test('a throwing logger does not reach the caller; NONE silences everything', () => {
    const boom = () => {
      throw new Error('logger down');
    };
    setDiagLogger({ error: boom, warn: boom, info: boom, debug: boom }, DiagLevel.VERBOSE);
    try {
      diag.error('x');
      diag.info('x');
      diag.debug('x');
    } finally {
      setDiagLogger(undefined);
    }
    const d = captureDiag(DiagLevel.NONE);
    try {
      diag.error('silent');
      assert.equal(d.messages.length, 0);
    } finally {
      d.restore();
    }
  });

  test('the default logger prefixes messages and writes to the console', (t) => {
    const lines: string[] = [];
    t.mock.method(console, 'warn', (m: string) => lines.push(m));
    t.mock.method(console, 'error', (m: string) => lines.push(m));
    t.mock.method(console, 'info', (m: string) => lines.push(m));
    t.mock.method(console, 'debug', (m: string) => lines.push(m));
    setDiagLogger(undefined, DiagLevel.DEBUG);
    try {
      diag.warn('hello');
      diag.error('bad');
      diag.info('fyi');
      diag.debug('dbg');
    } finally {
      setDiagLogger(undefined);
    }
    assert.deepEqual(lines, ['zerotel: hello', 'zerotel: bad', 'zerotel: fyi', 'zerotel: dbg']);
  });

  test('describeError never throws', () => {
    assert.equal(describeError(new Error('m')), 'm');
    assert.equal(describeError(5), '5');
    assert.equal(describeError(Object.create(null)), 'unprintable error');
  });
});

describe('time', () => {
  test('relative times round-trip through epoch nanoseconds', () => {
    const t = now();
    const s = epochNanosString(t);
    assert.match(s, /^\d{19}$/);
    assert.equal(BigInt(s), epochNanosBigInt(t));
    assert.ok(Math.abs(fromEpochNanos(s) - t) < 1e-6);
    assert.ok(Math.abs(fromEpochNanos(epochNanosBigInt(t)) - t) < 1e-6);
    assert.equal(durationNanos(1, 2.5), 1_500_000);
  });

  test('sub-millisecond digits are zero-padded and carries do not overflow', () => {
    const out = { ms: 0, ns: 0 };
    for (let i = 0; i < 2000; i++) {
      const t = i * 0.0012345 + 0.0000001;
      epochParts(t, out);
      assert.ok(out.ns >= 0 && out.ns < 1e6 && Number.isInteger(out.ns) && Number.isInteger(out.ms));
      const s = epochNanosString(t);
      assert.equal(s, (BigInt(out.ms) * 1_000_000n + BigInt(out.ns)).toString());
    }
  });

  test('times at or before the epoch print as plain integers', () => {
    for (const epochMs of [0, 0.5, 999.000001, -1, -1000.25]) {
      const t = toRelative(new Date(0)) + epochMs;
      assert.equal(epochNanosString(t), epochNanosBigInt(t).toString(), String(epochMs));
      assert.match(epochNanosString(t), /^-?[1-9]\d*$|^0$/);
    }
  });

  test('user time inputs of every form, and invalid ones falling back to now', () => {
    const epoch = Date.now();
    const viaNumber = toRelative(epoch);
    assert.ok(Math.abs(toRelative(new Date(epoch)) - viaNumber) < 1e-6);
    assert.ok(Math.abs(toRelative([Math.floor(epoch / 1000), (epoch % 1000) * 1e6]) - viaNumber) < 1e-3);
    assert.equal(toRelative(12.5), 12.5, 'a small number is already relative');
    for (const bad of [Number.NaN, new Date('nope'), [1, Number.NaN], 'x'] as never[]) {
      const r = toRelative(bad);
      assert.ok(Math.abs(r - now()) < 50, `${String(bad)} → now`);
    }
    assert.ok(toRelative(undefined) > 0);
  });
});

describe('attribute helpers', () => {
  test('isAttributeValue accepts primitives and homogeneous arrays only', () => {
    assert.equal(isAttributeValue(['a', undefined, null]), true);
    assert.equal(isAttributeValue([null]), true);
    assert.equal(isAttributeValue([1, true]), false);
    assert.equal(isAttributeValue([{}]), false);
  });

  test('truncation leaves short values and non-strings alone', () => {
    const arr = ['ab'];
    assert.equal(truncateValue(arr, 5), arr);
    assert.equal(truncateValue(12345, 2), 12345);
    assert.deepEqual(truncateValue(['abcdef', 3 as never], 2), ['ab', 3]);
  });

  test('sanitizeAttributes tolerates garbage and unlimited limits', () => {
    assert.deepEqual(sanitizeAttributes(undefined, UNLIMITED, 'x'), { attributes: undefined, count: 0, dropped: 0 });
    assert.deepEqual(sanitizeAttributes('str' as never, UNLIMITED, 'x'), { attributes: undefined, count: 0, dropped: 0 });
    const d = captureDiag();
    try {
      const r = sanitizeAttributes({ a: 1, b: {} as never, c: 'long' }, { countLimit: 1, valueLengthLimit: 2 }, 'x');
      assert.deepEqual({ ...r, attributes: { ...r.attributes } }, { attributes: { a: 1 }, count: 1, dropped: 1 });
      assert.equal(putAttribute({}, 0, '', 1, UNLIMITED, 'x'), -1);
    } finally {
      d.restore();
    }
  });
});
