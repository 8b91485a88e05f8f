/**
 * W3C Baggage: application key/value pairs that travel with the trace.
 *
 *   baggage-string = list-member 0*179( OWS "," OWS list-member )
 *   list-member    = key OWS "=" OWS value *( OWS ";" OWS property )
 *   property       = key OWS "=" OWS value / key OWS
 *   key            = token                                    (RFC 9110 tchar)
 *   value          = *baggage-octet, anything else percent-encoded as UTF-8
 *   baggage-octet  = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
 *
 * Limits: 180 members and 8192 bytes per header; a sender drops members until
 * both hold, a receiver keeps the members that fit. Invalid members are
 * skipped one by one (the rest of the header still counts). Properties are
 * kept as their raw string ("metadata") and sent on unchanged.
 */
import { describeError, diag } from '../common/diag.js';
import { safeString } from '../common/exception.js';
import { isInstance } from '../common/options.js';
import { activeContext, contextOrCurrent, withContext } from '../context/async-context.js';
import { Context, createContextKey } from '../context/context.js';

export const BAGGAGE_MAX_MEMBERS = 180;
export const BAGGAGE_MAX_BYTES = 8192;

/** tchar of RFC 9110. */
const TOKEN = new Uint8Array(128);
for (const ch of "!#$%&'*+-.^_`|~") TOKEN[ch.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TOKEN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN[c] = 1;

function isToken(s: unknown): s is string {
  if (typeof s !== 'string' || s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN[c] === 0) return false;
  }
  return true;
}

function isBaggageOctet(c: number): boolean {
  return c >= 0x21 && c <= 0x7e && c !== 0x22 && c !== 0x2c && c !== 0x3b && c !== 0x5c;
}

function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 0x20 || s.charCodeAt(a) === 0x09)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 0x20 || s.charCodeAt(b - 1) === 0x09)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * Percent-decodes a value. Sequences that are not valid UTF-8 become U+FFFD,
 * as the recommendation asks (decodeURIComponent would throw instead).
 */
export function decodeBaggageValue(s: string): string {
  if (s.indexOf('%') < 0) return s;
  // The native decoder is several times faster; it throws only on malformed input, handled below.
  try {
    return decodeURIComponent(s);
  } catch {
    return decodeLeniently(s);
  }
}

function decodeLeniently(s: string): string {
  const bytes = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes[n++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    if (c < 0x80) bytes[n++] = c;
    else {
      const cp = s.codePointAt(i)!;
      if (cp > 0xffff) i++;
      n += utf8Encoder.encodeInto(String.fromCodePoint(cp), bytes.subarray(n)).written;
    }
  }
  return utf8.decode(bytes.subarray(0, n));
}

/** Percent-encodes every character that is not a baggage-octet (and '%'), as UTF-8. */
export function encodeBaggageValue(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isBaggageOctet(c) || c === 0x25) {
      plain = false;
      break;
    }
  }
  if (plain) return s;
  // encodeURIComponent leaves only baggage-octets unescaped; lone surrogates would make it throw.
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

export interface BaggageEntry {
  readonly value: string;
  /** The member's properties as sent (`;`-separated), or undefined. */
  readonly metadata: string | undefined;
}

/**
 * An immutable set of baggage entries; every change returns a new Baggage.
 * A Baggage received as a canonical header (no whitespace, no properties, no
 * duplicates, within the limits) keeps that header and splits it into entries
 * only when someone reads them: a service that just forwards baggage sends the
 * header on unchanged, without decoding and re-encoding every value.
 */
/** Entries built inside this module (already valid): set just before `new`, taken by the constructor. */
let trusted: ReadonlyMap<string, BaggageEntry> | undefined;

function make(entries: ReadonlyMap<string, BaggageEntry>): Baggage {
  trusted = entries;
  return new Baggage();
}

/**
 * A caller's own Map of entries, copied: entries whose key is not a token or
 * whose value is not a string are reported and left out; anything but a Map
 * (or a Map that cannot be read) gives no entries, reported.
 */
function checkedEntries(entries: unknown): Map<string, BaggageEntry> {
  const out = new Map<string, BaggageEntry>();
  if (!isInstance(entries, Map)) {
    diag.dropped('baggage.entry', 1, 'new Baggage() needs a Map; the baggage is empty');
    return out;
  }
  let skipped = 0;
  try {
    for (const [key, entry] of entries as Map<unknown, unknown>) {
      const e = entry as { value?: unknown; metadata?: unknown } | null;
      const value = e !== null && typeof e === 'object' ? e.value : undefined;
      if (!isToken(key) || typeof value !== 'string') {
        skipped++;
        continue;
      }
      out.set(key, { value, metadata: metadataString(e!.metadata) || undefined });
    }
  } catch (err) {
    diag.dropped('baggage.entry', 1, () => `baggage entries could not be read: ${describeError(err)}`);
  }
  if (skipped > 0) diag.dropped('baggage.entry', skipped, 'invalid entry given to new Baggage()');
  return out;
}

