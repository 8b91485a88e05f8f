/**
 * Readers for the shared OTLP messages, producing the OTLP/JSON shapes of
 * types.ts. Each reader expects the reader positioned INSIDE the message
 * (after `enter()`) and reads to its end.
 */
import { Buffer } from 'node:buffer';
import { HEX_BYTE } from '../trace/ids.js';
import type { ProtoReader } from './proto-reader.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpResource, OtlpScope } from './types.js';

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

/** Reads a length-delimited nested message with `read`. */
export function readNested<T>(r: ProtoReader, read: (r: ProtoReader) => T): T {
  const outer = r.enter();
  const v = read(r);
  r.leave(outer);
  return v;
}

export function readAnyValue(r: ProtoReader): OtlpAnyValue {
  const out: OtlpAnyValue = {};
  while (r.more()) {
    const t = r.tag();
    switch (t) {
      case (1 << 3) | 2:
        out.stringValue = r.string();
        break;
      case (2 << 3) | 0:
        out.boolValue = r.bool();
        break;
      case (3 << 3) | 0:
        out.intValue = r.int64String();
        break;
      case (4 << 3) | 1:
        out.doubleValue = jsonSafeDouble(r.double());
        break;
      case (5 << 3) | 2:
        out.arrayValue = { values: readNested(r, readAnyValueList) };
        break;
      case (6 << 3) | 2:
        out.kvlistValue = { values: readNested(r, readKeyValueList) };
        break;
      case (7 << 3) | 2:
        out.bytesValue = toBase64(r.bytes());
        break;
      default:
        r.skip(t & 7);
    }
  }
  return out;
}

/** ArrayValue { 1 values repeated AnyValue } */
function readAnyValueList(r: ProtoReader): OtlpAnyValue[] {
  const values: OtlpAnyValue[] = [];
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) values.push(readNested(r, readAnyValue));
    else r.skip(t & 7);
  }
  return values;
}

/** KeyValueList { 1 values repeated KeyValue } */
function readKeyValueList(r: ProtoReader): OtlpKeyValue[] {
  const values: OtlpKeyValue[] = [];
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) values.push(readNested(r, readKeyValue));
    else r.skip(t & 7);
  }
  return values;
}

export function readKeyValue(r: ProtoReader): OtlpKeyValue {
  let key = '';
  let value: OtlpAnyValue = {};
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) key = r.string();
    else if (t === ((2 << 3) | 2)) value = readNested(r, readAnyValue);
    else r.skip(t & 7);
  }
  return { key, value };
}

export function readResource(r: ProtoReader): OtlpResource {
  const out: OtlpResource = { attributes: [] };
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) out.attributes.push(readNested(r, readKeyValue));
    else if (t === ((2 << 3) | 0)) out.droppedAttributesCount = r.uint32();
    else r.skip(t & 7);
  }
  return out;
}

export function readScope(r: ProtoReader): OtlpScope {
  const out: OtlpScope = { name: '' };
  while (r.more()) {
    const t = r.tag();
    switch (t) {
      case (1 << 3) | 2:
        out.name = r.string();
        break;
      case (2 << 3) | 2:
        out.version = r.string();
        break;
      case (3 << 3) | 2:
        (out.attributes ??= []).push(readNested(r, readKeyValue));
        break;
      case (4 << 3) | 0:
        out.droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip(t & 7);
    }
  }
  return out;
}

/**
 * The partial_success of an Export{Trace,Metrics,Logs}ServiceResponse:
 *   response: 1 partial_success { 1 rejected_* int64, 2 error_message string }
 * Reads a whole response body; undefined when there is none.
 */
export function readPartialSuccess(r: ProtoReader): { rejected: number; errorMessage: string } | undefined {
  let out: { rejected: number; errorMessage: string } | undefined;
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) {
      out = readNested(r, (m) => {
        const p = { rejected: 0, errorMessage: '' };
        while (m.more()) {
          const u = m.tag();
          if (u === ((1 << 3) | 0)) p.rejected = Number(m.int64String());
          else if (u === ((2 << 3) | 2)) p.errorMessage = m.string();
          else m.skip(u & 7);
        }
        return p;
      });
    } else r.skip(t & 7);
  }
  return out;
}
