/**
 * The protobuf fast road into the store: walks an ExportTraceServiceRequest
 * with our ProtoReader and, per span, reads only what the store indexes by —
 * trace, span and parent ids, name, start and end time, status code, link
 * targets — into the columns of one block per scope group (span-block.ts),
 * keeping the span's encoded bytes for a full decode on demand. Resources
 * and scopes are decoded whole (one per group). Field numbers as in
 * trace-proto.ts. Malformed input throws ProtoDecodeError.
 */
import { readResource, readScope } from '../otlp/common-reader.js';
import { ProtoReader } from '../otlp/proto-reader.js';
import type { OtlpResource, OtlpScope } from '../otlp/types.js';
import { serviceOf } from './otlp-values.js';
import type { LinkRef } from './span-block.js';
import { SpanBlock, wordsToMs } from './span-block.js';

const HEX = new TextEncoder().encode('0123456789abcdef');
const latin1 = new TextDecoder('latin1');
// Scratch for ids: hex text of 16 and 8 bytes, decoded in one call each.
const HEX32 = new Uint8Array(32);
const HEX16 = new Uint8Array(16);

function hexOf(buf: Uint8Array, start: number, len: number): string {
  if (len === 16 || len === 8) {
    const out = len === 16 ? HEX32 : HEX16;
    for (let i = 0; i < len; i++) {
      const b = buf[start + i]!;
      out[2 * i] = HEX[b >>> 4]!;
      out[2 * i + 1] = HEX[b & 15]!;
    }
    return latin1.decode(out);
  }
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(HEX[buf[start + i]! >>> 4]!, HEX[buf[start + i]! & 15]!);
  return s;
}

/** Reads a fixed64 at the reader's position into two words. */
function fixed64(r: ProtoReader, out: { lo: number; hi: number }): void {
  r.need(8);
  const b = r.buf;
  const p = r.pos;
  out.lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  out.hi = (b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24)) >>> 0;
  r.pos = p + 8;
}

/** The last trace id read: spans of one trace usually sit together, so its string is reused, not rebuilt. */
const lastTrace = new Uint8Array(16);
let lastTraceHex = '';

function traceIdOf(buf: Uint8Array, at: number, len: number): string {
  if (len !== 16) return hexOf(buf, at, len);
  if (lastTraceHex !== '') {
    let same = true;
    for (let i = 0; i < 16; i++) {
      if (buf[at + i] !== lastTrace[i]) {
        same = false;
        break;
      }
    }
    if (same) return lastTraceHex;
  }
  lastTrace.set(buf.subarray(at, at + 16));
  lastTraceHex = hexOf(buf, at, 16);
  return lastTraceHex;
}

const start = { lo: 0, hi: 0 };
const end = { lo: 0, hi: 0 };

/** Big-endian word of 4 id bytes (so hex32 of the words spells the bytes in order). */
function word(b: Uint8Array, p: number): number {
  return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
}

/** An 8-byte id into two words at out[at]; any other length → 0, 0 (none, or invalid). */
function idWords(r: ProtoReader, out: Uint32Array, at: number): void {
  const len = r.uint32();
  r.need(len);
  if (len === 8) {
    out[at] = word(r.buf, r.pos);
    out[at + 1] = word(r.buf, r.pos + 4);
  } else out[at] = out[at + 1] = 0;
  r.pos += len;
}

/**
 * Span names repeat: a small direct-mapped cache from the name's bytes to
 * its string, so a name is decoded (and kept) once, not once per span.
 */
const NAME_SLOTS = 256;
const nameBytes: (Uint8Array | undefined)[] = new Array(NAME_SLOTS).fill(undefined);
const nameStrings: string[] = new Array(NAME_SLOTS).fill('');
const utf8 = new TextDecoder();

function nameOf(r: ProtoReader): string {
  const len = r.uint32();
  r.need(len);
  const b = r.buf;
  const p = r.pos;
  r.pos = p + len;
  if (len > 64) return utf8.decode(b.subarray(p, p + len));
  let h = len;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ b[p + i]!, 0x01000193);
  const slot = (h >>> 0) % NAME_SLOTS;
  const kept = nameBytes[slot];
  if (kept !== undefined && kept.length === len) {
    let same = true;
    for (let i = 0; i < len; i++) {
      if (kept[i] !== b[p + i]) {
        same = false;
        break;
      }
    }
    if (same) return nameStrings[slot]!;
  }
  const s = utf8.decode(b.subarray(p, p + len));
  nameBytes[slot] = b.slice(p, p + len);
  nameStrings[slot] = s;
  return s;
}

