/**
 * The series index's identity fast path (a WeakMap from the caller's object to
 * its series) must never send a measurement to the wrong series, however the
 * caller mutates a reused attributes object between calls: keys added,
 * deleted, set to undefined and back, array values changed in place.
 * Checked against a naive reference that builds each set's key from scratch.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import fc from 'fast-check';
import { resetDiagnostics, setDiagLogger } from '../../lib/common/diag.js';
import { keyOf, pointsOf, setup, valueOf } from './helpers.js';

beforeEach(() => {
  resetDiagnostics();
  const quiet = (): void => {};
  setDiagLogger({ error: quiet, warn: quiet, info: quiet, debug: quiet });
});
afterEach(() => {
  setDiagLogger(undefined);
  resetDiagnostics();
});

/** The reference: the attribute set as OpenTelemetry defines it (own keys, valid values, order-free). */
function referenceKey(attrs: Record<string, unknown>): string {
  const kept: Record<string, unknown> = {};
  for (const k of Object.keys(attrs)) {
    const v = attrs[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') kept[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) kept[k] = [...v];
  }
  return keyOf(kept);
}

const KEYS = ['a', 'b', 'c', 'd'];
const value = fc.oneof(fc.constantFrom('x', 'y'), fc.constantFrom(1, 2), fc.constant(undefined), fc.constant(null), fc.constantFrom(['p'], ['p', 'q']));
const mutation = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...KEYS), value }),
  fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...KEYS) }),
  fc.record({ op: fc.constant('push' as const), key: fc.constantFrom(...KEYS) }),
  fc.record({ op: fc.constant('add' as const), times: fc.integer({ min: 1, max: 3 }) }),
);

describe('the series of a reused, mutated attributes object', () => {
  test('an object that gains a key lands in a new series ({a:1} then {a:1,b:2} are two series)', async () => {
    const { provider, collect } = setup();
    const c = provider.getMeter('m').createCounter('c');
    const attrs: Record<string, number> = { a: 1 };
    c.add(1, attrs);
    attrs['b'] = 2;
    c.add(1, attrs);
    const rm = await collect();
    assert.equal(valueOf(rm, 'c', { a: 1 }), 1);
    assert.equal(valueOf(rm, 'c', { a: 1, b: 2 }), 1);
  });

  test('a key that was undefined and then gets a value moves the object to the new set', async () => {
    const { provider, collect } = setup();
    const c = provider.getMeter('m').createCounter('c');
    const attrs: Record<string, number | undefined> = { a: 1, b: undefined };
    c.add(1, attrs);
    attrs['b'] = 2;
    c.add(1, attrs);
    const rm = await collect();
    assert.equal(valueOf(rm, 'c', { a: 1 }), 1);
    assert.equal(valueOf(rm, 'c', { a: 1, b: 2 }), 1);
  });

  test('an array value changed in place moves the object to the new set', async () => {
    const { provider, collect } = setup();
    const c = provider.getMeter('m').createCounter('c');
    const tags = ['p'];
    const attrs = { tags };
    c.add(1, attrs);
    tags.push('q');
    c.add(1, attrs);
    const rm = await collect();
    assert.equal(valueOf(rm, 'c', { tags: ['p'] }), 1);
    assert.equal(valueOf(rm, 'c', { tags: ['p', 'q'] }), 1);
  });

  test('any sequence of mutations and adds gives the same series and sums as the naive reference (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 40 }), fc.boolean(), async (steps, bound) => {
        const { provider, collect } = setup();
        const c = provider.getMeter('m').createCounter('c');
        const attrs: Record<string, unknown> = {};
        const expected = new Map<string, number>();
        for (const s of steps) {
          if (s.op === 'set') attrs[s.key] = Array.isArray(s.value) ? [...s.value] : s.value;
          else if (s.op === 'delete') delete attrs[s.key];
          else if (s.op === 'push') {
            const v = attrs[s.key];
            if (Array.isArray(v)) v.push('z');
          } else {
            for (let i = 0; i < s.times; i++) c.add(1, attrs as never);
            const k = referenceKey(attrs);
            expected.set(k, (expected.get(k) ?? 0) + s.times);
          }
        }
        // A bound handle made last must agree too.
        if (bound) {
          c.bind(attrs as never).add(1);
          const k = referenceKey(attrs);
          expected.set(k, (expected.get(k) ?? 0) + 1);
        }
        const got = new Map<string, number>();
        for (const [k, p] of pointsOf(await collect(), 'c')) got.set(k, (p as { value: number }).value);
        assert.deepEqual(got, expected);
      }),
      { seed: 0x5e7e5, numRuns: 300 },
    );
  });
});
