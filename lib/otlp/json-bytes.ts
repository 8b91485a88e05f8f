/**
 * The OTLP/JSON messages every signal shares — AnyValue, KeyValue lists,
 * Resource, InstrumentationScope — written as bytes (json-byte-writer.ts).
 * OTLP/JSON is proto3 JSON with the OTLP exceptions (lowerCamelCase keys,
 * trace/span ids as hex, enums as integers); from proto3 JSON it keeps 64-bit
 * integers as quoted decimals, non-finite doubles as "NaN"/"Infinity"/
 * "-Infinity" and bytes as base64.
 */
import { Buffer } from 'node:buffer';
import type { InstrumentationScope, Resource } from '../common/resource.js';
import { JsonWriter, literal } from './json-byte-writer.js';
import { KeyCache, KeyRun, RUN_MAX, rememberValue } from './key-cache.js';

const TWO_63 = 9223372036854775808;
const MAX_DEPTH = 32;

const L_STRING = literal('{"stringValue":');
const L_INT = literal('{"intValue":');
const L_DOUBLE = literal('{"doubleValue":');

/**
 * An AnyValue object: `{"stringValue":…}`, `{"boolValue":…}`, `{"intValue":"…"}`
 * (a string: 64-bit), `{"doubleValue":…}`, `{"arrayValue":{"values":[…]}}`,
 * `{"kvlistValue":{"values":[…]}}`, `{"bytesValue":"base64"}`, or `{}`.
 */
export function writeJsonAnyValue(w: JsonWriter, v: unknown, depth = 0): void {
  switch (typeof v) {
    case 'string':
      w.lit(L_STRING);
      w.str(v);
      w.byte(125);
      return;
    case 'number':
      if (Number.isInteger(v) && v < TWO_63 && v >= -TWO_63) {
        w.lit(L_INT);
        w.int64(v);
      } else {
        w.lit(L_DOUBLE);
        w.double(v);
      }
      w.byte(125);
      return;
    case 'boolean':
      w.ascii(v ? '{"boolValue":true}' : '{"boolValue":false}');
      return;
    case 'bigint':
      w.ascii(`{"intValue":"${BigInt.asIntN(64, v)}"}`);
      return;
    case 'object':
      if (v === null || depth >= MAX_DEPTH) break;
      if (v instanceof Uint8Array) {
        w.ascii(`{"bytesValue":"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}"}`);
        return;
      }
      if (Array.isArray(v)) {
        w.ascii('{"arrayValue":{"values":[');
        for (let i = 0; i < v.length; i++) {
          if (i > 0) w.byte(44);
          writeJsonAnyValue(w, v[i], depth + 1);
        }
        w.ascii(']}}');
        return;
      }
      w.ascii('{"kvlistValue":{"values":');
      writeJsonKeyValues(w, v as Record<string, unknown>, depth + 1);
      w.ascii('}}');
      return;
    default:
      break;
  }
  w.ascii('{}');
}

const L_KEY = literal('{"key":');
const L_VALUE = literal(',"value":');

/** Per attribute key: the bytes of `{"key":"…","value":` and of the last value's whole KeyValue (key-cache.ts). */
const keyWriter = new JsonWriter(256);
const keyCache = new KeyCache((key) => {
  keyWriter.reset();
  keyWriter.lit(L_KEY);
  keyWriter.str(key);
  keyWriter.lit(L_VALUE);
  return keyWriter.copy(0, keyWriter.pos);
});

/** `[{"key":…,"value":{…}},…]` for each own key whose value is not undefined. */
export function writeJsonKeyValues(w: JsonWriter, attrs: Readonly<Record<string, unknown>> | undefined, depth = 0): void {
  w.byte(91);
  if (attrs !== undefined) writeEntries(w, attrs, depth, undefined);
  w.byte(93);
}

const L_ATTRIBUTES = literal(',"attributes":[');

/**
 * `,"attributes":[…]` when `attrs` has a defined entry; nothing otherwise.
 * `run` (one per call site) lets objects of a repeating shape skip the key
 * cache's Map lookups and copy repeating KeyValues as one piece.
 */
export function writeJsonAttributesField(w: JsonWriter, attrs: Readonly<Record<string, unknown>> | undefined, run?: KeyRun): void {
  if (attrs === undefined) return;
  openJsonAttributesField(w);
  closeJsonAttributesField(w, attrs, run);
}

