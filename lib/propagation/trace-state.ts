/**
 * The W3C `tracestate` header: vendor entries, newest first, at most 32.
 * Grammar of the current recommendation (2026 text):
 *
 *   list        = list-member 0*31( OWS "," OWS list-member )
 *   list-member = key "=" value  /  OWS                       (empty members allowed, ignored)
 *   key         = ( lcalpha / DIGIT ) 0*255( keychar )
 *   keychar     = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"
 *   value       = 0*255( chr ) nblk-chr                       (leading spaces are part of it,
 *   chr         = %x20 / nblk-chr                              trailing spaces are OWS)
 *   nblk-chr    = %x21-2B / %x2D-3C / %x3E-7E                  (printable ASCII but ',' and '=')
 *
 * Invalid input is handled member by member, as the processing model allows ("Invalid tracestate
 * entries MAY also be discarded"), never by dropping the whole header:
 *   - a member that breaks the grammar is discarded;
 *   - a later member with a key already seen is discarded: "only one entry per key is allowed because
 *     the entry represents the last position", and the left-most entry is the most recent position;
 *   - members beyond the 32nd valid one are discarded (truncation removes "starting from the end");
 *   - a combined header longer than TRACESTATE_MAX_LENGTH is truncated by whole entries: entries
 *     longer than 128 characters first (right-most first), then from the end.
 * Each discard is reported on the diagnostic channel at debug level: it is input from the network,
 * not telemetry the application made, and a warning per request would be a flood.
 *
 * Most services only forward the header, so a TraceState keeps a canonical string as received and
 * splits it into entries only when an entry is read or changed. Checking that a header is canonical
 * is one pass over char codes with no allocation.
 */
import { diag } from '../common/diag.js';
import { isArray, safeString } from '../common/exception.js';
import type { TraceStateLike } from '../trace/span-context.js';

const MAX_MEMBERS = 32;
const MAX_KEY = 256;
const MAX_VALUE = 256;
/**
 * The longest combined header zerotel propagates. The recommendation asks for at least 512 characters
 * and that the maximum be documented: 32 members at the grammar's limits make ~16 KB, Node's whole
 * default header budget (a server answers 431 beyond it), so we keep 8 times the minimum, a quarter
 * of that budget.
 */
export const TRACESTATE_MAX_LENGTH = 4096;
/** Entries longer than this are the first to go when truncating (the recommendation's figure). */
const LONG_ENTRY = 128;

const COMMA = 0x2c;
const EQUALS = 0x3d;
const SPACE = 0x20;
const TAB = 0x09;

/** Bits per char code: 1 = may start a key (lcalpha / DIGIT), 2 = keychar, 4 = nblk-chr. */
const CLASS = new Uint8Array(128);
const KEY_START = 1;
const KEY_CHAR = 2;
const NBLK = 4;
for (let c = 0x21; c <= 0x7e; c++) if (c !== COMMA && c !== EQUALS) CLASS[c] = NBLK;
for (let c = 0x61; c <= 0x7a; c++) CLASS[c]! |= KEY_START | KEY_CHAR;
for (let c = 0x30; c <= 0x39; c++) CLASS[c]! |= KEY_START | KEY_CHAR;
for (const ch of '_-*/@') CLASS[ch.charCodeAt(0)]! |= KEY_CHAR;

function isOws(c: number): boolean {
  return c === SPACE || c === TAB;
}

/**
 * Checks the member `s[from, to)` (no surrounding OWS); returns the index of its '=' or -1 when it
 * breaks the grammar. Trailing spaces of the value are the caller's to strip.
 */
function checkMember(s: string, from: number, to: number): number {
  let c = s.charCodeAt(from);
  if (c >= 128 || (CLASS[c]! & KEY_START) === 0) return -1;
  let i = from + 1;
  for (; i < to; i++) {
    c = s.charCodeAt(i);
    if (c < 128 && (CLASS[c]! & KEY_CHAR) !== 0) continue;
    break;
  }
  if (i === to || c !== EQUALS || i - from > MAX_KEY) return -1;
  const eq = i;
  if (to - eq - 1 > MAX_VALUE || to === eq + 1) return -1;
  for (i = eq + 1; i < to; i++) {
    c = s.charCodeAt(i);
    if (c !== SPACE && (c >= 128 || (CLASS[c]! & NBLK) === 0)) return -1;
  }
  // Ends with a nblk-chr (the caller stripped trailing OWS, so only an all-space value fails here).
  return s.charCodeAt(to - 1) === SPACE ? -1 : eq;
}

// Key boundaries of the members already seen by `isCanonical`, reused (validation is synchronous).
const keyStart = new Int32Array(MAX_MEMBERS);
const keyEnd = new Int32Array(MAX_MEMBERS);

/**
 * True when `s` is a valid header in the form we send ourselves: no OWS, no empty member, no
 * duplicate, at most 32 members, within the length limit. Such a header is forwarded as is.
 */
