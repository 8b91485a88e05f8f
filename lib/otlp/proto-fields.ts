/**
 * Table-driven protobuf message readers. A message is described by its field
 * table — the tag (`field << 3 | wire type`) of each field it knows, mapped to
 * how that field is read into the OTLP/JSON shape — and `messageReader` turns
 * the table into a reader; unknown fields (and known fields sent with another
 * wire type) are skipped, as protobuf requires. The readers serve the
 * collector-side decoders (dashboard receiver, `zerotel decode`), not the
 * export hot path, so one small closure per field is fine.
 */
import { Buffer } from 'node:buffer';
import { HEX_BYTE } from '../trace/ids.js';
import type { ProtoReader } from './proto-reader.js';

export const VARINT = 0;
export const I64 = 1;
export const LEN = 2;
export const I32 = 5;

/** A field key: (field number << 3) | wire type. */
export function tagOf(field: number, wire: number): number {
  return (field << 3) | wire;
}

/** Reads one field, whose tag was `t`, into `out`. */
export type FieldReader<T> = (r: ProtoReader, out: T, t: number) => void;
/** Tag → how to read that field. */
export type FieldTable<T> = Readonly<Record<number, FieldReader<T>>>;
/** The keys of `T` a value of type `V` may be stored under. */
type KeyFor<T, V> = { [K in keyof T]-?: V extends T[K] ? K : never }[keyof T] & string;

/**
 * A reader for one message type: `make()` the empty result (fields at their
 * proto3 default absent), then read each field by the table. The reader
 * expects `r` positioned INSIDE the message (see `readNested`).
 */
export function messageReader<T>(make: () => T, fields: FieldTable<T>): (r: ProtoReader) => T {
  const table: (FieldReader<T> | undefined)[] = [];
  for (const key of Object.keys(fields)) table[Number(key)] = fields[Number(key)];
  return (r) => {
    const out = make();
    while (r.more()) {
      const t = r.tag();
      const read = t < table.length ? table[t] : undefined;
      if (read === undefined) r.skip(t & 7);
      else read(r, out, t);
    }
    return out;
  };
}

/** Reads a length-delimited nested message with `read`. */
export function readNested<T>(r: ProtoReader, read: (r: ProtoReader) => T): T {
  const outer = r.enter();
  const v = read(r);
  r.leave(outer);
  return v;
}

/** A double as OTLP/JSON carries it: a number when finite, else "NaN"/"Infinity"/"-Infinity". */
export function jsonSafeDouble(v: number): number | string {
  if (Number.isFinite(v)) return v;
  return v !== v ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** Bytes as lowercase hex (trace and span ids). */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX_BYTE[b[i]!]!;
  return s;
}

export function toBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

function store<T>(out: T, key: string, v: unknown): void {
  (out as Record<string, unknown>)[key] = v;
}

function unzigzag(n: number): number {
  return (n >>> 1) ^ -(n & 1);
}

// One field reader per scalar encoding; `key` names the OTLP/JSON property.
export const stringField = <T>(key: KeyFor<T, string>): FieldReader<T> => (r, out) => store(out, key, r.string());
export const boolField = <T>(key: KeyFor<T, boolean>): FieldReader<T> => (r, out) => store(out, key, r.bool());
export const uint32Field = <T>(key: KeyFor<T, number>): FieldReader<T> => (r, out) => store(out, key, r.uint32());
export const sint32Field = <T>(key: KeyFor<T, number>): FieldReader<T> => (r, out) => store(out, key, unzigzag(r.uint32()));
export const fixed32Field = <T>(key: KeyFor<T, number>): FieldReader<T> => (r, out) => store(out, key, r.fixed32());
/** fixed64 as a decimal string (exact). */
export const fixed64Field = <T>(key: KeyFor<T, string>): FieldReader<T> => (r, out) => store(out, key, r.fixed64String());
export const sfixed64Field = <T>(key: KeyFor<T, string>): FieldReader<T> => (r, out) => store(out, key, r.sfixed64String());
export const int64Field = <T>(key: KeyFor<T, string>): FieldReader<T> => (r, out) => store(out, key, r.int64String());
export const doubleField = <T>(key: KeyFor<T, number | string>): FieldReader<T> => (r, out) => store(out, key, jsonSafeDouble(r.double()));
export const base64Field = <T>(key: KeyFor<T, string>): FieldReader<T> => (r, out) => store(out, key, toBase64(r.bytes()));

/** An id as hex; with `omitEmpty`, an empty id leaves the field absent (optional ids: parent span, log correlation). */
export const hexField =
  <T>(key: KeyFor<T, string>, omitEmpty = false): FieldReader<T> =>
  (r, out) => {
    const b = r.bytes();
    if (!omitEmpty || b.length > 0) store(out, key, toHex(b));
  };

/** A singular nested message. */
export const messageField =
  <T, V>(key: KeyFor<T, V>, read: (r: ProtoReader) => V): FieldReader<T> =>
  (r, out) =>
    store(out, key, readNested(r, read));

/** A repeated nested message, appended to `out[key]` (created on the first). */
export const repeatedField =
  <T, V>(key: KeyFor<T, V[]>, read: (r: ProtoReader) => V): FieldReader<T> =>
  (r, out) => {
    const o = out as Record<string, V[] | undefined>;
    (o[key] ??= []).push(readNested(r, read));
  };

/**
 * A repeated scalar, packed (one LEN field) or not (one field per element):
 * register it under both tags. `read` reads one element.
 */
export const packedField =
  <T, V>(key: KeyFor<T, V[]>, read: (r: ProtoReader) => V): FieldReader<T> =>
  (r, out, t) => {
    const o = out as Record<string, V[] | undefined>;
    const into = (o[key] ??= []);
    if ((t & 7) !== LEN) {
      into.push(read(r));
      return;
    }
    const outer = r.enter();
    while (r.more()) into.push(read(r));
    r.leave(outer);
  };

/**
 * Every signal's request nests the same way, only the names differ:
 *   Export{Signal}ServiceRequest { 1 resource_{signal}  repeated Resource{Signal} }
 *   Resource{Signal}             { 1 resource Resource, 2 scope_{signal} repeated Scope{Signal}, 3 schema_url string }
 *   Scope{Signal}                { 1 scope InstrumentationScope, 2 {items} repeated Item, 3 schema_url string }
 * Returns the request reader; `names` are the JSON names of the three lists
 * (e.g. resourceSpans, scopeSpans, spans).
 */
export function requestReader<Req>(
  names: readonly [resources: string, scopes: string, items: string],
  readResource: (r: ProtoReader) => unknown,
  readScope: (r: ProtoReader) => unknown,
  readItem: (r: ProtoReader) => unknown,
): (r: ProtoReader) => Req {
  type Group = Record<string, unknown>;
  const [resources, scopes, items] = names;
  const readScopeGroup = messageReader<Group>(() => ({ [items]: [] }), {
    [tagOf(1, LEN)]: messageField('scope', readScope),
    [tagOf(2, LEN)]: repeatedField(items, readItem),
    [tagOf(3, LEN)]: stringField('schemaUrl'),
  });
  const readResourceGroup = messageReader<Group>(() => ({ [scopes]: [] }), {
    [tagOf(1, LEN)]: messageField('resource', readResource),
    [tagOf(2, LEN)]: repeatedField(scopes, readScopeGroup),
    [tagOf(3, LEN)]: stringField('schemaUrl'),
  });
  return messageReader<Group>(() => ({ [resources]: [] }), { [tagOf(1, LEN)]: repeatedField(resources, readResourceGroup) }) as (
    r: ProtoReader,
  ) => Req;
}