export function indexTracesRequest(body: Uint8Array): SpanBlock[] {
  const r = new ProtoReader(body);
  const groups: SpanBlock[] = [];
  while (r.more()) {
    const t = r.tag();
    if (t !== 0x0a) {
      r.skip(t & 7);
      continue;
    }
    const outerRequest = r.enter();
    // ResourceSpans: 1 resource, 2 scope_spans, 3 schema_url. The resource may come after scope_spans: read it first.
    const rsStart = r.pos;
    let resource: OtlpResource = { attributes: [] };
    while (r.more()) {
      const rt = r.tag();
      if (rt === 0x0a) {
        const o = r.enter();
        resource = readResource(r);
        r.leave(o);
      } else r.skip(rt & 7);
    }
    const service = serviceOf(resource);
    r.pos = rsStart;
    while (r.more()) {
      const rt = r.tag();
      if (rt !== 0x12) {
        r.skip(rt & 7);
        continue;
      }
      const outerScope = r.enter();
      const ssStart = r.pos;
      let scope: OtlpScope = { name: '' };
      while (r.more()) {
        const st = r.tag();
        if (st === 0x0a) {
          const o = r.enter();
          scope = readScope(r);
          r.leave(o);
        } else r.skip(st & 7);
      }
      // Counted first, so the block's columns are sized once.
      r.pos = ssStart;
      let count = 0;
      while (r.more()) {
        const st = r.tag();
        if (st === 0x12) count++;
        r.skip(st & 7);
      }
      r.pos = ssStart;
      const block = new SpanBlock(resource, scope, service, body, undefined, count);
      while (r.more()) {
        const st = r.tag();
        if (st !== 0x12) {
          r.skip(st & 7);
          continue;
        }
        const outerSpan = r.enter();
        readSpanIndex(r, block);
        r.leave(outerSpan);
      }
      groups.push(block);
      r.leave(outerScope);
    }
    r.leave(outerRequest);
  }
  return groups;
}

function readSpanIndex(r: ProtoReader, block: SpanBlock): void {
  const i = block.next();
  const from = r.pos;
  let traceId = '';
  let name = '';
  let code = 0;
  let links: LinkRef[] | undefined;
  const ids = block.ids;
  ids[4 * i] = ids[4 * i + 1] = ids[4 * i + 2] = ids[4 * i + 3] = 0;
  start.lo = start.hi = end.lo = end.hi = 0;
  while (r.more()) {
    const t = r.tag();
    switch (t) {
      case 0x0a: {
        const len = r.uint32();
        r.need(len);
        traceId = len === 16 ? traceIdOf(r.buf, r.pos, len) : '';
        r.pos += len;
        break;
      }
      case 0x12:
        idWords(r, ids, 4 * i);
        break;
      case 0x22:
        idWords(r, ids, 4 * i + 2);
        break;
      case 0x2a:
        name = nameOf(r);
        break;
      case 0x39:
        fixed64(r, start);
        break;
      case 0x41:
        fixed64(r, end);
        break;
      case 0x6a: {
        const o = r.enter();
        let lt = '';
        let ls = '';
        while (r.more()) {
          const k = r.tag();
          if (k === 0x0a || k === 0x12) {
            const len = r.uint32();
            r.need(len);
            if (k === 0x0a) lt = hexOf(r.buf, r.pos, len);
            else ls = hexOf(r.buf, r.pos, len);
            r.pos += len;
          } else r.skip(k & 7);
        }
        r.leave(o);
        (links ??= []).push({ traceId: lt, spanId: ls });
        break;
      }
      case 0x7a: {
        const o = r.enter();
        while (r.more()) {
          const k = r.tag();
          if (k === 0x18) code = r.uint32();
          else r.skip(k & 7);
        }
        r.leave(o);
        break;
      }
      default:
        r.skip(t & 7);
    }
  }
  block.traceIds[i] = traceId;
  block.names[i] = name;
  block.status[i] = code > 255 ? 255 : code;
  const startMs = wordsToMs(start.lo, start.hi);
  block.times[2 * i] = startMs;
  block.times[2 * i + 1] = Math.max(startMs, wordsToMs(end.lo, end.hi));
  block.ranges[2 * i] = from;
  block.ranges[2 * i + 1] = r.end;
  block.startNs[2 * i] = start.lo;
  block.startNs[2 * i + 1] = start.hi;
  if (links !== undefined) block.setLinks(i, links);
  block.measure(i);
}
