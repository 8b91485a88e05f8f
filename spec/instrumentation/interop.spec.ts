import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { withContext } from '../../lib/context/async-context.js';
import { Baggage, getBaggage, setBaggage } from '../../lib/propagation/baggage.js';
import { ROOT_CONTEXT } from '../../lib/context/context.js';
import { TraceState } from '../../lib/propagation/trace-state.js';
import { disableHttpInstrumentation, enableHttpInstrumentation } from '../../lib/instrumentation/http-instrumentation.js';
import { SpanKind } from '../../lib/trace/span.js';
import { SpanContext } from '../../lib/trace/span-context.js';
import { Span } from '../../lib/trace/span.js';
import { testTracing } from '../helpers/tracing.js';

const FIXTURE = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', 'official-node.js');
const t = testTracing();
let official: ReturnType<typeof fork>;
let officialPort = 0;
let server: http.Server;
let ourUrl = '';
const received: { traceparent?: string; baggage: Record<string, string> }[] = [];

before(async () => {
  enableHttpInstrumentation({ tracerProvider: t.provider });
  server = http.createServer((req, res) => {
    received.push({ traceparent: String(req.headers.traceparent), baggage: getBaggage().toObject() });
    res.end('zerotel');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  ourUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/from-official`;
  official = fork(FIXTURE, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  officialPort = await new Promise<number>((resolve, reject) => {
    official.on('message', (m: { type: string; port: number }) => m.type === 'ready' && resolve(m.port));
    official.once('exit', (code) => reject(new Error(`official fixture exited (${code})`)));
  });
});

after(async () => {
  disableHttpInstrumentation();
  const exited = new Promise((r) => official.once('exit', r));
  official.send('stop');
  await exited;
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function spans(n: number): Promise<Span[]> {
  for (let i = 0; i < 300 && (await t.spans()).length < n; i++) await new Promise((r) => setTimeout(r, 10));
  return t.spans();
}

test('a zerotel trace continues in a process traced by the official SDK', async () => {
  t.exporter.reset();
  const parent = Span.wrap(SpanContext.fromHex('5bf92f3577b34da6a3ce929d0e0e4736', '10f067aa0ba902b7', 1, TraceState.parse('zt=1,other=2'))!);
  const ctx = setBaggage(ROOT_CONTEXT.withSpan(parent), Baggage.from({ tenant: 'acme' }));
  const answer = (await withContext(ctx, async () => (await fetch(`http://127.0.0.1:${officialPort}/echo`)).json())) as Record<string, unknown>;
  const [client] = (await spans(1)).filter((s) => s.kind === SpanKind.CLIENT);
  assert.ok(client);
  assert.equal(answer['traceId'], '5bf92f3577b34da6a3ce929d0e0e4736');
  assert.equal(answer['parentSpanId'], client.spanId);
  assert.equal(answer['traceState'], 'zt=1,other=2');
  assert.deepEqual(answer['baggage'], { tenant: 'acme' });
});

test('a trace started by the official SDK continues in a zerotel process', async () => {
  t.exporter.reset();
  received.length = 0;
  const answer = (await (await fetch(`http://127.0.0.1:${officialPort}/call?target=${encodeURIComponent(ourUrl)}`)).json()) as Record<string, unknown>;
  const all = await spans(2);
  const ours = all.find((s) => s.kind === SpanKind.SERVER && s.attributes?.['url.path'] === '/from-official');
  assert.ok(ours, 'zerotel made a SERVER span for the official call');
  assert.equal(answer['answer'], 'zerotel');
  assert.equal(ours.traceId, answer['traceId']);
  assert.equal(ours.parentSpanId, answer['spanId']);
  assert.equal(ours.parentIsRemote, true);
  assert.equal(received[0]?.traceparent, (answer['sent'] as Record<string, string>)['traceparent']);
  assert.deepEqual(received[0]?.baggage, { from: 'official' });
});
