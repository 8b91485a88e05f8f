/**
 * Fuzzing every parser of untrusted input (issue 9): the protobuf readers, signal detection and the
 * streaming JSON printer; traceparent / tracestate / baggage parse and format; Retry-After; every
 * OTEL_* reader. fast-check, seeded and bounded in `npm test`; `FUZZ_RUNS=100000 npm run fuzz`
 * runs longer (FUZZ_SEED picks the seed; without it a fuzz run draws one and prints it).
 *
 * What each property asserts:
 *   - readers: arbitrary bytes either decode or throw ProtoDecodeError, nothing else (no TypeError,
 *     no RangeError from deep recursion), in bounded time, without allocating for a length prefix
 *     larger than the input;
 *   - header codecs: never throw on any input (unicode, lone surrogates, non-strings), and what
 *     they format parses back to the same thing;
 *   - Retry-After: undefined or a non-negative number of milliseconds, never NaN, never a throw;
 *   - env readers: never throw, and every configuration they build stays within its bounds.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DiagLevel, resetDiagnostics, setDiagLogger } from '../../lib/common/diag.js';
import { diagConfigFromEnv } from '../../lib/config/diag-config.js';
import { envBatchOptions, envBoolean, envEnum, envExporters, envKeyValues, envLimit, envList, envNumber, MAX_QUEUE_SIZE } from '../../lib/config/env.js';
import { logsConfigFromEnv } from '../../lib/config/logs-config.js';
import { metricsConfigFromEnv } from '../../lib/config/metrics-config.js';
import { resourceFromEnv } from '../../lib/config/resource-config.js';
import { traceConfigFromEnv } from '../../lib/config/trace-config.js';
import { readPartialSuccess } from '../../lib/otlp/common-reader.js';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson, OtlpJsonError } from '../../lib/otlp/json-reader.js';
import { decodeLogsRequest } from '../../lib/otlp/logs-reader.js';
import { decodeMetricsRequest } from '../../lib/otlp/metrics-reader.js';
import { ProtoDecodeError, ProtoReader } from '../../lib/otlp/proto-reader.js';
import { requestJsonPieces } from '../../lib/otlp/request-json-stream.js';
import type { OtlpSignal } from '../../lib/otlp/request-json-stream.js';
import { detectSignal } from '../../lib/otlp/signal-detect.js';
import { decodeTracesRequest } from '../../lib/otlp/trace-reader.js';
import { Baggage, formatBaggage, parseBaggage } from '../../lib/propagation/baggage.js';
import { extract, inject } from '../../lib/propagation/propagation.js';
import { TraceState } from '../../lib/propagation/trace-state.js';
import { formatTraceParent, parseTraceParent } from '../../lib/propagation/traceparent.js';
import { parseRetryAfter } from '../../lib/transport/retry.js';
import { FIXTURES } from '../helpers/paths.js';

const FUZZING = process.env['FUZZ_RUNS'] !== undefined;
const RUNS = FUZZING ? Math.max(1, Number(process.env['FUZZ_RUNS']) || 0) : 200;
const SEED = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) : FUZZING ? Date.now() % 2 ** 31 : 20261201;
if (FUZZING) console.log(`fuzz: ${RUNS} runs per property, seed ${SEED} (FUZZ_SEED=${SEED} replays)`);
const params = { numRuns: RUNS, seed: SEED };

/** Counts of runs per property, printed at the end of a fuzz run for the record. */
const tally = new Map<string, number>();
function counted<A extends unknown[]>(name: string, fn: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    tally.set(name, (tally.get(name) ?? 0) + 1);
    fn(...args);
  };
}

function quietly(fn: () => void): void {
  setDiagLogger({ error() {}, warn() {}, info() {}, debug() {} }, DiagLevel.NONE);
  try {
    fn();
  } finally {
    setDiagLogger(undefined);
    resetDiagnostics();
  }
}

