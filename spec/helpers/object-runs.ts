/** Property checks for the encoders' per-call-site caches (key-cache.ts, run-memo.ts). */
import fc from 'fast-check';

/**
 * Checks `check` over any sequence of runs of objects drawn from a small
 * pool: one object `times` times in a row (caches get kept and reused), then
 * another (reused, invalidated, rebuilt). Each run ends with one more call
 * with `after` true (for the check without the call-site cache). `start` is
 * called once per sequence and returns that sequence's check.
 */
export function assertOverObjectRuns<T>(objects: fc.Arbitrary<T>, start: () => (obj: T, after: boolean) => void, numRuns: number): void {
  fc.assert(
    fc.property(
      fc.array(objects, { minLength: 1, maxLength: 4 }),
      fc.array(fc.tuple(fc.nat(3), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 30 }),
      (pool, seq) => {
        const check = start();
        for (const [which, times] of seq) {
          const obj = pool[which % pool.length]!;
          for (let i = 0; i <= times; i++) check(obj, i === times);
        }
      },
    ),
    { numRuns },
  );
}