export class Baggage {
  #entries: ReadonlyMap<string, BaggageEntry> | undefined;
  /** The header this baggage arrived as, when canonical; undefined once built or changed. */
  #header: string | undefined;

  /** An empty Baggage, or one with a copy of the valid entries of `entries` (a Map); see `Baggage.from` for plain objects. */
  constructor(entries?: ReadonlyMap<string, BaggageEntry>) {
    const t = trusted;
    trusted = undefined;
    this.#entries = t ?? (entries === undefined ? new Map() : checkedEntries(entries));
    this.#header = undefined;
  }

  /**
   * Parses one baggage header value (or several, combined with ','); see
   * `parseBaggage`. A canonical header is kept as is and split on first read.
   */
  static parse(header: unknown): Baggage | undefined {
    let s: string | undefined;
    try {
      s = typeof header === 'string' ? header : Array.isArray(header) ? header.filter((h) => typeof h === 'string').join(',') : undefined;
    } catch {
      s = undefined; // a Proxy posing as an array of headers
    }
    if (s === undefined || s.length === 0) return undefined;
    if (isCanonicalBaggage(s)) {
      const b = new Baggage();
      b.#entries = undefined;
      b.#header = s;
      return b;
    }
    const { entries, skipped } = parseMembers(s);
    if (skipped > 0) diag.dropped('baggage.entry', skipped, 'invalid member or over the W3C limits (180 members, 8192 bytes)');
    return entries.size === 0 ? undefined : make(entries);
  }

  /** A Baggage from plain `key → value` pairs (invalid pairs are reported and skipped). */
  static from(entries: Readonly<Record<string, string | BaggageEntry>>): Baggage {
    return EMPTY_BAGGAGE.setAll(entries);
  }

  #map(): ReadonlyMap<string, BaggageEntry> {
    return (this.#entries ??= parseMembers(this.#header!).entries);
  }

  get size(): number {
    return this.#map().size;
  }

  get(key: string): string | undefined {
    return this.#map().get(key)?.value;
  }

  getEntry(key: string): BaggageEntry | undefined {
    return this.#map().get(key);
  }

  has(key: string): boolean {
    return this.#map().has(key);
  }

  entries(): IterableIterator<[string, BaggageEntry]> {
    return this.#map().entries();
  }

  /** The values as a plain object. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, e] of this.#map()) out[k] = e.value;
    return out;
  }

  /** The `baggage` header value (see formatBaggage); empty when there is nothing to send. */
  serialize(): string {
    return this.#header ?? formatEntries(this.#map());
  }

