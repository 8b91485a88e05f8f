/**
 * An Export{Signal}ServiceRequest as pretty OTLP/JSON text, produced piece by piece while the
 * protobuf is read: one item (span, metric, log record) is decoded and turned into text at a time,
 * so printing a 100 MB payload needs the payload and one item, not the whole request as objects
 * and then as one string (which took 2 GB). The text parses to exactly what decode{Signal}Request
 * returns (same keys and values; key order may differ).
 *
 *   Export{Signal}ServiceRequest { 1 resource_{signal} repeated Resource{Signal} }
 *   Resource{Signal} { 1 resource Resource, 2 scope_{signal} repeated Scope{Signal}, 3 schema_url string }
 *   Scope{Signal}    { 1 scope InstrumentationScope, 2 {items} repeated Item, 3 schema_url string }
 *
 * A singular field that repeats keeps its last value (as the readers do); the repeated lists are
 * printed in wire order. Malformed input throws ProtoDecodeError, possibly after some text was
 * produced: run `validateRequest` first when partial output must be avoided.
 */
import { readResource, readScope } from './common-reader.js';
import { readLogRecord } from './logs-reader.js';
import { readMetric } from './metrics-reader.js';
import { LEN, tagOf } from './proto-fields.js';
import { ProtoReader } from './proto-reader.js';
import { readSpan } from './trace-reader.js';

export type OtlpSignal = 'traces' | 'metrics' | 'logs';

interface Shape {
  names: readonly [resources: string, scopes: string, items: string];
  readItem: (r: ProtoReader) => unknown;
}

export const SIGNAL_SHAPES: Readonly<Record<OtlpSignal, Shape>> = {
  traces: { names: ['resourceSpans', 'scopeSpans', 'spans'], readItem: readSpan },
  metrics: { names: ['resourceMetrics', 'scopeMetrics', 'metrics'], readItem: readMetric },
  logs: { names: ['resourceLogs', 'scopeLogs', 'logRecords'], readItem: readLogRecord },
};

const FIELD_1 = tagOf(1, LEN);
const FIELD_2 = tagOf(2, LEN);
const FIELD_3 = tagOf(3, LEN);

/** `value` as JSON.stringify(value, null, 2) would print it nested `depth` levels deep. */
function pretty(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, '\n' + '  '.repeat(depth));
}

/**
 * One pass over the group the reader is inside: its singular fields, read in wire order as the
 * whole-request reader reads them (each field-1 message decoded, the last kept; the last field-3
 * string), skipping the lists. Leaves the reader where it was.
 */
function singulars<T>(r: ProtoReader, readOne: (r: ProtoReader) => T): { one: T | undefined; url: string | undefined } {
  const from = r.pos;
  let one: T | undefined;
  let url: string | undefined;
  while (r.more()) {
    const t = r.tag();
    if (t === FIELD_1) {
      const len = r.uint32();
      r.need(len);
      one = readOne(new ProtoReader(r.buf, r.pos, r.pos + len));
      r.pos += len;
    } else if (t === FIELD_3) url = r.string();
    else r.skip(t & 7);
  }
  r.pos = from;
  return { one, url };
}

/**
 * The request as JSON text pieces. With `dry`, reads everything the printing would read (so every
 * decode error surfaces) and yields nothing.
 */
export function* requestJsonPieces(bytes: Uint8Array, signal: OtlpSignal, dry = false): Generator<string, void, undefined> {
  const { names, readItem } = SIGNAL_SHAPES[signal];
  const [resources, scopes, items] = names;
  const r = new ProtoReader(bytes);
  if (!dry) yield `{\n  "${resources}": [`;
  let firstResource = true;
  while (r.more()) {
    const t = r.tag();
    if (t !== FIELD_1) {
      r.skip(t & 7);
      continue;
    }
    const outerResource = r.enter();
    const group = singulars(r, readResource);
    const resource = group.one;
    if (!dry) {
      yield `${firstResource ? '' : ','}\n    {\n      "${scopes}": [`;
      firstResource = false;
    }
    let firstScope = true;
    while (r.more()) {
      const ts = r.tag();
      if (ts !== FIELD_2) {
        r.skip(ts & 7);
        continue;
      }
      const outerScope = r.enter();
      const sg = singulars(r, readScope);
      const scope = sg.one;
      if (!dry) {
        yield `${firstScope ? '' : ','}\n        {\n          "${items}": [`;
        firstScope = false;
      }
      let firstItem = true;
      while (r.more()) {
        const ti = r.tag();
        if (ti !== FIELD_2) {
          r.skip(ti & 7);
          continue;
        }
        const outerItem = r.enter();
        const item = readItem(r);
        r.leave(outerItem);
        if (!dry) {
          yield `${firstItem ? '' : ','}\n            ${pretty(item, 6)}`;
          firstItem = false;
        }
      }
      r.leave(outerScope);
      if (!dry) yield `${firstItem ? ']' : '\n          ]'}${tail('scope', scope, sg.url, 5)}\n        }`;
    }
    r.leave(outerResource);
    if (!dry) yield `${firstScope ? ']' : '\n      ]'}${tail('resource', resource, group.url, 3)}\n    }`;
  }
  if (!dry) yield `${firstResource ? ']' : '\n  ]'}\n}\n`;
}

/** The optional members after a group's list: its resource or scope, then its schema URL. */
function tail(key: string, value: unknown, url: string | undefined, depth: number): string {
  const pad = '\n' + '  '.repeat(depth);
  let out = '';
  if (value !== undefined) out += `,${pad}"${key}": ${pretty(value, depth)}`;
  if (url !== undefined) out += `,${pad}"schemaUrl": ${JSON.stringify(url)}`;
  return out;
}

/** Reads the whole request as `signal` without keeping anything; throws ProtoDecodeError when malformed. */
export function validateRequest(bytes: Uint8Array, signal: OtlpSignal): void {
  for (const _ of requestJsonPieces(bytes, signal, true)) void _;
}