const GOLDEN: Record<OtlpSignal, Uint8Array> = {
  traces: readFileSync(join(FIXTURES, 'golden-traces.binpb')),
  metrics: readFileSync(join(FIXTURES, 'golden-metrics.binpb')),
  logs: readFileSync(join(FIXTURES, 'golden-logs.binpb')),
};
const DECODERS: Record<OtlpSignal, (b: Uint8Array) => unknown> = { traces: decodeTracesRequest, metrics: decodeMetricsRequest, logs: decodeLogsRequest };
const SIGNALS = Object.keys(GOLDEN) as OtlpSignal[];

/** Runs every reader on `bytes`; anything thrown must be a ProtoDecodeError. */
function readAll(bytes: Uint8Array): void {
  const attempt = (fn: () => unknown): void => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof ProtoDecodeError)) throw err;
    }
  };
  for (const s of SIGNALS) {
    let decoded: unknown;
    attempt(() => (decoded = DECODERS[s](bytes)));
    let text = '';
    try {
      for (const piece of requestJsonPieces(bytes, s)) text += piece;
    } catch (err) {
      if (!(err instanceof ProtoDecodeError)) throw err;
      assert.equal(decoded, undefined, `the printer refused what the reader read: ${err.message}`);
      continue;
    }
    // The streamed text says what the whole-request reader returns (compared through JSON: -0 prints as 0).
    assert.notEqual(decoded, undefined, 'the printer accepted what the reader refused');
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(decoded)));
  }
  attempt(() => readPartialSuccess(new ProtoReader(bytes)));
  const d = detectSignal(bytes);
  assert.ok(d.ok || d.reason === 'ambiguous' || d.reason === 'invalid');
}

