import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { droppedCounts } from '../../lib/common/diag.js';
import { epochNanosBigInt } from '../../lib/common/time.js';
import { SpanContext, TraceFlags } from '../../lib/trace/span-context.js';
import { Span, SpanKind, SpanStatusCode } from '../../lib/trace/span.js';
import { captureDiag, testTracing } from '../helpers/tracing.js';

describe('span identity and time', () => {
  test('ids are lowercase hex of the right length, never all zero, and unique', () => {
    const { provider } = testTracing();
    const tracer = provider.getTracer('t');
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const s = tracer.startSpan('x');
      assert.match(s.traceId, /^[0-9a-f]{32}$/);
      assert.match(s.spanId, /^[0-9a-f]{16}$/);
      assert.notEqual(s.traceId, '0'.repeat(32));
      assert.notEqual(s.spanId, '0'.repeat(16));
      seen.add(s.spanId);
      s.end();
    }
    assert.equal(seen.size, 2000);
  });

  test('a root span has no parent, is sampled and carries the level-2 random flag', () => {
    const s = testTracing().provider.getTracer('t').startSpan('root');
    assert.equal(s.parentSpanId, undefined);
    assert.equal(s.traceFlags & TraceFlags.SAMPLED, TraceFlags.SAMPLED);
    assert.equal(s.traceFlags & TraceFlags.RANDOM, TraceFlags.RANDOM);
    assert.equal(s.spanContext().isRemote, false);
    assert.equal(s.spanContext(), s.spanContext(), 'span context is made once');
  });

  test('start and end are nanoseconds since the epoch, anchored to the wall clock, with sub-millisecond resolution', async () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const s = testTracing().provider.getTracer('t').startSpan('timed');
    await new Promise((r) => setTimeout(r, 5));
    s.end();
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    const start = epochNanosBigInt(s.startTime);
    const end = epochNanosBigInt(s.endTime);
    assert.ok(start >= before - 2_000_000n && start <= after, `start ${start} within [${before}, ${after}]`);
    assert.ok(end - start >= 4_000_000n, 'the 5 ms wait is visible');
    assert.ok(end <= after);
    const times = Array.from({ length: 20 }, () => {
      const x = testTracing().provider.getTracer('t').startSpan('x');
      return epochNanosBigInt(x.startTime) % 1_000_000n;
    });
    assert.ok(times.some((ns) => ns !== 0n), 'not stamped at whole milliseconds');
  });

  test('explicit start and end times are honoured in all TimeInput forms', () => {
    const tracer = testTracing().provider.getTracer('t');
    const epochMs = Date.now() - 1000;
    for (const [start, end] of [
      [epochMs, epochMs + 250],
      [new Date(epochMs), new Date(epochMs + 250)],
      [
        [Math.floor(epochMs / 1000), (epochMs % 1000) * 1e6],
        [Math.floor((epochMs + 250) / 1000), ((epochMs + 250) % 1000) * 1e6],
      ],
    ] as const) {
      const s = tracer.startSpan('t', { startTime: start as never });
      s.end(end as never);
      assert.ok(Math.abs(s.duration - 250) < 0.01, `duration ${s.duration}`);
      assert.ok(Math.abs(Number(epochNanosBigInt(s.startTime) / 1_000_000n) - epochMs) <= 1);
    }
  });

  test('an end time before the start is clamped to the start', () => {
    const s = testTracing().provider.getTracer('t').startSpan('t');
    s.end(Date.now() - 60_000);
    assert.equal(s.duration, 0);
  });
});

