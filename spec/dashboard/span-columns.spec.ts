/**
 * The column store of spans (span-block.ts, span-set.ts, trace-store.ts)
 * against a naive reference (a Map per trace), on random sequences: span ids
 * drawn from a small pool so resends replace, ids sharing their low word so
 * the per-trace index must fall back, traces past 16 spans so the index is
 * built, both roads in (protobuf bodies and OTLP/JSON objects), and a span
 * bound small enough that a lone trace sheds its earliest spans.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DashboardStore } from '../../lib/dashboard/store.js';
import { decodeTracesRequest } from '../../lib/otlp/trace-reader.js';
import type { OtlpSpan } from '../../lib/otlp/types.js';

const TRACE = 'ab'.repeat(16);
const hex8 = (n: number) => n.toString(16).padStart(8, '0');
/** Ids from a pool of 24 by (hi, lo); when `clashing`, lo takes 6 values only, so different ids share a low word. */
let clashing = false;
const idOf = (k: number) => `${hex8(0x1000 + k)}${hex8(0x77 + (clashing ? k % 6 : k))}`;

interface Op {
  id: number;
  parent: number;
  name: string;
  start: number;
  error: boolean;
}

const op = fc.record({ id: fc.nat(23), parent: fc.integer({ min: -1, max: 23 }), name: fc.constantFrom('a', 'b', 'c', 'GET /x'), start: fc.nat(100_000), error: fc.boolean() });

function otlp(o: Op): OtlpSpan {
  return {
    traceId: TRACE,
    spanId: idOf(o.id),
    ...(o.parent >= 0 ? { parentSpanId: idOf(o.parent) } : {}),
    name: o.name,
    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(o.start) * 1000n),
    endTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(o.start) * 1000n + 5000n),
    ...(o.error ? { status: { code: 2 } } : {}),
  };
}

/** Protobuf bytes of these spans in one ExportTraceServiceRequest, written by hand (fields as in trace.proto) so the protobuf road reads exactly them. */
function asProto(spans: OtlpSpan[]): Uint8Array {
  const out: number[] = [];
  const varint = (n: number) => {
    while (n > 127) {
      out.push((n & 127) | 128);
      n = Math.floor(n / 128);
    }
    out.push(n);
  };
  const field = (tag: number, bytes: number[]) => {
    out.push(tag);
    varint(bytes.length);
    out.push(...bytes);
  };
  const hexBytes = (h: string) => Array.from({ length: h.length / 2 }, (_, i) => parseInt(h.slice(2 * i, 2 * i + 2), 16));
  const fixed64 = (ns: string) => {
    let v = BigInt(ns);
    return Array.from({ length: 8 }, () => {
      const b = Number(v & 255n);
      v >>= 8n;
      return b;
    });
  };
  const nest = (write: () => void) => {
    const outer = out.splice(0);
    write();
    const inner = out.splice(0);
    out.push(...outer);
    return inner;
  };
  const spanBytes = spans.map((sp) =>
    nest(() => {
      field(0x0a, hexBytes(sp.traceId));
      field(0x12, hexBytes(sp.spanId));
      if (sp.parentSpanId) field(0x22, hexBytes(sp.parentSpanId));
      field(0x2a, [...new TextEncoder().encode(sp.name)]);
      out.push(0x39, ...fixed64(sp.startTimeUnixNano));
      out.push(0x41, ...fixed64(sp.endTimeUnixNano));
      if (sp.status?.code) field(0x7a, [0x18, sp.status.code]);
    }),
  );
  const scopeSpans = nest(() => {
    field(0x0a, [0x0a, 1, 0x73]); // scope { name: "s" }
    for (const b of spanBytes) field(0x12, b);
  });
  const resourceSpans = nest(() => field(0x12, scopeSpans));
  field(0x0a, resourceSpans);
  return Uint8Array.from(out);
}

test('random adds, resends and shedding leave the store equal to a naive reference, by either road', () => {
  fc.assert(
    fc.property(fc.array(fc.array(op, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 3, max: 40 }), fc.boolean(), fc.boolean(), (batches, maxSpans, viaJson, clash) => {
      clashing = clash;
      const store = new DashboardStore({ maxSpans });
      const ref = new Map<string, { name: string; start: number; parent: string; error: boolean }>();
      let seq = 0; // start times made unique (who is earliest must be unambiguous)
      for (const batch of batches) {
        const ops = batch.map((o) => ({ ...o, start: o.start * 1000 + seq++ }));
        const spans = ops.map(otlp);
        if (viaJson) store.addSpans({ attributes: [] }, { name: 's' }, spans);
        else {
          const body = asProto(spans);
          assert.deepEqual(decodeTracesRequest(body).resourceSpans[0]!.scopeSpans[0]!.spans, spans, 'the hand-written bytes say what the spans say');
          store.ingestTracesProto(body);
        }
        for (const o of ops) {
          ref.set(idOf(o.id), { name: o.name, start: o.start, parent: o.parent >= 0 ? idOf(o.parent) : '', error: o.error });
          // One trace over the bound sheds its earliest-starting spans.
          while (ref.size > maxSpans) {
            let first = '';
            for (const [id, s] of ref) if (first === '' || s.start < ref.get(first)!.start) first = id;
            ref.delete(first);
          }
        }
      }
      const trace = store.traces.traces.get(TRACE);
      if (ref.size === 0) return assert.equal(trace, undefined);
      assert.ok(trace);
      assert.equal(trace.spans.size, ref.size);
      assert.equal(store.traces.spanCount, ref.size);
      for (const [id, s] of ref) {
        const got = trace.spans.get(id);
        assert.ok(got, `span ${id} present`);
        assert.deepEqual([got.name, got.parentSpanId, got.statusCode === 2, got.spanId], [s.name, s.parent, s.error, id]);
      }
      const sum = trace.summary();
      assert.equal(sum.spanCount, ref.size);
      assert.equal(sum.errorCount, [...ref.values()].filter((s) => s.error).length);
      assert.equal(sum.orphanCount, [...ref.values()].filter((s) => s.parent !== '' && !ref.has(s.parent)).length);
    }),
    { numRuns: 300, seed: 20261201 },
  );
});
