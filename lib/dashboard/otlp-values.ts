/**
 * Reading OTLP/JSON values the way the dashboard shows and filters them:
 * AnyValue → a plain JS value, a KeyValue list → an object, the service name
 * of a resource, and attribute matching for the API's `attr=key=value`.
 */
import type { OtlpAnyValue, OtlpKeyValue, OtlpResource } from '../otlp/types.js';

const MAX_DEPTH = 16;

/** The plain value: strings, numbers (int64 beyond 2^53 stays a string), booleans, arrays, objects. */
export function plainValue(v: OtlpAnyValue | undefined, depth = 0): unknown {
  if (v === undefined || depth > MAX_DEPTH) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : v.intValue;
  }
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue !== undefined) return v.arrayValue.values.map((x) => plainValue(x, depth + 1));
  if (v.kvlistValue !== undefined) return attributesObject(v.kvlistValue.values, depth + 1);
  if (v.bytesValue !== undefined) return v.bytesValue;
  return null;
}

/** A KeyValue list as an object (a null-prototype-free plain object; `__proto__` keys are defined, not assigned). */
export function attributesObject(list: readonly OtlpKeyValue[] | undefined, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (list === undefined) return out;
  for (const kv of list) Object.defineProperty(out, kv.key, { value: plainValue(kv.value, depth), enumerable: true, writable: true, configurable: true });
  return out;
}

/** `service.name` of a resource, or 'unknown_service'. */
export function serviceOf(resource: OtlpResource | undefined): string {
  for (const kv of resource?.attributes ?? []) {
    if (kv.key === 'service.name' && kv.value.stringValue !== undefined) return kv.value.stringValue;
  }
  return 'unknown_service';
}

/** The value of attribute `key` as text, or undefined when absent. */
export function attributeText(list: readonly OtlpKeyValue[] | undefined, key: string): string | undefined {
  if (list === undefined) return undefined;
  for (const kv of list) {
    if (kv.key !== key) continue;
    const v = plainValue(kv.value);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return undefined;
}

/** True when any key or value (as text) contains `needle` (lowercase). */
export function attributesContain(list: readonly OtlpKeyValue[] | undefined, needle: string): boolean {
  if (list === undefined) return false;
  for (const kv of list) {
    if (kv.key.toLowerCase().includes(needle)) return true;
    const v = plainValue(kv.value);
    if ((typeof v === 'object' ? JSON.stringify(v) : String(v)).toLowerCase().includes(needle)) return true;
  }
  return false;
}
