/**
 * The OTLP/HTTP exporter and batch processor against a local collector that
 * misbehaves: retryable statuses with Retry-After, a rejected request, a
 * collector that is down for a while, one that never answers, and a flood.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BatchSpanProcessor } from '../../lib/pipeline/batch-span-processor.js';
import { OtlpHttpTraceExporter } from '../../lib/exporters/otlp-trace-exporter.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import type { Span } from '../../lib/trace/span.js';
import { droppedCounts } from '../../lib/common/diag.js';
import { ProtoWriter } from '../../lib/otlp/proto-writer.js';
import { captureDiag } from '../helpers/diag.js';
import { freePort, startCollector } from '../helpers/collector.js';

/** Ends `n` spans named `${prefix}${i}` on a fresh provider feeding `bsp`. */
function endSpans(bsp: BatchSpanProcessor, n: number, prefix = 's'): TracerProvider {
  const provider = new TracerProvider({ spanProcessors: [bsp] });
  const tracer = provider.getTracer('faults');
  for (let i = 0; i < n; i++) tracer.startSpan(`${prefix}${i}`).end();
  return provider;
}

function spansOf(n: number): Span[] {
  const out: Span[] = [];
  const tracer = new TracerProvider().getTracer('faults');
  for (let i = 0; i < n; i++) {
    const s = tracer.startSpan(`x${i}`);
    s.end();
    out.push(s);
  }
  return out;
}

const fastRetry = { initialBackoffMillis: 20, maxBackoffMillis: 100, maxAttempts: 100 };

