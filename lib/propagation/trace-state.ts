/**
 * The W3C `tracestate` header: vendor entries, newest first, at most 32.
 *
 *   list        = list-member 0*31( OWS "," OWS list-member )   (empty members allowed, ignored)
 *   list-member = key "=" value
 *   key         = simple-key / tenant-id "@" system-id
 *   simple-key  = lcalpha 0*255( lcalpha / DIGIT / "_" / "-" / "*" / "/" )
 *   tenant-id   = ( lcalpha / DIGIT ) 0*240( same set )
 *   system-id   = lcalpha 0*13( same set )
 *   value       = 0*255( %x20 / nblk-chr ) nblk-chr
 *   nblk-chr    = %x21-2B / %x2D-3C / %x3E-7E                 (printable ASCII but ',' and '=')
 *
 * Most services only forward the header, so a TraceState keeps the validated
 * string and splits it into entries only when an entry is read or changed.
 * Validation is one pass over char codes with no allocation; a header that
 * breaks the grammar, has duplicate keys or more than 32 members is dropped
 * whole (the traceparent is still used).
 */
import { diag } from '../common/diag.js';
import { safeString } from '../common/exception.js';
import type { TraceStateLike } from '../trace/span-context.js';

const MAX_MEMBERS = 32;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const AT = 0x40;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Bits per char code: 1 = may start a simple key / system id (lcalpha),
 * 2 = key char, 4 = may start a tenant id, 8 = nblk-chr (value char other than space).
 * One table lookup per character keeps the scan near the cost of reading the string.
 */
const KEY_CLASS = new Uint8Array(128);
const NBLK = 8;
for (let c = 0x21; c <= 0x7e; c++) if (c !== COMMA && c !== EQUALS) KEY_CLASS[c] = NBLK;
for (let c = 0x61; c <= 0x7a; c++) KEY_CLASS[c]! |= 1 | 2 | 4;
for (let c = 0x30; c <= 0x39; c++) KEY_CLASS[c]! |= 2 | 4;
for (const ch of '_-*/') KEY_CLASS[ch.charCodeAt(0)]! |= 2;

function isValueChar(c: number): boolean {
  return c === SPACE || (c < 128 && (KEY_CLASS[c]! & NBLK) !== 0);
}

// Key boundaries of the member being validated, reused across calls (validation is synchronous).
const keyStart = new Int32Array(MAX_MEMBERS);
const keyEnd = new Int32Array(MAX_MEMBERS);
/** Set by `scan`: whether the string is already in canonical form (no OWS, no empty members). */
let scannedCanonical = false;

/**
 * Validates `s` as a tracestate list; returns its member count (0 for an
 * empty list) or -1 when it is invalid.
 */
