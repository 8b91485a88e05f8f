import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
} from '../../lib/trace/sampler.js';
import type { Sampler } from '../../lib/trace/sampler.js';
import { SpanContext } from '../../lib/trace/span-context.js';
import { Span, SpanKind } from '../../lib/trace/span.js';
import { withTracingSuppressed } from '../../lib/context/suppress-tracing.js';
import { testTracing } from '../helpers/tracing.js';

const sampledRemote = SpanContext.fromHex('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 1)!;
const unsampledRemote = SpanContext.fromHex('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 0)!;

describe('samplers', () => {
  test('AlwaysOff records nothing, yet the context still propagates unsampled', async () => {
    const t = testTracing({ sampler: new AlwaysOffSampler() });
    const s = t.provider.getTracer('t').startSpan('x');
    assert.equal(s.isRecording(), false);
    assert.equal(s.spanContext().sampled, false);
    assert.match(s.traceId, /^[0-9a-f]{32}$/);
    s.setAttribute('a', 1);
    s.end();
    assert.equal((await t.spans()).length, 0);
  });

  test('TraceIdRatioBased samples about its ratio, deterministically by trace id', () => {
    const tracer = testTracing({ sampler: new TraceIdRatioBasedSampler(0.25) }).provider.getTracer('t');
    let sampled = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) if (tracer.startSpan('x').spanContext().sampled) sampled++;
    assert.ok(sampled > n * 0.2 && sampled < n * 0.3, `sampled ${sampled} of ${n}`);
    const r = new TraceIdRatioBasedSampler(0.5);
    assert.equal(r.shouldSample(undefined, 0x7fffffff), SamplingDecision.RECORD_AND_SAMPLED);
    assert.equal(r.shouldSample(undefined, 0x80000000), SamplingDecision.DROP);
    assert.equal(r.shouldSample(undefined, 0x7fffffff), r.shouldSample(undefined, 0x7fffffff));
  });

  test('ratio bounds: 0, 1, out of range and NaN', () => {
    assert.equal(new TraceIdRatioBasedSampler(0).shouldSample(undefined, 0), SamplingDecision.DROP);
    assert.equal(new TraceIdRatioBasedSampler(1).shouldSample(undefined, 0xffffffff), SamplingDecision.RECORD_AND_SAMPLED);
    assert.equal(new TraceIdRatioBasedSampler(7).ratio, 1);
    assert.equal(new TraceIdRatioBasedSampler(-1).ratio, 0);
    assert.equal(new TraceIdRatioBasedSampler(Number.NaN).ratio, 0);
    assert.equal(new TraceIdRatioBasedSampler(0.5).toString(), 'TraceIdRatioBased{0.5}');
  });

  const parentBased = new ParentBasedSampler({ root: new AlwaysOffSampler() });
  const table: [string, Span | undefined, Sampler, SamplingDecision][] = [
    ['root asks the root sampler', undefined, parentBased, SamplingDecision.DROP],
    ['a sampled remote parent is followed', Span.wrap(sampledRemote), parentBased, SamplingDecision.RECORD_AND_SAMPLED],
    ['an unsampled remote parent is followed', Span.wrap(unsampledRemote), parentBased, SamplingDecision.DROP],
    ['a sampled local parent is followed', testTracing().provider.getTracer('t').startSpan('p'), parentBased, SamplingDecision.RECORD_AND_SAMPLED],
    [
      'an unsampled local parent is followed',
      testTracing({ sampler: new AlwaysOffSampler() }).provider.getTracer('t').startSpan('p'),
      new ParentBasedSampler(new AlwaysOnSampler()),
      SamplingDecision.DROP,
    ],
    [
      'custom delegates are used',
      Span.wrap(unsampledRemote),
      new ParentBasedSampler({ root: new AlwaysOffSampler(), remoteParentNotSampled: new AlwaysOnSampler() }),
      SamplingDecision.RECORD_AND_SAMPLED,
    ],
  ];
  for (const [name, parent, sampler, expected] of table) {
    test(`ParentBased: ${name}`, () => {
      assert.equal(sampler.shouldSample(parent, 0, 'x', SpanKind.INTERNAL, undefined), expected);
    });
  }

  test('a child of a remote sampled parent under ParentBased(AlwaysOff) is recorded and keeps the trace', () => {
    const tracer = testTracing({ sampler: parentBased }).provider.getTracer('t');
    const child = tracer.startSpan('c', {}, sampledRemote);
    assert.equal(child.isRecording(), true);
    assert.equal(child.traceId, sampledRemote.traceId);
    assert.equal(child.parentSpanId, sampledRemote.spanId);
    assert.equal(child.parentIsRemote, true);
    assert.equal(parentBased.toString(), 'ParentBased{root=AlwaysOffSampler}');
    assert.equal(new AlwaysOnSampler().toString(), 'AlwaysOnSampler');
  });

  test('a RECORD_ONLY decision records the span but does not export it', async () => {
    const recordOnly: Sampler = { shouldSample: () => SamplingDecision.RECORD_ONLY, toString: () => 'RecordOnly' };
    const t = testTracing({ sampler: recordOnly });
    const s = t.provider.getTracer('t').startSpan('x');
    assert.equal(s.isRecording(), true);
    assert.equal(s.spanContext().sampled, false);
    s.end();
    assert.equal((await t.spans()).length, 0);
  });

  test('with tracing suppressed (the export path), spans are not recorded but still carry an identity', async () => {
    const t = testTracing();
    const tracer = t.provider.getTracer('t');
    const s = withTracingSuppressed(() => tracer.startSpan('inside-exporter'));
    assert.equal(s.isRecording(), false);
    assert.match(s.traceId, /^[0-9a-f]{32}$/);
    s.end();
    tracer.startSpan('outside').end();
    assert.deepEqual((await t.spans()).map((x) => x.name), ['outside']);
  });
});