function isCanonical(s: string): boolean {
  const len = s.length;
  if (len === 0 || len > TRACESTATE_MAX_LENGTH) return false;
  let from = 0;
  let count = 0;
  while (from <= len) {
    let to = s.indexOf(',', from);
    if (to < 0) to = len;
    if (to === from || isOws(s.charCodeAt(from)) || isOws(s.charCodeAt(to - 1))) return false;
    const eq = checkMember(s, from, to);
    if (eq < 0 || count === MAX_MEMBERS) return false;
    const kLen = eq - from;
    for (let m = 0; m < count; m++) {
      const at = keyStart[m]!;
      if (keyEnd[m]! - at !== kLen) continue;
      let j = 0;
      while (j < kLen && s.charCodeAt(at + j) === s.charCodeAt(from + j)) j++;
      if (j === kLen) return false;
    }
    keyStart[count] = from;
    keyEnd[count] = eq;
    count++;
    from = to + 1;
  }
  return true;
}

/** Network input reports at debug (a warning per request would be a flood); a caller's own value at warn. */
function report(discarded: number, why: string, level: 'debug' | 'warn' = 'debug'): void {
  diag[level](`tracestate: ${discarded} member(s) discarded (${why})`);
}

/**
 * Truncates parallel key/value arrays in place to TRACESTATE_MAX_LENGTH by whole entries: entries
 * longer than 128 characters first (right-most first), then from the end. The first `keep` entries
 * are never removed (a vendor's own fresh entry). Returns how many were removed.
 */
function truncate(keys: string[], values: string[], keep: number): number {
  let total = -1;
  for (let i = 0; i < keys.length; i++) total += keys[i]!.length + values[i]!.length + 2;
  let removed = 0;
  for (let i = keys.length - 1; i >= keep && total > TRACESTATE_MAX_LENGTH; i--) {
    const size = keys[i]!.length + values[i]!.length + 1;
    if (size <= LONG_ENTRY) continue;
    keys.splice(i, 1);
    values.splice(i, 1);
    total -= size + 1;
    removed++;
  }
  while (total > TRACESTATE_MAX_LENGTH && keys.length > keep) {
    const i = keys.length - 1;
    total -= keys[i]!.length + values[i]!.length + 2;
    keys.pop();
    values.pop();
    removed++;
  }
  return removed;
}

/** Validates a single key against the key grammar. */
export function isValidTraceStateKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && key.length <= MAX_KEY && checkMember(key + '=x', 0, key.length + 2) === key.length;
}

/** Validates a single value against the value grammar (a trailing space is OWS, not value). */
export function isValidTraceStateValue(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && checkMember('a=' + value, 0, value.length + 2) === 1;
}

/**
 * The state a TraceState is built with from inside this module (already validated): set just
 * before `new` and taken by the constructor, so `new TraceState(header)` from outside always parses.
 */
let trusted: { raw: string | undefined; keys: string[] | undefined; values: string[] | undefined } | undefined;

function make(raw: string | undefined, keys: string[] | undefined, values: string[] | undefined): TraceState {
  trusted = { raw, keys, values };
  return new TraceState();
}

/**
 * Splits and checks a header (string, or array of repeated headers); undefined for a value that is
 * not one, an empty list when nothing valid is left. Discards are reported at `level`.
 */
function parseHeader(header: unknown, level: 'debug' | 'warn'): { raw: string | undefined; keys: string[] | undefined; values: string[] | undefined } | undefined {
  let s: string;
  if (typeof header === 'string') s = header;
  else if (isArray(header)) {
    s = '';
    try {
      for (let i = 0; i < header.length; i++) {
        const part: unknown = header[i];
        if (typeof part !== 'string') return undefined;
        s = i === 0 ? part : s + ',' + part;
      }
    } catch {
      return undefined; // a Proxy posing as an array of headers
    }
  } else return undefined;
  if (s.length === 0) return { raw: '', keys: [], values: [] };
  if (isCanonical(s)) return { raw: s, keys: undefined, values: undefined };
  const keys: string[] = [];
  const values: string[] = [];
  const invalid = collect(s, keys, values);
  if (invalid > 0) report(invalid, 'invalid, duplicate key or beyond 32 members', level);
  const cut = truncate(keys, values, 0);
  if (cut > 0) report(cut, `header longer than ${TRACESTATE_MAX_LENGTH} characters`, level);
  return { raw: undefined, keys, values };
}

export class TraceState implements TraceStateLike {
  /** The canonical header form, when known. */
  #raw: string | undefined;
  /** Parsed entries (parallel arrays, newest first), made on first read. */
  #keys: string[] | undefined;
  #values: string[] | undefined;

