/**
 * The public API under hostile use, made systematic: a seeded fast-check
 * property calls the functions and methods exported from lib/index.ts — spans,
 * tracers, traced, linkSpan, context helpers, metric instruments and
 * recordMetric, loggers, baggage and propagation, providers and their
 * options — with arbitrary values (throwing getters, Proxies that throw on
 * every trap, Symbols, BigInts, `__proto__` keys, lone surrogates, huge
 * strings, deep arrays, cyclic objects, functions) and checks after each run:
 *   - no call threw (a throw fails the property with the call that threw);
 *   - nothing hung (each run is bounded; the test has a timeout);
 *   - the next export of traces, metrics and logs decodes with the official
 *     decoder (protobuf) and with JSON.parse (OTLP/JSON);
 *   - every value rejected by a single-value call (a metric measurement on
 *     an instrument or a bound handle, a span attribute, a log record
 *     attribute) was counted in droppedCounts() under its kind, and a valid
 *     one was not.
 * `npm test` runs FUZZ_RUNS=60 sequences (a few seconds); `npm run fuzz`
 * runs many more (FUZZ_RUNS, default 2000) with a fresh seed unless FUZZ_SEED is set.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import fc from 'fast-check';
import * as z from '../../lib/index.js';
import * as sdk from '../../lib/sdk.js';
import { isValidTraceStateKey, isValidTraceStateValue } from '../../lib/propagation/trace-state.js';
import { resetDiagnostics } from '../../lib/common/diag.js';
import { isAnyValue } from '../../lib/logs/any-value.js';
import { encodeLogsJson } from '../../lib/otlp/logs-json.js';
import { encodeLogsProto } from '../../lib/otlp/logs-proto.js';
import { encodeMetricsJson } from '../../lib/otlp/metrics-json.js';
import { encodeMetricsProto } from '../../lib/otlp/metrics-proto.js';
import { encodeTracesJson } from '../../lib/otlp/trace-json.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { cyclic, throwingError, throwingGetter, throwingProxy } from '../helpers/hostile.js';
import { officialDecode } from '../helpers/official-decode.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 60);
const SEED = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) : process.env['FUZZ_RUNS'] !== undefined ? Date.now() : 0x2e701;

// ---------------------------------------------------------------- values

const HUGE = 'h'.repeat(1 << 20);
let deep: unknown = [1];
for (let i = 0; i < 2000; i++) deep = [deep];
const DEEP = deep;

/** Hostile and ordinary values; made fresh per use where they hold state. */
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.anything({ maxDepth: 2, withBigInt: true, withNullPrototype: true, withObjectString: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withDate: true }) },
  { weight: 2, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, 2 ** 53, -1)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null)), { maxLength: 4 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'symbol', 'bigint', 'proxy', 'getter', 'error-getters', 'cyclic', 'huge', 'deep', 'proto-key', 'function',
      'callback', 'null', 'undefined', 'proxy-array', 'frozen-proto-array',
    ).map((k) => new Hostile(k)),
  },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'toString', 'a', 'b', ''), fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.integer(), fc.constant(undefined))) },
);

/**
 * A hostile value by name, made only when the call runs: fast-check itself
 * probes the values it generates (clone, print), which a Proxy that throws on
 * every trap would not survive.
 */
class Hostile {
  constructor(readonly kind: string) {}
  toString(): string {
    return `<${this.kind}>`;
  }
  [Symbol.for('fast-check/toStringMethod')](): string {
    return this.toString();
  }
}

const materialize = (v: unknown): unknown => (v instanceof Hostile ? hostile(v.kind) : v);

