/**
 * What every exporter's `export()` resolves to, whatever the signal: a
 * value, never a throw. Shared by spans, metrics and log records, and by the
 * pipeline, the exporters and the transports (which know no signal).
 */
import { describeError } from './diag.js';
import { isInstance } from './options.js';

export type ExportResult = { readonly code: 'success' } | { readonly code: 'failure'; readonly error: Error };

export const EXPORT_SUCCESS: ExportResult = Object.freeze({ code: 'success' });

/** A failure result; anything not an Error (a Proxy, a Symbol included) is described in one. */
export function exportFailure(error: unknown): ExportResult {
  return { code: 'failure', error: isInstance(error, Error) ? error : new Error(describeError(error)) };
}
