import { afterEach, beforeEach } from 'node:test';
import type { DiagLogger } from '../../lib/common/diag.js';
import { DiagLevel, resetDiagnostics, setDiagLogger } from '../../lib/common/diag.js';

export interface CapturedDiag {
  messages: { level: keyof DiagLogger; message: string }[];
  restore(): void;
}

/** Routes diagnostics into an array until `restore()`; resets drop counters first. */
export function captureDiag(level: DiagLevel = DiagLevel.DEBUG): CapturedDiag {
  resetDiagnostics();
  const messages: CapturedDiag['messages'] = [];
  const logger: DiagLogger = {
    error: (m) => messages.push({ level: 'error', message: m }),
    warn: (m) => messages.push({ level: 'warn', message: m }),
    info: (m) => messages.push({ level: 'info', message: m }),
    debug: (m) => messages.push({ level: 'debug', message: m }),
  };
  setDiagLogger(logger, level);
  return {
    messages,
    restore() {
      setDiagLogger(undefined);
      resetDiagnostics();
    },
  };
}

/**
 * For a whole spec file: every test starts with an empty array that collects zerotel's
 * warnings and errors (and fresh drop counters), and the logger is removed after it. The
 * same array object throughout, so a file can hold it in a `const`.
 */
export function warningsPerTest(): string[] {
  const messages: string[] = [];
  beforeEach(() => {
    messages.length = 0;
    resetDiagnostics();
    const push = (m: string): void => void messages.push(m);
    setDiagLogger({ error: push, warn: push, info: push, debug: push }, DiagLevel.WARN);
  });
  afterEach(() => {
    setDiagLogger(undefined);
    resetDiagnostics();
  });
  return messages;
}
