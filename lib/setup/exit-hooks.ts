/**
 * Flush at exit, on every way out, so what the application ended is delivered
 * — or counted and said in one stderr line, never silently lost:
 *
 *  - the event loop empties (`beforeExit`): shut down, bounded, then leave;
 *  - SIGTERM, SIGINT, SIGHUP nobody else handles: shut down, bounded, then
 *    re-raise the signal so the process ends as it would have. A second
 *    signal while flushing stops waiting at once;
 *  - a signal the application handles itself (its own graceful drain): only
 *    flush what is queued, keep accepting spans — the application decides
 *    when to leave, and the other hooks cover that;
 *  - an uncaught exception or unhandled rejection nobody else handles: print
 *    it as Node would, shut down (bounded), exit with code 1;
 *  - `process.exit()` (synchronous: the event loop will not turn again):
 *    what is still queued (spans, log records) and one last collection of
 *    every periodic metric reader (made synchronously) are encoded and
 *    handed, all together, to ONE short-lived child process that sends them
 *    over OTLP/HTTP or OTLP/gRPC while this one waits (`spawnSync`, bounded
 *    by EXIT_SYNC_TIMEOUT_MS; common/exit-handoff.ts, transport/sync-post.ts).
 *    Exports already in flight cannot be finished and are counted.
 * On the asynchronous paths the exports retry as usual within the cap, but
 * a connection nobody accepts (ECONNREFUSED…) is tried once and not retried
 * (transport/retry.ts): a dead collector does not hold the exit for seconds.
 * Whatever the path, the one line at exit names everything not delivered
 * that was not already reported (export failures, drops, abandoned items);
 * drop lines are held back while the hooks flush, so that line is the only
 * one. The flush is bounded by `timeoutMillis` and by the processors' own
 * export timeouts, and a ref'd deadline timer keeps the process alive while
 * it runs.
 *
 * Why a child process rather than a worker thread that `Atomics.wait`s (as
 * pino's thread-stream does): a worker would have to run for the whole life
 * of every process (it cannot be booted reliably inside the exit handler),
 * holding a second copy of the transport; a child is started only when
 * something is left at `process.exit()`, costs one Node start-up (~50 ms)
 * then, and is bounded by its timeout whatever the collector does.
 */
import { markExiting, releaseDeadlines, withTimeout } from '../common/deadline.js';
import { describeError, diag, holdDropReports, takeUnreportedDrops } from '../common/diag.js';
import type { PipelineSignal } from '../common/pipeline-stats.js';
import { pipelineStats } from '../common/pipeline-stats.js';
import { handOffAllSync } from '../common/exit-handoff.js';

