/**
 * Every error path of the dashboard server answers the right status with a
 * clear message, and the server keeps serving afterwards: oversized bodies,
 * gzip bombs, malformed protobuf and JSON, wrong content type and encoding,
 * bad tokens, foreign Host headers and origins, path traversal (plain and
 * percent-encoded), and the response headers that keep the page safe.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startDashboardServer } from '../../lib/dashboard.js';
import type { DashboardHandle } from '../../lib/dashboard.js';
import { readPartialSuccess } from '../../lib/otlp/common-reader.js';
import { ProtoReader } from '../../lib/otlp/proto-reader.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import type { Span } from '../../lib/trace/span.js';
import { getJson, rawRequest } from './helpers.js';

let dash: DashboardHandle;
let staticDir: string;

before(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'zerotel-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>zerotel</title><script src="app.js"></script>');
  writeFileSync(join(staticDir, 'app.js'), 'console.log(1)');
  mkdirSync(join(staticDir, 'sub'));
  writeFileSync(join(staticDir, 'sub', 'x.css'), 'a{}');
  dash = await startDashboardServer({ port: 0, inProcess: false, maxWireBytes: 64 * 1024, maxBodyBytes: 256 * 1024, staticDir, corsOrigins: ['http://allowed.test'] });
});
after(() => dash.close());

function spans(n: number): Span[] {
  const tracer = new TracerProvider().getTracer('t');
  const out: Span[] = [];
  for (let i = 0; i < n; i++) {
    const s = tracer.startSpan(`s${i}`, { attributes: { i } });
    s.end();
    out.push(s);
  }
  return out;
}

/** google.rpc.Status { 1 code, 2 message } from a protobuf error body. */
function statusMessage(body: Buffer): string {
  const r = new ProtoReader(body);
  let message = '';
  while (r.more()) {
    const t = r.tag();
    if (t === ((2 << 3) | 2)) message = r.string();
    else r.skip(t & 7);
  }
  return message;
}

async function stillServing(): Promise<void> {
  assert.equal((await getJson(`${dash.url}api/health`)).status, 200);
}

