/**
 * Which signal an OTLP/protobuf export request carries, when nobody said. The three requests nest
 * alike (request → Resource{Signal} → Scope{Signal} → items) and readers skip unknown fields, so
 * a metrics payload also "decodes" as spans — into nonsense. What tells them apart is the items'
 * field structure: each signal's item message has its own field numbers, wire types and fixed
 * lengths, which real payloads never contradict:
 *
 *   Span:      1 trace_id LEN(16)  2 span_id LEN(8)  3 LEN  4 parent LEN(0|8)  5 name LEN  6 VARINT
 *              7 I64  8 I64  9 LEN  10 VARINT  11 LEN  12 VARINT  13 LEN  14 VARINT  15 LEN  16 I32
 *   Metric:    1 name LEN  2 LEN  3 LEN  5 gauge LEN  7 sum LEN  9 histogram LEN
 *              10 exponential_histogram LEN  11 summary LEN  12 metadata LEN
 *   LogRecord: 1 time I64  2 VARINT  3 LEN  5 body LEN  6 LEN  7 VARINT  8 I32
 *              9 trace_id LEN(0|16)  10 span_id LEN(0|8)  11 observed_time I64  12 LEN
 *
 * A signal is a candidate when no item contradicts its table (a known field with another wire
 * type or a wrong id length) and the whole request reads as that signal; among candidates the one
 * with the fewest fields it does not know wins. No candidate: not OTLP. A tie (for instance a
 * request with no items at all): ambiguous, and the caller must ask for the signal.
 */
import { I32, I64, LEN, VARINT } from './proto-fields.js';
import { ProtoDecodeError, ProtoReader } from './proto-reader.js';
import type { OtlpSignal } from './request-json-stream.js';
import { validateRequest } from './request-json-stream.js';

/** Per field number: the wire type and, for ids, the lengths allowed (-1: any). */
type ItemTable = readonly (readonly [wire: number, len1: number, len2: number] | undefined)[];

function table(entries: Record<number, readonly [number, number?, number?]>): ItemTable {
  const out: (readonly [number, number, number] | undefined)[] = [];
  for (const [k, [wire, a = -1, b = a]] of Object.entries(entries)) out[Number(k)] = [wire, a, b];
  return out;
}

const ITEMS: Readonly<Record<OtlpSignal, ItemTable>> = {
  traces: table({
    1: [LEN, 16], 2: [LEN, 8], 3: [LEN], 4: [LEN, 0, 8], 5: [LEN], 6: [VARINT], 7: [I64], 8: [I64],
    9: [LEN], 10: [VARINT], 11: [LEN], 12: [VARINT], 13: [LEN], 14: [VARINT], 15: [LEN], 16: [I32],
  }),
  metrics: table({ 1: [LEN], 2: [LEN], 3: [LEN], 5: [LEN], 7: [LEN], 9: [LEN], 10: [LEN], 11: [LEN], 12: [LEN] }),
  logs: table({
    1: [I64], 2: [VARINT], 3: [LEN], 5: [LEN], 6: [LEN], 7: [VARINT], 8: [I32], 9: [LEN, 0, 16], 10: [LEN, 0, 8], 11: [I64], 12: [LEN],
  }),
};

const SIGNALS: readonly OtlpSignal[] = ['traces', 'metrics', 'logs'];

export type Detection =
  | { ok: true; signal: OtlpSignal }
  | { ok: false; reason: 'ambiguous' | 'invalid'; message: string };

/** Per signal: -1 once contradicted, else the count of item fields its table does not know. */
function scoreItems(bytes: Uint8Array): number[] {
  const scores = [0, 0, 0];
  const r = new ProtoReader(bytes);
  const walk = (depth: number): void => {
    while (r.more()) {
      const t = r.tag();
      const field = t >>> 3;
      const wire = t & 7;
      // Request: 1 → Resource{Signal}; Resource{Signal}: 2 → Scope{Signal}; Scope{Signal}: 2 → item.
      const descend = depth === 0 ? field === 1 : field === 2;
      if (!descend || wire !== LEN) {
        r.skip(wire);
        continue;
      }
      const outer = r.enter();
      if (depth < 2) walk(depth + 1);
      else scoreItem(r, scores);
      r.leave(outer);
    }
  };
  walk(0);
  return scores;
}

function scoreItem(r: ProtoReader, scores: number[]): void {
  while (r.more()) {
    const t = r.tag();
    const field = t >>> 3;
    const wire = t & 7;
    let len = -1;
    if (wire === LEN) {
      const at = r.pos;
      len = r.uint32();
      r.pos = at;
    }
    for (let s = 0; s < SIGNALS.length; s++) {
      if (scores[s]! < 0) continue;
      const spec = ITEMS[SIGNALS[s]!][field];
      if (spec === undefined) scores[s]!++;
      else if (spec[0] !== wire || (spec[1] >= 0 && len !== spec[1] && len !== spec[2])) scores[s] = -1;
    }
    r.skip(wire);
  }
}

/** The signal of an OTLP/protobuf export request, or why it cannot be told. Never throws. */
export function detectSignal(bytes: Uint8Array): Detection {
  let scores: number[];
  try {
    scores = scoreItems(bytes);
  } catch (err) {
    return { ok: false, reason: 'invalid', message: err instanceof Error ? err.message : String(err) };
  }
  const candidates: { signal: OtlpSignal; unknown: number }[] = [];
  let lastError = 'its items match no signal';
  for (let s = 0; s < SIGNALS.length; s++) {
    if (scores[s]! < 0) continue;
    try {
      validateRequest(bytes, SIGNALS[s]!);
      candidates.push({ signal: SIGNALS[s]!, unknown: scores[s]! });
    } catch (err) {
      if (!(err instanceof ProtoDecodeError) && !(err instanceof RangeError)) throw err;
      lastError = err.message;
    }
  }
  if (candidates.length === 0) return { ok: false, reason: 'invalid', message: lastError };
  candidates.sort((a, b) => a.unknown - b.unknown);
  const best = candidates[0]!;
  const tied = candidates.filter((c) => c.unknown === best.unknown);
  if (tied.length > 1) {
    return { ok: false, reason: 'ambiguous', message: `it reads equally well as ${tied.map((c) => c.signal).join(', ')}` };
  }
  return { ok: true, signal: best.signal };
}
