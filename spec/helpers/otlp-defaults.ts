/** Comparing OTLP messages decoded from encoders that differ only in which proto3 defaults they write. */

/** Removes proto3 defaults (0, '', [], {} status) so "absent" and "default" compare equal. */
export function dropDefaults(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => dropDefaults(x));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  const isAnyValue = key === 'value' || key === 'values';
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    // Inside an AnyValue the oneof member is meaningful even at its default ('' or 0 or false).
    if (!isAnyValue && !k.endsWith('Value')) {
      if (x === 0 || x === '' || (Array.isArray(x) && x.length === 0)) continue;
      if (k === 'parentSpanId' && x === '') continue;
    }
    const d = dropDefaults(x, k);
    if (k === 'status' && d !== null && typeof d === 'object' && Object.keys(d).length === 0) continue;
    out[k] = d;
  }
  return out;
}
