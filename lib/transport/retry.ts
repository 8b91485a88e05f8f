/**
 * Retry as a wrapper around any transport (HTTP and gRPC alike): exponential
 * back-off with jitter, the server's own delay when it gives one (Retry-After,
 * gRPC RetryInfo), never past the export's deadline, and stopped at once by
 * the export's AbortSignal — also in the middle of a sleep.
 */
import type { HandOffJob } from './sync-post.js';
import type { SendOptions, Transport, TransportResult } from './transport-result.js';
import { abortedResult, ERR_DEADLINE, guarded, NO_SYNC_SEND, TransportError, unreachableCode } from './transport-result.js';
import { isExiting } from '../common/deadline.js';
import { diag } from '../common/diag.js';
import { readOptions } from '../common/options.js';

export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  maxAttempts?: number;
  /** First back-off (default 1000 ms); grows by `multiplier` up to `maxBackoffMillis`. */
  initialBackoffMillis?: number;
  maxBackoffMillis?: number;
  multiplier?: number;
  /** Fraction of random spread applied to each back-off (default 0.2 = ±20%). */
  jitter?: number;
  /**
   * Bound on one attempt (default: all the time left before the export's
   * deadline). Shorter, a server that stalls one call leaves time to retry.
   */
  attemptTimeoutMillis?: number;
}

/**
 * Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP date;
 * undefined when absent or invalid.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  const s = v.trim();
  if (s.length === 0) return undefined;
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  // An HTTP date names its weekday and month; Date.parse would also take "-1" or "2030".
  if (!/[a-z]/i.test(s)) return undefined;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - nowMs);
}

/**
 * Resolves after `ms`, or as soon as `signal` aborts (true = slept fully).
 * Unref'd: a retry sleep alone never keeps the process alive.
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    timer.unref();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isAborted(signal: AbortSignal | undefined): signal is AbortSignal {
  return signal?.aborted === true;
}

export class RetryingTransport implements Transport {
  readonly #inner: Transport;
  readonly #maxAttempts: number;
  readonly #initial: number;
  readonly #max: number;
  readonly #multiplier: number;
  readonly #jitter: number;
  readonly #attempt: number;

  /** Options that cannot be read, or are not numbers in range, are reported and their defaults used. */
  constructor(inner: Transport, options: RetryOptions = {}) {
    this.#inner = inner;
    const o = readOptions<RetryOptions>('retry', options, ['maxAttempts', 'initialBackoffMillis', 'maxBackoffMillis', 'multiplier', 'jitter', 'attemptTimeoutMillis']);
    const pick = (name: keyof RetryOptions, min: number, fallback: number): number => {
      const v = o[name];
      if (v === undefined) return fallback;
      if (typeof v === 'number' && !Number.isNaN(v) && v >= min) return v;
      diag.warn(`retry: invalid ${name}; ${fallback} is used`);
      return fallback;
    };
    this.#maxAttempts = pick('maxAttempts', 1, 5);
    this.#initial = pick('initialBackoffMillis', 0, 1000);
    this.#max = pick('maxBackoffMillis', 0, 5000);
    this.#multiplier = pick('multiplier', 1, 1.5);
    this.#jitter = pick('jitter', 0, 0.2);
    this.#attempt = pick('attemptTimeoutMillis', 0, Infinity);
  }

  /** Sends, retrying retryable results until success, failure, the attempt limit, the deadline or an abort. */
  send(body: Uint8Array, options: SendOptions): Promise<TransportResult> {
    return guarded('retrying send failed', () => this.#send(body, options));
  }

  async #send(body: Uint8Array, options: SendOptions): Promise<TransportResult> {
    const { deadline, signal } = options;
    let backoff = this.#initial;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted === true) return abortedResult(signal);
      const attemptDeadline = Math.min(deadline, Date.now() + this.#attempt);
      const r = await this.#inner.send(body, attemptDeadline === deadline ? options : { deadline: attemptDeadline, signal });
      if (r.kind !== 'retryable') return r;
      // (read again: the signal may have aborted while the attempt ran)
      if (isAborted(signal)) return abortedResult(signal);
      if (attempt >= this.#maxAttempts) return { kind: 'failure', error: r.error };
      // On the way out, nobody listening will not change within a back-off: one attempt, then say so.
      const unreachable = isExiting() ? unreachableCode(r.error) : undefined;
      if (unreachable !== undefined) {
        return { kind: 'failure', error: new TransportError(r.error.code, `${r.error.message} (${unreachable}: not retried at exit)`, r.error.status, r.error.cause) };
      }
      const spread = backoff * this.#jitter;
      const delay = r.delayMs ?? Math.max(0, backoff - spread + Math.random() * 2 * spread);
      backoff = Math.min(this.#max, backoff * this.#multiplier);
      if (Date.now() + delay >= deadline) {
        return {
          kind: 'failure',
          error: new TransportError(ERR_DEADLINE, `gave up after ${attempt} attempt(s): the next retry would pass the export deadline (${r.error.message})`, r.error.status, r.error),
        };
      }
      if (!(await sleep(delay, signal)) && signal !== undefined) return abortedResult(signal);
    }
  }

  /** No retries at exit: the inner transport's one attempt. */
  handOffJob(bodies: Uint8Array[]): HandOffJob | string {
    return this.#inner.handOffJob?.(bodies) ?? NO_SYNC_SEND;
  }

  shutdown(): void {
    this.#inner.shutdown();
  }
}
