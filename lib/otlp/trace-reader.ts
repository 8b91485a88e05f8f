/**
 * Decodes an OTLP/protobuf ExportTraceServiceRequest into its OTLP/JSON shape
 * (types.ts). Used by the dashboard's receiver and `zerotel decode`.
 * Field tables: see trace-proto.ts.
 */
import { readKeyValue, readNested, readResource, readScope, toHex } from './common-reader.js';
import { ProtoReader } from './proto-reader.js';
import type { OtlpResourceSpans, OtlpScopeSpans, OtlpSpan, OtlpSpanEvent, OtlpSpanLink, OtlpStatus, OtlpTracesRequest } from './types.js';

/** Throws ProtoDecodeError on malformed input. */
export function decodeTracesRequest(bytes: Uint8Array): OtlpTracesRequest {
  const r = new ProtoReader(bytes);
  const out: OtlpTracesRequest = { resourceSpans: [] };
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) out.resourceSpans.push(readNested(r, readResourceSpans));
    else r.skip(t & 7);
  }
  return out;
}

function readResourceSpans(r: ProtoReader): OtlpResourceSpans {
  const out: OtlpResourceSpans = { scopeSpans: [] };
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) out.resource = readNested(r, readResource);
    else if (t === ((2 << 3) | 2)) out.scopeSpans.push(readNested(r, readScopeSpans));
    else if (t === ((3 << 3) | 2)) out.schemaUrl = r.string();
    else r.skip(t & 7);
  }
  return out;
}

function readScopeSpans(r: ProtoReader): OtlpScopeSpans {
  const out: OtlpScopeSpans = { spans: [] };
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) out.scope = readNested(r, readScope);
    else if (t === ((2 << 3) | 2)) out.spans.push(readNested(r, readSpan));
    else if (t === ((3 << 3) | 2)) out.schemaUrl = r.string();
    else r.skip(t & 7);
  }
  return out;
}

function readSpan(r: ProtoReader): OtlpSpan {
  const out: OtlpSpan = { traceId: '', spanId: '', name: '', startTimeUnixNano: '0', endTimeUnixNano: '0' };
  while (r.more()) {
    const t = r.tag();
    switch (t) {
      case (1 << 3) | 2:
        out.traceId = toHex(r.bytes());
        break;
      case (2 << 3) | 2:
        out.spanId = toHex(r.bytes());
        break;
      case (3 << 3) | 2:
        out.traceState = r.string();
        break;
      case (4 << 3) | 2: {
        const p = r.bytes();
        if (p.length > 0) out.parentSpanId = toHex(p);
        break;
      }
      case (5 << 3) | 2:
        out.name = r.string();
        break;
      case (6 << 3) | 0:
        out.kind = r.uint32();
        break;
      case (7 << 3) | 1:
        out.startTimeUnixNano = r.fixed64String();
        break;
      case (8 << 3) | 1:
        out.endTimeUnixNano = r.fixed64String();
        break;
      case (9 << 3) | 2:
        (out.attributes ??= []).push(readNested(r, readKeyValue));
        break;
      case (10 << 3) | 0:
        out.droppedAttributesCount = r.uint32();
        break;
      case (11 << 3) | 2:
        (out.events ??= []).push(readNested(r, readEvent));
        break;
      case (12 << 3) | 0:
        out.droppedEventsCount = r.uint32();
        break;
      case (13 << 3) | 2:
        (out.links ??= []).push(readNested(r, readLink));
        break;
      case (14 << 3) | 0:
        out.droppedLinksCount = r.uint32();
        break;
      case (15 << 3) | 2:
        out.status = readNested(r, readStatus);
        break;
      case (16 << 3) | 5:
        out.flags = r.fixed32();
        break;
      default:
        r.skip(t & 7);
    }
  }
  return out;
}

function readEvent(r: ProtoReader): OtlpSpanEvent {
  const out: OtlpSpanEvent = { timeUnixNano: '0', name: '' };
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 1)) out.timeUnixNano = r.fixed64String();
    else if (t === ((2 << 3) | 2)) out.name = r.string();
    else if (t === ((3 << 3) | 2)) (out.attributes ??= []).push(readNested(r, readKeyValue));
    else if (t === ((4 << 3) | 0)) out.droppedAttributesCount = r.uint32();
    else r.skip(t & 7);
  }
  return out;
}

function readLink(r: ProtoReader): OtlpSpanLink {
  const out: OtlpSpanLink = { traceId: '', spanId: '' };
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | 2)) out.traceId = toHex(r.bytes());
    else if (t === ((2 << 3) | 2)) out.spanId = toHex(r.bytes());
    else if (t === ((3 << 3) | 2)) out.traceState = r.string();
    else if (t === ((4 << 3) | 2)) (out.attributes ??= []).push(readNested(r, readKeyValue));
    else if (t === ((5 << 3) | 0)) out.droppedAttributesCount = r.uint32();
    else if (t === ((6 << 3) | 5)) out.flags = r.fixed32();
    else r.skip(t & 7);
  }
  return out;
}

function readStatus(r: ProtoReader): OtlpStatus {
  const out: OtlpStatus = {};
  while (r.more()) {
    const t = r.tag();
    if (t === ((2 << 3) | 2)) out.message = r.string();
    else if (t === ((3 << 3) | 0)) out.code = r.uint32();
    else r.skip(t & 7);
  }
  return out;
}
