import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { SpanKind } from '../../lib/trace/span.js';

const FIXTURE = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', 'http-node.js');
const TID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SID = '00f067aa0ba902b7';

interface WireSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  traceState: string | undefined;
  attributes: Record<string, unknown> | undefined;
}

interface Child {
  proc: ChildProcess;
  port: number;
  spans: WireSpan[];
}

function start(args: string[]): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = fork(FIXTURE, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const child: Child = { proc, port: 0, spans: [] };
    proc.on('message', (m: { type: string; port?: number; span?: WireSpan }) => {
      if (m.type === 'ready') {
        child.port = m.port!;
        resolve(child);
      } else if (m.type === 'span') child.spans.push(m.span!);
    });
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`fixture exited early (${code})`)));
  });
}

async function stop(c: Child): Promise<void> {
  if (c.proc.exitCode !== null || !c.proc.connected) return;
  const exited = new Promise((r) => c.proc.once('exit', r));
  c.proc.send('stop');
  await exited;
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
}

test('a trace crosses two processes over fetch and http.request with tracestate and baggage', async (t) => {
  const b = await start(['B']);
  t.after(() => stop(b));
  const a = await start(['A', String(b.port)]);
  t.after(() => stop(a));

  const body = await new Promise<string>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: a.port, path: '/start', agent: false, headers: { traceparent: `00-${TID}-${SID}-01`, tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7', baggage: 'tenant=acme,user=b%C3%B6b' } },
      (res) => {
        let s = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (s += d));
        res.on('end', () => resolve(s));
      },
    );
    req.on('error', reject);
    req.end();
  });
  await until(() => a.spans.length >= 3 && b.spans.length >= 2);

  // Process A: one SERVER span continuing the incoming trace, two CLIENT children.
  const aServer = a.spans.filter((s) => s.kind === SpanKind.SERVER);
  const aClients = a.spans.filter((s) => s.kind === SpanKind.CLIENT);
  assert.equal(aServer.length, 1);
  assert.equal(aClients.length, 2);
  assert.equal(aServer[0]!.name, 'GET /start');
  assert.equal(aServer[0]!.parentSpanId, SID);
  for (const c of aClients) assert.equal(c.parentSpanId, aServer[0]!.spanId);
  const fetchClient = aClients.find((c) => String(c.attributes?.['url.full']).endsWith('/fetch'))!;
  const httpClient = aClients.find((c) => String(c.attributes?.['url.full']).endsWith('/http'))!;
  assert.ok(fetchClient && httpClient);

  // Process B: a SERVER span under each CLIENT span of A.
  const bServers = b.spans.filter((s) => s.kind === SpanKind.SERVER);
  assert.equal(bServers.length, 2);
  assert.equal(bServers.find((s) => s.name === 'GET /fetch')!.parentSpanId, fetchClient.spanId);
  assert.equal(bServers.find((s) => s.name === 'GET /http')!.parentSpanId, httpClient.spanId);

  // One trace id everywhere; tracestate and baggage carried to B.
  for (const s of [...a.spans, ...b.spans]) {
    assert.equal(s.traceId, TID);
    assert.equal(s.traceState, 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
  }
  const answer = JSON.parse(body) as Record<'viaFetch' | 'viaHttp', { traceparent: string; tracestate: string; baggage: Record<string, string> }>;
  assert.equal(answer.viaFetch.traceparent, `00-${TID}-${fetchClient.spanId}-01`);
  assert.equal(answer.viaHttp.traceparent, `00-${TID}-${httpClient.spanId}-01`);
  for (const v of [answer.viaFetch, answer.viaHttp]) {
    assert.equal(v.tracestate, 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
    assert.deepEqual(v.baggage, { tenant: 'acme', user: 'böb' });
  }
});