/** `,"attributes":[` — written alone, or as the end of a longer run an encoder keeps (RunMemo). */
export function openJsonAttributesField(w: JsonWriter): void {
  w.lit(L_ATTRIBUTES);
}

/** Right after `openJsonAttributesField`: the entries and `]`, or, when none is defined, the field taken back out. */
export function closeJsonAttributesField(w: JsonWriter, attrs: Readonly<Record<string, unknown>>, run?: KeyRun): void {
  const start = w.pos - L_ATTRIBUTES.length;
  if (writeEntries(w, attrs, 0, run)) w.byte(93);
  else w.pos = start;
}

/**
 * The comma-separated KeyValues of `attrs`; false when none was written.
 * With a `run`, KeyValues copied whole (key-cache.ts) are held back while
 * they follow one another and written as a chain (`KeyRun.flush`).
 */
function writeEntries(w: JsonWriter, attrs: Readonly<Record<string, unknown>>, depth: number, run: KeyRun | undefined): boolean {
  let n = 0;
  run?.begin();
  for (const key in attrs) {
    // Own keys only: a user map (a log body) may inherit enumerable keys from a polluted prototype.
    if (!Object.hasOwn(attrs, key)) continue;
    const v = attrs[key];
    if (v === undefined) continue;
    const e = run === undefined ? keyCache.entry(key) : keyCache.entryAt(run, n, key);
    const whole = e !== undefined && v === e.value ? e.whole : undefined;
    const tracked = run !== undefined && n < RUN_MAX;
    if (whole !== undefined && tracked) {
      run.hold(n, whole);
      n++;
      continue;
    }
    run?.flush(w, n, 44, false);
    if (n > 0) w.byte(44);
    if (tracked) run.fresh(n);
    n++;
    if (whole !== undefined) {
      w.raw(whole);
      continue;
    }
    if (e === undefined) {
      w.lit(L_KEY);
      w.str(key);
      w.lit(L_VALUE);
      writeJsonAnyValue(w, v, depth);
      w.byte(125);
      continue;
    }
    const start = w.pos;
    if (typeof v === 'string') {
      // Values that change every time are mostly strings (paths, ids): key and value opening in one copy.
      w.lit((e.stringPrefix ??= Buffer.concat([e.prefix, L_STRING])));
      w.str(v);
      w.byte(125);
    } else {
      w.raw(e.prefix);
      writeJsonAnyValue(w, v, depth);
    }
    w.byte(125);
    if (v === e.value) e.whole = w.copy(start, w.pos);
    else rememberValue(e, v);
  }
  run?.flush(w, n, 44, false);
  return n > 0;
}

const resourceBytes = new WeakMap<Resource, Uint8Array>();
const scopeBytes = new WeakMap<InstrumentationScope, Uint8Array>();
/** Where resource and scope objects are written once each (allocated at the first). */
let scratch: JsonWriter | undefined;

/** `{"attributes":[…],"droppedAttributesCount":n}`, as bytes made once per resource. */
export function writeJsonResource(w: JsonWriter, resource: Resource): void {
  let b = resourceBytes.get(resource);
  if (b === undefined) {
    const s = (scratch ??= new JsonWriter(1024));
    s.reset();
    s.ascii('{"attributes":');
    writeJsonKeyValues(s, resource.attributes);
    if (resource.droppedAttributesCount > 0) {
      s.ascii(',"droppedAttributesCount":');
      s.uint(resource.droppedAttributesCount);
    }
    s.byte(125);
    resourceBytes.set(resource, (b = s.copy(0, s.pos)));
  }
  w.raw(b);
}

/** `{"name":…,"version":…,"attributes":[…]}`, as bytes made once per scope. */
export function writeJsonScope(w: JsonWriter, scope: InstrumentationScope): void {
  let b = scopeBytes.get(scope);
  if (b === undefined) {
    const s = (scratch ??= new JsonWriter(1024));
    s.reset();
    s.ascii('{"name":');
    s.str(scope.name ?? '');
    if (scope.version) {
      s.ascii(',"version":');
      s.str(scope.version);
    }
    writeJsonAttributesField(s, scope.attributes);
    s.byte(125);
    scopeBytes.set(scope, (b = s.copy(0, s.pos)));
  }
  w.raw(b);
}
