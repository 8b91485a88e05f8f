/**
 * Typed readers for OTEL_* environment variables. This is the ONLY module
 * that reads `process.env`; everything below lib/config takes options.
 * An invalid value never throws: it is reported once, naming the variable,
 * the value and the default used instead.
 */
import { describeError, diag } from '../common/diag.js';
import type { BatchOptionName, ResolvedBatchOptions } from '../common/batch-options.js';
import { resolveBatchOptions } from '../common/batch-options.js';

/** A snapshot of the environment (tests pass their own object). */
export type Env = Readonly<Record<string, string | undefined>>;

/** The process environment. */
export function processEnv(): Env {
  return process.env;
}

function invalid(name: string, raw: string, expected: string, fallback: unknown): void {
  report(name, raw, expected, `the default ${JSON.stringify(fallback)}`);
}

/** Reports an invalid value once: the variable, the value, what was expected and what is used instead. */
function report(name: string, raw: string, expected: string, used: string): void {
  diag.warnOnce(`env:${name}:${raw}`, `invalid ${name}="${raw}" (expected ${expected}); using ${used}`);
}

/** The trimmed value, or undefined when unset or blank. */
export function envString(env: Env, name: string): string | undefined {
  // A caller's own environment object may hold a getter that throws, or a value that is not text.
  let v: unknown;
  try {
    v = env[name];
  } catch (err) {
    diag.warnOnce(`env:${name}:unreadable`, `${name} could not be read (${describeError(err)}); treated as unset`);
    return undefined;
  }
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    diag.warnOnce(`env:${name}:type`, `${name} must be a string, got ${typeof v}; treated as unset`);
    return undefined;
  }
  const t = v.trim();
  return t.length === 0 ? undefined : t;
}

export interface NumberRule {
  /** Smallest accepted value (inclusive). */
  min?: number;
  /** Largest accepted value (inclusive). */
  max?: number;
  /** Only integers. */
  integer?: boolean;
}

/** A number within `rule`, or `fallback` (reported) when unset or invalid. */
export function envNumber(env: Env, name: string, fallback: number, rule: NumberRule = {}): number {
  const raw = envString(env, name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  const ok =
    Number.isFinite(v) &&
    (rule.integer !== true || Number.isInteger(v)) &&
    (rule.min === undefined || v >= rule.min) &&
    (rule.max === undefined || v <= rule.max);
  if (!ok) {
    const parts = [rule.integer ? 'an integer' : 'a number'];
    if (rule.min !== undefined) parts.push(`>= ${rule.min}`);
    if (rule.max !== undefined) parts.push(`<= ${rule.max}`);
    invalid(name, raw, parts.join(' '), fallback);
    return fallback;
  }
  return v;
}

/** What a limit variable means and what applies when it is unset or invalid, for its diagnostic. */
export interface LimitMeaning {
  /** "the most attributes kept per span", ... */
  meaning: string;
  /** "OTEL_ATTRIBUTE_COUNT_LIMIT or the default 128", "the default (no limit)", ... */
  otherwise: string;
}

/**
 * A non-negative integer count or limit; undefined when unset or invalid (so a more general
 * variable or the default applies). An invalid value (-1 included: the variables have no
 * "unlimited" value, unset means the default) is reported with what the variable means and what
 * is used instead, never as "the default -1".
 */
export function envLimit(env: Env, name: string, about?: LimitMeaning): number | undefined {
  const raw = envString(env, name);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (Number.isInteger(v) && v >= 0) return v;
  const expected = about === undefined ? 'an integer >= 0' : `an integer >= 0: ${about.meaning}`;
  report(name, raw, expected, about === undefined ? 'the default' : about.otherwise);
  return undefined;
}

/** "true" / "false" (any case); anything else is reported and `fallback` used. */
export function envBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = envString(env, name);
  if (raw === undefined) return fallback;
  const l = raw.toLowerCase();
  if (l === 'true') return true;
  if (l === 'false') return false;
  invalid(name, raw, '"true" or "false"', fallback);
  return fallback;
}

