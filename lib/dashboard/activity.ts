/**
 * Recent activity for the health indicators: span, error and log counts in
 * 250 ms buckets over the last 10 s (rates are taken over the last 5 s), and
 * per service the durations of the last 1024 spans (p50/p95/p99).
 */
import { sortedQuantile } from './histogram-math.js';

const BUCKET_MS = 250;
const BUCKETS = 40;
const RATE_WINDOW_MS = 5000;
const SAMPLES = 1024;

/** Severity ranges of the logs data model: 1-4 TRACE, 5-8 DEBUG, … 21-24 FATAL. */
export const SEVERITIES = ['UNSPECIFIED', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

class ServiceDurations {
  readonly values = new Float64Array(SAMPLES);
  count = 0;
  add(ms: number): void {
    this.values[this.count++ % SAMPLES] = ms;
  }
  quantiles(): { p50: number; p95: number; p99: number } {
    const sorted = this.values.slice(0, Math.min(this.count, SAMPLES)).sort();
    return { p50: sortedQuantile(sorted, 0.5) ?? 0, p95: sortedQuantile(sorted, 0.95) ?? 0, p99: sortedQuantile(sorted, 0.99) ?? 0 };
  }
}

export class Activity {
  readonly #spans = new Float64Array(BUCKETS);
  readonly #errors = new Float64Array(BUCKETS);
  /** BUCKETS rows of SEVERITIES.length counts. */
  readonly #logs = new Float64Array(BUCKETS * SEVERITIES.length);
  #bucket = -1;
  readonly #durations = new Map<string, ServiceDurations>();

  #slot(nowMs: number): number {
    const b = Math.floor(nowMs / BUCKET_MS);
    if (b !== this.#bucket) {
      // Clear the buckets skipped since the last event (at most the whole ring).
      const from = this.#bucket < 0 ? b - BUCKETS + 1 : Math.max(this.#bucket + 1, b - BUCKETS + 1);
      for (let k = from; k <= b; k++) {
        const i = k % BUCKETS;
        this.#spans[i] = 0;
        this.#errors[i] = 0;
        this.#logs.fill(0, i * SEVERITIES.length, (i + 1) * SEVERITIES.length);
      }
      this.#bucket = b;
    }
    return b % BUCKETS;
  }

  span(service: string, durationMs: number, error: boolean, nowMs: number): void {
    const i = this.#slot(nowMs);
    this.#spans[i]!++;
    if (error) this.#errors[i]!++;
    let d = this.#durations.get(service);
    if (d === undefined) {
      if (this.#durations.size >= 1000) return; // bounded: a flood of service names cannot grow this
      this.#durations.set(service, (d = new ServiceDurations()));
    }
    d.add(durationMs);
  }

  log(severityNumber: number, nowMs: number): void {
    const i = this.#slot(nowMs);
    const s = severityNumber >= 1 && severityNumber <= 24 ? Math.ceil(severityNumber / 4) : 0;
    this.#logs[i * SEVERITIES.length + s]!++;
  }

  #sum(arr: Float64Array, nowMs: number, stride = 1, offset = 0): number {
    this.#slot(nowMs);
    const n = RATE_WINDOW_MS / BUCKET_MS;
    let total = 0;
    for (let k = 0; k < n; k++) {
      const i = (((this.#bucket - k) % BUCKETS) + BUCKETS) % BUCKETS;
      total += arr[i * stride + offset]!;
    }
    return total;
  }

  rates(nowMs: number): { spansPerSec: number; errorRate: number; logsPerSec: { total: number; bySeverity: Record<string, number> } } {
    const spans = this.#sum(this.#spans, nowMs);
    const errors = this.#sum(this.#errors, nowMs);
    const bySeverity: Record<string, number> = {};
    let total = 0;
    for (let s = 0; s < SEVERITIES.length; s++) {
      const n = this.#sum(this.#logs, nowMs, SEVERITIES.length, s);
      bySeverity[SEVERITIES[s]!] = n / (RATE_WINDOW_MS / 1000);
      total += n;
    }
    return { spansPerSec: spans / (RATE_WINDOW_MS / 1000), errorRate: spans > 0 ? errors / spans : 0, logsPerSec: { total: total / (RATE_WINDOW_MS / 1000), bySeverity } };
  }

  latency(): Record<string, { p50: number; p95: number; p99: number }> {
    const out: Record<string, { p50: number; p95: number; p99: number }> = {};
    for (const [service, d] of this.#durations) Object.defineProperty(out, service, { value: d.quantiles(), enumerable: true });
    return out;
  }
}
