/**
 * Time in zerotel is one float per instant: milliseconds since
 * `performance.timeOrigin`, as `performance.now()` returns it. That keeps the
 * span hot path to one clock read, and keeps nanosecond resolution (a double
 * holds ns exactly for relative times up to ~100 days). Conversion to epoch
 * nanoseconds happens only at export.
 */
// `performance` is Node's global (the same object node:perf_hooks exports). Its first use
// loads node:perf_hooks (≈3 ms measured on these machines, a tenth of `import 'zerotel'`),
// so it is read at the first clock read or conversion, not at import.
import { diag } from './diag.js';
import { describeValue } from './exception.js';

/** A time the user may hand us: epoch ms (number), a Date, or [seconds, nanos]. */
export type TimeInput = number | Date | readonly [number, number];

// NaN until the first clock read or conversion (`anchor()`); reassigned only there and by setTimeAnchorForTests.
let ORIGIN = Number.NaN;
let ORIGIN_MS_INT = Number.NaN;
let ORIGIN_MS_FRAC = Number.NaN;

/** Reads the clock's origin (and loads node:perf_hooks) the first time any time is needed. */
function anchor(): void {
  if (ORIGIN === ORIGIN) return;
  pin(performance.timeOrigin);
}

function pin(epochMs: number): void {
  ORIGIN = epochMs;
  ORIGIN_MS_INT = Math.floor(epochMs);
  ORIGIN_MS_FRAC = epochMs - ORIGIN_MS_INT;
}

/**
 * Test hook (golden vectors): pins the epoch time that relative time 0 maps
 * to, so fixed relative times encode to fixed epoch nanoseconds on any
 * machine. Returns the previous anchor. `now()` is NOT moved: never call this
 * outside tests.
 */
export function setTimeAnchorForTests(epochMs: number): number {
  anchor();
  const prev = ORIGIN;
  pin(epochMs);
  return prev;
}

/** The global Performance object, taken at the first clock read (which anchors the clock too). */
let perf: Performance | undefined;

function firstRead(): Performance {
  anchor();
  return (perf = performance);
}

/**
 * Now, in ms since the time origin: a plain function calling `perf.now()`, which V8 inlines
 * down to the clock read. Measured per call (Node 20, valgrind instruction counts, and time):
 * this form ~210 instructions; `performance.now.bind(performance)` held in a const ~190; the
 * same bound function held in a `let` that a stub reassigns on first use ~760 (its call
 * target is no longer constant, so each read goes through the generic bound-function call,
 * +60–75 ns, two or three times per span); `performance.now()` through the lazy global ~370.
 */
export function now(): number {
  return (perf ?? firstRead()).now();
}

/**
 * The latest epoch time (ms) a timestamp can carry: OTLP's fixed64 nanoseconds
 * end at 2^64 ns (the year 2554). Earlier than the epoch, or later than this,
 * cannot be encoded.
 */
const MAX_EPOCH_MS = 18_446_744_073_709;

/**
 * Converts a user time to ms since the origin. Input that is not a time, or a
 * time outside what OTLP can carry (before 1970, after 2554), is reported
 * (counted as `time.input`) and yields `now()`.
 */
export function toRelative(input: TimeInput | undefined): number {
  if (input === undefined) return now();
  anchor();
  let rel = Number.NaN;
  if (typeof input === 'number') {
    // Heuristic shared with the official SDK: a number this small is relative
    // (performance.now()), a larger one is epoch milliseconds.
    if (Number.isFinite(input)) rel = input < ORIGIN / 2 ? input : input - ORIGIN;
  } else {
    // A Proxy or a getter can throw from `instanceof`, `getTime` or `length`: such a time is not one.
    try {
      if (input instanceof Date) rel = input.getTime() - ORIGIN;
      else if (Array.isArray(input) && input.length === 2) {
        const [s, ns] = input;
        if (typeof s === 'number' && typeof ns === 'number') rel = s * 1000 - ORIGIN_MS_INT + ns / 1e6 - ORIGIN_MS_FRAC;
      }
    } catch {
      // not a time
    }
  }
  const epochMs = rel + ORIGIN;
  if (epochMs >= 0 && epochMs < MAX_EPOCH_MS) return rel;
  diag.dropped('time.input', 1, () => `${describeValue(input)} is not a time OTLP can carry (1970 to 2554); now is used`);
  return now();
}

/**
 * Splits a relative time into whole epoch milliseconds and the nanoseconds
 * within that millisecond. Both halves are exact integers, so callers can
 * print the decimal (JSON) or assemble a fixed64 (protobuf) without BigInt.
 */
export function epochParts(t: number, out: { ms: number; ns: number }): void {
  anchor();
  const rel = t + ORIGIN_MS_FRAC;
  const whole = Math.floor(rel);
  let ns = Math.round((rel - whole) * 1e6);
  let ms = ORIGIN_MS_INT + whole;
  if (ns >= 1e6) {
    ms += 1;
    ns -= 1e6;
  }
  out.ms = ms;
  out.ns = ns;
}

const scratch = { ms: 0, ns: 0 };

/** Epoch nanoseconds as a decimal string (OTLP/JSON's 64-bit integer form). */
export function epochNanosString(t: number): string {
  // Not a time (NaN, ±Infinity, a non-number from untyped callers): OTLP's "unset" time, never a throw.
  if (!Number.isFinite(t)) return '0';
  epochParts(t, scratch);
  const ns = scratch.ns;
  // Before 1970-01-01T00:00:01 the millisecond part has no digits to pad after (or is negative);
  // from 1e21 ms on, a number prints in exponent form: both go through BigInt.
  if (scratch.ms <= 0 || scratch.ms >= 1e21) return (BigInt(scratch.ms) * 1_000_000n + BigInt(ns)).toString();
  // ns < 1e6: left-pad to six digits.
  return `${scratch.ms}${ns < 10 ? '00000' : ns < 100 ? '0000' : ns < 1000 ? '000' : ns < 10000 ? '00' : ns < 100000 ? '0' : ''}${ns}`;
}

/** Epoch nanoseconds as a BigInt (for tests and cold paths). */
export function epochNanosBigInt(t: number): bigint {
  if (!Number.isFinite(t)) return 0n;
  epochParts(t, scratch);
  return BigInt(scratch.ms) * 1_000_000n + BigInt(scratch.ns);
}

/** Epoch nanoseconds (BigInt or decimal string) back to a relative time. */
export function fromEpochNanos(ns: bigint | string): number {
  const v = typeof ns === 'bigint' ? ns : BigInt(ns);
  const ms = v / 1_000_000n;
  const rest = Number(v - ms * 1_000_000n);
  anchor();
  return Number(ms) - ORIGIN_MS_INT + rest / 1e6 - ORIGIN_MS_FRAC;
}

/** Duration between two relative times, in nanoseconds (rounded). */
export function durationNanos(start: number, end: number): number {
  return Math.round((end - start) * 1e6);
}
