/** The HTTP transport's classification of answers, Retry-After parsing, and the exporter's edges. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpTransport } from '../../lib/transport/http-transport.js';
import { parseRetryAfter, RetryingTransport } from '../../lib/transport/retry.js';
import type { SendOptions, Transport, TransportResult } from '../../lib/transport/transport-result.js';
import { TransportError } from '../../lib/transport/transport-result.js';
import { OtlpExporter } from '../../lib/exporters/otlp-exporter.js';
import { OtlpHttpTraceExporter, DEFAULT_TRACES_URL } from '../../lib/exporters/otlp-trace-exporter.js';
import { ProtoWriter } from '../../lib/otlp/proto-writer.js';
import { captureDiag } from '../helpers/diag.js';
import { startCollector } from '../helpers/collector.js';

// Retry sleeps are unref'd by design; this ref'd handle stands in for the application keeping the loop alive.
const keepAlive = setInterval(() => {}, 1000);
after(() => clearInterval(keepAlive));

describe('Retry-After', () => {
  const now = Date.UTC(2026, 0, 1, 0, 0, 0);
  const cases: [string, string | string[] | undefined, number | undefined][] = [
    ['absent', undefined, undefined],
    ['blank', '  ', undefined],
    ['delta seconds', '3', 3000],
    ['zero seconds', '0', 0],
    ['an HTTP date in the future', new Date(now + 5000).toUTCString(), 5000],
    ['an HTTP date in the past', new Date(now - 5000).toUTCString(), 0],
    ['the first of repeated headers', ['2', '9'], 2000],
    ['garbage', 'soon', undefined],
    ['a negative number', '-1', undefined],
  ];
  for (const [name, value, expected] of cases) {
    test(`${name} gives ${String(expected)}`, () => {
      assert.equal(parseRetryAfter(value, now), expected);
    });
  }
});

describe('HttpTransport', () => {
  const answers: [string, number, Record<string, string>, string | Uint8Array, string, RegExp][] = [
    ['a 2xx is success', 204, {}, '', 'success', /^$/],
    ['429 is retryable', 429, {}, '', 'retryable', /HTTP 429$/],
    ['504 is retryable', 504, {}, '', 'retryable', /HTTP 504/],
    ['a 500 is a failure', 500, {}, 'internal', 'failure', /HTTP 500: internal/],
    ['a 404 with an empty body', 404, {}, '', 'failure', /^HTTP 404$/],
    ['JSON without a message keeps the text', 400, { 'content-type': 'application/json' }, '{"code":3}', 'failure', /HTTP 400: \{"code":3\}/],
    ['JSON that is not JSON keeps the text', 400, { 'content-type': 'application/json' }, 'oops', 'failure', /HTTP 400: oops/],
    ['a malformed protobuf Status falls back to text', 400, { 'content-type': 'application/x-protobuf' }, new Uint8Array([0x12, 0x09, 0x61]), 'failure', /HTTP 400: /],
    ['a long text body is cut', 400, {}, 'x'.repeat(2000), 'failure', /x{512}…$/],
  ];
  for (const [name, status, headers, body, kind, message] of answers) {
    test(`${name}`, async (t) => {
      const collector = await startCollector();
      t.after(() => collector.close());
      collector.respond = (_r, res) => {
        res.writeHead(status, headers);
        res.end(body);
      };
      const transport = new HttpTransport({ url: collector.url, contentType: 'application/x-protobuf' });
      t.after(() => transport.shutdown());
      const r = await transport.send(new Uint8Array([1, 2, 3]), { deadline: Date.now() + 2000 });
      assert.equal(r.kind, kind);
      if (r.kind !== 'success') {
        assert.ok(r.error instanceof TransportError);
        assert.match(r.error.message, message);
        assert.equal(r.error.status, status);
      }
    });
  }

  test('a response cut off mid-body is retryable', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    collector.respond = (_r, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.destroy(), 10);
    };
    const transport = new HttpTransport({ url: collector.url, contentType: 'application/json' });
    t.after(() => transport.shutdown());
    const r = await transport.send(new Uint8Array(1), { deadline: Date.now() + 2000 });
    assert.equal(r.kind, 'retryable');
  });

  test('a large response body is kept only up to the limit', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    collector.respond = (_r, res) => {
      res.write(Buffer.alloc(40_000, 97));
      res.end(Buffer.alloc(40_000, 98));
    };
    const transport = new HttpTransport({ url: collector.url, contentType: 'application/json', maxResponseBytes: 1000 });
    t.after(() => transport.shutdown());
    const r = await transport.send(new Uint8Array(1), { deadline: Date.now() + 2000 });
    assert.equal(r.kind, 'success');
    assert.ok(r.kind === 'success' && r.body.length < 80_000);
  });

  test('after shutdown it refuses to send, and https URLs get an https agent', async () => {
    const transport = new HttpTransport({ url: 'https://127.0.0.1:1/v1/traces', contentType: 'application/json', compression: 'gzip' });
    transport.shutdown();
    const r = await transport.send(new Uint8Array(1), { deadline: Date.now() + 100 });
    assert.equal(r.kind, 'failure');
    assert.equal(r.kind === 'failure' && r.error.code, 'ZEROTEL_SHUTDOWN');
    assert.equal(transport.url?.protocol, 'https:');
  });
});

describe('RetryingTransport and the generic exporter', () => {
  /** A transport answering from a script; records the timeouts it was given. */
  class Scripted implements Transport {
    timeouts: number[] = [];
    shutdowns = 0;
    constructor(readonly script: TransportResult[]) {}
    send(_b: Uint8Array, options: SendOptions): Promise<TransportResult> {
      this.timeouts.push(options.deadline - Date.now());
      return Promise.resolve(this.script.shift() ?? { kind: 'success', body: new Uint8Array(0) });
    }
    shutdown(): void {
      this.shutdowns++;
    }
  }
  const busy = (): TransportResult => ({ kind: 'retryable', delayMs: undefined, error: new TransportError('ZEROTEL_NETWORK', 'refused') });

  test('retries with back-off and hands each attempt the time left', async () => {
    const inner = new Scripted([busy(), busy()]);
    const retrying = new RetryingTransport(inner, { initialBackoffMillis: 5, jitter: 0 });
    const r = await retrying.send(new Uint8Array(0), { deadline: Date.now() + 5000 });
    assert.equal(r.kind, 'success');
    assert.equal(inner.timeouts.length, 3);
    assert.ok(inner.timeouts[2]! <= inner.timeouts[0]!);
    retrying.shutdown();
    assert.equal(inner.shutdowns, 1);
  });

  test('an encoder that throws fails the export instead of throwing', async () => {
    const exporter = new OtlpExporter<number>(
      { name: 'numbers', encodeProto: () => { throw new Error('bad item'); }, encodeJson: () => '[]', rejectedField: 'rejected' },
      { url: 'http://127.0.0.1:1/v1/numbers', transport: new Scripted([]) },
    );
    const r = await exporter.export([1]);
    assert.equal(r.code, 'failure');
    assert.match(r.code === 'failure' ? r.error.message : '', /encoding 1 numbers items failed: bad item/);
  });

  test('JSON encoders may return bytes, and odd or unreadable responses are tolerated', async () => {
    const diag = captureDiag();
    try {
      // The response is read in the request's encoding (JSON here), whatever content type the server claims.
      const ok = (body: string): TransportResult => ({ kind: 'success', body: Buffer.from(body) });
      const script = [ok('not json'), ok('{}'), ok('{"partialSuccess":{"errorMessage":"heads up"}}'), ok('{"partialSuccess":{"errorMessage":"heads up"}}'), ok('')];
      const transport = new Scripted(script);
      const exporter = new OtlpExporter<number>(
        { name: 'numbers', encodeProto: () => new Uint8Array(0), encodeJson: () => new Uint8Array([91, 93]), rejectedField: 'rejected' },
        { url: 'http://127.0.0.1:1/v1/numbers', protocol: 'http/json', transport },
      );
      for (let i = 0; i < 5; i++) assert.deepEqual(await exporter.export([i]), { code: 'success' });
      assert.equal(diag.messages.filter((m) => m.message.includes('collector says: heads up')).length, 2);
      assert.ok(diag.messages.some((m) => m.message.includes('unreadable export response')));
      await exporter.shutdown();
      await exporter.shutdown();
      assert.equal(transport.shutdowns, 1);
    } finally {
      diag.restore();
    }
  });

  test('the trace exporter defaults to localhost:4318 and http/protobuf', () => {
    const exporter = new OtlpHttpTraceExporter();
    assert.equal(exporter.url, DEFAULT_TRACES_URL);
    assert.equal(exporter.protocol, 'http/protobuf');
    assert.equal(exporter.timeoutMillis, 10000);
    void exporter.shutdown();
  });
});