/** A golden payload with a few bytes replaced, inserted or removed: reaches deep into the structure. */
const mutatedPayload = fc
  .tuple(
    fc.constantFrom(...SIGNALS),
    fc.array(fc.tuple(fc.constantFrom('set', 'insert', 'delete'), fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
  )
  .map(([signal, edits]) => {
    const bytes = Array.from(GOLDEN[signal]);
    for (const [op, at, value] of edits) {
      const i = at % (bytes.length + 1);
      if (op === 'set' && i < bytes.length) bytes[i] = value;
      else if (op === 'insert') bytes.splice(i, 0, value);
      else if (op === 'delete' && i < bytes.length) bytes.splice(i, 1);
    }
    return Uint8Array.from(bytes);
  });

describe('fuzz: protobuf readers', () => {
  test('arbitrary bytes decode or throw ProtoDecodeError, nothing else', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), counted('readers: arbitrary bytes', readAll)), params);
  });

  test('golden payloads with random edits decode or throw ProtoDecodeError, nothing else', () => {
    fc.assert(fc.property(mutatedPayload, counted('readers: mutated golden payloads', readAll)), params);
  });

  test('a malformed resource followed by a valid one is refused by the printer as by the reader (found by this fuzzer)', () => {
    // Resource{Signal} { 1 resource { 1: fixed64 with 4 of its 8 bytes }, 1 resource {} }: the reader decodes
    // both occurrences of the singular field; the printer once decoded only the last.
    const group = [0x0a, 5, 0x09, 1, 2, 3, 4, 0x0a, 0];
    const bytes = Uint8Array.from([0x0a, group.length, ...group]);
    for (const s of SIGNALS) {
      assert.throws(() => DECODERS[s](bytes), ProtoDecodeError);
      assert.throws(() => {
        for (const _ of requestJsonPieces(bytes, s)) void _;
      }, ProtoDecodeError);
    }
  });

  test('a length prefix far beyond the input is refused before anything is allocated', () => {
    const before = process.memoryUsage().arrayBuffers;
    for (const len of [0x7fffffff, 0xffffffff, 2 ** 28]) {
      const varint: number[] = [];
      for (let v = len; ; v = Math.floor(v / 128)) {
        if (v < 128) {
          varint.push(v);
          break;
        }
        varint.push((v % 128) | 128);
      }
      // Top-level field 1, nested field 2, then field 2 (the item) with the huge length.
      const bytes = Uint8Array.from([0x0a, 3 + varint.length + 2, 0x12, 1 + varint.length + 2, 0x12, ...varint, 0, 0]);
      for (const s of SIGNALS) assert.throws(() => DECODERS[s](bytes), ProtoDecodeError);
      const packed = Uint8Array.from([0x32, ...varint]); // a packed field of that length
      assert.throws(() => new ProtoReader(packed).bytes(), ProtoDecodeError);
    }
    // Nothing near the claimed sizes was allocated (a few MB of noise allowed).
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024);
  });

  test('nesting deeper than any real payload is a ProtoDecodeError, not a stack overflow', () => {
    // AnyValue{ array_value { values: AnyValue{ array_value { … } } } } 20,000 levels deep, inside a log
    // body. Nesting is pure prefixing, so the bytes are the levels' prefixes, outermost first.
    const prefixes: number[][] = [];
    let size = 0;
    for (let i = 0; i < 20_000; i++) {
      const av = [0x0a, ...lenBytes(size)]; // ArrayValue { 1 values AnyValue }
      size += av.length;
      const any = [0x2a, ...lenBytes(size)]; // AnyValue { 5 array_value }
      size += any.length;
      prefixes.push(av, any);
    }
    const inner: number[] = [];
    for (let i = prefixes.length - 1; i >= 0; i--) for (const b of prefixes[i]!) inner.push(b);
    const record = [0x2a, ...lenBytes(inner.length), ...inner]; // LogRecord { 5 body }
    const scope = [0x12, ...lenBytes(record.length), ...record];
    const resource = [0x12, ...lenBytes(scope.length), ...scope];
    const bytes = Uint8Array.from([0x0a, ...lenBytes(resource.length), ...resource]);
    assert.throws(() => decodeLogsRequest(bytes), ProtoDecodeError);
    assert.throws(() => {
      for (const _ of requestJsonPieces(bytes, 'logs')) void _;
    }, ProtoDecodeError);
    const d = detectSignal(bytes);
    assert.equal(d.ok, false);
  });
});

const JSON_GOLDEN: Record<OtlpSignal, string> = {
  traces: readFileSync(join(FIXTURES, 'golden-traces.json'), 'utf8'),
  metrics: readFileSync(join(FIXTURES, 'golden-metrics.json'), 'utf8'),
  logs: readFileSync(join(FIXTURES, 'golden-logs.json'), 'utf8'),
};
const JSON_DECODERS: Record<OtlpSignal, (b: Uint8Array) => unknown> = { traces: decodeTracesJson, metrics: decodeMetricsJson, logs: decodeLogsJson };

/** Runs every OTLP/JSON reader on `bytes`; anything thrown must be an OtlpJsonError. */
function readAllJson(bytes: Uint8Array): void {
  for (const s of SIGNALS) {
    try {
      JSON_DECODERS[s](bytes);
    } catch (err) {
      if (!(err instanceof OtlpJsonError)) throw err;
    }
  }
}

/** A golden OTLP/JSON request with a few characters replaced, inserted or removed, or a value swapped for any JSON. */
const mutatedJson = fc
  .tuple(
    fc.constantFrom(...SIGNALS),
    fc.array(fc.tuple(fc.constantFrom('set', 'insert', 'delete'), fc.nat(), fc.constantFrom(...'{}[]",:0-1e.9ntfa"\\ x\u0000é'.split(''))), { minLength: 1, maxLength: 4 }),
  )
  .map(([signal, edits]) => {
    let text = JSON_GOLDEN[signal];
    for (const [op, at, ch] of edits) {
      const i = at % (text.length + 1);
      if (op === 'set') text = text.slice(0, i) + ch + text.slice(i + 1);
      else if (op === 'insert') text = text.slice(0, i) + ch + text.slice(i);
      else text = text.slice(0, i) + text.slice(i + 1);
    }
    return new TextEncoder().encode(text);
  });
