/**
 * Protobuf encoders for the OTLP messages every signal shares (common.proto,
 * resource.proto). Resource and scope are encoded once per object and cached:
 * every span, metric and log record of a provider shares the same two objects.
 */
import type { InstrumentationScope, Resource } from '../common/resource.js';
import { KeyCache, RUN_MAX, rememberValue } from './key-cache.js';
import type { KeyRun } from './key-cache.js';
import { ProtoWriter } from './proto-writer.js';

const TWO_63 = 9223372036854775808;
/** Deeper nesting (or a cycle in a log body) is cut off with an empty value. */
const MAX_DEPTH = 32;

/**
 * AnyValue (oneof value):
 *   1 string_value  string
 *   2 bool_value    bool
 *   3 int_value     int64
 *   4 double_value  double
 *   5 array_value   ArrayValue   { 1 values repeated AnyValue }
 *   6 kvlist_value  KeyValueList { 1 values repeated KeyValue }
 *   7 bytes_value   bytes
 * Writes the AnyValue BODY (the caller owns the tag and length). An integral
 * number with |v| < 2^63 is an int, any other number a double; null,
 * undefined and unsupported values are the empty AnyValue.
 */
export function writeAnyValue(w: ProtoWriter, v: unknown, depth = 0): void {
  switch (typeof v) {
    case 'string':
      w.tag(1, 2);
      w.string(v);
      return;
    case 'number':
      if (Number.isInteger(v) && v < TWO_63 && v >= -TWO_63) {
        w.tag(3, 0);
        w.int64(v);
      } else {
        w.tag(4, 1);
        w.double(v);
      }
      return;
    case 'boolean':
      w.tag(2, 0);
      w.bool(v);
      return;
    case 'bigint':
      w.tag(3, 0);
      w.varint64(Number(BigInt.asUintN(32, v)), Number(BigInt.asUintN(32, v >> 32n)));
      return;
    case 'object':
      if (v === null || depth >= MAX_DEPTH) return;
      if (v instanceof Uint8Array) {
        w.tag(7, 2);
        w.bytes(v);
      } else if (Array.isArray(v)) {
        w.tag(5, 2);
        const a = w.fork();
        for (let i = 0; i < v.length; i++) {
          w.tag(1, 2);
          const s = w.fork();
          writeAnyValue(w, v[i], depth + 1);
          w.join(s);
        }
        w.join(a);
      } else {
        w.tag(6, 2);
        const a = w.fork();
        writeKeyValues(w, 1, v as Record<string, unknown>, depth + 1);
        w.join(a);
      }
      return;
    default:
      return;
  }
}

/**
 * KeyValue:
 *   1 key   string
 *   2 value AnyValue
 * Writes one `repeated KeyValue` entry per own key of `attrs` under `field`
 * (keys whose value is undefined are skipped). `run` (one per call site,
 * `field` < 16) lets objects of a repeating shape skip the key cache's Map
 * lookups and copy runs of repeating KeyValues as one piece (key-cache.ts).
 */
export function writeKeyValues(w: ProtoWriter, field: number, attrs: Readonly<Record<string, unknown>> | undefined, depth = 0, run?: KeyRun): void {
  if (attrs === undefined) return;
  const tag = (field << 3) | 2;
  let n = 0;
  run?.begin();
  for (const key in attrs) {
    // Own keys only: a user map (a log body) may inherit enumerable keys from a polluted prototype.
    if (!Object.hasOwn(attrs, key)) continue;
    const v = attrs[key];
    if (v === undefined) continue;
    const e = run === undefined ? keyCache.entry(key) : keyCache.entryAt(run, n, key);
    const same = e !== undefined && v === e.value;
    const whole = same ? e.whole : undefined;
    const tracked = run !== undefined && n < RUN_MAX;
    if (whole !== undefined && tracked) {
      run.hold(n, whole);
      n++;
      continue;
    }
    run?.flush(w, n, tag, true);
    if (tracked) run.fresh(n);
    n++;
    w.tag(field, 2);
    if (whole !== undefined) {
      // Same value as last time for this key (a method, a route, a status): reuse the whole entry.
      w.raw(whole);
      continue;
    }
    if (e === undefined) {
      const kv = w.fork();
      w.tag(1, 2);
      w.string(key);
      writeValueField(w, v, depth);
      w.join(kv);
      continue;
    }
    const kv = w.pos;
    if (typeof v !== 'string' || !writeShortString(w, e.prefix, v)) {
      const body = w.fork();
      w.raw(e.prefix);
      writeValueField(w, v, depth);
      w.join(body);
    }
    if (same) e.whole = w.copy(kv, w.pos);
    else rememberValue(e, v);
  }
  run?.flush(w, n, tag, true);
}

/**
 * A KeyValue's length and body for a string value when all its lengths take
 * one byte and it is ASCII (nearly every changing value: a path, an id):
 * written in one pass, no fork and join. False, with nothing written, otherwise.
 */
