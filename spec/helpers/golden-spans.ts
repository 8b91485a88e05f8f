/**
 * A fixed, deterministic set of spans for the OTLP golden vectors: fixed ids,
 * fixed times (the epoch anchor is pinned), every attribute type, events,
 * links, statuses, unicode and empty values, two resources and three scopes.
 * Also adapts our spans to the official SDK's ReadableSpan shape, so the same
 * spans can go through the official serializers.
 */
import { Resource } from '../../lib/common/resource.js';
import { setTimeAnchorForTests, epochParts } from '../../lib/common/time.js';
import { SpanContext } from '../../lib/trace/span-context.js';
import type { TraceStateLike } from '../../lib/trace/span-context.js';
import { Span, SpanKind, SpanStatusCode } from '../../lib/trace/span.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';

/** Relative time 0 is this epoch instant while golden spans are built and encoded. */
export const GOLDEN_ANCHOR_MS = 1_764_000_000_000;

function traceState(s: string): TraceStateLike {
  return { serialize: () => s, get: () => undefined };
}

/** Runs `fn` with the time anchor pinned, restoring it afterwards. */
export function withGoldenTime<T>(fn: () => T): T {
  const prev = setTimeAnchorForTests(GOLDEN_ANCHOR_MS);
  try {
    return fn();
  } finally {
    setTimeAnchorForTests(prev);
  }
}

export function goldenSpans(): Span[] {
  const providerA = new TracerProvider({
    resource: new Resource({ 'service.name': 'golden-service', 'service.version': '1.2.3', 'host.cpus': 2, 'deployment.canary': false }),
  });
  const providerB = new TracerProvider({
    resource: new Resource({ 'service.name': 'second-service', 'unicode.key.ü': 'välue' }, 'https://opentelemetry.io/schemas/1.26.0'),
  });
  const tracerA = providerA.getTracer('golden-lib', '0.9.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.25.0', attributes: { 'scope.attr': 'x', 'scope.n': 7 } });
  const tracerA2 = providerA.getTracer('other-lib');
  const tracerB = providerB.getTracer('queue-lib', '2.0.0');

  const root = new Span(tracerA, 'GET /users/:id', SpanKind.SERVER, 0x0102_0304, 0x0506_0708, 0x090a_0b0c, 0x0d0e_0f10, 0x1112_1314, 0x1516_1718, 0, 0, false, 0x03, traceState('vendor=abc,other=1'), 1000.123456);
  root.setAttributes({
    'str': 'hello',
    'str.empty': '',
    'str.unicode': 'héllo wörld ✓ 😀 \u0000 "quoted" \\ \n',
    'int': 42,
    'int.negative': -7,
    'int.zero': 0,
    'int.max_safe': Number.MAX_SAFE_INTEGER,
    'int.big': 2 ** 62,
    'int.min': -(2 ** 63),
    'double': 3.14159,
    'double.negative': -0.5,
    'double.nan': NaN,
    'double.inf': Infinity,
    'double.neg_inf': -Infinity,
    'bool.true': true,
    'bool.false': false,
    'array.str': ['a', '', 'ü'],
    'array.str_nulls': ['a', null, undefined, 'b'],
    'array.int': [1, -2, 3],
    'array.double': [1.5, 2.25],
    'array.bool': [true, false],
    'array.empty': [],
    'long.string': 'x'.repeat(300),
  });
  root.addEvent('request.received', { 'event.attr': 'v', 'event.n': 1 }, 1000.2);
  root.addEvent('no-attrs', 1000.5);
  root.setStatus(SpanStatusCode.OK);
  root.end(1012.987654);

  const child = new Span(tracerA, 'SELECT users', SpanKind.CLIENT, 0x0102_0304, 0x0506_0708, 0x090a_0b0c, 0x0d0e_0f10, 0x2122_2324, 0x2526_2728, 0x1112_1314, 0x1516_1718, true, 0x01, undefined, 1001);
  child.setAttribute('db.system', 'postgresql');
  child.addLink(SpanContext.fromHex('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 1, traceState('k=v'), true)!, { 'link.attr': 'l', 'link.n': 3.5 });
  child.addLink(SpanContext.fromHex('cccccccccccccccccccccccccccccccc', 'dddddddddddddddd', 0, undefined, false)!);
  child.setStatus(SpanStatusCode.ERROR, 'boom: ünïcode ✗');
  child.droppedAttributesCount = 3;
  child.droppedEventsCount = 2;
  child.droppedLinksCount = 1;
  child.end(1005.000001);

  const bare = new Span(tracerA2, '', SpanKind.INTERNAL, 0xffff_ffff, 0, 0, 1, 0x8000_0000, 1, 0, 0, false, 0x00, undefined, 2000);
  bare.end(2000);

  const producer = new Span(tracerB, 'publish ✉', SpanKind.PRODUCER, 0xdead_beef, 0xcafe_babe, 0x0000_0001, 0x8000_0000, 0x0000_0001, 0x0000_0002, 0, 0, false, 0x01, undefined, 3000.000999);
  producer.setAttribute('messaging.system', 'kafka');
  producer.setStatus(SpanStatusCode.ERROR);
  producer.end(3001);
  const consumer = new Span(tracerB, 'process', SpanKind.CONSUMER, 0xdead_beef, 0xcafe_babe, 0x0000_0001, 0x8000_0000, 0x0000_0003, 0x0000_0004, 0x0000_0001, 0x0000_0002, false, 0x01, undefined, 3002);
  consumer.end(3003.5);

  // Interleaved so grouping (resource → scope) is exercised, not just the one-tracer fast path.
  return [root, producer, bare, child, consumer];
}

type HrTime = [number, number];
const parts = { ms: 0, ns: 0 };
function hr(t: number): HrTime {
  epochParts(t, parts);
  const s = Math.floor(parts.ms / 1000);
  return [s, (parts.ms - s * 1000) * 1e6 + parts.ns];
}

/** Our span as the official SDK's ReadableSpan (call inside withGoldenTime for golden times). */
export function toOfficialSpan(span: Span, cache: Map<object, object>): unknown {
  const owner = span.owner!;
  let resource = cache.get(owner.resource);
  if (resource === undefined) {
    resource = { attributes: owner.resource.attributes, schemaUrl: owner.resource.schemaUrl };
    cache.set(owner.resource, resource);
  }
  const ctx = span.spanContext();
  const parentSpanId = span.parentSpanId;
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => ({ traceId: ctx.traceId, spanId: ctx.spanId, traceFlags: span.traceFlags, traceState: span.traceState, isRemote: false }),
    parentSpanContext:
      parentSpanId === undefined ? undefined : { traceId: ctx.traceId, spanId: parentSpanId, traceFlags: span.traceFlags, isRemote: span.parentIsRemote },
    startTime: hr(span.startTime),
    endTime: hr(span.endTime),
    status: { code: span.statusCode, message: span.statusMessage },
    attributes: span.attributes ?? {},
    links: (span.links ?? []).map((l) => ({
      context: { traceId: l.context.traceId, spanId: l.context.spanId, traceFlags: l.context.traceFlags, traceState: l.context.traceState, isRemote: l.context.isRemote },
      attributes: l.attributes,
      droppedAttributesCount: l.droppedAttributesCount,
    })),
    events: (span.events ?? []).map((e) => ({ name: e.name, attributes: e.attributes, time: hr(e.time), droppedAttributesCount: e.droppedAttributesCount })),
    duration: [0, 0],
    ended: true,
    resource,
    instrumentationScope: owner.scope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
