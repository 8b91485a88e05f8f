/**
 * The diagnostic logger's settings from the environment: OTEL_LOG_LEVEL (none, error, warn, info,
 * debug, verbose, all; case-insensitive). Pure: env in, options out; applying the level to the
 * diagnostic logger is the setup's job.
 */
import { DiagLevel, diag } from '../common/diag.js';
import type { Env } from './env.js';
import { envString } from './env.js';

export interface DiagConfig {
  /**
   * OTEL_LOG_LEVEL as a DiagLevel ('all' is the most verbose level, VERBOSE); undefined when unset
   * or invalid, leaving zerotel's own default (WARN).
   */
  diagLogLevel: DiagLevel | undefined;
}

const LEVELS = {
  none: DiagLevel.NONE,
  error: DiagLevel.ERROR,
  warn: DiagLevel.WARN,
  info: DiagLevel.INFO,
  debug: DiagLevel.DEBUG,
  verbose: DiagLevel.VERBOSE,
  all: DiagLevel.VERBOSE,
} as const;
type LevelName = keyof typeof LEVELS;
const NAMES = Object.keys(LEVELS) as LevelName[];

export function diagConfigFromEnv(env: Env): DiagConfig {
  const raw = envString(env, 'OTEL_LOG_LEVEL');
  if (raw === undefined) return { diagLogLevel: undefined };
  const name = raw.toLowerCase();
  if (Object.hasOwn(LEVELS, name)) return { diagLogLevel: LEVELS[name as LevelName] };
  diag.warnOnce(`env:OTEL_LOG_LEVEL:${raw}`, `invalid OTEL_LOG_LEVEL="${raw}" (expected one of ${NAMES.join(', ')}); using zerotel's default (warn)`);
  return { diagLogLevel: undefined };
}
