/**
 * Flush at exit: on `beforeExit`, SIGTERM and SIGINT, shut the SDK down
 * (bounded by the processors' own timeouts), then let the process end as it
 * would have: after a signal, re-raise it when nobody else listens for it.
 */
import { describeError, diag } from '../common/diag.js';
import { withTimeout } from '../pipeline/batch-processor.js';

export interface Flushable {
  shutdown(): Promise<void>;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Longest wait for the flush at exit: a Ctrl-C must not hang on a dead collector. */
export const EXIT_FLUSH_TIMEOUT_MS = 10000;

/** Installs the hooks; returns a function that removes them. */
export function installExitHooks(sdk: Flushable, proc: NodeJS.Process = process, timeoutMillis = EXIT_FLUSH_TIMEOUT_MS): () => void {
  let flushing: Promise<void> | undefined;
  const flush = (): Promise<void> => {
    if (flushing === undefined) {
      // The export timers are unref'd; a ref'd handle keeps the loop alive until the flush is done.
      const keepAlive = setInterval(() => {}, 1000);
      const done = sdk.shutdown().catch((err: unknown) => diag.error(`flush at exit failed: ${describeError(err)}`));
      flushing = withTimeout(done, timeoutMillis, undefined).finally(() => clearInterval(keepAlive));
    }
    return flushing;
  };

  const onBeforeExit = (): void => {
    void flush();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    void flush().then(() => {
      proc.removeListener(signal, onSignal);
      // Someone else handles this signal: they decide what happens next.
      if (proc.listenerCount(signal) > 0) return;
      proc.kill(proc.pid, signal);
    });
  };

  proc.once('beforeExit', onBeforeExit);
  for (const s of SIGNALS) proc.on(s, onSignal);
  return () => {
    proc.removeListener('beforeExit', onBeforeExit);
    for (const s of SIGNALS) proc.removeListener(s, onSignal);
  };
}
