/**
 * Attribute keys that name Object.prototype members — `__proto__`,
 * `constructor`, `toString`, `hasOwnProperty` — are ordinary keys in every
 * attribute container (span, event, link, log record, resource, scope, metric
 * series), and every encoder writes own keys only: the official decoder sees
 * exactly the keys that were set, no phantom ones, none lost.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DiagLevel, resetDiagnostics, setDiagLogger } from '../../lib/common/diag.js';
import { Resource } from '../../lib/common/resource.js';
import { encodeLogsJson } from '../../lib/otlp/logs-json.js';
import { encodeLogsProto } from '../../lib/otlp/logs-proto.js';
import { encodeMetricsJson } from '../../lib/otlp/metrics-json.js';
import { encodeMetricsProto } from '../../lib/otlp/metrics-proto.js';
import { encodeTracesJson } from '../../lib/otlp/trace-json.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { toPrometheusText } from '../../lib/exporters/prometheus-text.js';
import { testLogs } from '../helpers/logs.js';
import { kvKeys, officialDecode } from '../helpers/official-decode.js';
import { testTracing } from '../helpers/tracing.js';
import { setup } from '../metrics/helpers.js';

beforeEach(() => {
  resetDiagnostics();
  const quiet = (): void => {};
  setDiagLogger({ error: quiet, warn: quiet, info: quiet, debug: quiet }, DiagLevel.WARN);
});
afterEach(() => {
  setDiagLogger(undefined);
  resetDiagnostics();
});

const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'plain'];

/** An attributes object holding KEYS as own keys, with an array under __proto__ (which would become a prototype if assigned). */
function hostileAttrs(): Record<string, unknown> {
  const o: Record<string, unknown> = JSON.parse('{"__proto__":["x","y"],"constructor":"c","toString":"t","hasOwnProperty":true,"plain":1}');
  assert.deepEqual(Object.keys(o), KEYS);
  return o;
}

function setOneByOne(target: { setAttribute(k: string, v: unknown): unknown }): void {
  target.setAttribute('__proto__', ['x', 'y']);
  target.setAttribute('constructor', 'c');
  target.setAttribute('toString', 't');
  target.setAttribute('hasOwnProperty', true);
  target.setAttribute('plain', 1);
}

describe('attribute keys named like Object.prototype members', () => {
  test('span, event, link, scope and resource attributes decode with exactly the keys set (protobuf and JSON)', async () => {
    const t = testTracing({ resource: new Resource(hostileAttrs() as never) });
    const tracer = t.provider.getTracer('lib', '1', { attributes: hostileAttrs() as never });
    const target = tracer.startSpan('target');
    target.end();
    const a = tracer.startSpan('a', { attributes: hostileAttrs() as never });
    const b = tracer.startSpan('b');
    setOneByOne(b);
    for (const s of [a, b]) {
      s.addEvent('e', hostileAttrs() as never);
      s.addLink(target.spanContext(), hostileAttrs() as never);
      s.end();
    }
    const spans = await t.spans();
    for (const req of [officialDecode('traces', encodeTracesProto(spans)), JSON.parse(encodeTracesJson(spans))]) {
      const rs = req.resourceSpans[0];
      assert.deepEqual(kvKeys(rs.resource.attributes).filter((k: string) => KEYS.includes(k)), KEYS);
      assert.deepEqual(kvKeys(rs.scopeSpans[0].scope.attributes), KEYS);
      for (const name of ['a', 'b']) {
        const span = rs.scopeSpans[0].spans.find((s: { name: string }) => s.name === name);
        assert.deepEqual(kvKeys(span.attributes), KEYS, `span ${name}`);
        assert.deepEqual(kvKeys(span.events[0].attributes), KEYS, `event of ${name}`);
        assert.deepEqual(kvKeys(span.links[0].attributes), KEYS, `link of ${name}`);
        const proto = span.attributes[0].value;
        assert.deepEqual(proto.arrayValue.values.map((v: { stringValue: string }) => v.stringValue), ['x', 'y']);
      }
    }
  });

  test('log record attributes decode with exactly the keys set, by emit, by the convenience methods and one by one', () => {
    const { provider, records } = testLogs();
    const logger = provider.getLogger('lib');
    logger.emit({ body: 'emit', attributes: hostileAttrs() as never });
    logger.info('info', hostileAttrs() as never);
    const r = records.length;
    logger.info('one by one');
    setOneByOne(records[r]!);
    for (const req of [officialDecode('logs', encodeLogsProto(records)), JSON.parse(Buffer.from(encodeLogsJson(records)).toString())]) {
      for (const rec of req.resourceLogs[0].scopeLogs[0].logRecords) assert.deepEqual(kvKeys(rec.attributes), KEYS, rec.body.stringValue);
    }
  });

  test('metric series attributes decode with exactly the keys set, and Prometheus labels show them', async () => {
    const { provider, collect } = setup();
    const c = provider.getMeter('m').createCounter('c');
    c.add(1, hostileAttrs() as never);
    c.add(2, hostileAttrs() as never);
    const rm = await collect();
    const sorted = [...KEYS].sort();
    for (const req of [officialDecode('metrics', encodeMetricsProto(rm)), JSON.parse(new TextDecoder().decode(encodeMetricsJson(rm)))]) {
      const points = req.resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints;
      assert.equal(points.length, 1);
      assert.deepEqual(kvKeys(points[0].attributes), sorted);
      assert.equal(Number(points[0].asDouble ?? points[0].asInt), 3);
    }
    const text = toPrometheusText(rm);
    assert.match(text, /_proto_="\[\\"x\\",\\"y\\"\]"/); // a leading __ is reserved in Prometheus
    assert.match(text, /constructor="c"/);
  });

  test('keys inherited from a polluted Object.prototype are never exported', async () => {
    const t = testTracing();
    (Object.prototype as Record<string, unknown>)['polluted'] = 'yes';
    try {
      const span = t.provider.getTracer('lib').startSpan('s', { attributes: { a: 1 } });
      span.setAttribute('b', 2);
      span.addEvent('e', { c: 3 });
      span.end();
      const spans = await t.spans();
      const s = officialDecode('traces', encodeTracesProto(spans)).resourceSpans[0].scopeSpans[0].spans[0];
      assert.deepEqual(kvKeys(s.attributes), ['a', 'b']);
      assert.deepEqual(kvKeys(s.events[0].attributes), ['c']);
      const { provider, records } = testLogs();
      provider.getLogger('l').emit({ body: { k: 1 } as never, attributes: { a: 1 } });
      const rec = officialDecode('logs', encodeLogsProto(records)).resourceLogs[0].scopeLogs[0].logRecords[0];
      assert.deepEqual(kvKeys(rec.attributes), ['a']);
      assert.deepEqual(kvKeys(rec.body.kvlistValue.values), ['k']);
    } finally {
      delete (Object.prototype as Record<string, unknown>)['polluted'];
    }
  });
});
