/** The contract between span processors and exporters. Results are values, never throws. */
import type { Span } from './span.js';

export type ExportResult = { readonly code: 'success' } | { readonly code: 'failure'; readonly error: Error };

export const EXPORT_SUCCESS: ExportResult = Object.freeze({ code: 'success' });

export function exportFailure(error: unknown): ExportResult {
  return { code: 'failure', error: error instanceof Error ? error : new Error(String(error)) };
}

export interface SpanExporter {
  /** `signal` (optional) aborts at the caller's deadline: stop, and resolve with a failure promptly. */
  export(spans: readonly Span[], signal?: AbortSignal): Promise<ExportResult>;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}