  set(key: string, value: string, metadata?: string): Baggage {
    if (!isToken(key) || typeof value !== 'string') {
      diag.warn(`baggage: invalid entry ${JSON.stringify(safeString(key))} ignored (keys are HTTP tokens, values strings)`);
      return this;
    }
    const next = new Map(this.#map());
    next.set(key, { value, metadata: typeof metadata === 'string' && metadata.length > 0 ? metadata : undefined });
    return make(next);
  }

  /** Sets every `key → value` (or `{ value, metadata }`) pair; one copy of the entries, whatever their number. */
  setAll(entries: Readonly<Record<string, string | BaggageEntry>>): Baggage {
    if (entries === null || typeof entries !== 'object') return this;
    const next = new Map(this.#map());
    let invalid = 0;
    try {
      for (const key of Object.keys(entries)) {
        const v: unknown = entries[key];
        const value = v !== null && typeof v === 'object' ? (v as { value?: unknown }).value : v;
        const metadata = v !== null && typeof v === 'object' ? (v as { metadata?: unknown }).metadata : undefined;
        if (!isToken(key) || typeof value !== 'string') invalid++;
        else next.set(key, { value, metadata: typeof metadata === 'string' && metadata.length > 0 ? metadata : undefined });
      }
    } catch (err) {
      // A getter or a Proxy threw: what was read before stays.
      diag.dropped('baggage.entry', 1, () => `baggage entries could not be read: ${describeError(err)}`);
    }
    if (invalid > 0) diag.warn(`baggage: ${invalid} invalid entries ignored`);
    return make(next);
  }

  delete(key: string): Baggage {
    if (!this.#map().has(key)) return this;
    const next = new Map(this.#map());
    next.delete(key);
    return make(next);
  }

  // The OpenTelemetry API's Baggage interface, so `propagation.getBaggage(ctx)` through the API works on ours.

  getAllEntries(): [string, BaggageEntry][] {
    return Array.from(this.#map());
  }

  setEntry(key: string, entry: { value: string; metadata?: unknown }): Baggage {
    if (entry === null || typeof entry !== 'object') return this.set(key, undefined as never);
    let value: unknown;
    let metadata: unknown;
    try {
      value = entry.value;
      metadata = entry.metadata;
    } catch (err) {
      diag.dropped('baggage.entry', 1, () => `baggage entry could not be read: ${describeError(err)}`);
      return this;
    }
    return this.set(key, value as string, metadataString(metadata));
  }

  removeEntry(key: string): Baggage {
    return this.delete(key);
  }

  removeEntries(...keys: string[]): Baggage {
    let out: Baggage = this;
    for (const k of keys) out = out.delete(k);
    return out;
  }

  clear(): Baggage {
    return EMPTY_BAGGAGE;
  }
}

/** The API's entry metadata is an object whose toString() is the properties string. */
function metadataString(m: unknown): string | undefined {
  if (typeof m === 'string') return m;
  if (m === null || typeof m !== 'object') return undefined;
  try {
    const s = String(m);
    return s === '[object Object]' ? undefined : s;
  } catch {
    return undefined;
  }
}

/**
 * `value` as our Baggage: ours as is, another implementation of the API's
 * Baggage interface (`getAllEntries()`) copied entry by entry, else undefined.
 */
export function toBaggage(value: unknown): Baggage | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    // Inside the try: `instanceof` and the method lookup run a Proxy's traps.
    if (value instanceof Baggage) return value;
    if (typeof (value as { getAllEntries?: unknown }).getAllEntries !== 'function') return undefined;
    const all: unknown = (value as { getAllEntries(): unknown }).getAllEntries();
    if (!Array.isArray(all)) return undefined;
    let out = EMPTY_BAGGAGE;
    for (const pair of all) {
      if (!Array.isArray(pair) || pair[1] === null || typeof pair[1] !== 'object') continue;
      const entry = pair[1] as { value?: unknown; metadata?: unknown };
      if (typeof entry.value === 'string') out = out.set(String(pair[0]), entry.value, metadataString(entry.metadata));
    }
    return out;
  } catch {
    return undefined;
  }
}

export const EMPTY_BAGGAGE = new Baggage();

/** The canonical fast path only covers small headers; others take the general parser. */
const CANONICAL_MAX_MEMBERS = 32;
const keyFrom = new Int32Array(CANONICAL_MAX_MEMBERS);
const keyTo = new Int32Array(CANONICAL_MAX_MEMBERS);

/**
 * Whether `s` is `key=value(,key=value)*` with token keys, baggage-octet
 * values, no whitespace, no properties, no duplicate key, at most 32 members
 * and within 8192 bytes — a header that parse-then-format would not change
 * (other than re-choosing which characters are percent-encoded). One pass,
 * no allocation.
 */
function isCanonicalBaggage(s: string): boolean {
  const len = s.length;
  if (len === 0 || len > BAGGAGE_MAX_BYTES) return false;
  let i = 0;
  let count = 0;
  for (;;) {
    const kStart = i;
    while (i < len) {
      const c = s.charCodeAt(i);
      if (c >= 128 || TOKEN[c] === 0) break;
      i++;
    }
    if (i === kStart || i === len || s.charCodeAt(i) !== 0x3d || count === CANONICAL_MAX_MEMBERS) return false;
    const kLen = i - kStart;
    for (let m = 0; m < count; m++) {
      const from = keyFrom[m]!;
      if (keyTo[m]! - from !== kLen) continue;
      let j = 0;
      while (j < kLen && s.charCodeAt(from + j) === s.charCodeAt(kStart + j)) j++;
      if (j === kLen) return false;
    }
    keyFrom[count] = kStart;
    keyTo[count] = i;
    count++;
    i++;
    while (i < len) {
      const c = s.charCodeAt(i);
      if (c === 0x2c) break;
      if (!isBaggageOctet(c)) return false;
      i++;
    }
    if (i === len) return true;
    i++;
    if (i === len) return false;
  }
}

/**
 * Parses one baggage header value (or several, combined with ','). Returns
 * undefined when no valid member is found. Never throws.
 */
export function parseBaggage(header: unknown): Baggage | undefined {
  return Baggage.parse(header);
}

function parseMembers(s: string): { entries: Map<string, BaggageEntry>; skipped: number } {
  const entries = new Map<string, BaggageEntry>();
  let bytes = 0;
  let skipped = 0;
  for (const raw of s.split(',')) {
    const member = trimOws(raw);
    if (member.length === 0) continue;
    if (entries.size >= BAGGAGE_MAX_MEMBERS || bytes + member.length > BAGGAGE_MAX_BYTES) {
      skipped++;
      continue;
    }
    const semi = member.indexOf(';');
    const pair = semi < 0 ? member : member.slice(0, semi);
    const eq = pair.indexOf('=');
    if (eq < 0) {
      skipped++;
      continue;
    }
    const key = trimOws(pair.slice(0, eq));
    const rawValue = trimOws(pair.slice(eq + 1));
    let ok = isToken(key);
    for (let i = 0; ok && i < rawValue.length; i++) ok = isBaggageOctet(rawValue.charCodeAt(i));
    let metadata: string | undefined;
    if (ok && semi >= 0) {
      metadata = trimOws(member.slice(semi + 1));
      ok = validProperties(metadata);
    }
    if (!ok) {
      skipped++;
      continue;
    }
    bytes += member.length + (entries.size > 0 ? 1 : 0);
    entries.set(key, { value: decodeBaggageValue(rawValue), metadata: metadata || undefined });
  }
  return { entries, skipped };
}

function validProperties(s: string): boolean {
  for (const raw of s.split(';')) {
    const p = trimOws(raw);
    const eq = p.indexOf('=');
    const key = eq < 0 ? p : trimOws(p.slice(0, eq));
    if (!isToken(key)) return false;
    if (eq >= 0) {
      const v = trimOws(p.slice(eq + 1));
      for (let i = 0; i < v.length; i++) if (!isBaggageOctet(v.charCodeAt(i))) return false;
    }
  }
  return true;
}

/**
 * The header value for `baggage`, keeping members in order while both limits
 * hold (a member that does not fit is dropped and counted; later smaller ones
 * may still fit). Empty string when there is nothing to send.
 */
export function formatBaggage(baggage: Baggage): string {
  const b = toBaggage(baggage);
  if (b !== undefined) return b.serialize();
  diag.dropped('baggage.entry', 1, 'formatBaggage needs a Baggage');
  return '';
}

function formatEntries(entries: ReadonlyMap<string, BaggageEntry>): string {
  let out = '';
  let bytes = 0;
  let count = 0;
  let dropped = 0;
  for (const [key, entry] of entries) {
    const meta = entry.metadata;
    const member = key + '=' + encodeBaggageValue(entry.value) + (meta === undefined ? '' : ';' + meta);
    // Keys are tokens and encoded values ASCII: only metadata can hold multi-byte characters.
    const size = (count > 0 ? 1 : 0) + (meta === undefined || isAscii(meta) ? member.length : Buffer.byteLength(member));
    if (count >= BAGGAGE_MAX_MEMBERS || bytes + size > BAGGAGE_MAX_BYTES) {
      dropped++;
      continue;
    }
    out += count > 0 ? ',' + member : member;
    bytes += size;
    count++;
  }
  if (dropped > 0) diag.dropped('baggage.entry', dropped, 'over the W3C limits (180 members, 8192 bytes) on inject');
  return out;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The context key under which baggage is kept: the OpenTelemetry API's. */
export const BAGGAGE_KEY = createContextKey('OpenTelemetry Baggage Key');

/** The baggage of `ctx` (default: the current context); empty when there is none. */
export function getBaggage(ctx: Context = activeContext()): Baggage {
  ctx = contextOrCurrent(ctx, 'getBaggage');
  return toBaggage(ctx.getValue(BAGGAGE_KEY)) ?? EMPTY_BAGGAGE;
}

/** `ctx` with `baggage` as its baggage. */
export function setBaggage(ctx: Context, baggage: Baggage): Context {
  ctx = contextOrCurrent(ctx, 'setBaggage');
  const b = toBaggage(baggage);
  if (b === undefined) {
    diag.dropped('baggage.entry', 1, 'setBaggage needs a Baggage; the context is returned unchanged');
    return ctx;
  }
  return b.size === 0 ? ctx.deleteValue(BAGGAGE_KEY) : ctx.setValue(BAGGAGE_KEY, b);
}

/**
 * Runs `fn` with baggage in the current context: a Baggage replaces the
 * current one; plain pairs are added to it.
 */
export function withBaggage<A extends unknown[], R>(entries: Baggage | Readonly<Record<string, string>>, fn: (...args: A) => R, ...args: A): R {
  const ctx = activeContext();
  const next = toBaggage(entries) ?? getBaggage(ctx).setAll(entries as Readonly<Record<string, string>>);
  return withContext(setBaggage(ctx, next), fn, undefined, ...args);
}
