/**
 * The dashboard store's bounds. Every collection is bounded by count and all
 * of them together by bytes (estimated, see size.ts); the byte budget is
 * split between the signals so one noisy signal cannot push out the others.
 */

export interface DashboardLimits {
  /** Total estimated bytes of everything kept (default 256 MB). */
  readonly maxBytes: number;
  readonly maxTraces: number;
  readonly maxSpans: number;
  readonly maxLogs: number;
  readonly maxSeries: number;
  readonly maxPointsPerSeries: number;
  /** Metric points older than this are dropped (default 15 min). */
  readonly metricWindowMs: number;
  /** A trace not updated for this long is evicted, orphans and all (default 1 h). */
  readonly traceTtlMs: number;
  /** Raw request bodies kept for the wire view. */
  readonly rawMaxCount: number;
}

export const DEFAULT_LIMITS: DashboardLimits = {
  maxBytes: 256 * 1024 * 1024,
  maxTraces: 20_000,
  maxSpans: 500_000,
  maxLogs: 200_000,
  maxSeries: 5_000,
  maxPointsPerSeries: 900,
  metricWindowMs: 15 * 60_000,
  traceTtlMs: 60 * 60_000,
  rawMaxCount: 64,
};

/** Shares of `maxBytes` (they add up to 1). */
export const BYTE_SHARES = { traces: 0.55, logs: 0.25, metrics: 0.1, raw: 0.1 } as const;

/** Options as a user may give them: any subset, values validated (bad ones fall back to the default). */
export function resolveLimits(given: Partial<Record<keyof DashboardLimits, unknown>> | undefined): DashboardLimits {
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  if (given !== null && typeof given === 'object') {
    for (const key of Object.keys(DEFAULT_LIMITS) as (keyof DashboardLimits)[]) {
      let v: unknown;
      try {
        v = given[key];
      } catch {
        continue;
      }
      if (typeof v === 'number' && Number.isFinite(v) && v >= 1) out[key] = Math.floor(v);
    }
  }
  // Never above the default total: the promise is "total ≤ 256 MB".
  out.maxBytes = Math.min(out.maxBytes!, DEFAULT_LIMITS.maxBytes);
  return out as unknown as DashboardLimits;
}
