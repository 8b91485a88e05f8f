/**
 * What the simple processors do with the exporter they were given: they take
 * it from user code, so it may be missing, not an exporter, a Proxy, or one
 * whose flush and shutdown throw or reject. None of that may reach the
 * application: a missing exporter is said once (and what it would have
 * exported is counted as dropped), a failing flush or shutdown is reported.
 */
import { describeError, diag } from '../common/diag.js';
import { hasMethods } from '../common/options.js';

/** `exporter` when it has an `export` method; otherwise undefined, said once per processor class. */
export function usableExporter<E>(what: string, exporter: E, items: string): E | undefined {
  if (hasMethods(exporter, 'export')) return exporter;
  diag.warnOnce(
    `${what}.no-exporter`,
    `${what} needs an exporter (an object with an export() method), got ${exporter === null ? 'null' : typeof exporter}; the ${items} it receives are dropped and counted`,
  );
  return undefined;
}

/** Calls the exporter's optional `forceFlush` or its `shutdown`; a throw or rejection is reported, never passed on. */
export async function callExporter(what: string, exporter: object | undefined, method: 'forceFlush' | 'shutdown'): Promise<void> {
  if (exporter === undefined) return;
  try {
    const fn: unknown = (exporter as Record<string, unknown>)[method];
    if (typeof fn === 'function') await (fn as () => unknown).call(exporter);
  } catch (err) {
    diag.error(`${what}: exporter ${method} failed: ${describeError(err)}`);
  }
}
