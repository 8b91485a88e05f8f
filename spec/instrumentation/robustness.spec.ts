import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTracingSuppressed } from '../../lib/context/suppress-tracing.js';
import { onUndiciRequestCreate, onUndiciRequestError, onUndiciRequestHeaders } from '../../lib/instrumentation/fetch-client.js';
import { onClientRequestError, onClientRequestStart, onClientResponseFinish } from '../../lib/instrumentation/http-client.js';
import { disableHttpInstrumentation, enableHttpInstrumentation, guard } from '../../lib/instrumentation/http-instrumentation.js';
import { makeIgnore } from '../../lib/instrumentation/http-config.js';
import { onServerResponseFinish } from '../../lib/instrumentation/http-server.js';
import { errorMessage, errorType, normalizeMethod, spanName, splitHostPort } from '../../lib/instrumentation/semconv.js';
import { SpanKind, SpanStatusCode } from '../../lib/trace/span.js';
import { captureDiag } from '../helpers/diag.js';
import { testTracing } from '../helpers/tracing.js';

describe('HTTP semantic-convention helpers', () => {
  test('splitHostPort handles names, IPv4, IPv6 and bad ports', () => {
    const cases: [string, { host: string; port: number | undefined }][] = [
      ['example.com', { host: 'example.com', port: undefined }],
      ['example.com:8080', { host: 'example.com', port: 8080 }],
      ['127.0.0.1:0', { host: '127.0.0.1', port: undefined }],
      ['h:99999', { host: 'h', port: undefined }],
      ['h:', { host: 'h', port: undefined }],
      ['h:x', { host: 'h', port: undefined }],
      ['[::1]:3000', { host: '::1', port: 3000 }],
      ['[::1]', { host: '::1', port: undefined }],
      ['[::1', { host: '[::1', port: undefined }],
      ['::1', { host: '::1', port: undefined }],
    ];
    for (const [input, expected] of cases) assert.deepEqual(splitHostPort(input), expected, input);
  });

  test('methods are case-sensitive and unknown ones are _OTHER; span names follow', () => {
    assert.equal(normalizeMethod('GET'), 'GET');
    assert.equal(normalizeMethod('QUERY'), 'QUERY');
    assert.equal(normalizeMethod('get'), '_OTHER');
    assert.equal(normalizeMethod(undefined), '_OTHER');
    assert.equal(spanName('GET'), 'GET');
    assert.equal(spanName('POST', '/users/:id'), 'POST /users/:id');
    assert.equal(spanName('_OTHER'), 'HTTP');
  });

  test('error.type prefers a code, then a cause code, then a name', () => {
    assert.equal(errorType(Object.assign(new Error('x'), { code: 'ECONNRESET' })), 'ECONNRESET');
    assert.equal(errorType(new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } })), 'UND_ERR_SOCKET');
    assert.equal(errorType(new RangeError('r')), 'RangeError');
    assert.equal(errorType({ name: '' }), '_OTHER');
    assert.equal(errorType('boom'), '_OTHER');
    assert.equal(errorType(null), '_OTHER');
    assert.equal(errorMessage(new Error('m')), 'm');
    assert.equal(errorMessage(42), '42');
    assert.equal(errorMessage({ toString: () => { throw new Error('no'); } }), 'error');
  });

  test('ignore predicates: empty, strings, patterns (stateful ones too), throwing functions', () => {
    assert.equal(makeIgnore(undefined)('/x'), false);
    assert.equal(makeIgnore([])('/x'), false);
    const g = makeIgnore(['/a', /^\/b/g, 5 as never]);
    assert.deepEqual(['/a', '/b1', '/b2', '/c'].map(g), [true, true, true, false]);
    assert.equal(makeIgnore(() => { throw new Error('x'); })('/a'), false);
  });
});

