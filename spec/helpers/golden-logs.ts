/**
 * A fixed, deterministic set of log records for the OTLP logs golden vectors:
 * fixed ids and times (the epoch anchor is pinned by withGoldenTime), every
 * AnyValue type in bodies and attributes, records inside and outside spans,
 * dropped counts, event names, two resources and three scopes. Also adapts
 * our records to the official SDK's ReadableLogRecord shape, so the same
 * records can go through the official serializers.
 */
import { Resource } from '../../lib/common/resource.js';
import { epochParts } from '../../lib/common/time.js';
import { hex32 } from '../../lib/trace/ids.js';
import { LogRecord } from '../../lib/logs/log-record.js';
import type { LogRecordOwner } from '../../lib/logs/log-record.js';
import { LoggerProvider } from '../../lib/logs/logger-provider.js';

export { withGoldenTime } from './golden-spans.js';

const T = [0x0102_0304, 0x0506_0708, 0x090a_0b0c, 0x0d0e_0f10] as const;
const S = [0x1112_1314, 0x1516_1718] as const;

function rec(owner: LogRecordOwner, time: number, severity: number, text: string | undefined, body: LogRecord['body'], traced: boolean, flags = 1): LogRecord {
  return traced
    ? new LogRecord(owner, time, time + 0.000_5, severity, text, body, T[0], T[1], T[2], T[3], S[0], S[1], flags)
    : new LogRecord(owner, time, time + 0.000_5, severity, text, body, 0, 0, 0, 0, 0, 0, 0);
}

export function goldenLogRecords(): LogRecord[] {
  const providerA = new LoggerProvider({
    resource: new Resource({ 'service.name': 'golden-service', 'service.version': '1.2.3', 'host.cpus': 2 }),
    logRecordLimits: { attributeCountLimit: 16 },
  });
  const providerB = new LoggerProvider({
    resource: new Resource({ 'service.name': 'second-service', 'unicode.key.ü': 'välue' }, 'https://opentelemetry.io/schemas/1.26.0'),
  });
  const a = providerA.getLogger('golden-logger', '1.0.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.25.0', attributes: { 'scope.attr': 'x' } });
  const a2 = providerA.getLogger('other-logger');
  const b = providerB.getLogger('queue-logger', '2.0.0');

  const out: LogRecord[] = [];
  const r1 = rec(a, 1000.123456, 9, 'INFO', 'user logged in ✓', true);
  r1.setAttributes({
    str: 'hello',
    'str.empty': '',
    'str.unicode': 'héllo 😀 "quoted" \\ \n',
    int: 42,
    'int.negative': -7,
    'int.big': 2 ** 62,
    double: 3.25,
    'bool.false': false,
    'array.strings': ['a', '', 'c'],
    'array.mixed': [1, 'two', true, 4.5],
    map: { inner: 'v', n: 1, deeper: { list: [1, 2] } },
    bytes: new Uint8Array([0, 1, 2, 250, 255]),
  });
  out.push(r1);

  const r2 = rec(a, 1001.5, 17, 'ERROR', { message: 'payment failed', code: 402, retry: false, tags: ['a', 'b'] }, false);
  r2.setAttributes({ 'exception.type': 'TypeError', 'exception.message': 'bad', 'exception.stacktrace': 'TypeError: bad\n    at x (y.js:1:2)' });
  r2.droppedAttributesCount = 3;
  out.push(r2);

  // Inside a sampled-out span: ids but flags 0; no severity, no body, no attributes.
  out.push(rec(a, 1002, 0, undefined, undefined, true, 0));

  const r4 = rec(a2, 1003.000001, 5, 'DEBUG', 123456789, true);
  r4.eventName = 'cache.miss';
  out.push(r4);
  out.push(rec(a2, 1004, 13, 'WARN', -2.5, false));
  out.push(rec(a2, 1005, 21, 'FATAL', true, false));

  const r7 = rec(b, 1006.25, 11, 'INFO3', new Uint8Array([222, 173, 190, 239]), true);
  r7.eventName = 'queue.message.received';
  r7.setAttribute('messaging.system', 'kafka');
  out.push(r7);
  out.push(rec(b, 1007, 10, 'info2', ['list', 'body', 3, { k: 'v' }, [1]], false));
  return out;
}

/** [seconds, nanos] of a relative time, under the current time anchor. */
function hr(t: number): [number, number] {
  const p = { ms: 0, ns: 0 };
  epochParts(t, p);
  const s = Math.floor(p.ms / 1000);
  return [s, (p.ms - s * 1000) * 1e6 + p.ns];
}

/** Our record in the official SDK's ReadableLogRecord shape (identity-stable resource objects via `cache`). */
export function toOfficialLogRecord(r: LogRecord, cache: Map<object, object>): unknown {
  let resource = cache.get(r.owner.resource);
  if (resource === undefined) {
    resource = { attributes: r.owner.resource.attributes, schemaUrl: r.owner.resource.schemaUrl };
    cache.set(r.owner.resource, resource);
  }
  const traceHex = r.hasTrace ? hex32(r.t0) + hex32(r.t1) + hex32(r.t2) + hex32(r.t3) : undefined;
  return {
    hrTime: hr(r.timestamp),
    hrTimeObserved: hr(r.observedTimestamp),
    spanContext: traceHex === undefined ? undefined : { traceId: traceHex, spanId: hex32(r.s0) + hex32(r.s1), traceFlags: r.traceFlags, isRemote: false },
    severityText: r.severityText,
    severityNumber: r.severityNumber === 0 ? undefined : r.severityNumber,
    body: r.body,
    eventName: r.eventName,
    resource,
    instrumentationScope: r.owner.scope,
    attributes: r.attributes ?? {},
    droppedAttributesCount: r.droppedAttributesCount,
  };
}
