/**
 * gRPC framing and status as a codec (lib/otlp/grpc-framing.ts,
 * grpc-status.ts): deframing every malformed shape, grpc-message
 * percent-coding, the HTTP → gRPC status table, RetryInfo read from a Status
 * that protobufjs encoded, and the Export response read back by the official
 * decoder.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { announcedLength, deframeUnary, frameMessage } from '../../lib/otlp/grpc-framing.js';
import { decodeGrpcMessage, encodeGrpcMessage, grpcStatusFromHttp, grpcStatusName, isRetryableGrpcStatus, readRpcStatus, readStatusMessage, writeExportResponse } from '../../lib/otlp/grpc-status.js';
import { retryInfoStatus } from '../helpers/grpc-collector.js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const root: any = require('otlp-decoder/build/src/generated/root.js');

describe('gRPC framing', () => {
  test('a frame is the flag, the big-endian length and the message, and deframes back', () => {
    const f = frameMessage(new Uint8Array([7, 8, 9]), true);
    assert.deepEqual([...f], [1, 0, 0, 0, 3, 7, 8, 9]);
    assert.equal(announcedLength(f), 3);
    assert.equal(announcedLength(f.subarray(0, 4)), undefined);
    const d = deframeUnary(f);
    assert.ok(d.ok);
    assert.equal(d.compressed, true);
    assert.deepEqual([...d.message], [7, 8, 9]);
    assert.deepEqual(deframeUnary(new Uint8Array(0)), { ok: true, compressed: false, message: new Uint8Array(0) });
  });

  const bad: [string, number[], RegExp][] = [
    ['a header cut short', [0, 0, 0], /truncated gRPC frame: 3 byte/],
    ['a compressed flag other than 0 or 1', [2, 0, 0, 0, 0], /invalid gRPC compressed flag 2/],
    ['a message shorter than announced', [0, 0, 0, 0, 4, 1, 2], /the frame says 4 bytes, 2 arrived/],
    ['a second message in a unary call', [0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0], /more than one message/],
  ];
  for (const [name, bytes, reason] of bad) {
    test(`${name} is refused with a reason`, () => {
      const d = deframeUnary(new Uint8Array(bytes));
      assert.equal(d.ok, false);
      assert.match(d.ok ? '' : d.reason, reason);
    });
  }
});

describe('gRPC status', () => {
  test('grpc-message: percent-decoded as UTF-8, malformed escapes kept, and encoding round-trips', () => {
    assert.equal(decodeGrpcMessage('plain'), 'plain');
    assert.equal(decodeGrpcMessage('caf%C3%A9%20ok'), 'café ok');
    assert.equal(decodeGrpcMessage('50%zz and %E2%9C%97'), '50%zz and ✗');
    assert.equal(decodeGrpcMessage('%C3'), '%C3');
    const text = 'bad span ✗ 100% \n done';
    assert.equal(encodeGrpcMessage(text), 'bad span %E2%9C%97 100%25 %0A done');
    assert.equal(decodeGrpcMessage(encodeGrpcMessage(text)), text);
  });

  test('HTTP statuses map as gRPC over HTTP/2 says', () => {
    const table: [number, number][] = [[400, 13], [401, 16], [403, 7], [404, 12], [429, 14], [502, 14], [503, 14], [504, 14], [500, 2], [418, 2]];
    for (const [http, grpc] of table) assert.equal(grpcStatusFromHttp(http), grpc, `HTTP ${http}`);
  });

  test('the OTLP retry rules: six codes, RESOURCE_EXHAUSTED only with RetryInfo, nothing else', () => {
    const retried = [...Array(17).keys()].filter((c) => isRetryableGrpcStatus(c, false));
    assert.deepEqual(retried, [1, 4, 10, 11, 14, 15]);
    assert.equal(isRetryableGrpcStatus(8, true), true);
    assert.equal(isRetryableGrpcStatus(3, true), false);
    assert.equal(grpcStatusName(8), 'RESOURCE_EXHAUSTED (8)');
    assert.equal(grpcStatusName(99), 'UNKNOWN (99)');
  });

  test('a google.rpc.Status encoded by protobufjs: code, message and the RetryInfo delay', () => {
    const s = readRpcStatus(retryInfoStatus(8, 'slow down', 2500));
    assert.deepEqual(s, { code: 8, message: 'slow down', retryDelayMs: 2500 });
    assert.equal(readStatusMessage(retryInfoStatus(14, 'busy', 10)), 'busy');
    assert.equal(readStatusMessage(new Uint8Array([0x12, 0x09, 0x61])), undefined);
  });

  test('the Export response is empty when nothing was rejected, and the official decoder reads the partial success', () => {
    assert.equal(writeExportResponse(0, '').length, 0);
    const Response = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
    const decoded = Response.toObject(Response.decode(writeExportResponse(3, 'store full')), { longs: String });
    assert.deepEqual(decoded, { partialSuccess: { rejectedSpans: '3', errorMessage: 'store full' } });
    const onlyMessage = Response.toObject(Response.decode(writeExportResponse(0, 'heads up')), { longs: String });
    assert.deepEqual(onlyMessage, { partialSuccess: { errorMessage: 'heads up' } });
  });
});