describe('HTTP subscribers never throw and ignore what they do not know', () => {
  const t = testTracing();
  before(() => enableHttpInstrumentation({ tracerProvider: t.provider, injectHttpHeaders: false }));
  after(() => disableHttpInstrumentation());

  test('a throwing subscriber is reported once, not thrown', () => {
    const d = captureDiag();
    try {
      const fn = guard('test.channel', function explode() {
        throw new Error('kaboom');
      });
      fn({}, 'x');
      fn({}, 'x');
      const said = d.messages.filter((m) => m.message.includes('kaboom'));
      assert.equal(said.length, 1);
      assert.match(said[0]!.message, /\(test\.channel\)/, 'the report names the channel');
    } finally {
      d.restore();
    }
  });

  test('end messages for requests never started are ignored: no span, no diagnostic, no throw', async () => {
    t.exporter.reset();
    const d = captureDiag();
    try {
      assert.doesNotThrow(() => {
        onUndiciRequestHeaders({ request: {}, response: { statusCode: 200 } });
        onUndiciRequestError({ request: {}, error: new Error('x') });
        onClientResponseFinish({ request: {}, response: {} });
        onClientRequestError({ request: {}, error: new Error('x') });
        onServerResponseFinish({ request: {}, response: {} });
      });
      assert.equal((await t.spans()).length, 0);
      assert.deepEqual(d.messages, []);
    } finally {
      d.restore();
    }
  });

  test('undici requests of odd shapes: string headers (undici 5), no addHeader, unknown methods', async () => {
    t.exporter.reset();
    const added: [string, string][] = [];
    const r5 = { origin: 'https://example.com', method: 'PROPFIND', path: '/dav', headers: 'host: example.com\r\n', addHeader: (k: string, v: string) => void added.push([k, v]) };
    onUndiciRequestCreate({ request: r5 });
    onUndiciRequestHeaders({ request: r5, response: { statusCode: 207 } });
    const withTp = { origin: 'http://h', method: 'GET', path: '/', headers: 'traceparent: 00-x\r\n', addHeader: () => assert.fail('must not add a second traceparent') };
    onUndiciRequestCreate({ request: withTp });
    onUndiciRequestError({ request: withTp, error: new Error('socket closed') });
    const bare = { origin: 'weird', method: 7 };
    onUndiciRequestCreate({ request: bare });
    onUndiciRequestHeaders({ request: bare, response: undefined });
    onUndiciRequestCreate({ request: { get origin(): string { throw new Error('hostile'); } } });
    const spans = await t.spans();
    assert.equal(spans.length, 3);
    const [a, b, c] = spans;
    assert.equal(a!.name, 'HTTP');
    assert.equal(a!.attributes?.['http.request.method_original'], 'PROPFIND');
    assert.equal(a!.attributes?.['server.port'], 443);
    assert.equal(a!.attributes?.['url.full'], 'https://example.com/dav');
    assert.deepEqual(added.map(([k]) => k), ['traceparent']);
    assert.equal(b!.statusCode, SpanStatusCode.ERROR);
    assert.equal(b!.attributes?.['error.type'], 'Error');
    assert.equal(c!.kind, SpanKind.CLIENT);
    assert.equal(c!.attributes?.['http.response.status_code'], 0);
    assert.equal(c!.attributes?.['server.port'], 80);
  });

  test('a suppressed fetch request is not traced', async () => {
    t.exporter.reset();
    withTracingSuppressed(() => onUndiciRequestCreate({ request: { origin: 'http://h', method: 'GET', path: '/' } }));
    assert.equal((await t.spans()).length, 0);
  });

  test('a hostile ClientRequest on the fallback channel is ignored: no throw, no span', async () => {
    t.exporter.reset();
    const req = { get method(): string { throw new Error('hostile'); }, getHeader: () => { throw new Error('hostile'); } };
    assert.doesNotThrow(() => onClientRequestStart({ request: req }));
    onClientResponseFinish({ request: req, response: { statusCode: 200 } });
    assert.equal((await t.spans()).length, 0);
  });
});
