/**
 * OTLP/JSON text for the messages every signal shares. Each function returns
 * a JSON fragment; resource and scope fragments are built once per object.
 */
import type { InstrumentationScope, Resource } from '../common/resource.js';
import { jsonBytes, jsonDouble, jsonInt64, jsonString } from './json-writer.js';

const TWO_63 = 9223372036854775808;
const MAX_DEPTH = 32;

/**
 * An AnyValue object: `{"stringValue":…}`, `{"boolValue":…}`, `{"intValue":"…"}`
 * (a string: 64-bit), `{"doubleValue":…}`, `{"arrayValue":{"values":[…]}}`,
 * `{"kvlistValue":{"values":[…]}}`, `{"bytesValue":"base64"}`, or `{}`.
 */
export function jsonAnyValue(v: unknown, depth = 0): string {
  switch (typeof v) {
    case 'string':
      return `{"stringValue":${jsonString(v)}}`;
    case 'number':
      return Number.isInteger(v) && v < TWO_63 && v >= -TWO_63 ? `{"intValue":${jsonInt64(v)}}` : `{"doubleValue":${jsonDouble(v)}}`;
    case 'boolean':
      return v ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'bigint':
      return `{"intValue":"${BigInt.asIntN(64, v)}"}`;
    case 'object': {
      if (v === null || depth >= MAX_DEPTH) return '{}';
      if (v instanceof Uint8Array) return `{"bytesValue":${jsonBytes(v)}}`;
      if (Array.isArray(v)) {
        let out = '{"arrayValue":{"values":[';
        for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + jsonAnyValue(v[i], depth + 1);
        return `${out}]}}`;
      }
      return `{"kvlistValue":{"values":${jsonKeyValues(v as Record<string, unknown>, depth + 1)}}}`;
    }
    default:
      return '{}';
  }
}

/** `[{"key":…,"value":{…}},…]` for each own key whose value is not undefined. */
export function jsonKeyValues(attrs: Readonly<Record<string, unknown>> | undefined, depth = 0): string {
  if (attrs === undefined) return '[]';
  let out = '[';
  for (const key in attrs) {
    // Own keys only: a user map (a log body) may inherit enumerable keys from a polluted prototype.
    if (!Object.hasOwn(attrs, key)) continue;
    const v = attrs[key];
    if (v === undefined) continue;
    out += `${out.length === 1 ? '' : ','}{"key":${jsonString(key)},"value":${jsonAnyValue(v, depth)}}`;
  }
  return `${out}]`;
}

/**
 * `,"attributes":[…]` when `attrs` has any entry, else '' — the form message
 * writers splice in after a field they always write.
 */
export function jsonAttributesField(attrs: Readonly<Record<string, unknown>> | undefined): string {
  if (attrs === undefined) return '';
  const kv = jsonKeyValues(attrs);
  return kv.length === 2 ? '' : `,"attributes":${kv}`;
}

const resourceCache = new WeakMap<Resource, string>();
const scopeCache = new WeakMap<InstrumentationScope, string>();

/** `{"attributes":[…],"droppedAttributesCount":n}`, made once per resource. */
export function jsonResource(resource: Resource): string {
  let s = resourceCache.get(resource);
  if (s === undefined) {
    s = `{"attributes":${jsonKeyValues(resource.attributes)}`;
    if (resource.droppedAttributesCount > 0) s += `,"droppedAttributesCount":${resource.droppedAttributesCount}`;
    s += '}';
    resourceCache.set(resource, s);
  }
  return s;
}

/** `{"name":…,"version":…,"attributes":[…]}`, made once per scope. */
export function jsonScope(scope: InstrumentationScope): string {
  let s = scopeCache.get(scope);
  if (s === undefined) {
    s = `{"name":${jsonString(scope.name ?? '')}`;
    if (scope.version) s += `,"version":${jsonString(scope.version)}`;
    s += jsonAttributesField(scope.attributes);
    s += '}';
    scopeCache.set(scope, s);
  }
  return s;
}