describe('attributes', () => {
  test('valid values are kept and invalid ones are dropped, counted and reported, never thrown', () => {
    const d = captureDiag();
    try {
      const s = testTracing().provider.getTracer('t').startSpan('a');
      const cases: [string, unknown, boolean][] = [
        ['s', 'text', true],
        ['empty', '', true],
        ['n', 1.5, true],
        ['i', 42, true],
        ['b', false, true],
        ['nan', Number.NaN, true],
        ['as', ['a', null, 'b'], true],
        ['an', [1, 2, undefined], true],
        ['ab', [true, false], true],
        ['aempty', [], true],
        ['mixed', [1, 'a'], false],
        ['obj', { a: 1 }, false],
        ['nested', [[1]], false],
        ['undef', undefined, false],
        ['null', null, false],
        ['fn', () => 1, false],
        ['sym', Symbol('x'), false],
        ['big', 10n, false],
      ];
      for (const [k, v] of cases) s.setAttribute(k, v);
      s.setAttribute('', 'empty key');
      s.setAttribute(undefined as unknown as string, 'no key');
      for (const [k, v, ok] of cases) {
        if (ok) assert.deepEqual(s.attributes![k], v, k);
        else assert.equal(Object.hasOwn(s.attributes!, k), false, k);
      }
      assert.equal(s.attributeCount, cases.filter((c) => c[2]).length);
      assert.equal(droppedCounts()['span.attribute'], cases.filter((c) => !c[2]).length + 2);
      assert.ok(d.messages.some((m) => m.message.includes('invalid value for attribute')));
    } finally {
      d.restore();
    }
  });

  test('setting an existing key replaces it without counting twice; prototype names are ordinary keys', () => {
    const s = testTracing({ spanLimits: { attributeCountLimit: 2 } }).provider.getTracer('t').startSpan('a');
    s.setAttribute('k', 1);
    s.setAttribute('k', 2);
    s.setAttribute('constructor', 'c');
    s.setAttribute('toString', 't');
    assert.deepEqual({ ...s.attributes }, { k: 2, constructor: 'c' });
    assert.equal(s.droppedAttributesCount, 1);
    s.setAttribute('constructor', 'c2');
    assert.equal(s.attributes!.constructor, 'c2');
  });

  test('the count limit drops new keys and counts them; the value length limit truncates strings and string arrays', () => {
    const s = testTracing({ spanLimits: { attributeCountLimit: 3, attributeValueLengthLimit: 4 } })
      .provider.getTracer('t')
      .startSpan('a', { attributes: { a: 'abcdefgh', b: ['123456', 'xy'], c: 123456 } });
    s.setAttributes({ d: 1, e: 2 });
    s.setAttribute('a', 'zzzzzz');
    assert.deepEqual({ ...s.attributes }, { a: 'zzzz', b: ['1234', 'xy'], c: 123456 });
    assert.equal(s.droppedAttributesCount, 2);
  });

  test('the default limit is 128 attributes', () => {
    const s = testTracing().provider.getTracer('t').startSpan('a');
    for (let i = 0; i < 200; i++) s.setAttribute(`k${i}`, i);
    assert.equal(Object.keys(s.attributes!).length, 128);
    assert.equal(s.droppedAttributesCount, 72);
  });

  test('setAttributes ignores a non-object and inherited keys', () => {
    const s = testTracing().provider.getTracer('t').startSpan('a');
    s.setAttributes(null as never);
    s.setAttributes(Object.create({ inherited: 1 }) as never);
    assert.equal(s.attributes, undefined);
  });
});

describe('events and links', () => {
  test('events keep name, time and sanitized attributes, up to the limit', () => {
    const s = testTracing({ spanLimits: { eventCountLimit: 2, attributePerEventCountLimit: 1 } }).provider.getTracer('t').startSpan('e');
    const at = Date.now();
    s.addEvent('first', { a: 1, b: 2, bad: {} as never });
    s.addEvent('second', at);
    s.addEvent('third');
    assert.equal(s.events!.length, 2);
    assert.deepEqual({ ...s.events![0]!.attributes }, { a: 1 });
    assert.equal(s.events![0]!.droppedAttributesCount, 1);
    assert.equal(Number(epochNanosBigInt(s.events![1]!.time) / 1_000_000n), at);
    assert.equal(s.droppedEventsCount, 1);
  });

  test('links are accepted at start and after start, validated, limited and dropped after end', () => {
    const tracer = testTracing({ spanLimits: { linkCountLimit: 2 } }).provider.getTracer('t');
    const a = tracer.startSpan('a');
    const b = tracer.startSpan('b', { links: [{ context: a.spanContext(), attributes: { why: 'batch' } }] });
    b.addLink(tracer.startSpan('c'));
    b.addLink(a.spanContext());
    b.addLink(new SpanContext(0, 0, 0, 0, 0, 0, 1, undefined, false));
    assert.equal(b.links!.length, 2);
    assert.equal(b.droppedLinksCount, 1);
    assert.deepEqual({ ...b.links![0]!.attributes }, { why: 'batch' });
    assert.equal(b.links![0]!.context.traceId, a.traceId);
    b.end();
    const d = captureDiag();
    try {
      b.addLink(a);
      assert.equal(b.links!.length, 2);
      assert.ok(droppedCounts()['span.change-after-end'] === 1);
    } finally {
      d.restore();
    }
  });
});

