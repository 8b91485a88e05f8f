/**
 * zerotel/otlp under wrong input. The codec is not a telemetry call path: it
 * reports input it cannot handle by throwing, in one documented style per
 * direction (README, zerotel/otlp): the decoders throw ProtoDecodeError
 * (code ZEROTEL_PROTO_DECODE) for malformed bytes and for input that is not
 * bytes, and take any view of bytes or an ArrayBuffer; the encoders throw a
 * TypeError naming themselves for input that is not zerotel's model objects.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ProtoDecodeError,
  ProtoReader,
  decodeLogsRequest,
  decodeMetricsRequest,
  decodeTracesRequest,
  encodeLogsJson,
  encodeLogsProto,
  encodeMetricsJson,
  encodeMetricsProto,
  encodeTracesJson,
  encodeTracesJsonBytes,
  encodeTracesProto,
} from '../../lib/otlp.js';
import { InMemorySpanExporter } from '../../lib/pipeline/in-memory-span-exporter.js';
import { SimpleSpanProcessor } from '../../lib/pipeline/simple-span-processor.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { throwingGetter, throwingProxy } from '../helpers/hostile.js';

async function traceBytes(): Promise<Uint8Array> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.getTracer('codec').startSpan('view me').end();
  await provider.forceFlush();
  return encodeTracesProto(exporter.getFinishedSpans());
}

test('the decoders read any view of the bytes or an ArrayBuffer, giving what the Uint8Array gives', async () => {
  const bytes = await traceBytes();
  const expected = decodeTracesRequest(bytes);
  assert.equal(expected.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.name, 'view me');
  // The message at an offset inside a larger buffer, so a view that ignored byteOffset would misread it.
  const backing = new ArrayBuffer(bytes.length + 8);
  new Uint8Array(backing, 3, bytes.length).set(bytes);
  const exact = backing.slice(3, 3 + bytes.length);
  for (const view of [exact, new DataView(backing, 3, bytes.length), Buffer.from(backing, 3, bytes.length), new Int8Array(backing, 3, bytes.length)]) {
    assert.deepEqual(decodeTracesRequest(view), expected, Object.prototype.toString.call(view));
  }
  assert.deepEqual(decodeMetricsRequest(new ArrayBuffer(0)), { resourceMetrics: [] });
  assert.deepEqual(decodeLogsRequest(new DataView(new ArrayBuffer(0))), { resourceLogs: [] });
});

test('the decoders throw ProtoDecodeError for input that is not bytes, as they do for malformed bytes', () => {
  const decoders = [decodeTracesRequest, decodeMetricsRequest, decodeLogsRequest];
  for (const decode of decoders) {
    for (const bad of [null, undefined, 'CgA=', 42, {}, [1, 2], throwingProxy(), throwingGetter('length')]) {
      assert.throws(
        () => decode(bad as never),
        (err: unknown) => err instanceof ProtoDecodeError && err.code === 'ZEROTEL_PROTO_DECODE' && /expected protobuf bytes/.test(err.message),
        `${decode.name}(${typeof bad})`,
      );
    }
    // Malformed bytes: the same error class (a length prefix past the end).
    assert.throws(() => decode(new Uint8Array([0x0a, 0x05, 0x01])), ProtoDecodeError);
  }
  assert.throws(() => new ProtoReader(new Uint8Array(4), 2, 9), (err: unknown) => err instanceof ProtoDecodeError && /outside the 4 bytes/.test(err.message));
  assert.throws(() => new ProtoReader(new Uint8Array(4), Number.NaN), ProtoDecodeError);
});

test('the encoders throw a TypeError naming themselves for input that is not their model objects', () => {
  const cases: [(v: never) => unknown, RegExp][] = [
    [encodeTracesProto, /^encodeTracesProto needs an array of spans, got /],
    [encodeTracesJson, /^encodeTracesJson needs an array of spans, got /],
    [encodeTracesJsonBytes, /^encodeTracesJsonBytes needs an array of spans, got /],
    [encodeLogsProto, /^encodeLogsProto needs an array of log records, got /],
    [encodeLogsJson, /^encodeLogsJson needs an array of log records, got /],
  ];
  for (const [encode, message] of cases) {
    for (const bad of [undefined, null, 'spans', 7, {}, throwingProxy()]) {
      assert.throws(() => encode(bad as never), (err: unknown) => err instanceof TypeError && message.test(err.message), `${encode.name}(${typeof bad})`);
    }
    assert.doesNotThrow(() => encode([] as never));
  }
  for (const encode of [encodeMetricsProto, encodeMetricsJson]) {
    for (const bad of [undefined, null, 'rm', 7]) {
      assert.throws(() => encode(bad as never), (err: unknown) => err instanceof TypeError && new RegExp(`^${encode.name} needs a metric collection`).test(err.message));
    }
  }
});
