/**
 * OTLP/gRPC over TLS (ALPN h2) with the certificate variables' material —
 * server verification by a private CA, and mTLS — against @grpc/grpc-js; and
 * the lazy loading promise: node:http2 is loaded only by a gRPC export, not
 * by `import 'zerotel'` nor by an HTTP export (child processes, fresh module
 * state). Also the HTTP transport's cancellation by the export's AbortSignal.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { otlpExporterConfig } from '../../lib/config/otlp-config.js';
import { OtlpTraceExporter } from '../../lib/exporters/otlp-trace-exporter.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import type { Span } from '../../lib/trace/span.js';
import { startGrpcCollector } from '../helpers/grpc-collector.js';
import { startCollector } from '../helpers/collector.js';
import { FIXTURES, LIB_BUILD } from '../helpers/paths.js';

const TLS = join(FIXTURES, 'tls');
const pem = (f: string): Buffer => readFileSync(join(TLS, f));

function spans(n: number, prefix = 't'): Span[] {
  const tracer = new TracerProvider().getTracer('tls');
  return Array.from({ length: n }, (_, i) => {
    const s = tracer.startSpan(`${prefix}${i}`);
    s.end();
    return s;
  });
}

describe('OTLP/gRPC over TLS', () => {
  test('https:// with OTEL_EXPORTER_OTLP_CERTIFICATE naming the CA: delivered over TLS', async (t) => {
    const c = await startGrpcCollector(0, grpc.ServerCredentials.createSsl(null, [{ private_key: pem('server.key'), cert_chain: pem('server.pem') }], false));
    t.after(() => c.close());
    const config = otlpExporterConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: `https://localhost:${c.port}`, OTEL_EXPORTER_OTLP_CERTIFICATE: join(TLS, 'ca.pem') }, 'traces');
    const exporter = new OtlpTraceExporter({ ...config, retry: { maxAttempts: 1 } });
    t.after(() => exporter.shutdown());
    assert.deepEqual(await exporter.export(spans(2)), { code: 'success' });
    assert.deepEqual(c.spanNames(), ['t0', 't1']);
  });

  test('without the CA the server is not trusted: a failure naming the certificate problem, nothing delivered', async (t) => {
    const c = await startGrpcCollector(0, grpc.ServerCredentials.createSsl(null, [{ private_key: pem('server.key'), cert_chain: pem('server.pem') }], false));
    t.after(() => c.close());
    const exporter = new OtlpTraceExporter({ protocol: 'grpc', url: `https://localhost:${c.port}`, retry: { maxAttempts: 1 } });
    t.after(() => exporter.shutdown());
    const r = await exporter.export(spans(1));
    assert.equal(r.code, 'failure');
    assert.match(r.code === 'failure' ? r.error.message : '', /certificate/i);
    assert.equal(c.calls.length, 0);
  });

  test('mTLS: the client key and certificate variables are presented to a server that requires them', async (t) => {
    const c = await startGrpcCollector(0, grpc.ServerCredentials.createSsl(pem('ca.pem'), [{ private_key: pem('server.key'), cert_chain: pem('server.pem') }], true));
    t.after(() => c.close());
    const base = { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: `https://127.0.0.1:${c.port}`, OTEL_EXPORTER_OTLP_CERTIFICATE: join(TLS, 'ca.pem') };
    const withoutClient = new OtlpTraceExporter({ ...otlpExporterConfig(base, 'traces'), retry: { maxAttempts: 1 } });
    t.after(() => withoutClient.shutdown());
    assert.equal((await withoutClient.export(spans(1, 'anon'))).code, 'failure');
    const config = otlpExporterConfig({ ...base, OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: join(TLS, 'client.key'), OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: join(TLS, 'client.pem') }, 'traces');
    const exporter = new OtlpTraceExporter({ ...config, retry: { maxAttempts: 1 } });
    t.after(() => exporter.shutdown());
    assert.deepEqual(await exporter.export(spans(1, 'mtls')), { code: 'success' });
    assert.deepEqual(c.spanNames(), ['mtls0']);
  });
});

describe('OTLP/HTTP over https with the certificate variables', () => {
  test('OTEL_EXPORTER_OTLP_CERTIFICATE names the CA the https collector is verified with', async (t) => {
    const { createServer } = await import('node:https');
    const bodies: Buffer[] = [];
    const server = createServer({ key: pem('server.key'), cert: pem('server.pem') }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks));
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.after(() => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }));
    const port = (server.address() as import('node:net').AddressInfo).port;
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `https://127.0.0.1:${port}` };
    const trusted = new OtlpTraceExporter({ ...otlpExporterConfig({ ...env, OTEL_EXPORTER_OTLP_CERTIFICATE: join(TLS, 'ca.pem') }, 'traces'), retry: { maxAttempts: 1 } });
    t.after(() => trusted.shutdown());
    assert.deepEqual(await trusted.export(spans(1)), { code: 'success' });
    assert.equal(bodies.length, 1);
    const untrusted = new OtlpTraceExporter({ ...otlpExporterConfig(env, 'traces'), retry: { maxAttempts: 1 } });
    t.after(() => untrusted.shutdown());
    const r = await untrusted.export(spans(1));
    assert.match(r.code === 'failure' ? r.error.message : '', /certificate/i);
    assert.equal(bodies.length, 1);
  });
});

function runChild(code: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', code], { env: { PATH: process.env['PATH'] ?? '', ZEROTEL_LIB: pathToFileURL(LIB_BUILD).href }, timeout: 20_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout.trim()),
    );
  });
}

describe('node:http2 is loaded only when gRPC is used', () => {
  const loaded = `process.moduleLoadList.some((m) => m === 'NativeModule http2')`;

  test('import "zerotel" and constructing a gRPC exporter do not load it; its first export does, and its idle session does not keep the process alive', async (t) => {
    const c = await startGrpcCollector();
    t.after(() => c.close());
    const out = await runChild(`
      const z = await import(process.env.ZEROTEL_LIB + '/index.js');
      const afterImport = ${loaded};
      const exporter = new z.OtlpTraceExporter({ protocol: 'grpc', url: ${JSON.stringify(c.url)} });
      const afterConstruct = ${loaded};
      const r = await exporter.export([]);
      const afterExport = ${loaded};
      // No shutdown: the process must still end on its own (the idle session is unref'd; execFile's timeout fails the test otherwise).
      console.log(JSON.stringify({ afterImport, afterConstruct, afterExport, code: r.code }));`);
    assert.deepEqual(JSON.parse(out), { afterImport: false, afterConstruct: false, afterExport: true, code: 'success' });
  });

  test('an OTLP/HTTP export does not load it', async (t) => {
    const c = await startCollector();
    t.after(() => c.close());
    const out = await runChild(`
      const z = await import(process.env.ZEROTEL_LIB + '/index.js');
      const exporter = new z.OtlpTraceExporter({ url: ${JSON.stringify(c.url)} });
      const r = await exporter.export([]);
      await exporter.shutdown();
      console.log(JSON.stringify({ loaded: ${loaded}, code: r.code }));`);
    assert.deepEqual(JSON.parse(out), { loaded: false, code: 'success' });
  });
});

describe('a gRPC collector that accepts calls and never answers', () => {
  test('does not keep an application alive: a batch processor and a 50 ms periodic reader with calls in flight, the process still ends', async (t) => {
    const c = await startGrpcCollector();
    t.after(() => c.close());
    c.respond = () => ({ delayMs: 600_000 });
    const out = await runChild(`
      const z = await import(process.env.ZEROTEL_LIB + '/index.js');
      const url = ${JSON.stringify(c.url)};
      const provider = new z.TracerProvider({ spanProcessors: [new z.BatchSpanProcessor(new z.OtlpTraceExporter({ protocol: 'grpc', url, timeoutMillis: 60000 }), { scheduledDelayMillis: 1 })] });
      provider.getTracer('t').startSpan('s').end();
      const reader = new z.PeriodicExportingMetricReader({ exporter: new z.OtlpMetricExporter({ protocol: 'grpc', url, timeoutMillis: 60000 }), exportIntervalMillis: 50 });
      new z.MeterProvider({ readers: [reader] }).getMeter('m').createCounter('c').add(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      console.log('done');`);
    assert.equal(out, 'done');
    assert.ok(c.calls.length > 0, 'the exports did start');
  });
});

describe('OTLP/HTTP cancellation', () => {
  test('aborting the export aborts the HTTP request and resolves at once with a failure', { timeout: 10_000 }, async (t) => {
    const c = await startCollector();
    t.after(() => c.close());
    let closed = false;
    c.respond = (_r, res) => {
      res.on('close', () => (closed = true));
      return false; // never answer
    };
    const exporter = new OtlpTraceExporter({ url: c.url, timeoutMillis: 60_000 });
    t.after(() => exporter.shutdown());
    const ac = new AbortController();
    const p = exporter.export(spans(1), ac.signal);
    while (c.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    ac.abort(new Error('export timeout of the batch processor'));
    const r = await p;
    assert.equal(r.code === 'failure' && r.error.message, 'export cancelled: export timeout of the batch processor');
    while (!closed) await new Promise((r) => setTimeout(r, 10));
    assert.ok(closed, 'the server saw the request go away');
  });

  test('an export whose signal is already aborted sends nothing', async (t) => {
    const c = await startCollector();
    t.after(() => c.close());
    const exporter = new OtlpTraceExporter({ url: c.url });
    t.after(() => exporter.shutdown());
    const r = await exporter.export(spans(1), AbortSignal.abort());
    assert.equal(r.code, 'failure');
    assert.equal(c.requests.length, 0);
  });
});
