/**
 * Readers for the shared OTLP messages, producing the OTLP/JSON shapes of
 * types.ts. Each reader expects the reader positioned INSIDE the message
 * (after `enter()`) and reads to its end. Field tables as in common-proto.ts;
 * the table machinery is in proto-fields.ts.
 */
import type { ProtoReader } from './proto-reader.js';
import {
  base64Field,
  boolField,
  doubleField,
  int64Field,
  LEN,
  messageField,
  messageReader,
  readNested,
  repeatedField,
  stringField,
  tagOf,
  uint32Field,
  VARINT,
  I64,
} from './proto-fields.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpPartialSuccess, OtlpResource, OtlpScope } from './types.js';

export { jsonSafeDouble, readNested, toBase64, toHex } from './proto-fields.js';

/** ArrayValue { 1 values repeated AnyValue }, KeyValueList { 1 values repeated KeyValue } (the hoisted functions below break the cycle). */
const readArrayValue = messageReader<{ values: OtlpAnyValue[] }>(() => ({ values: [] }), {
  [tagOf(1, LEN)]: repeatedField('values', readAnyValue),
});
const readKeyValueList = messageReader<{ values: OtlpKeyValue[] }>(() => ({ values: [] }), {
  [tagOf(1, LEN)]: repeatedField('values', readKeyValue),
});

const anyValue = messageReader<OtlpAnyValue>(() => ({}), {
  [tagOf(1, LEN)]: stringField('stringValue'),
  [tagOf(2, VARINT)]: boolField('boolValue'),
  [tagOf(3, VARINT)]: int64Field('intValue'),
  [tagOf(4, I64)]: doubleField('doubleValue'),
  [tagOf(5, LEN)]: messageField('arrayValue', readArrayValue),
  [tagOf(6, LEN)]: messageField('kvlistValue', readKeyValueList),
  [tagOf(7, LEN)]: base64Field('bytesValue'),
});

const keyValue = messageReader<OtlpKeyValue>(() => ({ key: '', value: {} }), {
  [tagOf(1, LEN)]: stringField('key'),
  [tagOf(2, LEN)]: messageField('value', anyValue),
});

const resource = messageReader<OtlpResource>(() => ({ attributes: [] }), {
  [tagOf(1, LEN)]: repeatedField('attributes', keyValue),
  [tagOf(2, VARINT)]: uint32Field('droppedAttributesCount'),
});

const scope = messageReader<OtlpScope>(() => ({ name: '' }), {
  [tagOf(1, LEN)]: stringField('name'),
  [tagOf(2, LEN)]: stringField('version'),
  [tagOf(3, LEN)]: repeatedField('attributes', keyValue),
  [tagOf(4, VARINT)]: uint32Field('droppedAttributesCount'),
});

export function readAnyValue(r: ProtoReader): OtlpAnyValue {
  return anyValue(r);
}

export function readKeyValue(r: ProtoReader): OtlpKeyValue {
  return keyValue(r);
}

export function readResource(r: ProtoReader): OtlpResource {
  return resource(r);
}

export function readScope(r: ProtoReader): OtlpScope {
  return scope(r);
}

/**
 * The partial_success of an Export{Trace,Metrics,Logs}ServiceResponse:
 *   response: 1 partial_success { 1 rejected_* int64, 2 error_message string }
 * Reads a whole response body; undefined when there is none.
 */
export function readPartialSuccess(r: ProtoReader): OtlpPartialSuccess | undefined {
  let out: OtlpPartialSuccess | undefined;
  while (r.more()) {
    const t = r.tag();
    if (t === tagOf(1, LEN)) out = readNested(r, partialSuccess);
    else r.skip(t & 7);
  }
  return out;
}

const partialSuccess = messageReader<OtlpPartialSuccess>(() => ({ rejected: 0, errorMessage: '' }), {
  [tagOf(1, VARINT)]: (r, out) => {
    out.rejected = Number(r.int64String());
  },
  [tagOf(2, LEN)]: stringField('errorMessage'),
});