function scan(s: string): number {
  const len = s.length;
  let i = 0;
  let count = 0;
  let canonical = true;
  while (i <= len) {
    // Leading OWS of a member.
    const memberFrom = i;
    while (i < len && (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB)) i++;
    if (i === len || s.charCodeAt(i) === COMMA) {
      // An empty member: allowed, ignored, but not canonical.
      if (len > 0) canonical = false;
      i++;
      continue;
    }
    if (i !== memberFrom) canonical = false;
    // Key.
    const kFrom = i;
    let c = s.charCodeAt(i);
    if (c >= 128 || (KEY_CLASS[c]! & 4) === 0) return -1;
    let at = -1;
    i++;
    for (; i < len; i++) {
      c = s.charCodeAt(i);
      if (c < 128 && (KEY_CLASS[c]! & 2) !== 0) continue;
      if (c === EQUALS) break;
      if (c !== AT || at >= 0) return -1;
      at = i;
    }
    if (i === len) return -1;
    const kLen = i - kFrom;
    if (at < 0) {
      if ((KEY_CLASS[s.charCodeAt(kFrom)]! & 1) === 0 || kLen > 256) return -1;
    } else {
      const tenant = at - kFrom;
      const system = i - at - 1;
      if (tenant < 1 || tenant > 241 || system < 1 || system > 14) return -1;
      const sc = s.charCodeAt(at + 1);
      if (sc >= 128 || (KEY_CLASS[sc]! & 1) === 0) return -1;
    }
    if (count === MAX_MEMBERS) return -1;
    // Duplicate keys make the whole list invalid.
    for (let m = 0; m < count; m++) {
      const from = keyStart[m]!;
      if (keyEnd[m]! - from !== kLen) continue;
      let j = 0;
      while (j < kLen && s.charCodeAt(from + j) === s.charCodeAt(kFrom + j)) j++;
      if (j === kLen) return -1;
    }
    keyStart[count] = kFrom;
    keyEnd[count] = i;
    count++;
    // Value: up to the next comma; trailing OWS belongs to the separator.
    i++;
    const vFrom = i;
    let lastNonBlank = -1;
    let firstTab = -1;
    for (; i < len; i++) {
      c = s.charCodeAt(i);
      if (c < 128 && (KEY_CLASS[c]! & NBLK) !== 0) {
        lastNonBlank = i;
        continue;
      }
      if (c === COMMA) break;
      if (c === SPACE) continue;
      // A tab is OWS: legal only after the value's last char (checked below).
      if (c !== TAB) return -1;
      if (firstTab < 0) firstTab = i;
    }
    if (lastNonBlank < 0 || (firstTab >= 0 && firstTab < lastNonBlank)) return -1;
    if (lastNonBlank - vFrom + 1 > 256) return -1;
    if (lastNonBlank !== i - 1) canonical = false;
    i++; // past the comma (or past the end, which ends the loop)
    if (i === len) canonical = false; // a trailing comma
  }
  scannedCanonical = canonical;
  return count;
}

/** Validates a single key against the key grammar. */
export function isValidTraceStateKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && scan(key + '=x') === 1 && scannedCanonical;
}

/** Validates a single value against the value grammar. */
export function isValidTraceStateValue(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) return false;
  for (let i = 0; i < value.length; i++) if (!isValueChar(value.charCodeAt(i))) return false;
  return value.charCodeAt(value.length - 1) !== SPACE;
}

export class TraceState implements TraceStateLike {
  /** The canonical header form, when known. */
  #raw: string | undefined;
  /** Parsed entries (parallel arrays, newest first), made on first read. */
  #keys: string[] | undefined;
  #values: string[] | undefined;

  private constructor(raw: string | undefined, keys: string[] | undefined, values: string[] | undefined) {
    this.#raw = raw;
    this.#keys = keys;
    this.#values = values;
  }

  /**
   * A TraceState from one header value or several (repeated headers are
   * combined with ','); undefined when the result is empty or invalid.
   */
  static parse(header: unknown): TraceState | undefined {
    let s: string;
    if (typeof header === 'string') s = header;
    else if (Array.isArray(header)) {
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
    if (s.length === 0) return undefined;
    const n = scan(s);
    if (n < 0) {
      diag.debug(`invalid tracestate dropped: ${s.length > 64 ? s.slice(0, 64) + '…' : s}`);
      return undefined;
    }
    if (n === 0) return undefined;
    if (scannedCanonical) return new TraceState(s, undefined, undefined);
    const ts = new TraceState(undefined, undefined, undefined);
    ts.#split(s);
    return ts;
  }

  /** An empty TraceState to build on with `set`. */
  static empty(): TraceState {
    return new TraceState('', [], []);
  }

  #split(s: string): void {
    const keys: string[] = [];
    const values: string[] = [];
    for (const part of s.split(',')) {
      const member = part.replace(/^[ \t]+|[ \t]+$/g, '');
      if (member.length === 0) continue;
      const eq = member.indexOf('=');
      keys.push(member.slice(0, eq));
      values.push(member.slice(eq + 1));
    }
    this.#keys = keys;
    this.#values = values;
  }

  #entries(): void {
    if (this.#keys === undefined) this.#split(this.#raw!);
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
   * A new TraceState with `key` set to `value` and moved to the front (as the
   * recommendation asks of a vendor that mutates its entry). Beyond 32
   * members the right-most one is dropped. Invalid keys or values are
   * reported and leave the state unchanged.
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
    return new TraceState(undefined, keys, values);
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
    return new TraceState(undefined, keys, values);
  }

  toString(): string {
    return this.serialize();
  }
}
