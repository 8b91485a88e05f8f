/**
 * The gRPC transport on the wire, seen from a bare node:http2 server (so the
 * test controls every header, frame and trailer): the request headers and
 * framing, gzip, trailers-only answers, percent-encoded messages, non-200
 * answers, a GOAWAY on a connection left open, and RST_STREAM.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, constants } from 'node:http2';
import type { Http2Server, IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { GrpcTransport } from '../../lib/transport/grpc/grpc-transport.js';
import { RetryingTransport } from '../../lib/transport/retry.js';
import { captureDiag } from '../helpers/diag.js';

interface Seen {
  headers: IncomingHttpHeaders;
  body: Buffer;
  session: object;
}

async function rawServer(t: { after: (fn: () => unknown) => void }, answer: (stream: ServerHttp2Stream, seen: Seen, index: number) => void): Promise<{ url: string; seen: Seen[]; server: Http2Server }> {
  const seen: Seen[] = [];
  const server = createServer();
  const sessions = new Set<import('node:http2').ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('error', () => {}); // the reset test closes streams with an error code on purpose
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const s: Seen = { headers, body: Buffer.concat(chunks), session: stream.session! };
      seen.push(s);
      answer(stream, s, seen.length - 1);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // server.close waits for open sessions: close them (GOAWAY) so the client lets go.
  t.after(() => new Promise<void>((r) => {
    server.close(() => r());
    for (const session of sessions) session.close();
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

function ok(stream: ServerHttp2Stream, message: Uint8Array = new Uint8Array(0)): void {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  stream.end(frame);
}

const PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

function transportFor(t: { after: (fn: () => unknown) => void }, url: string, extra: Partial<ConstructorParameters<typeof GrpcTransport>[0]> = {}): GrpcTransport {
  const tr = new GrpcTransport({ url, path: PATH, ...extra });
  t.after(() => tr.shutdown());
  return tr;
}

const soon = (ms = 5000) => ({ deadline: Date.now() + ms });

describe('gRPC transport on the wire', () => {
  test('sends POST to the method with the gRPC headers, grpc-timeout, metadata and one framed message', async (t) => {
    const diag = captureDiag();
    t.after(() => diag.restore());
    const s = await rawServer(t, (stream) => ok(stream, new Uint8Array([0x0a, 0x00])));
    const tr = transportFor(t, s.url, { headers: { 'X-Team': 'core', 'content-type': 'text/evil', 'grpc-timeout': '1S' } });
    const r = await tr.send(new Uint8Array([1, 2, 3]), soon(4000));
    assert.deepEqual(r, { kind: 'success', body: Buffer.from([0x0a, 0x00]) });
    const h = s.seen[0]!.headers;
    assert.equal(h[':method'], 'POST');
    assert.equal(h[':path'], PATH);
    assert.equal(h['content-type'], 'application/grpc');
    assert.equal(h['te'], 'trailers');
    assert.match(String(h['grpc-timeout']), /^\d{1,8}m$/);
    assert.ok(Number(String(h['grpc-timeout']).slice(0, -1)) <= 4000);
    assert.equal(h['x-team'], 'core');
    assert.equal(h['grpc-encoding'], undefined);
    assert.deepEqual(s.seen[0]!.body, Buffer.from([0, 0, 0, 0, 3, 1, 2, 3]));
    assert.ok(diag.messages.some((m) => m.message.includes('"grpc-timeout" is set by gRPC itself')));
  });

  test('gzip: the compressed flag is set, grpc-encoding says gzip, and the message inflates to the body', async (t) => {
    const s = await rawServer(t, (stream) => ok(stream));
    const tr = transportFor(t, s.url, { compression: 'gzip' });
    const body = new Uint8Array(1000).fill(7);
    assert.equal((await tr.send(body, soon())).kind, 'success');
    const seen = s.seen[0]!;
    assert.equal(seen.headers['grpc-encoding'], 'gzip');
    assert.equal(seen.body[0], 1);
    assert.equal(seen.body.readUInt32BE(1), seen.body.length - 5);
    assert.deepEqual(gunzipSync(seen.body.subarray(5)), Buffer.from(body));
  });

  const answers: [string, (stream: ServerHttp2Stream) => void, string, RegExp][] = [
    ['a trailers-only answer carries the status in the headers', (st) => st.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '3', 'grpc-message': 'bad%20span' }, { endStream: true }), 'failure', /^gRPC INVALID_ARGUMENT \(3\): bad span$/],
    ['grpc-message is percent-decoded as UTF-8', (st) => st.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '9', 'grpc-message': 'caf%C3%A9 %E2%9C%97 50%25' }, { endStream: true }), 'failure', /: café ✗ 50%$/],
    ['UNAVAILABLE in the trailers is retryable', (st) => {
      st.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      st.on('wantTrailers', () => st.sendTrailers({ 'grpc-status': '14', 'grpc-message': 'draining' }));
      st.end();
    }, 'retryable', /UNAVAILABLE \(14\): draining/],
    ['HTTP 503 from a proxy is UNAVAILABLE, retryable', (st) => st.respond({ ':status': 503 }, { endStream: true }), 'retryable', /UNAVAILABLE \(14\): HTTP 503/],
    ['HTTP 404 is UNIMPLEMENTED, a failure', (st) => st.respond({ ':status': 404 }, { endStream: true }), 'failure', /UNIMPLEMENTED \(12\)/],
    ['a stream reset before any status is retryable', (st) => st.close(constants.NGHTTP2_INTERNAL_ERROR), 'retryable', /UNAVAILABLE \(14\): stream reset/],
    ['OK with a content type that is not gRPC is a failure', (st) => st.respond({ ':status': 200, 'content-type': 'text/html', 'grpc-status': '0' }, { endStream: true }), 'failure', /content-type "text\/html"/],
  ];
  for (const [name, answer, kind, message] of answers) {
    test(name, async (t) => {
      const s = await rawServer(t, answer);
      const r = await transportFor(t, s.url).send(new Uint8Array(1), soon());
      assert.equal(r.kind, kind);
      assert.match(r.kind === 'success' ? '' : r.error.message, message);
    });
  }

  test('a GOAWAY on a connection the server keeps open moves the next call to a new session', async (t) => {
    const s = await rawServer(t, (stream, _seen, i) => {
      ok(stream);
      if (i === 0) stream.session!.goaway(constants.NGHTTP2_NO_ERROR, 1);
    });
    const tr = new RetryingTransport(transportFor(t, s.url), { maxAttempts: 1 });
    assert.equal((await tr.send(new Uint8Array(1), soon())).kind, 'success');
    await new Promise((r) => setTimeout(r, 50)); // the GOAWAY frame reaches the client
    assert.equal((await tr.send(new Uint8Array(1), soon())).kind, 'success');
    assert.equal(s.seen.length, 2);
    assert.notEqual(s.seen[0]!.session, s.seen[1]!.session);
  });

  test('calls share one session while it lives, and the session never holds the process open', async (t) => {
    const s = await rawServer(t, (stream) => ok(stream));
    const tr = transportFor(t, s.url);
    await Promise.all([tr.send(new Uint8Array(1), soon()), tr.send(new Uint8Array(2), soon())]);
    await tr.send(new Uint8Array(3), soon());
    assert.equal(s.seen.length, 3);
    assert.equal(new Set(s.seen.map((x) => x.session)).size, 1);
    assert.equal(tr.session?.state, 'ready');
    assert.equal(tr.session?.connects, 1);
  });

  test('an unusable URL fails every send with the reason instead of throwing', async () => {
    for (const url of ['ftp://h:1', 'file:///tmp/x', 'not a url']) {
      const tr = new GrpcTransport({ url, path: PATH });
      const r = await tr.send(new Uint8Array(1), soon());
      assert.equal(r.kind, 'failure');
      assert.match(r.kind === 'failure' ? r.error.message : '', /exporter disabled: .*(scheme|not a URL)/);
      tr.shutdown();
    }
  });
});
