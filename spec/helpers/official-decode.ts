/**
 * The official protobuf decoders (protobufjs root generated from
 * opentelemetry-proto, shipped in @opentelemetry/otlp-transformer 0.52.1 under
 * the alias `otlp-decoder`), for tests that must prove bytes decode.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const root: any = require('otlp-decoder/build/src/generated/root.js');
const collector = root.opentelemetry.proto.collector;

export type Signal = 'traces' | 'metrics' | 'logs';
const REQUESTS = {
  traces: collector.trace.v1.ExportTraceServiceRequest,
  metrics: collector.metrics.v1.ExportMetricsServiceRequest,
  logs: collector.logs.v1.ExportLogsServiceRequest,
} as const;

/** Decodes (throws on malformed bytes) and returns the request as a plain OTLP/JSON-shaped object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function officialDecode(signal: Signal, bytes: Uint8Array): any {
  const R = REQUESTS[signal];
  return R.toObject(R.decode(bytes), { longs: String, enums: Number, bytes: String, json: true });
}

/** The keys of an OTLP KeyValue list, in order. */
export function kvKeys(list: { key: string }[] | undefined): string[] {
  return (list ?? []).map((kv) => kv.key);
}
