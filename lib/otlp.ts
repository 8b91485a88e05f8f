/**
 * zerotel/otlp — the pure OTLP codec: protobuf and JSON writers and readers,
 * no I/O. Signal encoders write straight from model objects.
 *
 * Building blocks for a signal encoder (metrics, logs):
 *   protobuf: `ProtoWriter` (tag/uint32/int64/fixed64Int/fixed64Time/double/string/fork+join),
 *             `writeKeyValues(w, field, attrs)`, `writeAnyValue(w, v)` (body only),
 *             `writeResource(w, 1, resource)`, `writeScope(w, 1, scope)` (cached per object);
 *   JSON:     one byte-level stack: `JsonWriter` (lit/str/uint/int64/double/time/timeField/hex64/ids, `text()`)
 *             with `literal(s)` fragments, `writeJsonAttributesField`, `writeJsonKeyValues`, `writeJsonAnyValue`,
 *             `writeJsonResource`, `writeJsonScope` (cached per object);
 *   readers:  `ProtoReader` (tag/enter/leave/skip/...), `readNested`, `readKeyValue`, `readAnyValue`,
 *             `readResource`, `readScope`, `readPartialSuccess` — producing OTLP/JSON shapes (types.ts).
 */
export { ProtoWriter } from './otlp/proto-writer.js';
export { ProtoReader, ProtoDecodeError, int64ToString } from './otlp/proto-reader.js';
export { encodeResource, encodeScope, writeAnyValue, writeKeyValues, writeResource, writeScope } from './otlp/common-proto.js';
export {
  jsonSafeDouble,
  readAnyValue,
  readKeyValue,
  readNested,
  readPartialSuccess,
  readResource,
  readScope,
  toBase64,
  toHex,
} from './otlp/common-reader.js';
export { encodeTracesProto, writeTracesRequest } from './otlp/trace-proto.js';
export { encodeTracesJson, encodeTracesJsonBytes, jsonSpan, writeTracesJson } from './otlp/trace-json.js';
export { JsonWriter, literal } from './otlp/json-byte-writer.js';
export { writeJsonAnyValue, writeJsonAttributesField, writeJsonKeyValues, writeJsonResource, writeJsonScope } from './otlp/json-bytes.js';
export { decodeTracesRequest } from './otlp/trace-reader.js';
export { groupSpans, otlpFlags } from './otlp/span-groups.js';
export type { ResourceGroup, ScopeGroup } from './otlp/span-groups.js';
export type {
  OtlpAnyValue,
  OtlpKeyValue,
  OtlpPartialSuccess,
  OtlpResource,
  OtlpScope,
  OtlpResourceSpans,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpSpanEvent,
  OtlpSpanLink,
  OtlpStatus,
  OtlpTracesRequest,
} from './otlp/types.js';

// logs (issue 6): encoders and the protobuf reader for ExportLogsServiceRequest.
export { encodeLogsProto, writeLogsRequest, writeLogRecord } from './otlp/logs-proto.js';
export { encodeLogsJson, jsonLogRecord } from './otlp/logs-json.js';
export { decodeLogsRequest } from './otlp/logs-reader.js';
export type { OtlpLogRecord, OtlpLogsRequest, OtlpResourceLogs, OtlpScopeLogs } from './otlp/logs-reader.js';

// metrics (issue 5): encoders and the protobuf reader for ExportMetricsServiceRequest.
export { encodeMetricsProto, writeMetricsRequest, writeMetric } from './otlp/metrics-proto.js';
export { encodeMetricsJson, jsonMetric, writeMetricsJson } from './otlp/metrics-json.js';
export { decodeMetricsRequest } from './otlp/metrics-reader.js';
export type {
  OtlpBuckets,
  OtlpExponentialHistogramDataPoint,
  OtlpHistogramDataPoint,
  OtlpMetric,
  OtlpMetricsRequest,
  OtlpNumberDataPoint,
  OtlpResourceMetrics,
  OtlpScopeMetrics,
} from './otlp/metrics-reader.js';