const swappedJson = fc.tuple(fc.constantFrom(...SIGNALS), fc.nat(), fc.jsonValue({ maxDepth: 3 })).map(([signal, at, value]) => {
  // Replace the n-th JSON value (a scalar after a ':') by any JSON value: every field meets every type.
  const text = JSON_GOLDEN[signal];
  const spots = [...text.matchAll(/:\s*("(?:[^"\\]|\\.)*"|-?[\d.eE+-]+|true|false|null)/g)];
  const m = spots[at % spots.length]!;
  const from = m.index! + m[0].length - m[1]!.length;
  return new TextEncoder().encode(text.slice(0, from) + JSON.stringify(value) + text.slice(from + m[1]!.length));
});

describe('fuzz: OTLP/JSON readers', () => {
  test('arbitrary bytes, arbitrary JSON and edited golden requests read or throw OtlpJsonError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 256 }), fc.json({ maxDepth: 4 }).map((j) => new TextEncoder().encode(j)), mutatedJson, swappedJson),
        counted('JSON readers', readAllJson),
      ),
      params,
    );
  });

  test('an integer of 1e21 or more is an OtlpJsonError, not a SyntaxError (found by this fuzzer)', () => {
    for (const v of ['1e21', '-1e+21', '1e300']) {
      const text = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":${v}}]}]}]}`;
      assert.throws(() => decodeLogsJson(new TextEncoder().encode(text)), OtlpJsonError);
    }
  });

  test('deep nesting is an OtlpJsonError, not a stack overflow', () => {
    const deep = '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":' + '{"arrayValue":{"values":['.repeat(50_000) + ']}}'.repeat(50_000) + '}]}]}]}';
    readAllJson(new TextEncoder().encode(deep));
    readAllJson(new TextEncoder().encode('['.repeat(200_000)));
  });
});

function lenBytes(n: number): number[] {
  const out: number[] = [];
  for (let v = n; ; v = Math.floor(v / 128)) {
    if (v < 128) {
      out.push(v);
      return out;
    }
    out.push((v % 128) | 128);
  }
}

/** Any value a carrier may hold: strings of any code units (lone surrogates too), arrays, non-strings. */
const anyUnit = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom(...'abc019-=,;@ \t%*/_'.split(''), '\ud800', '\udfff', 'é', '😀'), maxLength: 80 }),
);
const anyHeader = fc.oneof(anyUnit, fc.array(anyUnit, { maxLength: 4 }), fc.anything({ maxDepth: 1 }));
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const traceParent = fc
  .tuple(hex(2), hex(32), hex(16), hex(2), fc.option(fc.string({ maxLength: 8 })))
  .map(([v, t, s, f, rest]) => `${v}-${t}-${s}-${f}${rest === null ? '' : '-' + rest}`);
const tsMember = fc.tuple(
  fc.string({ unit: fc.constantFrom(...'az09_-*/@A .'.split('')), maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...'az09 !~,=\t'.split('')), maxLength: 12 }),
  fc.constantFrom(',', ' ,', ', ', ',,', ',\t'),
);
const tsLike = fc.array(tsMember, { maxLength: 40 }).map((members) => members.map(([k, v, sep]) => `${k}=${v}${sep}`).join(''));

