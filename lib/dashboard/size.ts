/**
 * A rough estimate of what a decoded OTLP object costs on the V8 heap, so the
 * store can keep to a byte budget without measuring the heap. It counts
 * string characters, numbers and object/array overheads; it errs high
 * rather than low (a bound that undercounts is no bound).
 */

const OBJECT = 56;
const FIELD = 16;
const ARRAY = 32;
const SLOT = 8;
const STRING = 24;
const MAX_DEPTH = 40;

export function estimateBytes(v: unknown, depth = 0): number {
  switch (typeof v) {
    case 'string':
      return STRING + v.length * 2;
    case 'number':
    case 'boolean':
      return SLOT;
    case 'object': {
      if (v === null) return SLOT;
      if (depth > MAX_DEPTH) return OBJECT;
      if (Array.isArray(v)) {
        let n = ARRAY + v.length * SLOT;
        for (let i = 0; i < v.length; i++) n += estimateBytes(v[i], depth + 1);
        return n;
      }
      if (v instanceof Uint8Array) return OBJECT + v.byteLength;
      let n = OBJECT;
      for (const key in v) n += FIELD + estimateBytes((v as Record<string, unknown>)[key], depth + 1);
      return n;
    }
    default:
      return SLOT;
  }
}
