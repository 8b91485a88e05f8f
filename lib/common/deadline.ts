/**
 * Deadlines on the export path, shared by the batch processors, the periodic
 * metric reader and the exit hooks: a promise bounded by a timer, and an
 * export that, once cancelled, gets a short grace to settle before it is
 * given up on.
 */
import { describeError } from './diag.js';

/** An export's outcome, as a value (the shape of trace/span-exporter's ExportResult). */
type Result = { readonly code: 'success' } | { readonly code: 'failure'; readonly error: Error };

/** The ref'd deadlines pending: each resolves its wait with the fallback when called. */
const refHolds = new Set<() => void>();
/** Set once the exit cap has passed: no deadline may hold the process any more. */
let released = false;

/**
 * Resolves with `p`'s value, or `fallback` after `ms` (or when `p` rejects).
 * `ref: true` keeps the process alive until then: for a flush someone awaits,
 * whose exports run on unref'd timers and sockets.
 */
export function withTimeout<R>(p: Promise<R>, ms: number, fallback: R, ref = false): Promise<R> {
  return new Promise<R>((resolve) => {
    const finish = (v: R): void => {
      clearTimeout(timer);
      refHolds.delete(giveUp);
      resolve(v);
    };
    const giveUp = (): void => finish(fallback);
    const timer = setTimeout(giveUp, ms);
    if (!ref || released) timer.unref();
    else refHolds.add(giveUp);
    p.then(finish, giveUp);
  });
}

/**
 * At exit, once the exit flush's cap has passed: every ref'd deadline gives
 * up now (each flush and shutdown takes its cut-off path: exports aborted,
 * what is left counted), and deadlines made later no longer hold the process.
 */
export function releaseDeadlines(): void {
  released = true;
  for (const giveUp of [...refHolds]) giveUp();
}

/** The failure an export is given when it did not stop within the grace after being cancelled. */
export const ABANDONED = new Error('export did not stop after cancellation; given up on');

/** After aborting an export, how long it may take to settle before the caller moves on without it. */
export const ABANDON_GRACE_MS = 1000;

/**
 * Settles with `p`'s result (a rejection or a malformed result becomes a
 * failure); once `signal` aborts, waits at most `grace` ms more, then
 * settles with ABANDONED.
 */
export function settleAfterAbort<R extends Result>(p: Promise<R>, signal: AbortSignal, grace = ABANDON_GRACE_MS): Promise<Result> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      timer = setTimeout(() => resolve({ code: 'failure', error: ABANDONED }), grace);
      timer.unref();
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    const done = (r: Result): void => {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      resolve(r);
    };
    p.then(
      (r) => {
        const ok = r !== null && typeof r === 'object' && (r.code === 'success' || (r.code === 'failure' && r.error instanceof Error));
        done(ok ? r : { code: 'failure', error: new Error('exporter returned no result') });
      },
      (err: unknown) => done({ code: 'failure', error: err instanceof Error ? err : new Error(describeError(err)) }),
    );
  });
}

/**
 * A short stable key for the cause of a failed export, for rate-limited
 * reporting: the error's `code` when it has one, else its message with the
 * numbers taken out (so "after 3 attempts" and "after 5 attempts" are one cause).
 */
export function failureCause(error: Error, aborted: boolean): string {
  if (aborted) return 'timeout';
  try {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    return String(error.message).replace(/\d+/g, '#').slice(0, 120);
  } catch {
    return 'failure';
  }
}

/** Calls `start` with a signal aborted after `ms` (unref'd timer), and settles as settleAfterAbort does. */
export async function exportWithDeadline(start: (signal: AbortSignal) => Promise<Result>, ms: number, onController?: (c: AbortController | undefined) => void): Promise<{ result: Result; aborted: boolean; ms: number }> {
  const controller = new AbortController();
  onController?.(controller);
  const timer = setTimeout(() => controller.abort(new Error(`export timed out after ${ms} ms`)), ms);
  timer.unref();
  const t0 = performance.now();
  let pending: Promise<Result>;
  try {
    pending = start(controller.signal);
  } catch (err) {
    pending = Promise.reject(err);
  }
  let result = await settleAfterAbort(pending, controller.signal);
  clearTimeout(timer);
  onController?.(undefined);
  const aborted = controller.signal.aborted;
  // Say why it was cancelled (the deadline, or shutdown) rather than how the exporter noticed.
  if (aborted && result.code === 'failure' && controller.signal.reason instanceof Error) {
    const why = controller.signal.reason.message;
    result = { code: 'failure', error: result.error === ABANDONED ? new Error(`${why}; ${ABANDONED.message}`) : controller.signal.reason };
  }
  return { result, aborted, ms: performance.now() - t0 };
}
