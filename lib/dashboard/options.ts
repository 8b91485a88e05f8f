/**
 * `startDashboardServer`'s options, checked before anything listens. Every
 * field is read once inside a try (a getter or a Proxy runs user code); a
 * value of the wrong type or out of range is an error the caller sees — the
 * returned promise rejects with a `DashboardOptionError` naming the option,
 * and diag says the same — never a silent fallback (a `port: 'abc'` that
 * quietly listened on a random port was worse than an error) and never a
 * synchronous throw.
 */
import { describeError } from '../common/diag.js';
import type { DashboardLimits } from './limits.js';
import { DEFAULT_LIMITS } from './limits.js';
import type { SseOptions } from './sse.js';
import { DEFAULT_SSE } from './sse.js';

export interface DashboardOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /**
   * Also start an OTLP/gRPC receiver on this port (0 picks a free one; the
   * handle's `grpcPort` says which). Default: none.
   */
  readonly grpcPort?: number;
  /** Default 127.0.0.1. Anything but loopback requires a token (generated and printed when not given). */
  readonly host?: string;
  readonly token?: string;
  /** Append accepted batches to this file (OTLP/JSON lines) and replay it on start. */
  readonly data?: string;
  /** Bounds of the store: each a number ≥ 1; `maxBytes` at most 256 MB. */
  readonly limits?: Partial<DashboardLimits>;
  /** Request body bytes on the wire (default 16 MB) and after gzip (default 64 MB). */
  readonly maxWireBytes?: number;
  readonly maxBodyBytes?: number;
  /** Origins that may POST OTLP from a browser (`/v1/*` only). */
  readonly corsOrigins?: readonly string[];
  /** Extra Host header names accepted. */
  readonly allowedHosts?: readonly string[];
  readonly staticDir?: string;
  readonly sse?: Partial<SseOptions>;
  /** Feed the application's own spans, metrics and logs in (default true). */
  readonly inProcess?: boolean;
  /** Header and whole-request timeouts (defaults 10 s and 30 s). */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** Where the generated token is printed (default stderr). */
  readonly print?: (line: string) => void;
  /**
   * Keep the process alive while the server listens (the CLI does). Default
   * false: in an application the server and its connections are unref'd, so
   * the dashboard never holds the process open at exit.
   */
  readonly keepProcessAlive?: boolean;
}

/** The rejection of `startDashboardServer` for an option it cannot use. */
export class DashboardOptionError extends Error {
  readonly code = 'ERR_ZEROTEL_DASHBOARD_OPTION';
  constructor(message: string) {
    super(message);
    this.name = 'DashboardOptionError';
  }
}

/** What each option must be: a kind, checked by `wrong` (kept as data: this ships in every dashboard). */
type Kind = 'port' | 'text' | 'bool' | 'function' | 'count' | 'texts' | 'object';

const KINDS: Record<keyof DashboardOptions, Kind> = {
  port: 'port',
  grpcPort: 'port',
  host: 'text',
  token: 'text',
  data: 'text',
  limits: 'object',
  maxWireBytes: 'count',
  maxBodyBytes: 'count',
  corsOrigins: 'texts',
  allowedHosts: 'texts',
  staticDir: 'text',
  sse: 'object',
  inProcess: 'bool',
  headersTimeoutMs: 'count',
  requestTimeoutMs: 'count',
  print: 'function',
  keepProcessAlive: 'bool',
};

/** Why `v` is not of `kind`, or undefined when it is. */
function wrong(kind: Kind, v: unknown): string | undefined {
  const t = typeof v;
  switch (kind) {
    case 'port':
      return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535 ? undefined : 'must be an integer port number from 0 to 65535';
    case 'text':
      return t === 'string' && v !== '' ? undefined : 'must be a non-empty string';
    case 'bool':
      return t === 'boolean' ? undefined : 'must be true or false';
    case 'function':
      return t === 'function' ? undefined : 'must be a function';
    case 'count':
      return Number.isFinite(v) && (v as number) >= 0 ? undefined : 'must be a finite number ≥ 0';
    case 'texts':
      return Array.isArray(v) && v.every((e) => typeof e === 'string') ? undefined : 'must be an array of strings';
    default:
      return t === 'object' && v !== null && !Array.isArray(v) ? undefined : 'must be an object';
  }
}

export type OptionsResult = { ok: true; options: DashboardOptions } | { ok: false; message: string };

/** `startDashboardServer`'s argument (a port or an options object) checked and copied. Never throws. */
export function checkDashboardOptions(arg: unknown): OptionsResult {
  if (arg === undefined || arg === null) return { ok: true, options: {} };
  if (typeof arg === 'number') arg = { port: arg };
  if (typeof arg !== 'object') return fail(`startDashboardServer takes a port number or an options object, not ${describe(arg)}`);
  const out: Record<string, unknown> = {};
  try {
    const bad =
      unknownKey('', arg as object, KINDS) ??
      (Object.keys(KINDS) as (keyof DashboardOptions)[]).reduce<string | undefined>((found, key) => {
        if (found !== undefined) return found;
        const v: unknown = (arg as Record<string, unknown>)[key];
        if (v === undefined) return undefined;
        const why = wrong(KINDS[key], v);
        out[key] = Array.isArray(v) ? [...(v as unknown[])] : v;
        return why && `option ${key} ${describe(v)} ${why}`;
      }, undefined) ??
      numbers('limits', out.limits, DEFAULT_LIMITS, 1) ??
      numbers('sse', out.sse, DEFAULT_SSE, 0);
    if (bad !== undefined) return fail(bad);
  } catch (err) {
    return fail(`the dashboard options could not be read: ${describeError(err)}`);
  }
  return { ok: true, options: out as DashboardOptions };
}

function unknownKey(prefix: string, given: object, known: object): string | undefined {
  const key = Object.keys(given).find((k) => !(k in known));
  return key && `"${prefix}${key}" is not a dashboard option (known: ${Object.keys(known).join(', ')})`;
}

/** `limits` and `sse`: objects of numbers, each finite and ≥ `min`; `limits.maxBytes` at most the default 256 MB. */
function numbers(name: string, given: unknown, known: object, min: number): string | undefined {
  if (given === undefined) return undefined;
  const bad = unknownKey(`${name}.`, given as object, known);
  if (bad !== undefined) return bad;
  for (const [k, v] of Object.entries(given as object)) {
    if (v !== undefined && !(Number.isFinite(v) && v >= min)) return `option ${name}.${k} ${describe(v)} must be a finite number ≥ ${min}`;
  }
  const max = (given as { maxBytes?: number }).maxBytes;
  return name === 'limits' && max !== undefined && max > DEFAULT_LIMITS.maxBytes ? `option limits.maxBytes ${max} is above the most the dashboard keeps (256 MB)` : undefined;
}

function fail(message: string): OptionsResult {
  return { ok: false, message };
}

/** A value as an error message shows it (never calls user code). */
function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null ? 'null' : `a ${typeof v}`;
}
