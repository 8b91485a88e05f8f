/** Span limits with the OpenTelemetry defaults. */
export interface SpanLimits {
  readonly attributeCountLimit: number;
  readonly attributeValueLengthLimit: number;
  readonly eventCountLimit: number;
  readonly linkCountLimit: number;
  readonly attributePerEventCountLimit: number;
  readonly attributePerLinkCountLimit: number;
}

export const DEFAULT_SPAN_LIMITS: SpanLimits = Object.freeze({
  attributeCountLimit: 128,
  attributeValueLengthLimit: Infinity,
  eventCountLimit: 128,
  linkCountLimit: 128,
  attributePerEventCountLimit: 128,
  attributePerLinkCountLimit: 128,
});

/** Fills missing or invalid entries from the defaults. */
export function resolveSpanLimits(partial: Partial<SpanLimits> | undefined): SpanLimits {
  const out: Record<string, number> = { ...DEFAULT_SPAN_LIMITS };
  if (partial) {
    for (const key of Object.keys(DEFAULT_SPAN_LIMITS) as (keyof SpanLimits)[]) {
      const v = partial[key];
      if (typeof v === 'number' && v >= 0 && !Number.isNaN(v)) out[key] = v;
    }
  }
  return Object.freeze(out as unknown as SpanLimits);
}
