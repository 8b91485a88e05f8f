/**
 * The diagnostic channel of zerotel itself. Telemetry must never throw into
 * application code, so every rejected input and every dropped item is reported
 * here instead, and counted.
 *
 * Drops are counted exactly and at once (`droppedCounts()`), and reported at
 * a bounded rate: the first drop of a cause prints one line at once; further
 * drops of that cause within the interval are summed and printed as one line
 * "(N more since …)" when the interval ends. A new cause of the same kind
 * prints at once, so a later, different problem is never hidden behind an
 * earlier one.
 */

export const DiagLevel = {
  NONE: 0,
  ERROR: 1,
  WARN: 2,
  INFO: 3,
  DEBUG: 4,
  VERBOSE: 5,
} as const;
export type DiagLevel = (typeof DiagLevel)[keyof typeof DiagLevel];

export interface DiagLogger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const consoleLogger: DiagLogger = {
  // Bound lazily so a test replacing console.* (or the console bridge) sees our output.
  error: (m) => console.error(`zerotel: ${m}`),
  warn: (m) => console.warn(`zerotel: ${m}`),
  info: (m) => console.info(`zerotel: ${m}`),
  debug: (m) => console.debug(`zerotel: ${m}`),
};

/** Default interval between two lines about the same cause of drops. */
export const DIAG_REPORT_INTERVAL_MS = 10_000;

let logger: DiagLogger = consoleLogger;
let level: DiagLevel = DiagLevel.WARN;
/** Set by setDiagLevel / OTEL_LOG_LEVEL: setDiagLogger without a level keeps it. */
let defaultLevel: DiagLevel = DiagLevel.WARN;
let reportInterval = DIAG_REPORT_INTERVAL_MS;
/** While true, drop lines are held back (counted only): the exit summary says it in one line. */
let held = false;
const warnedOnce = new Set<string>();
const dropCounts = new Map<string, number>();

/** One cause of drops being rate-limited: what was printed, and what came since. */
interface Cause {
  readonly kind: string;
  /** Drops since the last printed line. */
  pending: number;
  /** The latest reason given (built only when printed). */
  reason: string | (() => string) | undefined;
  /** When the last line was printed (ms since the epoch), for "since …". */
  printedAt: number;
  timer: NodeJS.Timeout | undefined;
}
/** kind → cause key → state. */
const causes = new Map<string, Map<string, Cause>>();

/** Depth of diagnostic writes in progress (read by the logs console bridge, which must not record them). */
let writing = 0;

/** A second receiver of every diagnostic, whatever the level (the OpenTelemetry API's diag, which filters by its own). */
let tap: DiagLogger | undefined;

function emit(at: DiagLevel, fn: keyof DiagLogger, message: string): void {
  const t = tap;
  if (at > level && t === undefined) return;
  writing++;
  try {
    if (at <= level) logger[fn](message);
  } catch {
    // A broken diagnostic logger must not become the application's problem.
  }
  try {
    t?.[fn](message);
  } catch {
    // Nor a broken tap.
  } finally {
    writing--;
  }
}

/** Also hands every diagnostic to `next` (undefined: stop); returns the previous tap. */
export function setDiagTap(next: DiagLogger | undefined): DiagLogger | undefined {
  const prev = tap;
  tap = next;
  return prev;
}

/** True while zerotel is writing a diagnostic: the console bridge prints it but does not record it. */
export function isDiagWriting(): boolean {
  return writing > 0;
}

