/**
 * OTLP exporter configuration and its validation (issue 9 defect 3, issue 13):
 * the endpoint rules for HTTP and gRPC, headers and URLs checked once at
 * configuration and reported naming the variable or the option, certificate
 * files, and a bad value disabling the exporter rather than crashing the app
 * (child processes, where the crash used to be an unhandled rejection).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { otlpExporterConfig, signalEndpoint } from '../../lib/config/otlp-config.js';
import { OtlpTraceExporter } from '../../lib/exporters/otlp-trace-exporter.js';
import { OtlpExporter } from '../../lib/exporters/otlp-exporter.js';
import { HttpTransport } from '../../lib/transport/http-transport.js';
import type { SendOptions, Transport, TransportResult } from '../../lib/transport/transport-result.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import type { Span } from '../../lib/trace/span.js';
import { captureDiag } from '../helpers/diag.js';
import { startCollector } from '../helpers/collector.js';
import { FIXTURES, LIB_BUILD } from '../helpers/paths.js';

const TLS = join(FIXTURES, 'tls');

function oneSpan(name = 'x'): Span[] {
  const s = new TracerProvider().getTracer('cfg').startSpan(name);
  s.end();
  return [s];
}

describe('OTLP endpoints', () => {
  const cases: [string, Record<string, string>, 'http/protobuf' | 'grpc', string][] = [
    ['HTTP: the general endpoint with a query string keeps it after the path', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:4318/?x=1' }, 'http/protobuf', 'http://h:4318/v1/traces?x=1'],
    ['HTTP: a path and a query string', { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://h/otlp?team=a&b=%20' }, 'http/protobuf', 'https://h/otlp/v1/traces?team=a&b=%20'],
    ['HTTP: a signal endpoint with a query string is used as is', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://h:1/x?y=2' }, 'http/protobuf', 'http://h:1/x?y=2'],
    ['gRPC: the default is localhost:4317 in cleartext', {}, 'grpc', 'http://localhost:4317'],
    ['gRPC: the general endpoint gets no /v1 path', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317' }, 'grpc', 'http://c:4317'],
    ['gRPC: host:port without a scheme is TLS unless insecure', { OTEL_EXPORTER_OTLP_ENDPOINT: 'c:4317' }, 'grpc', 'https://c:4317'],
    ['gRPC: host:port with OTEL_EXPORTER_OTLP_INSECURE=true is cleartext', { OTEL_EXPORTER_OTLP_ENDPOINT: 'c:4317', OTEL_EXPORTER_OTLP_INSECURE: 'true' }, 'grpc', 'http://c:4317'],
    ['gRPC: the signal-specific INSECURE wins', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'c:4317', OTEL_EXPORTER_OTLP_INSECURE: 'true', OTEL_EXPORTER_OTLP_TRACES_INSECURE: 'false' }, 'grpc', 'https://c:4317'],
  ];
  for (const [name, env, protocol, url] of cases) {
    test(name, () => {
      assert.deepEqual(signalEndpoint(env, 'traces', protocol), { url, problem: undefined });
    });
  }

  test('OTEL_EXPORTER_OTLP_PROTOCOL=grpc (and per signal) selects gRPC', () => {
    const env = { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json' };
    assert.equal(otlpExporterConfig(env, 'traces').protocol, 'grpc');
    assert.equal(otlpExporterConfig(env, 'metrics').url, 'http://localhost:4317');
    assert.equal(otlpExporterConfig(env, 'logs').protocol, 'http/json');
    assert.equal(otlpExporterConfig(env, 'logs').url, 'http://localhost:4318/v1/logs');
    assert.equal(new OtlpTraceExporter(otlpExporterConfig(env, 'traces')).protocol, 'grpc');
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['an ftp: general endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://h' }, /invalid OTEL_EXPORTER_OTLP_ENDPOINT: "ftp:\/\/h" has the scheme ftp:/],
    ['a file: signal endpoint', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'file:///etc/passwd' }, /invalid OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: .*scheme file:/],
    ['a signal endpoint that is not a URL, even with a good general one', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ok:1', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }, /invalid OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "not a url" is not a URL/],
    ['an unreadable certificate file for an https endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318', OTEL_EXPORTER_OTLP_CERTIFICATE: '/nonexistent/ca.pem' }, /OTEL_EXPORTER_OTLP_CERTIFICATE="\/nonexistent\/ca.pem" cannot be read/],
    ['a client key without its certificate', { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318', OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: join(TLS, 'client.key') }, /OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY and OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE must be set together/],
  ];
  for (const [name, env, message] of bad) {
    test(`${name} is reported naming the variable and disables the exporter, which sends nothing`, async (t) => {
      const diag = captureDiag();
      t.after(() => diag.restore());
      const config = otlpExporterConfig(env, 'traces');
      assert.match(config.disabledReason ?? '', message);
      assert.equal(diag.messages.filter((m) => m.level === 'warn').length, 1);
      assert.match(diag.messages[0]!.message, message);
      const exporter = new OtlpTraceExporter(config);
      const r = await exporter.export(oneSpan());
      assert.equal(r.code, 'failure');
      assert.match(r.code === 'failure' ? r.error.message : '', message);
      await exporter.shutdown();
    });
  }

  test('certificate files are read at configuration, per signal first', () => {
    const config = otlpExporterConfig(
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318', OTEL_EXPORTER_OTLP_CERTIFICATE: join(TLS, 'server.pem'), OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: join(TLS, 'ca.pem'), OTEL_EXPORTER_OTLP_CLIENT_KEY: join(TLS, 'client.key'), OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: join(TLS, 'client.pem') },
      'traces',
    );
    assert.equal(config.disabledReason, undefined);
    assert.match(Buffer.from(config.tls!.ca!).toString(), /BEGIN CERTIFICATE/);
    assert.match(Buffer.from(config.tls!.key!).toString(), /PRIVATE KEY/);
    assert.ok(Buffer.from(config.tls!.ca!).equals(readFileSync(join(TLS, 'ca.pem'))));
  });
});

describe('OTLP headers', () => {
  test('entries are percent-decoded; names that are not tokens and values with CR/LF/NUL are reported and skipped', () => {
    const diag = captureDiag();
    try {
      const config = otlpExporterConfig(
        { OTEL_EXPORTER_OTLP_HEADERS: 'good=a%20b,bad name=1,crlf=x%0D%0Ainjected: yes,nul=a%00b,api-key=k%3Dv', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-ok=1,x(bad)=2' },
        'traces',
      );
      assert.deepEqual(config.headers, { good: 'a b', 'api-key': 'k=v', 'x-ok': '1' });
      const text = diag.messages.map((m) => m.message).join('\n');
      assert.match(text, /OTEL_EXPORTER_OTLP_HEADERS: header name "bad name" is not a token/);
      assert.match(text, /OTEL_EXPORTER_OTLP_HEADERS: the value of header "crlf" holds a control character/);
      assert.match(text, /OTEL_EXPORTER_OTLP_HEADERS: the value of header "nul"/);
      assert.match(text, /OTEL_EXPORTER_OTLP_TRACES_HEADERS: header name "x\(bad\)" is not a token/);
      assert.equal(config.disabledReason, undefined);
    } finally {
      diag.restore();
    }
  });

  test('bad headers given as an option are reported naming the option and left out; the good ones are sent', async (t) => {
    const diag = captureDiag();
    t.after(() => diag.restore());
    const collector = await startCollector();
    t.after(() => collector.close());
    const headers = { 'x-good': 'yes', 'x bad': '1', 'x-crlf': 'a\r\nb' } as Record<string, string>;
    Object.defineProperty(headers, 'x-throws', { enumerable: true, get: () => { throw new Error('getter'); } });
    const exporter = new OtlpTraceExporter({ url: collector.url, headers });
    t.after(() => exporter.shutdown());
    assert.deepEqual(await exporter.export(oneSpan()), { code: 'success' });
    assert.equal(collector.requests[0]!.headers['x-good'], 'yes');
    const text = diag.messages.map((m) => m.message).join('\n');
    assert.match(text, /the exporter headers option: header name "x bad" is not a token/);
    assert.match(text, /the exporter headers option: header "x-throws" could not be read \(getter\)/);
  });
});

describe('a throw inside a transport', () => {
  class Throwing implements Transport {
    constructor(readonly how: 'sync' | 'async') {}
    send(_b: Uint8Array, _o: SendOptions): Promise<TransportResult> {
      if (this.how === 'sync') throw new TypeError('Invalid character in header content ["x"]');
      return Promise.reject(new RangeError('ERR_INVALID_HTTP_TOKEN'));
    }
    shutdown(): void {}
  }
  for (const how of ['sync', 'async'] as const) {
    test(`(${how}) becomes a failure result with its own message, not a timeout`, async () => {
      const exporter = new OtlpExporter<Span>({ name: 'traces', encodeProto: () => new Uint8Array(0), encodeJson: () => '', rejectedField: 'rejectedSpans' }, { transport: new Throwing(how) });
      const r = await exporter.export(oneSpan());
      assert.equal(r.code, 'failure');
      assert.match(r.code === 'failure' ? r.error.message : '', how === 'sync' ? /Invalid character in header content/ : /ERR_INVALID_HTTP_TOKEN/);
    });
  }

  test('node:http refusing a header at send time is a failure naming node\'s reason', async (t) => {
    // Headers are checked at construction; this reaches node:http's own check by changing the transport's
    // content type (which is not a user header) to something node refuses.
    const collector = await startCollector();
    t.after(() => collector.close());
    const transport = new HttpTransport({ url: collector.url, contentType: 'application/x-protobuf\r\nx-injected: 1' });
    t.after(() => transport.shutdown());
    const r = await transport.send(new Uint8Array(1), { deadline: Date.now() + 2000 });
    assert.equal(r.kind, 'failure');
    assert.match(r.kind === 'failure' ? r.error.message : '', /HTTP export failed: Invalid character in header content \["content-type"\]/);
    assert.equal(collector.requests.length, 0);
  });
});

/** Runs `code` as an ES module in a child process with `env`; resolves with its exit code and output. */
function runChild(code: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      env: { PATH: process.env['PATH'] ?? '', ZEROTEL_LIB: pathToFileURL(LIB_BUILD).href, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, stdout, stderr });
    });
  });
}

