/**
 * The diagnostic channel of zerotel itself. Telemetry must never throw into
 * application code, so every rejected input and every dropped item is reported
 * here instead, and counted.
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

let logger: DiagLogger = consoleLogger;
let level: DiagLevel = DiagLevel.WARN;
const warnedOnce = new Set<string>();
const dropCounts = new Map<string, number>();

/** Depth of diagnostic writes in progress (read by the logs console bridge, which must not record them). */
let writing = 0;

function emit(at: DiagLevel, fn: keyof DiagLogger, message: string): void {
  if (at > level) return;
  writing++;
  try {
    logger[fn](message);
  } catch {
    // A broken diagnostic logger must not become the application's problem.
  } finally {
    writing--;
  }
}

/** True while zerotel is writing a diagnostic: the console bridge prints it but does not record it. */
export function isDiagWriting(): boolean {
  return writing > 0;
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
   * Counts `n` dropped items of `kind` ("span.attribute", "bsp.span", ...).
   * The first drop of a kind is reported once; the running totals are readable
   * through `droppedCounts()`, so a flood never turns into a flood of log lines.
   * A reason that costs something to build can be given as a function: it is
   * called only for the first drop of the kind.
   */
  dropped(kind: string, n = 1, reason?: string | (() => string)): void {
    const before = dropCounts.get(kind) ?? 0;
    dropCounts.set(kind, before + n);
    if (before === 0) {
      const text = typeof reason === 'function' ? reason() : reason;
      emit(DiagLevel.WARN, 'warn', `dropped ${kind}${text ? `: ${text}` : ''} (further drops of this kind are counted silently)`);
    }
  },
};

/** Replaces the diagnostic logger and its level; returns the previous logger. */
export function setDiagLogger(next: DiagLogger | undefined, nextLevel: DiagLevel = DiagLevel.WARN): DiagLogger {
  const prev = logger;
  logger = next ?? consoleLogger;
  level = nextLevel;
  return prev;
}

/** Totals of everything zerotel dropped, by kind, since start (or the last reset). */
export function droppedCounts(): Record<string, number> {
  return Object.fromEntries(dropCounts);
}

/** Clears the drop counters and the warn-once memory (for tests). */
export function resetDiagnostics(): void {
  dropCounts.clear();
  warnedOnce.clear();
}

/** Turns anything thrown into a message, without ever throwing itself. */
export function describeError(err: unknown): string {
  // Inside the try too: `instanceof` and `.message` run user code on a Proxy or a getter.
  try {
    if (err instanceof Error) return String(err.message);
    return String(err);
  } catch {
    return 'unprintable error';
  }
}
