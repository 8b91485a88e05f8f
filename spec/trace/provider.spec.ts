import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Resource, defaultResource, resourceFromAttributes } from '../../lib/common/resource.js';
import { VERSION } from '../../lib/common/version.js';
import { ROOT_CONTEXT } from '../../lib/context/context.js';
import { InMemorySpanExporter } from '../../lib/pipeline/in-memory-span-exporter.js';
import { SimpleSpanProcessor } from '../../lib/pipeline/simple-span-processor.js';
import { EXPORT_SUCCESS, exportFailure } from '../../lib/trace/span-exporter.js';
import type { SpanProcessor } from '../../lib/trace/span-processor.js';
import type { Span } from '../../lib/trace/span.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { captureDiag } from '../helpers/tracing.js';

describe('resource and scope', () => {
  test('the default resource names an unknown node service and the SDK', () => {
    assert.deepEqual({ ...defaultResource().attributes }, {
      'service.name': 'unknown_service:node',
      'telemetry.sdk.name': 'zerotel',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.version': VERSION,
    });
  });

  test('VERSION follows package.json', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(VERSION, pkg.version);
  });

  test('a provider merges its resource over the default; later keys win; invalid values are dropped', () => {
    const p = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'checkout', 'deployment.environment.name': 'test', bad: {} as never }, 'https://opentelemetry.io/schemas/1.26.0') });
    assert.equal(p.resource.attributes['service.name'], 'checkout');
    assert.equal(p.resource.attributes['telemetry.sdk.name'], 'zerotel');
    assert.equal(p.resource.attributes['deployment.environment.name'], 'test');
    assert.equal(Object.hasOwn(p.resource.attributes, 'bad'), false);
    assert.equal(p.resource.schemaUrl, 'https://opentelemetry.io/schemas/1.26.0');
    assert.equal(new Resource({ a: 1 }).merge(undefined).attributes['a'], 1);
  });

  test('getTracer returns one tracer per scope, carrying name, version, schema URL and attributes', () => {
    const p = new TracerProvider();
    const a = p.getTracer('lib', '1.0.0', { schemaUrl: 'u', attributes: { x: 1 } });
    assert.equal(p.getTracer('lib', '1.0.0', { schemaUrl: 'u' }), a);
    assert.notEqual(p.getTracer('lib', '2.0.0'), a);
    assert.deepEqual({ ...a.scope, attributes: { ...a.scope.attributes } }, { name: 'lib', version: '1.0.0', schemaUrl: 'u', attributes: { x: 1 } });
    assert.equal(p.getTracer('').scope.name, '');
    const span = a.startSpan('s');
    assert.equal(span.instrumentationScope, a.scope);
    assert.equal(span.resource, p.resource);
  });
});

describe('span processors', () => {
  test('every processor sees start and end in order, and a throwing one harms neither the others nor the caller', () => {
    const seen: string[] = [];
    const rec = (id: string): SpanProcessor => ({
      onStart: (s, ctx) => seen.push(`${id}:start:${s.name}:${ctx === ROOT_CONTEXT}`),
      onEnd: (s) => seen.push(`${id}:end:${s.name}`),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    });
    const bad: SpanProcessor = {
      onStart: () => {
        throw new Error('start boom');
      },
      onEnd: () => {
        throw new Error('end boom');
      },
      forceFlush: () => Promise.reject(new Error('flush boom')),
      shutdown: () => Promise.reject(new Error('shutdown boom')),
    };
    const d = captureDiag();
    try {
      const p = new TracerProvider({ spanProcessors: [rec('a'), bad] });
      p.addSpanProcessor(rec('b'));
      p.getTracer('t').startSpan('s').end();
      assert.deepEqual(seen, ['a:start:s:true', 'b:start:s:true', 'a:end:s', 'b:end:s']);
      assert.equal(d.messages.filter((m) => m.level === 'error').length, 2);
    } finally {
      d.restore();
    }
  });

  test('forceFlush and shutdown reach every processor, survive failures, and shutdown is idempotent', async () => {
    let shutdowns = 0;
    const d = captureDiag();
    try {
      const p = new TracerProvider({
        spanProcessors: [
          { onStart() {}, onEnd() {}, forceFlush: () => Promise.reject(new Error('x')), shutdown: () => Promise.reject(new Error('y')) },
          { onStart() {}, onEnd() {}, forceFlush: () => Promise.resolve(), shutdown: async () => void shutdowns++ },
        ],
      });
      await p.forceFlush();
      await Promise.all([p.shutdown(), p.shutdown()]);
      await p.shutdown();
      assert.equal(shutdowns, 1);
      assert.equal(d.messages.filter((m) => m.level === 'error').length, 2);
    } finally {
      d.restore();
    }
  });

  test('the simple processor exports each sampled span once, reports failed exports, and stops after shutdown', async () => {
    const exporter = new InMemorySpanExporter();
    const processor = new SimpleSpanProcessor(exporter);
    const p = new TracerProvider({ spanProcessors: [processor] });
    const t = p.getTracer('t');
    t.startSpan('one').end();
    t.startSpan('two').end();
    await p.forceFlush();
    assert.deepEqual(exporter.getFinishedSpans().map((s) => s.name), ['one', 'two']);
    exporter.reset();
    assert.equal(exporter.getFinishedSpans().length, 0);

    const d = captureDiag();
    try {
      const failing = new SimpleSpanProcessor({
        export: (spans: readonly Span[]) => Promise.resolve(spans[0]!.name === 'fail' ? exportFailure('collector down') : exportFailure(new Error('other'))),
        shutdown: () => Promise.resolve(),
      });
      const throwing = new SimpleSpanProcessor({ export: () => Promise.reject(new Error('threw')), shutdown: () => Promise.resolve() });
      const p2 = new TracerProvider({ spanProcessors: [failing, throwing] });
      p2.getTracer('t').startSpan('fail').end();
      await p2.forceFlush();
      assert.ok(d.messages.some((m) => m.message.includes('collector down')));
      assert.ok(d.messages.some((m) => m.message.includes('threw')));
    } finally {
      d.restore();
    }

    await p.shutdown();
    await processor.shutdown();
    t.startSpan('after').end();
    await p.forceFlush();
    assert.equal(exporter.getFinishedSpans().length, 0);
    assert.equal((await exporter.export([])).code, 'failure');

    // The in-memory exporter refuses by itself once shut down; this one never refuses, so only
    // the processor's own shutdown check can keep a span ended after shutdown from reaching it.
    const accepted: string[] = [];
    const accepting = new SimpleSpanProcessor({
      export: (spans: readonly Span[]) => (accepted.push(...spans.map((x) => x.name)), Promise.resolve(EXPORT_SUCCESS)),
      shutdown: () => Promise.resolve(),
    });
    const p3 = new TracerProvider({ spanProcessors: [accepting] });
    p3.getTracer('t').startSpan('before').end();
    await p3.shutdown();
    p3.getTracer('t').startSpan('after').end();
    await p3.forceFlush();
    assert.deepEqual(accepted, ['before']);
  });
});