describe('bad configuration never crashes the application (child processes)', () => {
  test('OTEL_EXPORTER_OTLP_HEADERS with a bad name and a CR/LF value: the app lives, the span arrives with the good header', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    const r = await runChild(
      `const { startSpan } = await import(process.env.ZEROTEL_LIB + '/index.js');
       const { startSdk } = await import(process.env.ZEROTEL_LIB + '/sdk.js');
       const sdk = await startSdk(process.env);
       startSpan('survivor').end();
       await sdk.shutdown();
       console.log('alive');`,
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}`,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-good=1,bad name=2,x-crlf=a%0D%0Ab',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'alive');
    assert.match(r.stderr, /OTEL_EXPORTER_OTLP_HEADERS: header name "bad name" is not a token/);
    assert.deepEqual(collector.spanNames(), ['survivor']);
    assert.equal(collector.requests[0]!.headers['x-good'], '1');
  });

  for (const url of ['ftp://127.0.0.1/x', 'file:///etc/passwd', 'not a url']) {
    test(`an exporter built with url "${url}": the app lives, exports fail with the reason, one diagnostic names the option`, async () => {
      const r = await runChild(
        `const { OtlpHttpTraceExporter, BatchSpanProcessor, TracerProvider } = await import(process.env.ZEROTEL_LIB + '/sdk.js');
         const exporter = new OtlpHttpTraceExporter({ url: ${JSON.stringify(url)} });
         const bsp = new BatchSpanProcessor(exporter);
         const provider = new TracerProvider({ spanProcessors: [bsp] });
         provider.getTracer('t').startSpan('s').end();
         await provider.shutdown();
         const direct = await exporter.export([]);
         console.log(JSON.stringify({ failed: bsp.failed, direct: direct.code }));`,
        {},
      );
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { failed: 1, direct: 'failure' });
      assert.match(r.stderr, /OTLP traces exporter disabled: the url option: /);
    });
  }

  test('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=ftp://…: the app lives, nothing is sent anywhere, the variable is named', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    const r = await runChild(
      `const { startSpan } = await import(process.env.ZEROTEL_LIB + '/index.js');
       const { startSdk } = await import(process.env.ZEROTEL_LIB + '/sdk.js');
       const sdk = await startSdk(process.env);
       startSpan('s').end();
       await sdk.shutdown();
       console.log('alive');`,
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}`,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://127.0.0.1/x',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'alive');
    assert.match(r.stderr, /invalid OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "ftp:\/\/127.0.0.1\/x" has the scheme ftp:/);
    assert.equal(collector.requests.length, 0);
  });
});
