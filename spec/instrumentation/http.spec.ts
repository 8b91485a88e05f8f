import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { getCurrentSpan, withSpan } from '../../lib/context/async-context.js';
import { getBaggage } from '../../lib/propagation/baggage.js';
import { withTracingSuppressed } from '../../lib/context/suppress-tracing.js';
import {
  disableHttpInstrumentation,
  enableHttpInstrumentation,
  isHttpInstrumentationEnabled,
} from '../../lib/instrumentation/http-instrumentation.js';
import { TracingHttpAgent, TracingHttpsAgent } from '../../lib/instrumentation/http-client.js';
import { setHttpRoute } from '../../lib/instrumentation/http-server.js';
import { SpanKind, SpanStatusCode } from '../../lib/trace/span.js';
import type { Span } from '../../lib/trace/span.js';
import { testTracing } from '../helpers/tracing.js';

const TID = '0af7651916cd43dd8448eb211c80319c';
const SID = 'b7ad6b7169203331';

interface Seen {
  url: string;
  headers: http.IncomingHttpHeaders;
  traceId: string | undefined;
  spanId: string | undefined;
  baggage: Record<string, string>;
}

const t = testTracing();
const seen: Seen[] = [];
let server: http.Server;
let base = '';
let deadPort = 0;

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const span = getCurrentSpan();
  seen.push({ url: req.url ?? '', headers: req.headers, traceId: span?.traceId, spanId: span?.spanId, baggage: getBaggage().toObject() });
  const url = req.url ?? '/';
  if (url.startsWith('/users/')) setHttpRoute('/users/:id');
  if (url === '/hang') {
    res.writeHead(200);
    res.write('partial');
    return; // the client destroys the connection
  }
  const status = /^\/status\/(\d+)/.exec(url);
  res.statusCode = status ? Number(status[1]) : 200;
  res.end('ok');
}

async function spansAfter(count: number, from = 0): Promise<Span[]> {
  for (let i = 0; i < 200; i++) {
    const all = await t.spans();
    if (all.length - from >= count) return all.slice(from);
    await sleep(5);
  }
  return (await t.spans()).slice(from);
}

