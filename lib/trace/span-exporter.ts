/** The contract between span processors and exporters. Results are values, never throws. */
import type { ExportResult } from '../common/export-result.js';
import type { Span } from './span.js';

export type { ExportResult } from '../common/export-result.js';
export { EXPORT_SUCCESS, exportFailure } from '../common/export-result.js';

export interface SpanExporter {
  export(spans: readonly Span[]): Promise<ExportResult>;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}
