/**
 * Retry as a wrapper around a transport: exponential back-off with jitter,
 * the server's Retry-After when it gives one, and never past the deadline of
 * the export it serves.
 */
import type { Transport, TransportResult } from './transport-result.js';
import { ERR_ABORTED, ERR_DEADLINE, TransportError } from './transport-result.js';

export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  maxAttempts?: number;
  /** First back-off (default 1000 ms); grows by `multiplier` up to `maxBackoffMillis`. */
  initialBackoffMillis?: number;
  maxBackoffMillis?: number;
  multiplier?: number;
  /** Fraction of random spread applied to each back-off (default 0.2 = ±20%). */
  jitter?: number;
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

/** Waits `ms` (unref'd), or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal?.addEventListener('abort', done, { once: true });
  });
}

function aborted(signal: AbortSignal, cause?: TransportError): TransportResult {
  const why = signal.reason instanceof Error ? signal.reason.message : 'aborted';
  return { kind: 'failure', error: new TransportError(ERR_ABORTED, `export cancelled: ${why}`, cause?.status, cause) };
}

export class RetryingTransport implements Transport {
  readonly #inner: Transport;
  readonly #maxAttempts: number;
  readonly #initial: number;
  readonly #max: number;
  readonly #multiplier: number;
  readonly #jitter: number;

  constructor(inner: Transport, options: RetryOptions = {}) {
    this.#inner = inner;
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#initial = options.initialBackoffMillis ?? 1000;
    this.#max = options.maxBackoffMillis ?? 5000;
    this.#multiplier = options.multiplier ?? 1.5;
    this.#jitter = options.jitter ?? 0.2;
  }

  /** Sends, retrying retryable results until success, failure, the attempt limit, or `timeoutMillis` from now. */
  async send(body: Uint8Array, timeoutMillis: number, signal?: AbortSignal): Promise<TransportResult> {
    const deadline = Date.now() + timeoutMillis;
    let backoff = this.#initial;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) return aborted(signal);
      const remaining = deadline - Date.now();
      const r = await this.#inner.send(body, remaining, signal);
      if (r.kind !== 'retryable') return r;
      if (signal?.aborted) return aborted(signal, r.error);
      if (attempt >= this.#maxAttempts) return { kind: 'failure', error: r.error };
      const spread = backoff * this.#jitter;
      const delay = r.delayMs ?? Math.max(0, backoff - spread + Math.random() * 2 * spread);
      backoff = Math.min(this.#max, backoff * this.#multiplier);
      if (Date.now() + delay >= deadline) {
        return {
          kind: 'failure',
          error: new TransportError(ERR_DEADLINE, `gave up after ${attempt} attempt(s): the next retry would pass the export deadline (${r.error.message})`, r.error.status, r.error),
        };
      }
      await sleep(delay, signal);
    }
  }

  /** No retries at exit: the inner transport's one attempt. */
  sendSync(bodies: Uint8Array[], timeoutMillis: number): number {
    return this.#inner.sendSync?.(bodies, timeoutMillis) ?? 0;
  }

  shutdown(): void {
    this.#inner.shutdown();
  }
}