function hostile(kind: string): unknown {
  switch (kind) {
    case 'symbol':
      return Symbol('fuzz');
    case 'bigint':
      return 12345678901234567890n;
    case 'proxy':
      return throwingProxy();
    case 'getter':
      return throwingGetter();
    case 'error-getters':
      return throwingError();
    case 'cyclic':
      return cyclic();
    case 'huge':
      return HUGE;
    case 'deep':
      return DEEP;
    case 'proto-key':
      return JSON.parse('{"__proto__":["x"],"constructor":"c","ok":1}');
    case 'function':
      return function named(): string {
        return 'f';
      };
    case 'callback':
      return (...args: unknown[]) => args.length;
    case 'null':
      return null;
    case 'proxy-array':
      return throwingProxy([1, 2]);
    case 'frozen-proto-array':
      return Object.freeze(Object.setPrototypeOf(['a'], null));
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- the world a run acts on

interface World {
  tracer: z.Tracer;
  spans: z.Span[];
  meter: z.Meter;
  counter: z.Counter;
  updown: z.UpDownCounter;
  gauge: z.Gauge;
  histogram: z.Histogram;
  bound: z.BoundCounter;
  observable: z.ObservableGauge;
  logger: z.Logger;
  records: z.LogRecord[];
  reader: sdk.MetricReader;
  extraProviders: { shutdown(): Promise<void> }[];
  exporter: sdk.InMemorySpanExporter;
}

type Op = (w: World, a: unknown[]) => unknown;
const anySpan = (w: World, a: unknown): z.Span => w.spans[Math.abs(Number(typeof a === 'number' ? a : 0) | 0) % w.spans.length]!;
const fn = (a: unknown): never => a as never;

/** Every public function and method, by name: the property picks among them. */
const OPS: Record<string, Op> = {
  // tracing API
  startSpan: (w, a) => void w.spans.push(z.startSpan(fn(a[0]), fn(a[1]), fn(a[2]))),
  'tracer.startSpan': (w, a) => void w.spans.push(w.tracer.startSpan(fn(a[0]), fn(a[1]), fn(a[2]))),
  startActiveSpan: (_w, a) => z.startActiveSpan(fn(a[0]), fn(a[1]), fn(a[2]), fn(a[3])),
  'tracer.startActiveSpan': (w, a) => w.tracer.startActiveSpan(fn(a[0]), fn(a[1]), fn(a[2]), fn(a[3])),
  getTracer: (_w, a) => z.getTracer(fn(a[0]), fn(a[1])).startSpan('from-getTracer').end(),
  'provider.getTracer': (_w, a) => z.getTracerProvider().getTracer(fn(a[0]), fn(a[1]), fn(a[2])).startSpan('scoped').end(),
  linkSpan: (w, a) => z.linkSpan(a[0] === undefined ? anySpan(w, 0) : fn(a[0]), a[1] === undefined ? anySpan(w, 1) : fn(a[1]), fn(a[2])),
  traced: (_w, a) => {
    const f = z.traced(fn(a[0]), fn(a[1]), fn(a[2]))(fn(typeof a[3] === 'function' ? a[3] : () => 1));
    return typeof f === 'function' ? (f as () => unknown)() : f;
  },
  'span.setAttribute': (w, a) => anySpan(w, a[2]).setAttribute(fn(a[0]), a[1]),
  'span.setAttributes': (w, a) => anySpan(w, a[1]).setAttributes(fn(a[0])),
  'span.addEvent': (w, a) => anySpan(w, a[3]).addEvent(fn(a[0]), fn(a[1]), fn(a[2])),
  'span.addLink': (w, a) => anySpan(w, a[2]).addLink(fn(a[0]), fn(a[1])),
  'span.addLinks': (w, a) => anySpan(w, a[1]).addLinks(fn(a[0])),
  'span.setStatus': (w, a) => anySpan(w, a[2]).setStatus(fn(a[0]), fn(a[1])),
  'span.updateName': (w, a) => anySpan(w, a[1]).updateName(fn(a[0])),
  'span.recordException': (w, a) => anySpan(w, a[2]).recordException(a[0], fn(a[1])),
  'span.end': (w, a) => anySpan(w, a[1]).end(fn(a[0])),
  'span.spanContext': (w, a) => anySpan(w, a[0]).spanContext().traceId,
  'span.isRecording': (w, a) => anySpan(w, a[0]).isRecording(),
  // context
  withSpan: (w, a) => z.withSpan(a[0] === undefined ? anySpan(w, 0) : fn(a[0]), fn(a[1]), a[2], a[3]),
  withContext: (_w, a) => z.withContext(fn(a[0]), fn(a[1]), a[2]),
  bindContext: (_w, a) => z.bindContext(fn(a[0]), fn(a[1])),
  activeContext: () => z.activeContext().getValue(Symbol.for('x')),
  getCurrentSpan: () => z.getCurrentSpan(),
  'context.setValue': (_w, a) => z.activeContext().setValue(fn(a[0]), a[1]).getValue(fn(a[0])),
  createContextKey: (_w, a) => z.createContextKey(fn(a[0])),
  suppressTracing: (_w, a) => z.isTracingSuppressed(z.suppressTracing(fn(a[0]))),
  withTracingSuppressed: (_w, a) => z.withTracingSuppressed(fn(a[0]), a[1]),
  // propagation and baggage
  inject: (_w, a) => z.inject(fn(a[0] ?? {}), fn(a[1]), fn(a[2])),
  extract: (_w, a) => z.extract(fn(a[0]), fn(a[1]), fn(a[2])),
  carrierFromContext: (_w, a) => z.carrierFromContext(fn(a[0])),
  contextFromCarrier: (_w, a) => z.contextFromCarrier(a[0], fn(a[1])),
  parseTraceParent: (_w, a) => z.parseTraceParent(a[0], fn(a[1])),
  formatTraceParent: (_w, a) => z.formatTraceParent(fn(a[0])),
  traceState: (_w, a) => (z.TraceState.parse(a[0]) ?? z.TraceState.empty()).set(fn(a[1]), fn(a[2])).unset(fn(a[3])).serialize(),
  isValidTraceStateKey: (_w, a) => isValidTraceStateKey(a[0]) && isValidTraceStateValue(a[1]),
  parseBaggage: (_w, a) => z.parseBaggage(a[0])?.toObject(),
  formatBaggage: (_w, a) => z.formatBaggage(fn(a[0])),
  baggage: (_w, a) => z.formatBaggage(new z.Baggage().set(fn(a[0]), fn(a[1]), fn(a[2])).setAll(fn(a[3] ?? {}))),
  getBaggage: (_w, a) => z.getBaggage(fn(a[0])).toObject(),
  setBaggage: (_w, a) => z.setBaggage(fn(a[0]), fn(a[1])),
  withBaggage: (_w, a) => z.withBaggage(fn(a[0]), fn(a[1]), a[2]),
  // metrics
  'counter.add': (w, a) => w.counter.add(fn(a[0]), fn(a[1])),
  'updown.add': (w, a) => w.updown.add(fn(a[0]), fn(a[1])),
  'gauge.set': (w, a) => w.gauge.set(fn(a[0]), fn(a[1])),
  'gauge.record': (w, a) => w.gauge.record(fn(a[0]), fn(a[1])),
  'histogram.record': (w, a) => w.histogram.record(fn(a[0]), fn(a[1])),
  'counter.bind': (w, a) => w.counter.bind(fn(a[0])).add(fn(a[1])),
  'bound.add': (w, a) => w.bound.add(fn(a[0])),
  recordMetric: (_w, a) => z.recordMetric(a[0] === undefined ? 'fuzz.counter' : fn(a[0]), fn(a[1]), fn(a[2])),
  createCounter: (_w, a) => z.createCounter(fn(a[0]), fn(a[1])).add(1, fn(a[2])),
  createHistogram: (_w, a) => z.createHistogram(fn(a[0]), fn(a[1])).record(1, fn(a[2])),
  createGauge: (_w, a) => z.createGauge(fn(a[0]), fn(a[1])).set(1, fn(a[2])),
  createUpDownCounter: (_w, a) => z.createUpDownCounter(fn(a[0]), fn(a[1])).add(-1, fn(a[2])),
  getMeter: (_w, a) => z.getMeter(fn(a[0]), fn(a[1])).createCounter('scoped').add(1),
  'meter.createObservableCounter': (w, a) => w.meter.createObservableCounter(fn(a[0]), fn(a[1])),
  'observable.addCallback': (w, a) => w.observable.addCallback(fn(a[0])),
  'meter.addBatchObservableCallback': (w, a) => w.meter.addBatchObservableCallback(fn(a[0]), fn(a[1])),
  MeterProvider: (w, a) => void w.extraProviders.push(new sdk.MeterProvider(fn(a[0]))),
  'MeterProvider views': (_w, a) => new sdk.MeterProvider({ views: [fn(a[0])] }),
  PeriodicExportingMetricReader: (w, a) => void w.extraProviders.push(new sdk.PeriodicExportingMetricReader(fn(a[0]))),
  // logs
  'logger.info': (w, a) => w.logger.info(a[0], fn(a[1])),
  'logger.error': (w, a) => w.logger.error(a[0], fn(a[1])),
  'logger.emit': (w, a) => w.logger.emit(fn(a[0])),
  'logger.emit(fields)': (w, a) => w.logger.emit({ body: fn(a[0]), attributes: fn(a[1]), severityNumber: fn(a[2]), timestamp: fn(a[3]), exception: a[4] }),
  'logger.enabled': (w, a) => w.logger.enabled(fn(a[0])),
  'app logger': (_w, a) => z.logger.warn(a[0], fn(a[1])),
  getLogger: (_w, a) => z.getLogger(fn(a[0]), fn(a[1])).info('scoped'),
  'record.setAttribute': (w, a) => w.records.at(-1)?.setAttribute(fn(a[0]), a[1]),
  'record.setBody': (w, a) => w.records.at(-1)?.setBody(fn(a[0])),
  'record.setSeverity': (w, a) => w.records.at(-1)?.setSeverity(fn(a[0]), fn(a[1])),
  'record.setEventName': (w, a) => w.records.at(-1)?.setEventName(fn(a[0])),
  'record.setException': (w, a) => w.records.at(-1)?.setException(a[0]),
  // providers and resources
  TracerProvider: (w, a) => {
    const p = new sdk.TracerProvider(fn(a[0]));
    w.extraProviders.push(p);
    p.getTracer('x').startSpan('y').end();
  },
  LoggerProvider: (w, a) => {
    const p = new sdk.LoggerProvider(fn(a[0]));
    w.extraProviders.push(p);
    p.getLogger('x').info('y');
  },
  resourceFromAttributes: (_w, a) => sdk.resourceFromAttributes(fn(a[0]), fn(a[1])).merge(fn(a[2])),
  // A provider whose resource and scope come from hostile values, exporting into the checked batch.
  'exported resource': (w, a) => {
    const p = new sdk.TracerProvider({ resource: sdk.resourceFromAttributes(fn(a[0]), fn(a[1])), spanProcessors: [new sdk.SimpleSpanProcessor(w.exporter)] });
    p.getTracer(fn(a[2]), fn(a[3]), fn(a[4])).startSpan('hostile resource').end();
  },
  View: (_w, a) => new sdk.View(fn(a[0])),
  isAttributeValue: (_w, a) => z.isAttributeValue(a[0]),
  severityFromName: (_w, a) => z.severityFromName(fn(a[0])),
};

const OP_NAMES = Object.keys(OPS);
const call = fc.record({ op: fc.constantFrom(...OP_NAMES), args: fc.array(value, { maxLength: 5 }) });

// ---------------------------------------------------------------- the oracle for counted rejections

/** What a single-value call must count, or undefined when the call gives no single verdict. */
function expectedDrop(op: string, args: unknown[], w: World): { kind: string; n: number } | undefined {
  const v = args[0];
  const finite = typeof v === 'number' && Number.isFinite(v);
  const nonNegative = finite && (v as number) >= 0;
  // Valid values only count when attributes are absent (hostile attributes may drop the measurement too).
  const noAttrs = args[1] === undefined;
  switch (op) {
    case 'counter.add':
    case 'histogram.record':
      return !nonNegative ? { kind: 'metric.measurement', n: 1 } : noAttrs ? { kind: 'metric.measurement', n: 0 } : undefined;
    case 'updown.add':
    case 'gauge.set':
    case 'gauge.record':
      return !finite ? { kind: 'metric.measurement', n: 1 } : noAttrs ? { kind: 'metric.measurement', n: 0 } : undefined;
    case 'bound.add':
      return { kind: 'metric.measurement', n: nonNegative ? 0 : 1 };
    case 'span.setAttribute': {
      const span = anySpan(w, args[2]);
      if (!span.isRecording()) return undefined;
      const key = args[0];
      const ok = typeof key === 'string' && key !== '' && z.isAttributeValue(args[1]) && args[1] !== null;
      return { kind: 'span.attribute', n: ok ? 0 : 1 };
    }
    case 'record.setAttribute': {
      const record = w.records.at(-1);
      if (record === undefined || record.attributeCount >= 100) return undefined;
      const key = args[0];
      const v = args[1];
      if (v === undefined || v === null) return { kind: 'log.attribute', n: 0 };
      return { kind: 'log.attribute', n: typeof key === 'string' && key !== '' && isAnyValue(v) ? 0 : 1 };
    }
    case 'record.setAttribute': {
      const record = w.records.at(-1);
      if (record === undefined || record.attributeCount >= 100) return undefined;
      const key = args[0];
      const v = args[1];
      if (v === undefined || v === null) return { kind: 'log.attribute', n: 0 };
      return { kind: 'log.attribute', n: typeof key === 'string' && key !== '' && isAnyValue(v) ? 0 : 1 };
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- the property

/** Probing a result may run a hostile value's traps (inject returns the carrier it was given). */
function isThenable(v: unknown): v is Promise<unknown> {
  try {
    return v !== null && typeof v === 'object' && typeof (v as Promise<unknown>).then === 'function';
  } catch {
    return false;
  }
}

let saved: { t: sdk.TracerProvider | undefined; m: sdk.MeterProvider | undefined; l: sdk.LoggerProvider | undefined } | undefined;
beforeEach(() => {
  resetDiagnostics();
  const quiet = (): void => {};
  z.setDiagLogger({ error: quiet, warn: quiet, info: quiet, debug: quiet });
});
afterEach(() => {
  z.setDiagLogger(undefined);
  resetDiagnostics();
  if (saved !== undefined) {
    z.setTracerProvider(saved.t ?? new sdk.TracerProvider());
    z.setMeterProvider(saved.m ?? new sdk.MeterProvider());
    z.setLoggerProvider(saved.l ?? new sdk.LoggerProvider());
  }
});

function makeWorld(): { world: World; exporter: sdk.InMemorySpanExporter } {
  const exporter = new sdk.InMemorySpanExporter();
  const tp = new sdk.TracerProvider({ spanProcessors: [new sdk.SimpleSpanProcessor(exporter)] });
  const reader = new sdk.MetricReader();
  const mp = new sdk.MeterProvider({ readers: [reader] });
  const records: z.LogRecord[] = [];
  const lp = new sdk.LoggerProvider({
    processors: [{ onEmit: (r: z.LogRecord) => void records.push(r), forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() }],
  });
  const prev = { t: z.setTracerProvider(tp), m: z.setMeterProvider(mp), l: z.setLoggerProvider(lp) };
  saved ??= prev;
  const tracer = tp.getTracer('fuzz', '1');
  const meter = mp.getMeter('fuzz', '1');
  const counter = meter.createCounter('counter');
  z.createCounter('fuzz.counter');
  const world: World = {
    tracer,
    spans: [tracer.startSpan('root'), tracer.startSpan('other')],
    meter,
    counter,
    updown: meter.createUpDownCounter('updown'),
    gauge: meter.createGauge('gauge'),
    histogram: meter.createHistogram('histogram'),
    bound: counter.bind({ bound: true }),
    observable: meter.createObservableGauge('observable', { callback: (r) => r.observe(1, { k: 'v' }) }),
    logger: lp.getLogger('fuzz', '1'),
    records,
    reader,
    extraProviders: [],
    exporter,
  };
  return { world, exporter };
}

test('every public call survives arbitrary values: nothing throws or hangs, exports decode, rejections are counted', { timeout: RUNS > 100 ? 0 : 60_000 }, async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 25 }), async (calls) => {
      runs++;
      resetDiagnostics();
      const { world, exporter } = makeWorld();
      for (const { op, args } of calls) {
        const real = args.map(materialize);
        const expected = expectedDrop(op, real, world);
        const before = expected === undefined ? 0 : (z.droppedCounts()[expected.kind] ?? 0);
        let result: unknown;
        try {
          result = OPS[op]!(world, real);
        } catch (err) {
          throw new Error(`${op} threw: ${err instanceof Error ? err.stack : String(err)}`);
        }
        // An async result (traced around an async function, a callback's promise) must settle.
        if (isThenable(result)) {
          await Promise.race([Promise.resolve(result).catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())]);
        }
        if (expected !== undefined) {
          const after = z.droppedCounts()[expected.kind] ?? 0;
          assert.equal(after - before, expected.n, `${op}: ${expected.kind} counted ${after - before}, expected ${expected.n}`);
        }
      }
      for (const s of world.spans) s.end();
      await z.getTracerProvider().forceFlush();
      const spans = exporter.getFinishedSpans();
      assert.ok(spans.length >= 2, 'the world spans were exported');
      officialDecode('traces', encodeTracesProto(spans));
      JSON.parse(encodeTracesJson(spans));
      const rm = await world.reader.collect();
      assert.ok(rm !== undefined);
      officialDecode('metrics', encodeMetricsProto(rm));
      JSON.parse(new TextDecoder().decode(encodeMetricsJson(rm)));
      world.logger.info('closing record');
      officialDecode('logs', encodeLogsProto(world.records));
      JSON.parse(Buffer.from(encodeLogsJson(world.records)).toString('utf8'));
      await Promise.all(world.extraProviders.map((p) => p.shutdown().catch(() => {})));
    }),
    { seed: SEED, numRuns: RUNS, includeErrorInReport: true },
  );
  assert.equal(runs, RUNS);
});
