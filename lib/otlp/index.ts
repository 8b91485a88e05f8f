/**
 * zerotel/otlp — the pure OTLP codec: protobuf and JSON writers and readers,
 * no I/O. Signal encoders write straight from model objects.
 *
 * Building blocks for a signal encoder (metrics, logs):
 *   protobuf: `ProtoWriter` (tag/uint32/int64/fixed64Int/fixed64Time/double/string/fork+join),
 *             `writeKeyValues(w, field, attrs)`, `writeAnyValue(w, v)` (body only),
 *             `writeResource(w, 1, resource)`, `writeScope(w, 1, scope)` (cached per object);
 *   JSON:     bytes: `JsonWriter` (lit/str/uint/int64/double/time/timeField/hex64/ids) with `literal(s)` fragments,
 *             `writeJsonAttributesField`, `writeJsonKeyValues`, `writeJsonAnyValue`, `writeJsonResource`, `writeJsonScope`;
 *             strings: `jsonString`, `jsonInt64`, `jsonDouble`, `jsonTime`, `jsonKeyValues`, `jsonAttributesField`,
 *             `jsonAnyValue`, `jsonResource`, `jsonScope` (cached per object);
 *   readers:  `ProtoReader` (tag/enter/leave/skip/...), `readNested`, `readKeyValue`, `readAnyValue`,
 *             `readResource`, `readScope`, `readPartialSuccess` — producing OTLP/JSON shapes (types.ts).
 */
export { ProtoWriter } from './proto-writer.js';
export { ProtoReader, ProtoDecodeError, int64ToString } from './proto-reader.js';
export { jsonBytes, jsonDouble, jsonInt64, jsonNanos, jsonSpanId, jsonString, jsonTime, jsonTraceId } from './json-writer.js';
export { encodeResource, encodeScope, writeAnyValue, writeKeyValues, writeResource, writeScope } from './common-proto.js';
export { jsonAnyValue, jsonAttributesField, jsonKeyValues, jsonResource, jsonScope } from './common-json.js';
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
} from './common-reader.js';
export { encodeTracesProto, writeTracesRequest } from './trace-proto.js';
export { encodeTracesJson, encodeTracesJsonBytes, jsonSpan, writeTracesJson } from './trace-json.js';
export { JsonWriter, literal } from './json-byte-writer.js';
export { writeJsonAnyValue, writeJsonAttributesField, writeJsonKeyValues, writeJsonResource, writeJsonScope } from './json-bytes.js';
export { decodeTracesRequest } from './trace-reader.js';
export { groupSpans, otlpFlags } from './span-groups.js';
export type { ResourceGroup, ScopeGroup } from './span-groups.js';
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
} from './types.js';

// logs (issue 6): encoders and the protobuf reader for ExportLogsServiceRequest.
export { encodeLogsProto, writeLogsRequest, writeLogRecord } from './logs-proto.js';
export { encodeLogsJson, jsonLogRecord } from './logs-json.js';
export { decodeLogsRequest } from './logs-reader.js';
export type { OtlpLogRecord, OtlpLogsRequest, OtlpResourceLogs, OtlpScopeLogs } from './logs-reader.js';

// metrics (issue 5): encoders and the protobuf reader for ExportMetricsServiceRequest.
export { encodeMetricsProto, writeMetricsRequest, writeMetric } from './metrics-proto.js';
export { encodeMetricsJson, jsonMetric } from './metrics-json.js';
export { decodeMetricsRequest } from './metrics-reader.js';
export type {
  OtlpBuckets,
  OtlpExponentialHistogramDataPoint,
  OtlpHistogramDataPoint,
  OtlpMetric,
  OtlpMetricsRequest,
  OtlpNumberDataPoint,
  OtlpResourceMetrics,
  OtlpScopeMetrics,
} from './metrics-reader.js';
