/** The contract between span processors and exporters. Results are values, never throws. */
import type { ExportResult } from '../common/export-result.js';
import type { Span } from './span.js';

export type { ExportResult } from '../common/export-result.js';
export { EXPORT_SUCCESS, exportFailure } from '../common/export-result.js';

export interface SpanExporter {
  /** `signal` (optional) aborts at the caller's deadline: stop, and resolve with a failure promptly. */
  export(spans: readonly Span[], signal?: AbortSignal): Promise<ExportResult>;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}
