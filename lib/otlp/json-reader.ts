/**
 * Reads OTLP/JSON export requests (traces, metrics, logs) into the same
 * shapes the protobuf readers produce (types.ts, metrics-reader.ts,
 * logs-reader.ts): ids as lowercase hex, 64-bit integers as decimal strings,
 * non-finite doubles as strings; a field is present when the sender wrote it
 * (as the protobuf readers keep what is on the wire), except empty lists and
 * empty ids. So a consumer (the dashboard) handles a JSON body exactly as a
 * protobuf one.
 *
 * Leniency follows the protobuf JSON mapping: 64-bit integers as numbers or
 * strings, enums as numbers or their names, original snake_case field names
 * as well as lowerCamelCase, unknown fields ignored. Anything else of the
 * wrong type throws an OtlpJsonError naming the field's path.
 */
import type { OtlpLogsRequest } from './logs-reader.js';
import type { OtlpMetricsRequest } from './metrics-reader.js';
import type { OtlpTracesRequest } from './types.js';

export class OtlpJsonError extends Error {
  readonly code = 'ZEROTEL_OTLP_JSON';
  constructor(message: string) {
    super(message);
    this.name = 'OtlpJsonError';
  }
}

/** How one field is read; `msg` and `list` nest. */
type Kind =
  | 'str'
  | 'u32'
  | 'i32'
  | 'int64'
  | 'double'
  // Oneof members: present even at their default (as_double = 0 is a value).
  | 'int64Set'
  | 'doubleSet'
  | 'bool'
  | 'hex'
  | 'bytes'
  | 'any'
  | { enum: Record<string, number> }
  | { msg: Schema }
  | { list: Kind };
interface Schema {
  readonly fields: Record<string, Kind>;
  /** Fields always present, with their default (as the protobuf readers' `make()`). */
  readonly base?: () => Record<string, unknown>;
  /** snake_case alias → camelCase name, derived once. */
  alias?: Map<string, string>;
}

const MAX_DEPTH = 64;
const decoder = new TextDecoder('utf-8', { fatal: true });

const KEY_VALUE: Schema = { fields: { key: 'str', value: 'any' }, base: () => ({ key: '', value: {} }) };
const ATTRS: Kind = { list: { msg: KEY_VALUE } };
const RESOURCE: Schema = { fields: { attributes: ATTRS, droppedAttributesCount: 'u32' }, base: () => ({ attributes: [] }) };
const SCOPE: Schema = { fields: { name: 'str', version: 'str', attributes: ATTRS, droppedAttributesCount: 'u32' }, base: () => ({ name: '' }) };

const SPAN_KIND = { SPAN_KIND_UNSPECIFIED: 0, SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5 };
const STATUS_CODE = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };
const TEMPORALITY = { AGGREGATION_TEMPORALITY_UNSPECIFIED: 0, AGGREGATION_TEMPORALITY_DELTA: 1, AGGREGATION_TEMPORALITY_CUMULATIVE: 2 };
const SEVERITY: Record<string, number> = { SEVERITY_NUMBER_UNSPECIFIED: 0 };
for (const [i, n] of ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].entries()) {
  for (let k = 1; k <= 4; k++) SEVERITY[`SEVERITY_NUMBER_${n}${k === 1 ? '' : k}`] = i * 4 + k;
}

const EVENT: Schema = {
  fields: { timeUnixNano: 'int64', name: 'str', attributes: ATTRS, droppedAttributesCount: 'u32' },
  base: () => ({ timeUnixNano: '0', name: '' }),
};
const LINK: Schema = {
  fields: { traceId: 'hex', spanId: 'hex', traceState: 'str', attributes: ATTRS, droppedAttributesCount: 'u32', flags: 'u32' },
  base: () => ({ traceId: '', spanId: '' }),
};
const SPAN: Schema = {
  fields: {
    traceId: 'hex',
    spanId: 'hex',
    traceState: 'str',
    parentSpanId: 'hex',
    flags: 'u32',
    name: 'str',
    kind: { enum: SPAN_KIND },
    startTimeUnixNano: 'int64',
    endTimeUnixNano: 'int64',
    attributes: ATTRS,
    droppedAttributesCount: 'u32',
    events: { list: { msg: EVENT } },
    droppedEventsCount: 'u32',
    links: { list: { msg: LINK } },
    droppedLinksCount: 'u32',
    status: { msg: { fields: { message: 'str', code: { enum: STATUS_CODE } } } },
  },
  base: () => ({ traceId: '', spanId: '', name: '', startTimeUnixNano: '0', endTimeUnixNano: '0' }),
};