function get(url: string, options: http.RequestOptions = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, options, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

function mark(): number {
  t.exporter.reset();
  seen.length = 0;
  return 0;
}

before(async () => {
  enableHttpInstrumentation({ tracerProvider: t.provider, ignorePaths: ['/healthz', /^\/metrics/] });
  server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  deadPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
});

after(async () => {
  disableHttpInstrumentation();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('HTTP server spans', () => {
  test('an incoming request gets a SERVER span, child of the extracted context, current in the handler', async () => {
    mark();
    const res = await fetch(`${base}/users/7?full=1`, {
      headers: { traceparent: `00-${TID}-${SID}-01`, tracestate: 'vendor=x', baggage: 'tenant=acme' },
    });
    await res.text();
    const spans = await spansAfter(2);
    const srv = spans.find((s) => s.kind === SpanKind.SERVER)!;
    const cli = spans.find((s) => s.kind === SpanKind.CLIENT)!;
    assert.equal(srv.name, 'GET /users/:id');
    // The caller's explicit traceparent wins over the fetch span's (no duplicate header is sent).
    assert.equal(seen[0]!.headers.traceparent, `00-${TID}-${SID}-01`);
    assert.equal(srv.traceId, TID);
    assert.equal(srv.parentSpanId, SID);
    assert.equal(srv.parentIsRemote, true);
    assert.equal(srv.traceState?.serialize(), 'vendor=x');
    assert.equal(seen[0]!.spanId, srv.spanId, 'the SERVER span is current in the handler');
    assert.deepEqual(seen[0]!.baggage, { tenant: 'acme' });
    const a = srv.attributes!;
    assert.equal(a['http.request.method'], 'GET');
    assert.equal(a['url.path'], '/users/7');
    assert.equal(a['url.query'], 'full=1');
    assert.equal(a['url.scheme'], 'http');
    assert.equal(a['http.route'], '/users/:id');
    assert.equal(a['server.address'], '127.0.0.1');
    assert.equal(a['server.port'], Number(new URL(base).port));
    assert.equal(a['network.protocol.version'], '1.1');
    assert.equal(a['client.address'], '127.0.0.1');
    assert.equal(a['http.response.status_code'], 200);
    assert.equal(srv.statusCode, SpanStatusCode.UNSET);
    assert.equal(cli.name, 'GET');
  });

  test('a request without trace headers starts a new trace', async () => {
    mark();
    await get(`${base}/plain`, { agent: new http.Agent() });
    const [srv] = (await spansAfter(2)).filter((s) => s.kind === SpanKind.SERVER);
    assert.ok(srv);
    assert.equal(srv.name, 'GET');
  });

  const statuses: { status: number; code: SpanStatusCode }[] = [
    { status: 200, code: SpanStatusCode.UNSET },
    { status: 404, code: SpanStatusCode.UNSET },
    { status: 500, code: SpanStatusCode.ERROR },
    { status: 503, code: SpanStatusCode.ERROR },
  ];
  for (const c of statuses) {
    test(`a SERVER span answering ${c.status} has status ${c.code === SpanStatusCode.ERROR ? 'ERROR' : 'UNSET'}`, async () => {
      mark();
      await get(`${base}/status/${c.status}`);
      const srv = (await spansAfter(2)).find((s) => s.kind === SpanKind.SERVER)!;
      assert.equal(srv.statusCode, c.code);
      assert.equal(srv.attributes?.['http.response.status_code'], c.status);
      assert.equal(srv.attributes?.['error.type'], c.code === SpanStatusCode.ERROR ? String(c.status) : undefined);
    });
  }

  test('ignored paths get no span (strings and regular expressions)', async () => {
    mark();
    await get(`${base}/healthz`);
    await get(`${base}/metrics/x`);
    await get(`${base}/ok`);
    const spans = await spansAfter(4);
    assert.deepEqual(spans.filter((s) => s.kind === SpanKind.SERVER).map((s) => s.attributes?.['url.path']), ['/ok']);
    // The handler of an ignored path still runs in the extracted context: its current span is the remote caller.
    const healthClient = spans.find((s) => s.kind === SpanKind.CLIENT && s.attributes?.['url.full'] === `${base}/healthz`)!;
    assert.equal(seen[0]!.spanId, healthClient.spanId);
  });

  test('a response closed before it finished ends its span as an error', async () => {
    mark();
    await new Promise<void>((resolve) => {
      const req = http.get(`${base}/hang`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
    });
    const srv = (await spansAfter(2)).find((s) => s.kind === SpanKind.SERVER)!;
    assert.ok(srv);
    assert.equal(srv.statusCode, SpanStatusCode.ERROR);
    assert.equal(srv.attributes?.['error.type'], 'aborted');
  });

  test('an unknown method is reported as _OTHER with the original kept', async () => {
    mark();
    await new Promise<void>((resolve, reject) => {
      http.request(`${base}/x`, { method: 'PURGE' }, (res) => res.resume().on('end', resolve)).on('error', reject).end();
    });
    const spans = await spansAfter(2);
    for (const s of spans) {
      assert.equal(s.name, 'HTTP');
      assert.equal(s.attributes?.['http.request.method'], '_OTHER');
      assert.equal(s.attributes?.['http.request.method_original'], 'PURGE');
    }
  });

  test('setHttpRoute outside a traced request does nothing, even to the span that is current', () => {
    // Fails if setHttpRoute fell back to the current span instead of the request's SERVER span.
    const work = t.provider.getTracer('t').startSpan('work');
    withSpan(work, () => {
      setHttpRoute('/nowhere');
      setHttpRoute('' as string);
    });
    work.end();
    assert.equal(work.name, 'work');
    assert.equal(work.attributes?.['http.route'], undefined);
  });
});

describe('HTTP client spans: fetch', () => {
  test('fetch gets a CLIENT span whose context reaches the server in traceparent', async () => {
    mark();
    const parent = t.provider.getTracer('test').startSpan('parent');
    const { withSpan } = await import('../../lib/context/async-context.js');
    await withSpan(parent, async () => (await fetch(`${base}/a`)).text());
    parent.end();
    const spans = await spansAfter(3);
    const cli = spans.find((s) => s.kind === SpanKind.CLIENT)!;
    const srv = spans.find((s) => s.kind === SpanKind.SERVER)!;
    assert.equal(cli.parentSpanId, parent.spanId);
    assert.equal(cli.traceId, parent.traceId);
    assert.equal(seen[0]!.headers.traceparent, `00-${cli.traceId}-${cli.spanId}-03`);
    assert.equal(srv.parentSpanId, cli.spanId);
    assert.equal(cli.attributes?.['url.full'], `${base}/a`);
    assert.equal(cli.attributes?.['server.address'], '127.0.0.1');
    assert.equal(cli.attributes?.['server.port'], Number(new URL(base).port));
    assert.equal(cli.attributes?.['http.response.status_code'], 200);
  });

  const clientStatuses = [200, 302, 404, 500];
  for (const status of clientStatuses) {
    test(`a fetch answered ${status} is ${status >= 400 ? 'an error' : 'not an error'}`, async () => {
      mark();
      await (await fetch(`${base}/status/${status}`, { redirect: 'manual' })).text();
      const cli = (await spansAfter(2)).find((s) => s.kind === SpanKind.CLIENT)!;
      assert.equal(cli.statusCode, status >= 400 ? SpanStatusCode.ERROR : SpanStatusCode.UNSET);
      assert.equal(cli.attributes?.['error.type'], status >= 400 ? String(status) : undefined);
    });
  }

  test('a fetch that cannot connect ends its span with the error', async () => {
    mark();
    await assert.rejects(fetch(`http://127.0.0.1:${deadPort}/nope`));
    const [cli] = await spansAfter(1);
    assert.equal(cli?.kind, SpanKind.CLIENT);
    assert.equal(cli?.statusCode, SpanStatusCode.ERROR);
    assert.equal(cli?.attributes?.['error.type'], 'ECONNREFUSED');
  });

  test('suppressed tracing makes no CLIENT span and sends no traceparent', async () => {
    mark();
    await withTracingSuppressed(async () => (await fetch(`${base}/quiet`)).text());
    await get(`${base}/after`);
    const spans = await spansAfter(3);
    assert.equal(spans.filter((s) => s.kind === SpanKind.CLIENT).length, 1);
    assert.equal(seen[0]!.headers.traceparent, undefined);
  });
});

describe('HTTP client spans: http.request', () => {
  test('the tracing global agent injects traceparent into http.request', async () => {
    mark();
    assert.ok(http.globalAgent instanceof TracingHttpAgent);
    assert.ok(https.globalAgent instanceof TracingHttpsAgent);
    await get(`${base}/h?q=1`);
    const spans = await spansAfter(2);
    const cli = spans.find((s) => s.kind === SpanKind.CLIENT)!;
    const srv = spans.find((s) => s.kind === SpanKind.SERVER)!;
    assert.equal(seen[0]!.headers.traceparent, `00-${cli.traceId}-${cli.spanId}-03`);
    assert.equal(srv.parentSpanId, cli.spanId);
    assert.equal(cli.attributes?.['url.full'], `${base}/h?q=1`);
    assert.equal(cli.attributes?.['network.protocol.version'], '1.1');
    assert.equal(cli.name, 'GET');
  });

  const agents: { name: string; agent: () => http.Agent | false; injected: boolean }[] = [
    { name: 'agent: false (built from the global agent)', agent: () => false, injected: true },
    { name: 'an explicit TracingHttpAgent', agent: () => new TracingHttpAgent(), injected: true },
    { name: 'a plain http.Agent (span only, no propagation)', agent: () => new http.Agent(), injected: false },
  ];
  for (const c of agents) {
    test(`requests through ${c.name} get a CLIENT span`, async () => {
      mark();
      await get(`${base}/agent`, { agent: c.agent() });
      const spans = await spansAfter(2);
      const cli = spans.find((s) => s.kind === SpanKind.CLIENT);
      assert.ok(cli);
      assert.equal(cli.attributes?.['server.port'], Number(new URL(base).port));
      assert.equal(seen[0]!.headers.traceparent === `00-${cli.traceId}-${cli.spanId}-03`, c.injected);
    });
  }

  test('headers given as an array are already serialized: a span, no injection', async () => {
    mark();
    await new Promise<void>((resolve, reject) => {
      http
        .request(`${base}/arr`, { headers: ['x-test', '1', 'host', new URL(base).host] as unknown as http.OutgoingHttpHeaders }, (res) => res.resume().on('end', resolve))
        .on('error', reject)
        .end();
    });
    const spans = await spansAfter(2);
    assert.ok(spans.some((s) => s.kind === SpanKind.CLIENT));
    assert.equal(seen[0]!.headers.traceparent, undefined);
  });

  test('a request that cannot connect ends its span with the error code', async () => {
    mark();
    await assert.rejects(get(`http://127.0.0.1:${deadPort}/x`));
    const [cli] = await spansAfter(1);
    assert.equal(cli?.statusCode, SpanStatusCode.ERROR);
    assert.equal(cli?.attributes?.['error.type'], 'ECONNREFUSED');
    assert.equal(cli?.attributes?.['url.full'], `http://127.0.0.1:${deadPort}/x`);
  });

  const stops: { name: string; stop: (req: http.ClientRequest) => void; errorType: string }[] = [
    { name: 'destroyed (a socket error)', stop: (req) => req.destroy(), errorType: 'ECONNRESET' },
    // The deprecated abort() closes without an error event: only 'close' tells.
    { name: 'aborted (no error event)', stop: (req) => req.abort(), errorType: 'aborted' },
  ];
  for (const c of stops) {
    test(`a request ${c.name} before any response ends its span as an error`, async () => {
      mark();
      await new Promise<void>((resolve) => {
        const req = http.get(`${base}/never`);
        req.on('error', () => {});
        req.on('close', () => resolve());
        c.stop(req);
      });
      const cli = (await spansAfter(1)).find((s) => s.kind === SpanKind.CLIENT);
      assert.equal(cli?.statusCode, SpanStatusCode.ERROR);
      assert.equal(cli?.attributes?.['error.type'], c.errorType);
    });
  }

  test('https requests go through the tracing https agent', async () => {
    mark();
    await assert.rejects(
      new Promise((resolve, reject) => https.get(`https://127.0.0.1:${deadPort}/s`, resolve).on('error', reject)),
    );
    const [cli] = await spansAfter(1);
    assert.equal(cli?.attributes?.['url.full'], `https://127.0.0.1:${deadPort}/s`);
    assert.equal(cli?.attributes?.['server.port'], deadPort);
  });

  test('suppressed tracing makes no span for http.request, through either path', async () => {
    mark();
    await withTracingSuppressed(() => get(`${base}/q1`));
    await withTracingSuppressed(() => get(`${base}/q2`, { agent: new http.Agent() }));
    const spans = await spansAfter(2);
    assert.equal(spans.filter((s) => s.kind === SpanKind.CLIENT).length, 0);
    assert.equal(seen[0]!.headers.traceparent, undefined);
  });
});

describe('enable and disable', () => {
  test('options turn each side off, a predicate ignores paths, and disable restores the global agents', async () => {
    const previous = http.globalAgent;
    enableHttpInstrumentation({
      tracerProvider: t.provider,
      client: false,
      fetch: false,
      ignorePaths: (p) => {
        if (p === '/boom') throw new Error('bad predicate');
        return p === '/skip';
      },
    });
    try {
      assert.ok(!(http.globalAgent instanceof TracingHttpAgent), 'client off: agents restored');
      mark();
      await get(`${base}/skip`);
      await (await fetch(`${base}/boom`)).text();
      const spans = await spansAfter(1);
      await sleep(20);
      assert.deepEqual((await t.spans()).map((s) => [s.kind, s.attributes?.['url.path']]), [[SpanKind.SERVER, '/boom']]);
      assert.equal(spans.length, 1);
      disableHttpInstrumentation();
      disableHttpInstrumentation();
      assert.equal(isHttpInstrumentationEnabled(), false);
      mark();
      await get(`${base}/off`);
      await sleep(20);
      assert.equal((await t.spans()).length, 0);
      assert.equal(seen[0]!.headers.traceparent, undefined);
    } finally {
      enableHttpInstrumentation({ tracerProvider: t.provider, ignorePaths: ['/healthz', /^\/metrics/] });
      assert.ok(http.globalAgent instanceof TracingHttpAgent);
      assert.notEqual(previous, undefined);
    }
  });

  test('the global tracer provider is used when none is given', async () => {
    const { setTracerProvider, getTracerProvider } = await import('../../lib/trace/api.js');
    const g = testTracing();
    const prev = getTracerProvider();
    setTracerProvider(g.provider);
    enableHttpInstrumentation({ server: true });
    try {
      await get(`${base}/global`);
      for (let i = 0; i < 100 && (await g.spans()).length < 2; i++) await sleep(5);
      assert.equal((await g.spans()).length, 2);
      assert.equal((await g.spans())[0]!.instrumentationScope?.name, 'zerotel/http');
    } finally {
      setTracerProvider(prev);
      enableHttpInstrumentation({ tracerProvider: t.provider, ignorePaths: ['/healthz', /^\/metrics/] });
    }
  });
});