export interface Flushable {
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** Longest wait for the flush at exit: a Ctrl-C must not hang on a dead collector. */
export const EXIT_FLUSH_TIMEOUT_MS = 5000;
/** Longest the synchronous hand-off at `process.exit()` may block the exit. */
export const EXIT_SYNC_TIMEOUT_MS = 5000;

/** Which signal a drop kind's items belong to, for the exit line. */
function signalOf(kind: string): PipelineSignal | undefined {
  if (kind.startsWith('bsp.span')) return 'spans';
  if (kind.startsWith('blrp.log')) return 'logs';
  if (kind === 'metric.export-failed') return 'metrics';
  return undefined;
}

const NOUN: Record<PipelineSignal, string> = { spans: 'spans', logs: 'log records', metrics: 'metric points' };

/**
 * The one line naming everything not delivered and not yet reported, or
 * undefined when there is nothing to say. Takes the unreported drops (they
 * are reported by this line).
 */
export function exitSummary(context?: string): string | undefined {
  const stats = pipelineStats();
  const bySignal = new Map<PipelineSignal, { total: number; parts: string[] }>();
  const other: string[] = [];
  const add = (signal: PipelineSignal, n: number, part: string): void => {
    let e = bySignal.get(signal);
    if (e === undefined) bySignal.set(signal, (e = { total: 0, parts: [] }));
    e.total += n;
    e.parts.push(part);
  };
  for (const signal of ['spans', 'logs', 'metrics'] as const) {
    const s = stats.signals[signal];
    const abandoned = s.queued + s.inFlight;
    if (abandoned > 0) add(signal, abandoned, `${abandoned} still queued or in flight`);
  }
  for (const d of takeUnreportedDrops()) {
    const signal = signalOf(d.kind);
    const what = d.kind.endsWith('export-failed') ? 'export failed' : `dropped (${d.cause})`;
    if (signal === undefined) other.push(`${d.count} ${d.kind}${d.reason ? ` (${d.reason})` : ''}`);
    else add(signal, d.count, `${d.count} ${what}${d.reason ? `: ${d.reason}` : ''}`);
  }
  const parts: string[] = [];
  for (const [signal, e] of bySignal) parts.push(`${e.total} ${NOUN[signal]} (${e.parts.join('; ')})`);
  if (other.length > 0) parts.push(`other drops: ${other.join(', ')}`);
  return parts.length === 0 ? undefined : `at exit${context ? ` (${context})` : ''}, not delivered: ${parts.join('; ')}`;
}

/** Installs the hooks; returns a function that removes them. */
export function installExitHooks(sdk: Flushable, proc: NodeJS.Process = process, timeoutMillis = EXIT_FLUSH_TIMEOUT_MS): () => void {
  let shuttingDown: Promise<void> | undefined;
  let reported = false;
  /** The signal being handled (we shut down, then re-raise it). */
  let ownSignal: NodeJS.Signals | undefined;
  let leaving = false;

  /** Runs `work` bounded, with a ref'd deadline, drop lines held back for the exit line. */
  const bounded = (what: 'shutdown' | 'flush', work: () => Promise<void>): Promise<void> => {
    holdDropReports(true);
    let p: Promise<void>;
    try {
      p = Promise.resolve(work());
    } catch (err) {
      p = Promise.reject(err);
    }
    const done = p.then(
      () => 'done' as const,
      (err: unknown) => {
        diag.error(`${what} at exit failed: ${describeError(err)}`);
        return 'done' as const;
      },
    );
    return withTimeout(done, timeoutMillis, 'cap' as const, true).then((how) => {
      // The cap passed on the way out: cut every flush short (exports aborted, the rest counted) so the
      // process can end now. Not after a flush the application goes on from (its own signal handler).
      if (how === 'cap' && what === 'shutdown') releaseDeadlines();
    });
  };
  const shutdown = (): Promise<void> =>
    (shuttingDown ??= bounded('shutdown', () => {
      // On the way out: a refused connection is not retried for seconds (transport/retry.ts).
      markExiting();
      return sdk.shutdown();
    }));
  const flush = (): Promise<void> =>
    bounded('flush', () => (typeof sdk.forceFlush === 'function' ? sdk.forceFlush() : Promise.resolve())).finally(() => {
      // The application carries on after its own signal handler: drop lines flow again.
      if (shuttingDown === undefined) holdDropReports(false);
    });

  const report = (context?: string): void => {
    if (reported) return;
    reported = true;
    const line = exitSummary(context);
    if (line !== undefined) diag.error(line);
  };

  /** After our own shutdown (or a second signal): the one line, then the signal's default action. */
  const reraise = (signal: NodeJS.Signals, context?: string): void => {
    if (leaving) return;
    leaving = true;
    report(context);
    proc.removeListener(signal, onSignal);
    // Someone else handles this signal by now: they decide what happens next.
    if (proc.listenerCount(signal) > 0) return;
    proc.kill(proc.pid, signal);
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (ownSignal !== undefined) {
      // A second Ctrl-C while flushing: stop waiting.
      reraise(ownSignal, `flush cut short by a second ${signal}`);
      return;
    }
    if (proc.listenerCount(signal) > 1) {
      // The application drains on this signal itself: flush, and keep accepting what it ends meanwhile.
      void flush();
      return;
    }
    ownSignal = signal;
    void shutdown().then(() => reraise(signal));
  };

  const onBeforeExit = (): void => {
    // After our shutdown the loop empties again: then there is nothing left to do.
    if (shuttingDown === undefined) void shutdown();
  };

  const onExit = (): void => {
    // process.exit() with items still queued: hand them over synchronously (a child process
    // posts them while this one waits, bounded), then say what could still not be delivered.
    holdDropReports(true);
    try {
      handOffAllSync(EXIT_SYNC_TIMEOUT_MS);
    } catch (err) {
      diag.debug(`synchronous flush at exit failed: ${describeError(err)}`);
    }
    report();
  };

  const onFatal = (err: unknown, origin: string): void => {
    // The application handles its own errors: our listener must not change what happens.
    if (proc.listenerCount('uncaughtException') > 1 || leaving) return;
    leaving = true;
    // What Node would have printed had we not been listening.
    let text: string;
    try {
      // node:util only on this path, so register's start-up does not load it.
      text = process.getBuiltinModule('node:util').inspect(err);
    } catch {
      text = describeError(err);
    }
    const prefix = origin === 'unhandledRejection' && !(err instanceof Error) ? 'Unhandled promise rejection: ' : '';
    try {
      proc.stderr.write(`${prefix}${text}\n\nNode.js ${proc.version}\n`);
    } catch {
      // stderr gone: the exit code still says it.
    }
    void shutdown().then(() => {
      report();
      proc.exit(1);
    });
  };

  proc.on('beforeExit', onBeforeExit);
  proc.on('exit', onExit);
  proc.on('uncaughtException', onFatal);
  for (const s of SIGNALS) proc.on(s, onSignal);
  return () => {
    proc.removeListener('beforeExit', onBeforeExit);
    proc.removeListener('exit', onExit);
    proc.removeListener('uncaughtException', onFatal);
    for (const s of SIGNALS) proc.removeListener(s, onSignal);
  };
}