describe('fuzz: traceparent, tracestate, baggage', () => {
  test('parsing any header value never throws; formatting what was parsed parses back to the same', () => {
    quietly(() => {
      fc.assert(
        fc.property(
          fc.oneof(traceParent, anyHeader),
          fc.oneof(tsLike, anyHeader),
          anyHeader,
          counted('headers: parse/format round trip', (tp, ts, bg) => {
            const sc = parseTraceParent(tp);
            if (sc !== undefined) {
              const again = parseTraceParent(formatTraceParent(sc));
              assert.equal(again?.traceId, sc.traceId);
              assert.equal(again?.spanId, sc.spanId);
              assert.equal(again?.traceFlags, sc.traceFlags);
            }
            const state = TraceState.parse(ts);
            if (state !== undefined) {
              const text = state.serialize();
              assert.ok(text.length <= 4096 && state.size <= 32 && state.size > 0);
              assert.equal(TraceState.parse(text)?.serialize(), text);
              for (const k of state.keys()) assert.equal(typeof state.get(k), 'string');
            }
            const bag = parseBaggage(bg);
            if (bag !== undefined) {
              const text = formatBaggage(bag);
              const back = text === '' ? undefined : parseBaggage(text);
              assert.deepEqual(back?.toObject() ?? {}, bag.toObject());
            }
            const ctx = extract({ traceparent: tp, tracestate: ts, baggage: bg });
            const out = inject({}, ctx);
            if (sc !== undefined) assert.equal(out['traceparent']?.slice(0, 52), formatTraceParent(sc).slice(0, 52));
          }),
        ),
        params,
      );
    });
  });

  test('baggage built from any strings formats to something that parses back to it', () => {
    quietly(() => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.string({ unit: fc.constantFrom(...'abcXYZ09!#$%&*+-.^_|~'.split('')), minLength: 1, maxLength: 10 }), fc.string({ maxLength: 30 }), { maxKeys: 8 }),
          counted('headers: baggage from any strings', (entries) => {
            const b = Baggage.from(entries);
            const text = formatBaggage(b);
            const back = text === '' ? undefined : parseBaggage(text);
            assert.deepEqual(back?.toObject() ?? {}, b.toObject());
          }),
        ),
        params,
      );
    });
  });
});

describe('fuzz: Retry-After', () => {
  test('any header value gives undefined or a non-negative number of milliseconds, never a throw', () => {
    const now = Date.UTC(2026, 11, 1);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.stringMatching(/^\s*\d{1,400}\s*$/),
          fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
          fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
          fc.constant(undefined),
        ),
        counted('Retry-After', (v) => {
          const ms = parseRetryAfter(v, now);
          if (ms !== undefined) assert.ok(ms >= 0, `${JSON.stringify(v)} → ${ms}`);
        }),
      ),
      params,
    );
  });
});

/** Every variable the configuration reads (the OTLP exporter's ones too: they share the readers). */
const VARS = [
  'OTEL_SDK_DISABLED', 'OTEL_SERVICE_NAME', 'OTEL_RESOURCE_ATTRIBUTES', 'OTEL_LOG_LEVEL', 'OTEL_PROPAGATORS',
  'OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_BSP_MAX_QUEUE_SIZE', 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 'OTEL_BSP_SCHEDULE_DELAY', 'OTEL_BSP_EXPORT_TIMEOUT',
  'OTEL_BLRP_MAX_QUEUE_SIZE', 'OTEL_BLRP_MAX_EXPORT_BATCH_SIZE', 'OTEL_BLRP_SCHEDULE_DELAY', 'OTEL_BLRP_EXPORT_TIMEOUT',
  'OTEL_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  'OTEL_SPAN_EVENT_COUNT_LIMIT', 'OTEL_SPAN_LINK_COUNT_LIMIT', 'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT', 'OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  'OTEL_METRIC_EXPORT_INTERVAL', 'OTEL_METRIC_EXPORT_TIMEOUT', 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE',
  'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION', 'OTEL_EXPORTER_PROMETHEUS_HOST', 'OTEL_EXPORTER_PROMETHEUS_PORT',
  'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_TIMEOUT', 'OTEL_EXPORTER_OTLP_COMPRESSION', 'ZEROTEL_CAPTURE_CONSOLE',
];
const envValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', ' ', '-1', '0', '1', '1e9', '1e400', 'NaN', 'Infinity', '-0', '0x10', '2.5', '9007199254740993', 'true', 'FALSE', 'none', 'otlp,console', 'a=b,%zz=1,=x', 'http://h:1/?q=1'),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.double().map(String),
);
const anyEnv = fc.dictionary(fc.constantFrom(...VARS), envValue, { maxKeys: 12 });

