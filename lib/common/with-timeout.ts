/** A promise bounded in time, for flushes and exports that must not hang the caller. */

/** Resolves with `p`'s value, or `fallback` after `ms` (an unref'd timer). */
export function withTimeout<R>(p: Promise<R>, ms: number, fallback: R): Promise<R> {
  return new Promise<R>((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}