const POINT_COMMON = { attributes: ATTRS, startTimeUnixNano: 'int64', timeUnixNano: 'int64', flags: 'u32' } as const;
const NUMBER_POINT: Schema = { fields: { ...POINT_COMMON, asDouble: 'doubleSet', asInt: 'int64Set' } };
const HISTOGRAM_POINT: Schema = {
  fields: { ...POINT_COMMON, count: 'int64', sum: 'double', bucketCounts: { list: 'int64' }, explicitBounds: { list: 'double' }, min: 'double', max: 'double' },
};
const BUCKETS: Schema = { fields: { offset: 'i32', bucketCounts: { list: 'int64' } } };
const EXP_POINT: Schema = {
  fields: {
    ...POINT_COMMON,
    count: 'int64',
    sum: 'double',
    scale: 'i32',
    zeroCount: 'int64',
    positive: { msg: BUCKETS },
    negative: { msg: BUCKETS },
    min: 'double',
    max: 'double',
    zeroThreshold: 'double',
  },
};
const points = (p: Schema): Kind => ({ list: { msg: p } });
const METRIC: Schema = {
  fields: {
    name: 'str',
    description: 'str',
    unit: 'str',
    gauge: { msg: { fields: { dataPoints: points(NUMBER_POINT) }, base: () => ({ dataPoints: [] }) } },
    sum: {
      msg: { fields: { dataPoints: points(NUMBER_POINT), aggregationTemporality: { enum: TEMPORALITY }, isMonotonic: 'bool' }, base: () => ({ dataPoints: [] }) },
    },
    histogram: { msg: { fields: { dataPoints: points(HISTOGRAM_POINT), aggregationTemporality: { enum: TEMPORALITY } }, base: () => ({ dataPoints: [] }) } },
    exponentialHistogram: {
      msg: { fields: { dataPoints: points(EXP_POINT), aggregationTemporality: { enum: TEMPORALITY } }, base: () => ({ dataPoints: [] }) },
    },
  },
  base: () => ({ name: '' }),
};
const LOG_RECORD: Schema = {
  fields: {
    timeUnixNano: 'int64',
    observedTimeUnixNano: 'int64',
    severityNumber: { enum: SEVERITY },
    severityText: 'str',
    body: 'any',
    attributes: ATTRS,
    droppedAttributesCount: 'u32',
    flags: 'u32',
    traceId: 'hex',
    spanId: 'hex',
    eventName: 'str',
  },
};

/** `{resourceX:[{resource, scopeX:[{scope, items:[…], schemaUrl}], schemaUrl}]}` for one signal. */
function requestSchema(resourceList: string, scopeList: string, itemList: string, item: Schema): Schema {
  const scopeGroup: Schema = { fields: { scope: { msg: SCOPE }, [itemList]: { list: { msg: item } }, schemaUrl: 'str' }, base: () => ({ [itemList]: [] }) };
  const resourceGroup: Schema = {
    fields: { resource: { msg: RESOURCE }, [scopeList]: { list: { msg: scopeGroup } }, schemaUrl: 'str' },
    base: () => ({ [scopeList]: [] }),
  };
  return { fields: { [resourceList]: { list: { msg: resourceGroup } } }, base: () => ({ [resourceList]: [] }) };
}

const TRACES = requestSchema('resourceSpans', 'scopeSpans', 'spans', SPAN);
const METRICS = requestSchema('resourceMetrics', 'scopeMetrics', 'metrics', METRIC);
const LOGS = requestSchema('resourceLogs', 'scopeLogs', 'logRecords', LOG_RECORD);

export function decodeTracesJson(bytes: Uint8Array): OtlpTracesRequest {
  return readRequest(bytes, TRACES) as unknown as OtlpTracesRequest;
}

export function decodeMetricsJson(bytes: Uint8Array): OtlpMetricsRequest {
  return readRequest(bytes, METRICS) as unknown as OtlpMetricsRequest;
}

export function decodeLogsJson(bytes: Uint8Array): OtlpLogsRequest {
  return readRequest(bytes, LOGS) as unknown as OtlpLogsRequest;
}

function readRequest(bytes: Uint8Array, schema: Schema): Record<string, unknown> {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new OtlpJsonError('body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new OtlpJsonError(`body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return readMessage(value, schema, '$', 0);
}

function aliases(schema: Schema): Map<string, string> {
  if (schema.alias === undefined) {
    const m = new Map<string, string>();
    for (const name of Object.keys(schema.fields)) {
      m.set(name, name);
      m.set(name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), name);
    }
    schema.alias = m;
  }
  return schema.alias;
}