function writeShortString(w: ProtoWriter, prefix: Uint8Array, s: string): boolean {
  const n = s.length;
  const len = prefix.length + 4 + n; // prefix, 2: value { 1: string_value }
  if (len >= 128) return false;
  w.ensure(len + 1);
  const buf = w.buf;
  let pos = w.pos;
  buf[pos] = len;
  buf.set(prefix, pos + 1);
  pos += prefix.length + 1;
  buf[pos] = 0x12;
  buf[pos + 1] = n + 2;
  buf[pos + 2] = 0x0a;
  buf[pos + 3] = n;
  pos += 4;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return false;
    buf[pos++] = c;
  }
  w.pos = pos;
  return true;
}

function writeValueField(w: ProtoWriter, v: unknown, depth: number): void {
  w.tag(2, 2);
  const val = w.fork();
  writeAnyValue(w, v, depth);
  w.join(val);
}

/** Per attribute key: its encoded `1: key` field and the last value's KeyValue, length and body (key-cache.ts). */
const keyWriter = new ProtoWriter(256);
const keyCache = new KeyCache((key) => {
  keyWriter.reset();
  keyWriter.tag(1, 2);
  keyWriter.string(key);
  return keyWriter.copy(0, keyWriter.pos);
});

const resourceCache = new WeakMap<Resource, Uint8Array>();
const scopeCache = new WeakMap<InstrumentationScope, Uint8Array>();
const scratch = new ProtoWriter(1024);

/**
 * Resource:
 *   1 attributes               repeated KeyValue
 *   2 dropped_attributes_count uint32
 * The encoded body, made once per resource object.
 */
export function encodeResource(resource: Resource): Uint8Array {
  let b = resourceCache.get(resource);
  if (b === undefined) {
    scratch.reset();
    writeKeyValues(scratch, 1, resource.attributes);
    if (resource.droppedAttributesCount > 0) {
      scratch.tag(2, 0);
      scratch.uint32(resource.droppedAttributesCount);
    }
    b = scratch.finish();
    resourceCache.set(resource, b);
  }
  return b;
}

/**
 * InstrumentationScope:
 *   1 name                     string
 *   2 version                  string
 *   3 attributes               repeated KeyValue
 *   4 dropped_attributes_count uint32
 * The encoded body, made once per scope object.
 */
export function encodeScope(scope: InstrumentationScope): Uint8Array {
  let b = scopeCache.get(scope);
  if (b === undefined) {
    scratch.reset();
    scratch.stringField(1, scope.name);
    scratch.stringField(2, scope.version);
    writeKeyValues(scratch, 3, scope.attributes);
    b = scratch.finish();
    scopeCache.set(scope, b);
  }
  return b;
}

/** Writes `resource` as message field `field` (ResourceSpans/Metrics/Logs use 1). */
export function writeResource(w: ProtoWriter, field: number, resource: Resource): void {
  w.tag(field, 2);
  w.bytes(encodeResource(resource));
}

/** Writes `scope` as message field `field` (ScopeSpans/Metrics/Logs use 1). */
export function writeScope(w: ProtoWriter, field: number, scope: InstrumentationScope): void {
  w.tag(field, 2);
  w.bytes(encodeScope(scope));
}

/*
 * Every signal's request nests the same way (only the names differ):
 *   Export{Signal}ServiceRequest: 1 resource_{signal} repeated Resource{Signal}
 *   Resource{Signal}: 1 resource Resource, 2 scope_{signal} repeated Scope{Signal}, 3 schema_url string
 *   Scope{Signal}:    1 scope InstrumentationScope, 2 {items} repeated Item, 3 schema_url string
 * so the signal encoders open and close those two levels with these.
 */

/** Opens a Resource{Signal} entry of the request and writes its resource; returns its start for `endGroup`. */
export function startResourceGroup(w: ProtoWriter, resource: Resource): number {
  w.tag(1, 2);
  const start = w.fork();
  writeResource(w, 1, resource);
  return start;
}

/** Opens a Scope{Signal} entry of a Resource{Signal} and writes its scope; returns its start for `endGroup`. */
export function startScopeGroup(w: ProtoWriter, scope: InstrumentationScope): number {
  w.tag(2, 2);
  const start = w.fork();
  writeScope(w, 1, scope);
  return start;
}

/** Opens one item (span, log record, metric: field 2 of Scope{Signal}), its length `reserve` bytes; returns its start for `w.join`. */
export function startItem(w: ProtoWriter, reserve = 1): number {
  w.tag(2, 2);
  return w.fork(reserve);
}

/** Closes a group opened by `startResourceGroup`/`startScopeGroup` with its schema_url (field 3). */
export function endGroup(w: ProtoWriter, start: number, schemaUrl: string | undefined): void {
  w.stringField(3, schemaUrl);
  w.join(start);
}