/** One of `allowed` (matched case-insensitively), or `fallback` (reported). */
export function envEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = envString(env, name);
  if (raw === undefined) return fallback;
  const l = raw.toLowerCase();
  for (const a of allowed) if (a === l) return a;
  invalid(name, raw, `one of ${allowed.join(', ')}`, fallback);
  return fallback;
}

/** A comma-separated list, trimmed, lowercased, empty entries removed; undefined when unset. */
export function envList(env: Env, name: string): string[] | undefined {
  const raw = envString(env, name);
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
}

/**
 * OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER: a
 * comma-separated list of `supported` names; unset or empty means `fallback`,
 * `none` adds nothing (alone, it means no exporter), a repeated name counts
 * once, and an unsupported one is reported once and ignored.
 */
export function envExporters<T extends string>(env: Env, name: string, supported: readonly T[], fallback: T): T[] {
  const names = envList(env, name);
  if (names === undefined || names.length === 0) return [fallback];
  const out: T[] = [];
  for (const n of names) {
    if ((supported as readonly string[]).includes(n)) {
      if (n !== 'none' && !out.includes(n as T)) out.push(n as T);
    } else {
      diag.warnOnce(`env:${name}:${n}`, `${name}: unsupported exporter "${n}" ignored (supported: ${supported.join(', ')})`);
    }
  }
  return out;
}

/**
 * The largest queue a batch processor may be given (2^20 items, 512 times the default): a larger
 * value (1e9 asked for gigabytes up front and crashed start-up) is clamped to it and reported.
 */
export const MAX_QUEUE_SIZE = 1 << 20;

/** The variable suffix of each batch option (maxEncodedBytes has none). */
const BATCH_VARIABLES: Readonly<Record<BatchOptionName, string | undefined>> = {
  maxQueueSize: 'MAX_QUEUE_SIZE',
  maxExportBatchSize: 'MAX_EXPORT_BATCH_SIZE',
  scheduledDelayMillis: 'SCHEDULE_DELAY',
  exportTimeoutMillis: 'EXPORT_TIMEOUT',
  maxEncodedBytes: undefined,
};

/**
 * A batch processor's options from `${prefix}_MAX_QUEUE_SIZE`,
 * `_MAX_EXPORT_BATCH_SIZE`, `_SCHEDULE_DELAY` and `_EXPORT_TIMEOUT`
 * (OTEL_BSP_* for spans, OTEL_BLRP_* for log records), resolved by the same
 * rules as options given in code (common/batch-options.ts), with the queue
 * bounded by MAX_QUEUE_SIZE; diagnostics name the variable.
 */
export function envBatchOptions(env: Env, prefix: string, defaults: ResolvedBatchOptions): Required<Omit<ResolvedBatchOptions, 'maxEncodedBytes'>> {
  const variable = (name: BatchOptionName): string | undefined => {
    const suffix = BATCH_VARIABLES[name];
    return suffix === undefined ? undefined : `${prefix}_${suffix}`;
  };
  return resolveBatchOptions(
    {
      maxQueueSize: MAX_QUEUE_SIZE,
      raw(name) {
        const v = variable(name);
        return v === undefined ? undefined : envString(env, v);
      },
      number: (raw) => Number(raw),
      label: (name, raw) => `${variable(name) ?? name}=${String(raw)}`,
    },
    defaults,
  );
}

/**
 * `key1=value1,key2=value2` with percent-encoded keys and values (the format
 * of OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS). A malformed
 * entry is reported and skipped; the rest is kept.
 */
export function envKeyValues(env: Env, name: string): Record<string, string> {
  const raw = envString(env, name);
  const out: Record<string, string> = {};
  if (raw === undefined) return out;
  for (const part of raw.split(',')) {
    if (part.trim().length === 0) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? '' : decode(part.slice(0, eq).trim());
    const value = eq < 0 ? undefined : decode(part.slice(eq + 1).trim());
    if (key === undefined || key.length === 0 || value === undefined) {
      diag.warnOnce(`env:${name}:${part}`, `invalid entry "${part.trim()}" in ${name} (expected key=value, percent-encoded); skipped`);
      continue;
    }
    out[key] = value;
  }
  return out;
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