  /**
   * A TraceState from a `tracestate` header value (as `@opentelemetry/core`'s constructor takes it),
   * checked as extraction checks it: invalid, duplicate and surplus members are discarded and
   * reported. Anything but a string (or an array of strings) gives an empty TraceState, reported.
   */
  constructor(header?: string) {
    const t = trusted;
    if (t !== undefined) {
      trusted = undefined;
      this.#raw = t.raw;
      this.#keys = t.keys;
      this.#values = t.values;
      return;
    }
    const parsed = header === undefined ? undefined : parseHeader(header, 'warn');
    if (parsed === undefined && header !== undefined) diag.warn(`new TraceState() needs a string, got ${typeof header}`);
    if (parsed === undefined) {
      this.#raw = '';
      this.#keys = [];
      this.#values = [];
    } else {
      this.#raw = parsed.raw;
      this.#keys = parsed.keys;
      this.#values = parsed.values;
    }
  }

  /**
   * A TraceState from one header value or several (repeated headers are combined with ','), with
   * invalid, duplicate and surplus members discarded; undefined when no valid member is left.
   */
  static parse(header: unknown): TraceState | undefined {
    const parsed = parseHeader(header, 'debug');
    if (parsed === undefined || (parsed.keys !== undefined && parsed.keys.length === 0)) return undefined;
    return make(parsed.raw, parsed.keys, parsed.values);
  }

  /** An empty TraceState to build on with `set`. */
  static empty(): TraceState {
    return make('', [], []);
  }

  #entries(): void {
    if (this.#keys !== undefined) return;
    const keys: string[] = [];
    const values: string[] = [];
    collect(this.#raw!, keys, values);
    this.#keys = keys;
    this.#values = values;
  }

  /** The header value: `key=value` members joined with ','. */
  serialize(): string {
    if (this.#raw === undefined) {
      const keys = this.#keys!;
      const values = this.#values!;
      let out = '';
      for (let i = 0; i < keys.length; i++) out += (i === 0 ? '' : ',') + keys[i] + '=' + values[i];
      this.#raw = out;
    }
    return this.#raw;
  }

  get(key: string): string | undefined {
    this.#entries();
    const i = this.#keys!.indexOf(key);
    return i < 0 ? undefined : this.#values![i];
  }

  /** Number of members. */
  get size(): number {
    this.#entries();
    return this.#keys!.length;
  }

  /** Keys, newest first. */
  keys(): string[] {
    this.#entries();
    return this.#keys!.slice();
  }

  /**
   * A new TraceState with `key` set to `value` and moved to the front (as the recommendation asks
   * of a vendor that mutates its entry). Beyond 32 members the right-most one is dropped; beyond
   * the length limit the others are truncated as `parse` does. Invalid keys or values are reported
   * and leave the state unchanged.
   */
  set(key: string, value: string): TraceState {
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) {
      diag.warn(`tracestate: invalid entry ${JSON.stringify(safeString(key))} ignored`);
      return this;
    }
    this.#entries();
    const keys = [key];
    const values = [value];
    const old = this.#keys!;
    for (let i = 0; i < old.length && keys.length < MAX_MEMBERS; i++) {
      if (old[i] === key) continue;
      keys.push(old[i]!);
      values.push(this.#values![i]!);
    }
    const cut = truncate(keys, values, 1);
    if (cut > 0) report(cut, `header longer than ${TRACESTATE_MAX_LENGTH} characters`);
    return make(undefined, keys, values);
  }

  /** A new TraceState without `key` (this one when the key is absent). */
  unset(key: string): TraceState {
    this.#entries();
    const i = this.#keys!.indexOf(key);
    if (i < 0) return this;
    const keys = this.#keys!.slice();
    const values = this.#values!.slice();
    keys.splice(i, 1);
    values.splice(i, 1);
    return make(undefined, keys, values);
  }

  toString(): string {
    return this.serialize();
  }
}

/**
 * Splits `s` into its valid members (OWS and empty members skipped, trailing spaces of a value
 * dropped), keeping the first of duplicate keys and the first 32; returns how many non-empty
 * members were discarded.
 */
function collect(s: string, keys: string[], values: string[]): number {
  const len = s.length;
  let discarded = 0;
  let seen: Set<string> | undefined;
  let from = 0;
  while (from <= len) {
    let to = s.indexOf(',', from);
    if (to < 0) to = len;
    const next = to + 1;
    while (from < to && isOws(s.charCodeAt(from))) from++;
    while (to > from && isOws(s.charCodeAt(to - 1))) to--;
    if (from < to) {
      const eq = checkMember(s, from, to);
      const key = eq < 0 ? '' : s.slice(from, eq);
      if (eq < 0 || keys.length === MAX_MEMBERS || (seen ??= new Set()).has(key)) discarded++;
      else {
        seen.add(key);
        keys.push(key);
        values.push(s.slice(eq + 1, to));
      }
    }
    from = next;
  }
  return discarded;
}
