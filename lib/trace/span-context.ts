/**
 * The propagated identity of a span: trace id, span id, flags and tracestate.
 * Ids are held as 32-bit words (see ids.ts); hex strings are made on demand
 * and cached.
 */
import { diag } from '../common/diag.js';
import { parseHex32, spanIdHex, traceIdHex } from './ids.js';

/** The W3C trace flags this SDK understands. */
export const TraceFlags = {
  NONE: 0x00,
  SAMPLED: 0x01,
  /** W3C Trace Context Level 2: the trace id's rightmost 7 bytes are random. */
  RANDOM: 0x02,
} as const;

/** What a span context needs of a tracestate: its serialized form (see propagation/trace-state.ts). */
export interface TraceStateLike {
  serialize(): string;
  get(key: string): string | undefined;
}

export class SpanContext {
  readonly t0: number;
  readonly t1: number;
  readonly t2: number;
  readonly t3: number;
  readonly s0: number;
  readonly s1: number;
  readonly traceFlags: number;
  readonly traceState: TraceStateLike | undefined;
  readonly isRemote: boolean;
  #traceId: string | undefined;
  #spanId: string | undefined;

  constructor(
    t0: number,
    t1: number,
    t2: number,
    t3: number,
    s0: number,
    s1: number,
    traceFlags: number,
    traceState: TraceStateLike | undefined,
    isRemote: boolean,
    traceIdHex?: string,
    spanIdHex?: string,
  ) {
    // The class is public: a caller may pass anything. Non-numbers become 0 (an invalid id, never
    // linked or propagated) and a trace state that cannot serialize is left out, so encoders never see them.
    this.t0 = typeof t0 === 'number' ? t0 : 0;
    this.t1 = typeof t1 === 'number' ? t1 : 0;
    this.t2 = typeof t2 === 'number' ? t2 : 0;
    this.t3 = typeof t3 === 'number' ? t3 : 0;
    this.s0 = typeof s0 === 'number' ? s0 : 0;
    this.s1 = typeof s1 === 'number' ? s1 : 0;
    this.traceFlags = typeof traceFlags === 'number' ? traceFlags & 0xff : 0;
    this.traceState = traceState === undefined ? undefined : usableTraceState(traceState);
    this.isRemote = isRemote;
    this.#traceId = traceIdHex;
    this.#spanId = spanIdHex;
  }

  /** True for a SpanContext of this module: a brand check (never runs a Proxy trap). */
  static isSpanContext(v: unknown): v is SpanContext {
    return typeof v === 'object' && v !== null && #traceId in v;
  }

  /** 32 lowercase hex characters. */
  get traceId(): string {
    return (this.#traceId ??= traceIdHex(this.t0, this.t1, this.t2, this.t3));
  }

  /** 16 lowercase hex characters. */
  get spanId(): string {
    return (this.#spanId ??= spanIdHex(this.s0, this.s1));
  }

  get sampled(): boolean {
    return (this.traceFlags & TraceFlags.SAMPLED) !== 0;
  }

  /** Valid when neither id is all zeros. */
  isValid(): boolean {
    return (this.t0 | this.t1 | this.t2 | this.t3) !== 0 && (this.s0 | this.s1) !== 0;
  }

  /**
   * Builds a context from hex ids; undefined when either id is not lowercase
   * hex of the right length or is all zeros.
   */
  static fromHex(
    traceId: string,
    spanId: string,
    traceFlags = TraceFlags.SAMPLED as number,
    traceState?: TraceStateLike,
    isRemote = true,
  ): SpanContext | undefined {
    if (typeof traceId !== 'string' || typeof spanId !== 'string' || traceId.length !== 32 || spanId.length !== 16) return undefined;
    const t0 = parseHex32(traceId, 0);
    const t1 = parseHex32(traceId, 8);
    const t2 = parseHex32(traceId, 16);
    const t3 = parseHex32(traceId, 24);
    const s0 = parseHex32(spanId, 0);
    const s1 = parseHex32(spanId, 8);
    if (t0 < 0 || t1 < 0 || t2 < 0 || t3 < 0 || s0 < 0 || s1 < 0) return undefined;
    const ctx = new SpanContext(t0, t1, t2, t3, s0, s1, traceFlags & 0xff, traceState, isRemote, traceId, spanId);
    return ctx.isValid() ? ctx : undefined;
  }

  toJSON(): { traceId: string; spanId: string; traceFlags: number; traceState?: string; isRemote: boolean } {
    const out: { traceId: string; spanId: string; traceFlags: number; traceState?: string; isRemote: boolean } = {
      traceId: this.traceId,
      spanId: this.spanId,
      traceFlags: this.traceFlags,
      isRemote: this.isRemote,
    };
    const ts = this.traceState?.serialize();
    if (ts) out.traceState = ts;
    return out;
  }
}

/** `ts` if its serialize() gives a string (probed once, here); otherwise reported and left out. */
function usableTraceState(ts: TraceStateLike): TraceStateLike | undefined {
  try {
    if (typeof ts.serialize() === 'string') return ts;
  } catch {
    // fall through
  }
  diag.dropped('span.trace-state', 1, 'a trace state must serialize to a string; left out');
  return undefined;
}