describe('OTLP receiver errors', () => {
  test('a body declared larger than the cap is answered 413 before it is read', async () => {
    const body = new Uint8Array(100 * 1024);
    const r = await rawRequest(dash.url, { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length }, body });
    assert.equal(r.status, 413);
    assert.match(statusMessage(r.body), /exceeds the limit of 65536 bytes/);
    await stillServing();
  });

  test('a chunked body growing past the cap is answered 413', async () => {
    const r = await rawRequest(dash.url, {
      method: 'POST',
      path: '/v1/logs',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: 'x'.repeat(100 * 1024),
    });
    assert.equal(r.status, 413);
    assert.match(JSON.parse(r.body.toString()).message, /exceeds the limit/);
    await stillServing();
  });

  test('a gzip bomb (small on the wire, huge inflated) is refused 413 at the inflated cap', async () => {
    const bomb = gzipSync(new Uint8Array(20 * 1024 * 1024));
    assert.ok(bomb.length < 64 * 1024, 'the bomb fits under the wire cap');
    const r = await rawRequest(dash.url, { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, body: bomb });
    assert.equal(r.status, 413);
    assert.match(statusMessage(r.body), /decompressed body exceeds the limit of 262144 bytes/);
    await stillServing();
  });

  test('a gzip body within bounds is accepted and its spans stored', async () => {
    const body = gzipSync(encodeTracesProto(spans(3)));
    const r = await rawRequest(dash.url, { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, body });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/x-protobuf');
    assert.equal(r.body.length, 0, 'a full success is the empty ExportTraceServiceResponse');
  });

  test('malformed protobuf is answered 400 with a Status naming the request type and the fault', async () => {
    const r = await rawRequest(dash.url, { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([0x0a, 0x7f, 0x01]) });
    assert.equal(r.status, 400);
    assert.equal(r.headers['content-type'], 'application/x-protobuf');
    assert.match(statusMessage(r.body), /^malformed protobuf ExportTraceServiceRequest: truncated message/);
    await stillServing();
  });

  test('malformed JSON is answered 400 in JSON: bad syntax, and a field of the wrong type named by its path', async () => {
    const syntax = await rawRequest(dash.url, { method: 'POST', path: '/v1/metrics', headers: { 'content-type': 'application/json' }, body: '{"resourceMetrics": [' });
    assert.equal(syntax.status, 400);
    assert.match(JSON.parse(syntax.body.toString()).message, /^malformed OTLP\/JSON ExportMetricsServiceRequest: body is not valid JSON/);
    const typed = await rawRequest(dash.url, {
      method: 'POST',
      path: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 5 }] }] }] }),
    });
    assert.equal(typed.status, 400);
    assert.match(JSON.parse(typed.body.toString()).message, /\$\.resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: expected a hex id/);
    await stillServing();
  });

  test('a span without valid ids is rejected in a partial success, the others are stored', async () => {
    const good = { traceId: 'aa'.repeat(16), spanId: 'bb'.repeat(8), name: 'good', startTimeUnixNano: '1', endTimeUnixNano: '2' };
    const bad = { traceId: '00'.repeat(16), spanId: 'cc'.repeat(8), name: 'bad' };
    const r = await rawRequest(dash.url, {
      method: 'POST',
      path: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [good, bad] }] }] }),
    });
    assert.equal(r.status, 200);
    const reply = JSON.parse(r.body.toString());
    assert.equal(reply.partialSuccess.rejectedSpans, '1');
    assert.match(reply.partialSuccess.errorMessage, /1 spans rejected/);
    assert.equal((await getJson(`${dash.url}api/traces/${'aa'.repeat(16)}`)).body.spans[0].name, 'good');
    // The same in protobuf: the response's partial_success decodes with our reader.
    const p = await rawRequest(dash.url, {
      method: 'POST',
      path: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf' },
      // ResourceSpans{ScopeSpans{Span{trace_id: 16 zero bytes, span_id: 8 bytes}}}
      body: Buffer.from('0a23' + '1221' + '121f' + '0a10' + '00'.repeat(16) + '1208' + '11'.repeat(8) + '2a0178', 'hex'),
    });
    assert.equal(p.status, 200, p.body.toString());
    assert.deepEqual(readPartialSuccess(new ProtoReader(p.body))?.rejected, 1);
  });

  test('other content types are 415, other encodings are 415, other methods 405', async () => {
    const text = await rawRequest(dash.url, { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    assert.equal(text.status, 415);
    assert.match(JSON.parse(text.body.toString()).message, /unsupported content-type "text\/plain"/);
    const br = await rawRequest(dash.url, { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body: '{}' });
    assert.equal(br.status, 415);
    assert.match(JSON.parse(br.body.toString()).message, /unsupported content-encoding "br"/);
    const get = await rawRequest(dash.url, { method: 'GET', path: '/v1/traces' });
    assert.equal(get.status, 405);
    const post = await rawRequest(dash.url, { method: 'POST', path: '/api/health', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(post.status, 405);
    await stillServing();
  });
});

describe('HTTP security', () => {
  test('a Host header that is not a bound name is refused 403 (DNS rebinding); loopback names with our port pass', async () => {
    const port = new URL(dash.url).port;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`]) {
      const r = await rawRequest(dash.url, { path: '/api/health', headers: { host } });
      assert.equal(r.status, 403, host);
      assert.match(JSON.parse(r.body.toString()).error, /is not a name this dashboard is bound to/);
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      assert.equal((await rawRequest(dash.url, { path: '/api/health', headers: { host } })).status, 200, host);
    }
  });

  test('path traversal is refused 400, plain or percent-encoded; folders are not listed; files outside the folder are never read', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/sub/%2E%2E/%2e%2e/package.json', '/..%2fpackage.json', '/.%2e/x', '/sub%5c..%5cx', '/%00']) {
      const r = await rawRequest(dash.url, { path });
      assert.equal(r.status, 400, path);
      assert.doesNotMatch(r.body.toString(), /"name":\s*"zerotel"/, path);
    }
    // API paths are no file paths: an encoded slash in a metric name is a name.
    const named = await rawRequest(dash.url, {
      method: 'POST',
      path: '/v1/metrics',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'http/requests', gauge: { dataPoints: [{ timeUnixNano: String(Date.now() * 1e6), asInt: '4' }] } }] }] }] }),
    });
    assert.equal(named.status, 200);
    const metric = await getJson(`${dash.url}api/metrics/${encodeURIComponent('http/requests')}`);
    assert.equal(metric.status, 200);
    assert.equal(metric.body.series[0].points[0].value, 4);
    const listing = await rawRequest(dash.url, { path: '/sub/' });
    assert.equal(listing.status, 404);
    assert.equal((await rawRequest(dash.url, { path: '/sub/x.css' })).status, 200);
    assert.equal((await rawRequest(dash.url, { path: '/missing.js' })).status, 404);
  });

  test('the page is served with a CSP that allows no inline script, nosniff and no referrer; own routes send no CORS headers', async () => {
    const page = await rawRequest(dash.url, { path: '/' });
    assert.equal(page.status, 200);
    assert.match(page.body.toString(), /<title>zerotel<\/title>/);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.equal((await rawRequest(dash.url, { path: '/app.js' })).headers['content-type'], 'text/javascript; charset=utf-8');
    const api = await rawRequest(dash.url, { path: '/api/health', headers: { origin: 'http://allowed.test' } });
    assert.equal(api.status, 200);
    assert.equal(api.headers['access-control-allow-origin'], undefined);
  });

  test('OTLP from a browser origin needs the allowlist: others are 403, an allowed one gets CORS and its preflight', async () => {
    const denied = await rawRequest(dash.url, { method: 'POST', path: '/v1/traces', headers: { origin: 'http://evil.test', 'content-type': 'application/json' }, body: '{}' });
    assert.equal(denied.status, 403);
    const pre = await rawRequest(dash.url, { method: 'OPTIONS', path: '/v1/traces', headers: { origin: 'http://allowed.test', 'access-control-request-method': 'POST' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], 'http://allowed.test');
    const ok = await rawRequest(dash.url, { method: 'POST', path: '/v1/traces', headers: { origin: 'http://allowed.test', 'content-type': 'application/json' }, body: '{}' });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], 'http://allowed.test');
  });

  test('a client that never finishes its headers, or its body, is answered 408 and cut off at the timeouts', async (t) => {
    const { connect } = await import('node:net');
    const slow = await startDashboardServer({ port: 0, inProcess: false, headersTimeoutMs: 300, requestTimeoutMs: 600 });
    t.after(() => slow.close());
    const u = new URL(slow.url);
    const talk = (text: string): Promise<string> =>
      new Promise((resolve) => {
        const s = connect({ host: u.hostname, port: Number(u.port) });
        let got = '';
        s.on('data', (c: Buffer) => (got += c.toString()));
        s.on('close', () => resolve(got));
        s.on('error', () => {});
        s.write(text);
        setTimeout(() => s.destroy(), 8000).unref();
      });
    assert.match(await talk(`GET /api/health HTTP/1.1\r\nHost: ${u.host}\r\n`), /^HTTP\/1\.1 408/);
    assert.match(await talk(`POST /v1/traces HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"res`), /^HTTP\/1\.1 (408|400)/);
    assert.equal((await getJson(`${slow.url}api/health`)).status, 200);
  });

  test('with a token: none or a wrong one is 401, a bearer or the cookie passes, ?t= is exchanged once for an HttpOnly SameSite=Strict cookie', async (t) => {
    const secured = await startDashboardServer({ port: 0, inProcess: false, token: 'sesame-123' });
    t.after(() => secured.close());
    const none = await rawRequest(secured.url, { path: '/api/health' });
    assert.equal(none.status, 401);
    assert.match(JSON.parse(none.body.toString()).error, /needs its token/);
    assert.equal((await rawRequest(secured.url, { path: '/api/health', headers: { authorization: 'Bearer wrong' } })).status, 401);
    assert.equal((await rawRequest(secured.url, { path: '/api/health?t=wrong' })).status, 401);
    assert.equal((await rawRequest(secured.url, { path: '/api/health', headers: { authorization: 'Bearer sesame-123' } })).status, 200);
    const swap = await rawRequest(secured.url, { path: '/api/health?t=sesame-123&x=1' });
    assert.equal(swap.status, 303);
    assert.equal(swap.headers.location, '/api/health?x=1');
    const cookie = String(swap.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.equal((await rawRequest(secured.url, { path: '/api/health', headers: { cookie: cookie.split(';')[0]! } })).status, 200);
    const otlp = await rawRequest(secured.url, { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(otlp.status, 401, 'OTLP senders need the bearer token too');
  });
});
