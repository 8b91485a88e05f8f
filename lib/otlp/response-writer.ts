/**
 * Export{Trace,Metrics,Logs}ServiceResponse, the reply of an OTLP receiver:
 *   response: 1 partial_success ExportXPartialSuccess
 *   partial_success: 1 rejected_spans | rejected_data_points | rejected_log_records int64, 2 error_message string
 * A full success is the empty message (no bytes; `{}` in JSON), as the
 * specification asks; the partial_success is set only when something was
 * rejected or there is a message for the sender.
 */
import { ProtoWriter } from './proto-writer.js';

export type OtlpSignal = 'traces' | 'metrics' | 'logs';

const REJECTED_JSON: Record<OtlpSignal, string> = { traces: 'rejectedSpans', metrics: 'rejectedDataPoints', logs: 'rejectedLogRecords' };

export function encodeExportResponseProto(rejected: number, message: string | undefined): Uint8Array {
  if (rejected <= 0 && !message) return new Uint8Array(0);
  const w = new ProtoWriter(64);
  w.tag(1, 2);
  const at = w.fork();
  if (rejected > 0) {
    w.tag(1, 0);
    w.int64(rejected);
  }
  if (message) w.stringField(2, message);
  w.join(at);
  return w.finish();
}

export function encodeExportResponseJson(signal: OtlpSignal, rejected: number, message: string | undefined): string {
  if (rejected <= 0 && !message) return '{}';
  const ps: Record<string, string> = {};
  if (rejected > 0) ps[REJECTED_JSON[signal]] = String(rejected);
  if (message) ps.errorMessage = message;
  return JSON.stringify({ partialSuccess: ps });
}