function readMessage(v: unknown, schema: Schema, path: string, depth: number): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new OtlpJsonError(`${path}: expected an object`);
  if (depth > MAX_DEPTH) throw new OtlpJsonError(`${path}: nested too deeply`);
  const out: Record<string, unknown> = schema.base ? schema.base() : {};
  const names = aliases(schema);
  for (const key of Object.keys(v)) {
    const name = names.get(key);
    if (name === undefined) continue; // unknown fields are ignored, as OTLP requires
    const raw = (v as Record<string, unknown>)[key];
    if (raw === null || raw === undefined) continue;
    const value = readValue(raw, schema.fields[name]!, `${path}.${name}`, depth + 1);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The field's value in reader shape; undefined for an empty list or id (omitted). */
function readValue(v: unknown, kind: Kind, path: string, depth: number): unknown {
  if (typeof kind === 'object') {
    if ('msg' in kind) return readMessage(v, kind.msg, path, depth);
    if ('list' in kind) {
      if (!Array.isArray(v)) throw new OtlpJsonError(`${path}: expected an array`);
      if (v.length === 0) return undefined;
      return v.map((item, i) => readValue(item, kind.list, `${path}[${i}]`, depth + 1) ?? defaultOf(kind.list));
    }
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (typeof v === 'string' && Object.hasOwn(kind.enum, v)) return kind.enum[v];
    throw new OtlpJsonError(`${path}: expected an enum number or name`);
  }
  switch (kind) {
    case 'str':
      if (typeof v !== 'string') throw new OtlpJsonError(`${path}: expected a string`);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw new OtlpJsonError(`${path}: expected a boolean`);
      return v;
    case 'u32':
    case 'i32': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n) || (kind === 'u32' ? n < 0 || n > 0xffffffff : n < -0x80000000 || n > 0x7fffffff))
        throw new OtlpJsonError(`${path}: expected a 32-bit integer`);
      return n;
    }
    case 'int64':
      return int64(v, path);
    case 'double':
      return double(v, path);
    case 'int64Set':
      return int64(v, path);
    case 'doubleSet':
      return double(v, path);
    case 'hex':
      if (typeof v !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(v)) throw new OtlpJsonError(`${path}: expected a hex id`);
      return v === '' ? undefined : v.toLowerCase();
    case 'bytes':
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) throw new OtlpJsonError(`${path}: expected base64 bytes`);
      return v === '' ? undefined : v;
    case 'any':
      return anyValue(v, path, depth);
  }
}

function defaultOf(kind: Kind): unknown {
  if (kind === 'int64') return '0';
  if (kind === 'double') return 0;
  return {};
}

const INT64_RE = /^-?\d{1,20}$/;

function int64(v: unknown, path: string): string {
  let s: string;
  // BigInt, not String: an integer number of 1e21 or more prints in exponent form, which BigInt() refuses.
  if (typeof v === 'number' && Number.isInteger(v)) s = BigInt(v).toString();
  else if (typeof v === 'string' && INT64_RE.test(v)) s = BigInt(v).toString();
  else throw new OtlpJsonError(`${path}: expected a 64-bit integer (number or decimal string)`);
  const b = BigInt(s);
  if (b < -(2n ** 63n) || b >= 2n ** 64n) throw new OtlpJsonError(`${path}: integer out of 64-bit range`);
  return s;
}

function double(v: unknown, path: string): number | string {
  if (typeof v === 'number') return v;
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new OtlpJsonError(`${path}: expected a number`);
}

/** AnyValue is a oneof: the set member is kept even at its default (an empty string is a value). */
function anyValue(v: unknown, path: string, depth: number): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new OtlpJsonError(`${path}: expected an AnyValue object`);
  if (depth > MAX_DEPTH) throw new OtlpJsonError(`${path}: nested too deeply`);
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const x = o[key];
    if (x === null || x === undefined) continue;
    switch (key) {
      case 'stringValue':
      case 'string_value':
        if (typeof x !== 'string') throw new OtlpJsonError(`${path}.stringValue: expected a string`);
        return { stringValue: x };
      case 'boolValue':
      case 'bool_value':
        if (typeof x !== 'boolean') throw new OtlpJsonError(`${path}.boolValue: expected a boolean`);
        return { boolValue: x };
      case 'intValue':
      case 'int_value':
        return { intValue: int64(x, `${path}.intValue`) };
      case 'doubleValue':
      case 'double_value':
        return { doubleValue: double(x, `${path}.doubleValue`) };
      case 'bytesValue':
      case 'bytes_value':
        return { bytesValue: readValue(x, 'bytes', `${path}.bytesValue`, depth) ?? '' };
      case 'arrayValue':
      case 'array_value':
        return { arrayValue: { values: listOf(x, `${path}.arrayValue`, depth, (item, p) => anyValue(item, p, depth + 1)) } };
      case 'kvlistValue':
      case 'kvlist_value':
        return { kvlistValue: { values: listOf(x, `${path}.kvlistValue`, depth, (item, p) => readMessage(item, KEY_VALUE, p, depth + 1)) } };
      default:
    }
  }
  return {};
}

function listOf(x: unknown, path: string, depth: number, read: (item: unknown, path: string) => unknown): unknown[] {
  if (typeof x !== 'object' || x === null) throw new OtlpJsonError(`${path}: expected an object with values`);
  const values = (x as { values?: unknown }).values ?? [];
  if (!Array.isArray(values)) throw new OtlpJsonError(`${path}.values: expected an array`);
  if (depth > MAX_DEPTH) throw new OtlpJsonError(`${path}: nested too deeply`);
  return values.map((item, i) => read(item, `${path}.values[${i}]`));
}
