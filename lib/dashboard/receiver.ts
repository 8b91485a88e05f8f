/**
 * The OTLP ingest entry shared by every transport (contract 2): the HTTP
 * receiver (otlp-http.ts) and the gRPC receiver hand it a request body, it
 * decodes the body with our readers (protobuf or JSON) into OTLP/JSON shapes
 * and adds them to the store. Results are values: a malformed body is
 * `{ ok: false, status: 'invalid' }`, never a throw.
 */
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson, OtlpJsonError } from '../otlp/json-reader.js';
import { decodeLogsRequest } from '../otlp/logs-reader.js';
import { decodeMetricsRequest } from '../otlp/metrics-reader.js';
import { ProtoDecodeError } from '../otlp/proto-reader.js';
import { DashboardStore } from './store.js';
import type { IngestCount } from './store.js';

export type OtlpSignal = 'traces' | 'metrics' | 'logs';
export type OtlpEncoding = 'protobuf' | 'json';

export interface IngestMeta {
  /** As the sender said it (kept with the raw body for the wire view). */
  readonly contentType?: string;
  readonly contentEncoding?: string;
  /** Keep the body for the wire view (default true). */
  readonly keepRaw?: boolean;
  /** Refuse bodies larger than this (default: no bound here; the transports bound first). */
  readonly maxBytes?: number;
}

export type IngestResult = { ok: true; rejected: number; message?: string } | { ok: false; status: 'invalid' | 'too-large'; message: string };

const MESSAGES: Record<OtlpSignal, string> = {
  traces: 'ExportTraceServiceRequest',
  metrics: 'ExportMetricsServiceRequest',
  logs: 'ExportLogsServiceRequest',
};
const ITEMS: Record<OtlpSignal, string> = { traces: 'spans', metrics: 'data points', logs: 'log records' };

type Ingest = (store: DashboardStore, body: Uint8Array) => IngestCount;

/** One row per (signal, encoding): the decoder and where the result goes. */
const INGEST: Record<OtlpSignal, Record<OtlpEncoding, Ingest>> = {
  traces: {
    protobuf: (s, b) => s.ingestTracesProto(b),
    json: (s, b) => s.ingestTraces(decodeTracesJson(b)),
  },
  metrics: {
    protobuf: (s, b) => s.ingestMetrics(decodeMetricsRequest(b)),
    json: (s, b) => s.ingestMetrics(decodeMetricsJson(b)),
  },
  logs: {
    protobuf: (s, b) => s.ingestLogs(decodeLogsRequest(b)),
    json: (s, b) => s.ingestLogs(decodeLogsJson(b)),
  },
};

export function ingestOtlp(store: DashboardStore, signal: OtlpSignal, body: Uint8Array, encoding: OtlpEncoding, meta: IngestMeta = {}): IngestResult {
  const ingest = INGEST[signal]?.[encoding];
  if (!(store instanceof DashboardStore)) return { ok: false, status: 'invalid', message: 'no dashboard store to ingest into' };
  if (ingest === undefined) return { ok: false, status: 'invalid', message: `unknown signal or encoding: ${String(signal)}/${String(encoding)}` };
  if (!(body instanceof Uint8Array)) return { ok: false, status: 'invalid', message: 'body must be a Uint8Array' };
  if (meta.maxBytes !== undefined && body.byteLength > meta.maxBytes) {
    store.dropped.requests++;
    return { ok: false, status: 'too-large', message: `${MESSAGES[signal]} of ${body.byteLength} bytes exceeds the limit of ${meta.maxBytes} bytes` };
  }
  let count: IngestCount;
  try {
    count = ingest(store, body);
  } catch (err) {
    store.dropped.requests++;
    if (err instanceof ProtoDecodeError) return { ok: false, status: 'invalid', message: `malformed protobuf ${MESSAGES[signal]}: ${err.message}` };
    if (err instanceof OtlpJsonError) return { ok: false, status: 'invalid', message: `malformed OTLP/JSON ${MESSAGES[signal]}: ${err.message}` };
    return { ok: false, status: 'invalid', message: `could not read ${MESSAGES[signal]}: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (meta.keepRaw !== false) store.raw.add(signal, meta.contentType ?? (encoding === 'json' ? 'application/json' : 'application/x-protobuf'), meta.contentEncoding ?? '', body);
  if (count.rejected > 0) return { ok: true, rejected: count.rejected, message: `${count.rejected} ${ITEMS[signal]} rejected (invalid ids, unknown kind or no name)` };
  return { ok: true, rejected: 0 };
}