describe('OTLP/HTTP exporter faults', () => {
  test('503 with Retry-After: 1, then 200: every span arrives exactly once', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    collector.respond = (_r, res, i) => {
      if (i === 0) {
        res.writeHead(503, { 'retry-after': '1' });
        res.end('busy');
      } else res.end();
    };
    const exporter = new OtlpHttpTraceExporter({ url: collector.url, timeoutMillis: 5000, retry: fastRetry });
    const bsp = new BatchSpanProcessor(exporter, { maxExportBatchSize: 50, scheduledDelayMillis: 1 });
    const provider = endSpans(bsp, 120);
    await provider.shutdown();
    assert.equal(collector.requests.length, 4); // 3 batches, the first sent twice
    assert.equal(collector.spanNames([0]).length, 50);
    const names = collector.spanNames([1, 2, 3]); // the requests answered 200
    assert.equal(names.length, 120);
    assert.equal(new Set(names).size, 120);
    assert.equal(bsp.exported, 120);
    assert.equal(bsp.failed, 0);
  });

  test('400 is not retried, and the server\'s message is reported', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    const cases = [
      { contentType: 'application/json', body: Buffer.from(JSON.stringify({ code: 3, message: 'span name missing' })) },
      { contentType: 'text/plain', body: Buffer.from('span name missing') },
      {
        contentType: 'application/x-protobuf',
        body: (() => {
          const w = new ProtoWriter();
          w.tag(1, 0);
          w.uint32(3);
          w.tag(2, 2);
          w.string('span name missing');
          return Buffer.from(w.finish());
        })(),
      },
    ];
    for (const c of cases) {
      collector.requests.length = 0;
      collector.respond = (_r, res) => {
        res.writeHead(400, { 'content-type': c.contentType });
        res.end(c.body);
      };
      const exporter = new OtlpHttpTraceExporter({ url: collector.url, retry: fastRetry });
      const result = await exporter.export(spansOf(3));
      assert.equal(result.code, 'failure');
      assert.equal(collector.requests.length, 1, c.contentType);
      assert.match(result.code === 'failure' ? result.error.message : '', /HTTP 400: span name missing/);
      await exporter.shutdown();
    }
  });

  test('connection refused for a while, then up: spans within the queue capacity all arrive', async (t) => {
    const port = await freePort();
    const exporter = new OtlpHttpTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces`, timeoutMillis: 10000, retry: fastRetry });
    const bsp = new BatchSpanProcessor(exporter, { maxQueueSize: 500, maxExportBatchSize: 100, scheduledDelayMillis: 1, exportTimeoutMillis: 10000 });
    const provider = endSpans(bsp, 300);
    await new Promise((r) => setTimeout(r, 150));
    const collector = await startCollector(port);
    t.after(() => collector.close());
    await provider.shutdown();
    assert.equal(bsp.dropped, 0);
    assert.equal(new Set(collector.spanNames()).size, 300);
    assert.equal(collector.spanNames().length, 300);
  });

  test('a collector that never answers: the export gives up at its timeout and the event loop stays free', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    collector.respond = () => false;
    const exporter = new OtlpHttpTraceExporter({ url: collector.url, timeoutMillis: 300, retry: fastRetry });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const result = await exporter.export(spansOf(10));
    clearInterval(ticker);
    assert.equal(result.code, 'failure');
    assert.match(result.code === 'failure' ? result.error.message : '', /no response within|deadline/);
    assert.ok(ticks > 3, `the loop ran timers while the export waited (${ticks} ticks)`);
    await exporter.shutdown();
  });

  test('100,000 spans flooding a 2,048 queue with 1 MiB for encoded batches: memory stays bounded, every span is delivered or counted', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const diag = captureDiag();
    t.after(() => diag.restore());
    const exporter = new OtlpHttpTraceExporter({ url: collector.url, retry: fastRetry });
    const bsp = new BatchSpanProcessor(exporter, { maxQueueSize: 2048, maxExportBatchSize: 512, maxEncodedBytes: 1024 * 1024 });
    const provider = new TracerProvider({ spanProcessors: [bsp] });
    const tracer = provider.getTracer('flood');
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100_000; i++) tracer.startSpan('flood').setAttribute('i', i).end();
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // Past the 2,048 live spans, full batches wait as protobuf bytes until 1 MiB of them is queued.
    assert.ok(bsp.dropped > 0 && bsp.dropped < 100_000 - 2048 - 512, `dropped ${bsp.dropped}`);
    assert.equal(droppedCounts()['bsp.span'], bsp.dropped);
    assert.equal(diag.messages.filter((m) => m.message.includes('bsp.span')).length, 1);
    // 100,000 retained spans would be tens of MB; 2,048 live ones and 1 MiB of bytes stay well under 8 MB.
    assert.ok(grown < 8 * 1024 * 1024, `heap grew by ${grown} bytes`);
    await provider.shutdown();
    assert.equal(collector.spanNames().length + bsp.dropped, 100_000);
    assert.equal(bsp.exported, collector.spanNames().length);
  });

  test('http/json with gzip and headers reaches the collector intact', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    const exporter = new OtlpHttpTraceExporter({ url: collector.url, protocol: 'http/json', compression: 'gzip', headers: { 'x-api-key': 'secret' } });
    const result = await exporter.export(spansOf(5));
    assert.deepEqual(result, { code: 'success' });
    const req = collector.requests[0]!;
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['content-encoding'], 'gzip');
    assert.equal(req.headers['x-api-key'], 'secret');
    assert.deepEqual(collector.spanNames(), ['x0', 'x1', 'x2', 'x3', 'x4']);
    await exporter.shutdown();
    const after = await exporter.export(spansOf(1));
    assert.equal(after.code, 'failure');
  });

  test('a partialSuccess is read and reported in both encodings, counted as rejected', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    const diag = captureDiag();
    t.after(() => diag.restore());
    collector.respond = (r, res) => {
      if (r.headers['content-type'] === 'application/json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ partialSuccess: { rejectedSpans: '2', errorMessage: 'spans too old' } }));
      } else {
        const w = new ProtoWriter();
        w.tag(1, 2);
        const s = w.fork();
        w.tag(1, 0);
        w.int64(3);
        w.tag(2, 2);
        w.string('spans too old');
        w.join(s);
        res.writeHead(200, { 'content-type': 'application/x-protobuf' });
        res.end(w.finish());
      }
    };
    for (const protocol of ['http/json', 'http/protobuf'] as const) {
      const exporter = new OtlpHttpTraceExporter({ url: collector.url, protocol });
      assert.deepEqual(await exporter.export(spansOf(5)), { code: 'success' });
      await exporter.shutdown();
    }
    assert.equal(droppedCounts()['otlp.traces.rejected'], 5);
    assert.ok(diag.messages.some((m) => m.message.includes('spans too old')));
  });

  test('retryable failures past the attempt limit fail the export', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    collector.respond = (_r, res) => {
      res.writeHead(502);
      res.end();
    };
    const exporter = new OtlpHttpTraceExporter({ url: collector.url, timeoutMillis: 5000, retry: { initialBackoffMillis: 1, maxAttempts: 3 } });
    const result = await exporter.export(spansOf(1));
    assert.equal(result.code, 'failure');
    assert.equal(collector.requests.length, 3);
    await exporter.shutdown();
  });

  test('a Retry-After past the deadline gives up at once instead of waiting', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    collector.respond = (_r, res) => {
      res.writeHead(429, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() });
      res.end();
    };
    const exporter = new OtlpHttpTraceExporter({ url: collector.url, timeoutMillis: 2000, retry: fastRetry });
    const result = await exporter.export(spansOf(1));
    assert.equal(result.code, 'failure');
    assert.match(result.code === 'failure' ? result.error.message : '', /deadline/);
    assert.equal(collector.requests.length, 1);
    await exporter.shutdown();
  });
});

describe('the exporter and the HTTP instrumentation', () => {
  test('the exporter\'s own requests are not traced, while an ordinary request is', async (t) => {
    const { enableHttpInstrumentation, disableHttpInstrumentation } = await import('../../lib/instrumentation/http-instrumentation.js');
    const { request } = await import('node:http');
    const { testTracing } = await import('../helpers/tracing.js');
    const { getTracerProvider, setTracerProvider } = await import('../../lib/trace/api.js');
    const prev = getTracerProvider();
    const tracing = testTracing({}, true);
    const collector = await startCollector();
    enableHttpInstrumentation({ server: false, tracerProvider: tracing.provider });
    t.after(async () => {
      disableHttpInstrumentation();
      setTracerProvider(prev);
      await collector.close();
    });
    const exporter = new OtlpHttpTraceExporter({ url: collector.url });
    assert.deepEqual(await exporter.export(spansOf(2)), { code: 'success' });
    await exporter.shutdown();
    assert.equal((await tracing.spans()).length, 0);
    // The control: the instrumentation is live and does trace a plain request.
    await new Promise<void>((resolve, reject) => {
      const req = request(`http://127.0.0.1:${collector.port}/other`, { method: 'POST' }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal((await tracing.spans()).length, 1);
  });
});
