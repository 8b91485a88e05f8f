/**
 * OTEL_LOG_LEVEL → the level of zerotel's own diagnostics (none, error,
 * warn, info, debug, verbose, all; case-insensitive; default warn).
 */
import { DiagLevel } from '../common/diag.js';
import type { Env } from './env.js';
import { envEnum } from './env.js';

const LEVELS = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const;

const BY_NAME: Record<(typeof LEVELS)[number], DiagLevel> = {
  none: DiagLevel.NONE,
  error: DiagLevel.ERROR,
  warn: DiagLevel.WARN,
  info: DiagLevel.INFO,
  debug: DiagLevel.DEBUG,
  verbose: DiagLevel.VERBOSE,
  all: DiagLevel.VERBOSE,
};

/** The diagnostic level OTEL_LOG_LEVEL asks for (an invalid value is reported and warn used). */
export function diagLevelFromEnv(env: Env): DiagLevel {
  return BY_NAME[envEnum(env, 'OTEL_LOG_LEVEL', LEVELS, 'warn')];
}