describe('fuzz: OTEL_* readers', () => {
  test('the typed readers never throw and keep to their contracts', () => {
    quietly(() => {
      fc.assert(
        fc.property(envValue, counted('env: typed readers', (raw) => {
          const env = { V: raw };
          const n = envNumber(env, 'V', 5, { min: 0, max: 100, integer: true });
          assert.ok(Number.isInteger(n) && n >= 0 && n <= 100);
          const l = envLimit(env, 'V');
          assert.ok(l === undefined || (Number.isInteger(l) && l >= 0));
          assert.equal(typeof envBoolean(env, 'V', false), 'boolean');
          assert.ok(['a', 'b'].includes(envEnum(env, 'V', ['a', 'b'] as const, 'a')));
          for (const x of envList(env, 'V') ?? []) assert.ok(x.length > 0 && x === x.trim().toLowerCase());
          for (const [k, v] of Object.entries(envKeyValues(env, 'V'))) assert.ok(k.length > 0 && typeof v === 'string');
          for (const x of envExporters(env, 'V', ['otlp', 'console', 'none'] as const, 'otlp')) assert.ok(x === 'otlp' || x === 'console');
        })),
        params,
      );
    });
  });

  test('every configuration built from any environment stays within its bounds', () => {
    quietly(() => {
      fc.assert(
        fc.property(anyEnv, counted('env: whole configurations', (env) => {
          const trace = traceConfigFromEnv(env);
          const logs = logsConfigFromEnv(env);
          for (const b of [trace.batch, logs.batch, envBatchOptions(env, 'OTEL_BSP', { maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 5000, exportTimeoutMillis: 30000 })]) {
            assert.ok(Number.isInteger(b.maxQueueSize) && b.maxQueueSize >= 1 && b.maxQueueSize <= MAX_QUEUE_SIZE);
            assert.ok(Number.isInteger(b.maxExportBatchSize) && b.maxExportBatchSize >= 1 && b.maxExportBatchSize <= b.maxQueueSize);
            assert.ok(Number.isFinite(b.scheduledDelayMillis) && b.scheduledDelayMillis >= 0);
            assert.ok(Number.isFinite(b.exportTimeoutMillis) && b.exportTimeoutMillis >= 0);
          }
          for (const v of [...Object.values(trace.spanLimits), ...Object.values(logs.logRecordLimits)]) assert.ok(Number.isInteger(v) && v >= 0);
          const metrics = metricsConfigFromEnv(env);
          assert.ok(metrics.intervalMillis >= 1 && metrics.timeoutMillis >= 1 && metrics.timeoutMillis <= metrics.intervalMillis);
          assert.ok(Number.isInteger(metrics.prometheus.port) && metrics.prometheus.port >= 0 && metrics.prometheus.port <= 65535);
          const level = diagConfigFromEnv(env).diagLogLevel;
          assert.ok(level === undefined || (level >= DiagLevel.NONE && level <= DiagLevel.VERBOSE));
          assert.equal(typeof resourceFromEnv(env).attributes, 'object');
        })),
        params,
      );
    });
  });
});

describe('fuzz: run counts', () => {
  test('every property ran the configured number of times', () => {
    if (FUZZING) console.log('fuzz runs:', Object.fromEntries(tally));
    assert.ok(tally.size >= 8, [...tally.keys()].join(', '));
    for (const [name, n] of tally) assert.ok(n >= RUNS, `${name}: ${n} < ${RUNS}`);
  });
});