describe('status, names and end', () => {
  const { OK, ERROR, UNSET } = SpanStatusCode;
  const table: { steps: [number, string?][]; code: number; message: string | undefined }[] = [
    { steps: [], code: UNSET, message: undefined },
    { steps: [[ERROR, 'boom']], code: ERROR, message: 'boom' },
    { steps: [[ERROR, 'boom'], [UNSET]], code: ERROR, message: 'boom' },
    { steps: [[ERROR, 'boom'], [OK, 'ignored']], code: OK, message: undefined },
    { steps: [[OK], [ERROR, 'late']], code: OK, message: undefined },
    { steps: [[OK, 'no description for OK']], code: OK, message: undefined },
    { steps: [[ERROR, 'a'], [ERROR, 'b']], code: ERROR, message: 'b' },
    { steps: [[ERROR]], code: ERROR, message: undefined },
  ];
  for (const row of table) {
    test(`status after ${JSON.stringify(row.steps)} is ${row.code}${row.message ? ` "${row.message}"` : ''}`, () => {
      const s = testTracing().provider.getTracer('t').startSpan('s');
      for (const [code, msg] of row.steps) s.setStatus({ code: code as SpanStatusCode, message: msg });
      assert.equal(s.statusCode, row.code);
      assert.equal(s.statusMessage, row.message);
    });
  }

  test('setStatus also takes (code, message)', () => {
    const s = testTracing().provider.getTracer('t').startSpan('s');
    s.setStatus(ERROR, 'x');
    assert.equal(s.statusMessage, 'x');
  });

  test('updateName renames, a second end() is ignored and reported, and changes after end are ignored', async () => {
    const t = testTracing();
    const s = t.provider.getTracer('t').startSpan('old', { kind: SpanKind.SERVER });
    s.updateName('new');
    assert.equal(s.isRecording(), true);
    s.end();
    assert.equal(s.isRecording(), false);
    const d = captureDiag();
    try {
      const endTime = s.endTime;
      s.end();
      s.updateName('later');
      s.setAttribute('late', 1);
      s.addEvent('late');
      s.setStatus(ERROR, 'late');
      s.recordException(new Error('late'));
      assert.equal(s.endTime, endTime);
      assert.equal(s.name, 'new');
      assert.equal(s.attributes, undefined);
      assert.equal(s.events, undefined);
      assert.equal(s.statusCode, UNSET);
      assert.equal(droppedCounts()['span.end-twice'], 1);
      assert.ok(d.messages.some((m) => m.message.includes('end() called again')));
    } finally {
      d.restore();
    }
    const spans = await t.spans();
    assert.equal(spans.length, 1, 'exported once');
    assert.equal(spans[0]!.kind, SpanKind.SERVER);
  });
});

describe('recordException', () => {
  test('an Error becomes an exception event with type, message and stack trace', () => {
    const s = testTracing().provider.getTracer('t').startSpan('x');
    const err = new TypeError('bad input');
    s.recordException(err);
    const ev = s.events![0]!;
    assert.equal(ev.name, 'exception');
    assert.equal(ev.attributes!['exception.type'], 'TypeError');
    assert.equal(ev.attributes!['exception.message'], 'bad input');
    assert.equal(ev.attributes!['exception.stacktrace'], err.stack);
  });

  const others: [string, unknown, Record<string, unknown>][] = [
    ['a string', 'plain failure', { 'exception.message': 'plain failure' }],
    ['an error-like object', { name: 'HttpError', message: 'nope', stack: 'at x' }, { 'exception.type': 'HttpError', 'exception.message': 'nope', 'exception.stacktrace': 'at x' }],
    ['an empty object', {}, { 'exception.message': '[object Object]' }],
    ['a number', 42, { 'exception.message': '42' }],
    ['an unprintable object', Object.create(null), { 'exception.message': 'unprintable value' }],
  ];
  for (const [what, value, attrs] of others) {
    test(`${what} is recorded without throwing`, () => {
      const s = testTracing().provider.getTracer('t').startSpan('x');
      s.recordException(value);
      assert.deepEqual({ ...s.events![0]!.attributes }, attrs);
    });
  }
});

describe('non-recording spans', () => {
  test('a wrapped context carries identity only and ignores every change', () => {
    const ctx = SpanContext.fromHex('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 1)!;
    const s = Span.wrap(ctx);
    assert.equal(s.isRecording(), false);
    assert.equal(s.isRemote, true);
    s.setAttribute('a', 1).addEvent('e').setStatus(SpanStatusCode.ERROR).updateName('n').addLink(ctx).recordException('x');
    s.end();
    assert.equal(s.attributes, undefined);
    assert.equal(s.spanContext(), ctx);
    assert.equal(s.traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(s.resource, undefined);
    assert.equal(s.instrumentationScope, undefined);
  });
});

describe('SpanContext', () => {
  test('fromHex rejects bad ids and keeps good ones', () => {
    const good = SpanContext.fromHex('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 3);
    assert.ok(good);
    assert.equal(good.t0, 0x0af76519);
    assert.equal(good.s1, 0x69203331);
    assert.equal(good.sampled, true);
    assert.deepEqual(good.toJSON(), { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 3, isRemote: true });
    for (const [t, s] of [
      ['0'.repeat(32), 'b7ad6b7169203331'],
      ['0af7651916cd43dd8448eb211c80319c', '0'.repeat(16)],
      ['0AF7651916CD43DD8448EB211C80319C', 'b7ad6b7169203331'],
      ['0af7651916cd43dd8448eb211c80319', 'b7ad6b7169203331'],
      ['0af7651916cd43dd8448eb211c80319g', 'b7ad6b7169203331'],
      ['0af7651916cd43dd8448eb211c80319c', 'b7ad6b716920333é'],
      [1 as never, 'b7ad6b7169203331'],
    ]) {
      assert.equal(SpanContext.fromHex(t!, s!), undefined, `${String(t)} ${s}`);
    }
  });

  test('hex is computed from the id words when not given', () => {
    const c = new SpanContext(0xffffffff, 1, 0x10, 0xabcdef01, 0x80000000, 2, 0, { serialize: () => 'a=b', get: () => 'b' }, false);
    assert.equal(c.traceId, 'ffffffff0000000100000010abcdef01');
    assert.equal(c.spanId, '8000000000000002');
    assert.equal(c.toJSON().traceState, 'a=b');
  });
});
