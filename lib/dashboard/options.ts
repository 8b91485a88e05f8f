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
  const sseKeys = Object.keys(DEFAULT_SSE);
  if (arg === undefined || arg === null) return { ok: true, options: {} };
  if (typeof arg === 'number') {
    const bad = wrong('port', arg);
    return bad === undefined ? { ok: true, options: { port: arg } } : fail(`port ${describe(arg)} ${bad}`);
  }
  if (typeof arg !== 'object') return fail(`startDashboardServer takes a port number or an options object, not ${describe(arg)}`);
  const out: Record<string, unknown> = {};
  try {
    for (const key of Object.keys(arg)) {
      if (!(key in KINDS)) return fail(`"${key}" is not a dashboard option (known: ${Object.keys(KINDS).join(', ')})`);
    }
    for (const key of Object.keys(KINDS) as (keyof DashboardOptions)[]) {
      const v: unknown = (arg as Record<string, unknown>)[key];
      if (v === undefined) continue;
      const bad = wrong(KINDS[key], v);
      if (bad !== undefined) return fail(`option ${key} ${describe(v)} ${bad}`);
      out[key] = Array.isArray(v) ? [...(v as unknown[])] : v;
    }
    if (out.limits !== undefined) {
      const limits = checkLimits(out.limits as Record<string, unknown>);
      if (typeof limits === 'string') return fail(limits);
      out.limits = limits;
    }
    if (out.sse !== undefined) {
      const sse: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(out.sse as object)) {
        if (!sseKeys.includes(k)) return fail(`"sse.${k}" is not an SSE option (known: ${sseKeys.join(', ')})`);
        if (v === undefined) continue;
        const bad = wrong('count', v);
        if (bad !== undefined) return fail(`option sse.${k} ${describe(v)} ${bad}`);
        sse[k] = v;
      }
      out.sse = sse;
    }
  } catch (err) {
    return fail(`the dashboard options could not be read: ${describeError(err)}`);
  }
  return { ok: true, options: out as DashboardOptions };
}

function checkLimits(given: Record<string, unknown>): Partial<DashboardLimits> | string {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(given)) {
    if (!(k in DEFAULT_LIMITS)) return `"limits.${k}" is not a dashboard limit (known: ${Object.keys(DEFAULT_LIMITS).join(', ')})`;
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 1) return `option limits.${k} ${describe(v)} must be a finite number ≥ 1`;
    if (k === 'maxBytes' && v > DEFAULT_LIMITS.maxBytes) return `option limits.maxBytes ${v} is above the most the dashboard keeps (${DEFAULT_LIMITS.maxBytes} bytes, 256 MB)`;
    out[k] = v;
  }
  return out as Partial<DashboardLimits>;
}

function fail(message: string): OptionsResult {
  return { ok: false, message };
}

/** A value as an error message shows it (never calls user code). */
function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object' || typeof v === 'function' || typeof v === 'symbol') return v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;
  return String(v);
}