function reasonText(reason: Cause['reason']): string {
  if (reason === undefined) return '';
  try {
    return `: ${typeof reason === 'function' ? reason() : reason}`;
  } catch {
    return '';
  }
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

/** Prints what `cause` accumulated; re-arms while drops keep coming, forgets the cause when quiet. */
function printPending(cause: Cause, byKey: Map<string, Cause>, key: string): void {
  cause.timer = undefined;
  if (cause.pending === 0) {
    byKey.delete(key);
    return;
  }
  if (held) {
    // The exit summary counts these; keep them pending without a line.
    return;
  }
  const n = cause.pending;
  const since = cause.printedAt;
  cause.pending = 0;
  cause.printedAt = Date.now();
  emit(DiagLevel.WARN, 'warn', `dropped ${cause.kind}${reasonText(cause.reason)} (${n} more since ${clock(since)})`);
  arm(cause, byKey, key);
}

function arm(cause: Cause, byKey: Map<string, Cause>, key: string): void {
  cause.timer = setTimeout(printPending, reportInterval, cause, byKey, key);
  cause.timer.unref();
}

export const diag = {
  error(message: string): void {
    emit(DiagLevel.ERROR, 'error', message);
  },
  warn(message: string): void {
    emit(DiagLevel.WARN, 'warn', message);
  },
  info(message: string): void {
    emit(DiagLevel.INFO, 'info', message);
  },
  debug(message: string): void {
    emit(DiagLevel.DEBUG, 'debug', message);
  },
  /** Warns the first time `key` is seen; later calls are silent (hot paths). */
  warnOnce(key: string, message: string): void {
    if (warnedOnce.has(key)) return;
    warnedOnce.add(key);
    emit(DiagLevel.WARN, 'warn', message);
  },
  /**
   * Counts `n` dropped items of `kind` ("span.attribute", "bsp.span", ...):
   * `droppedCounts()` shows them at once. The first drop of each `cause` (a
   * short stable key; default: one cause per kind) prints a line; later ones
   * are summed into one line per interval. A reason that costs something to
   * build can be given as a function: it is called only when a line is printed.
   */
  dropped(kind: string, n = 1, reason?: string | (() => string), cause = ''): void {
    dropCounts.set(kind, (dropCounts.get(kind) ?? 0) + n);
    let byKey = causes.get(kind);
    if (byKey === undefined) causes.set(kind, (byKey = new Map()));
    const known = byKey.get(cause);
    if (known !== undefined) {
      known.pending += n;
      known.reason = reason;
      if (known.timer === undefined) arm(known, byKey, cause);
      return;
    }
    const fresh: Cause = { kind, pending: 0, reason, printedAt: Date.now(), timer: undefined };
    byKey.set(cause, fresh);
    if (held) fresh.pending = n;
    else emit(DiagLevel.WARN, 'warn', `dropped ${kind}${n === 1 ? '' : ` (${n})`}${reasonText(reason)}`);
    arm(fresh, byKey, cause);
  },
};

/** Replaces the diagnostic logger and its level (default: the level set by setDiagLevel / OTEL_LOG_LEVEL); returns the previous logger. */
export function setDiagLogger(next: DiagLogger | undefined, nextLevel: DiagLevel = defaultLevel): DiagLogger {
  const prev = logger;
  logger = next ?? consoleLogger;
  level = nextLevel;
  return prev;
}

/** Sets the level of diagnostics printed (OTEL_LOG_LEVEL), for this logger and later ones. */
export function setDiagLevel(next: DiagLevel): void {
  level = next;
  defaultLevel = next;
}

/** The level in force. */
export function diagLevel(): DiagLevel {
  return level;
}

/** Interval between two lines about the same cause of drops (tests shorten it). */
export function setDiagReportInterval(ms: number): void {
  reportInterval = Number.isFinite(ms) && ms > 0 ? ms : DIAG_REPORT_INTERVAL_MS;
}

/**
 * Holds drop lines back (still counted): the exit hooks do so while flushing
 * at exit, then print one summary line of everything not delivered.
 */
export function holdDropReports(on: boolean): void {
  held = on;
}

/** Drops counted but not yet printed (held back, or waiting for their interval). */
export interface UnreportedDrop {
  readonly kind: string;
  readonly cause: string;
  readonly count: number;
  /** The latest reason given for this cause. */
  readonly reason: string;
}

/**
 * Takes every drop counted but not yet printed, marking it printed: the exit
 * summary says them in its one line instead of one line each.
 */
export function takeUnreportedDrops(): UnreportedDrop[] {
  const out: UnreportedDrop[] = [];
  for (const byKey of causes.values()) {
    for (const [key, c] of byKey) {
      if (c.pending === 0) continue;
      out.push({ kind: c.kind, cause: key, count: c.pending, reason: reasonText(c.reason).slice(2) });
      c.pending = 0;
    }
  }
  return out;
}

/** Totals of everything zerotel dropped, by kind, since start (or the last reset). */
export function droppedCounts(): Record<string, number> {
  return Object.fromEntries(dropCounts);
}

/** Clears the drop counters, the rate limiter and the warn-once memory (for tests). */
export function resetDiagnostics(): void {
  for (const byKey of causes.values()) for (const c of byKey.values()) clearTimeout(c.timer);
  causes.clear();
  dropCounts.clear();
  warnedOnce.clear();
  held = false;
}

/** Turns anything thrown into a message, without ever throwing itself. */
export function describeError(err: unknown): string {
  try {
    if (err instanceof Error) return String(err.message);
    return String(err);
  } catch {
    return 'unprintable error';
  }
}
