/**
 * The OpenTelemetry severity scale: six ranges of four numbers each, 0 for
 * unspecified. The short names are the spec's display names of each range's
 * first number, used as severity text by the convenience logger.
 */

export const SeverityNumber = {
  UNSPECIFIED: 0,
  TRACE: 1,
  TRACE2: 2,
  TRACE3: 3,
  TRACE4: 4,
  DEBUG: 5,
  DEBUG2: 6,
  DEBUG3: 7,
  DEBUG4: 8,
  INFO: 9,
  INFO2: 10,
  INFO3: 11,
  INFO4: 12,
  WARN: 13,
  WARN2: 14,
  WARN3: 15,
  WARN4: 16,
  ERROR: 17,
  ERROR2: 18,
  ERROR3: 19,
  ERROR4: 20,
  FATAL: 21,
  FATAL2: 22,
  FATAL3: 23,
  FATAL4: 24,
} as const;
export type SeverityNumber = (typeof SeverityNumber)[keyof typeof SeverityNumber];

const RANGE_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/**
 * The spec's short name for a severity number ("INFO", "WARN3", …), or
 * undefined for 0 and anything off the scale.
 */
export function severityName(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 1 || n > 24) return undefined;
  const range = RANGE_NAMES[(n - 1) >> 2]!;
  const step = (n - 1) & 3;
  return step === 0 ? range : `${range}${step + 1}`;
}

/** A severity number on the scale, or UNSPECIFIED for anything else (reported by the caller). */
export function isSeverityNumber(n: unknown): n is SeverityNumber {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 24;
}

/**
 * Maps a severity name as other loggers write it ("info", "warning", "err",
 * "critical", pino/winston/syslog names) to a severity number; UNSPECIFIED
 * when unknown. Used by the console bridge and bridges users write.
 */
export function severityFromName(name: string): SeverityNumber {
  if (typeof name !== 'string') return SeverityNumber.UNSPECIFIED;
  switch (name.toLowerCase()) {
    case 'trace':
    case 'verbose':
    case 'silly':
      return SeverityNumber.TRACE;
    case 'debug':
      return SeverityNumber.DEBUG;
    case 'info':
    case 'log':
    case 'notice':
    case 'http':
      return SeverityNumber.INFO;
    case 'warn':
    case 'warning':
      return SeverityNumber.WARN;
    case 'error':
    case 'err':
      return SeverityNumber.ERROR;
    case 'fatal':
    case 'critical':
    case 'crit':
    case 'alert':
    case 'emerg':
    case 'emergency':
      return SeverityNumber.FATAL;
    default:
      return SeverityNumber.UNSPECIFIED;
  }
}
