/**
 * The dashboard's two roads in, per span:
 *  - OTLP/HTTP protobuf ingest from a loopback client (batches of 512 spans,
 *    4 requests in flight over keep-alive) into `zerotel dashboard`'s
 *    receiver, beside the same client against a discard-only node:http
 *    server in the same run (the floor, in the "official" column). Targets:
 *    ≥ 150,000 spans/s and ≥ half the floor (ratio ≥ 0.5).
 *  - In process: span start+end plus the sink moving the batch into the
 *    store, against the same spans with no dashboard (the "official" column
 *    here is zerotel WITHOUT the dashboard).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BenchSuite } from './harness.js';
import { startDashboardServer } from '../lib/dashboard.js';
import type { DashboardHandle } from '../lib/dashboard.js';
import { DashboardSink } from '../lib/dashboard/sink.js';
import { DashboardStore } from '../lib/dashboard/store.js';
import { encodeTracesProto } from '../lib/otlp/trace-proto.js';
import type { Span } from '../lib/trace/span.js';
import { TracerProvider } from '../lib/trace/tracer-provider.js';

const BATCH = 512;
const IN_FLIGHT = 4;

function attrs(i: number): Record<string, string | number> {
  return { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': `/users/${i}`, 'server.address': 'example.com', 'http.route': '/users/:id' };
}

/** Fresh trace ids per batch, so the store assembles new traces rather than replacing the same spans. */
function batches(n: number): Uint8Array[] {
  const tracer = new TracerProvider().getTracer('bench');
  const out: Uint8Array[] = [];
  for (let b = 0; b < n; b++) {
    const spans: Span[] = [];
    for (let i = 0; i < BATCH; i++) {
      const parent = i % 8 === 0 ? undefined : spans[i - (i % 8)];
      const s = tracer.startSpan(`GET /users/:id ${i % 8}`, { attributes: attrs(i) }, parent);
      s.addEvent('cache.miss');
      s.end();
      spans.push(s);
    }
    out.push(encodeTracesProto(spans));
  }
  return out;
}

function poster(port: number): (body: Uint8Array) => Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  agents.push(agent);
  return (body) =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
}

const agents: Agent[] = [];
let floor: Server | undefined;
let dash: DashboardHandle | undefined;

export const dashboardSuite: BenchSuite = {
  name: 'dashboard',
  async setup() {
    floor = createServer((req, res) => {
      req.on('data', () => {});
      req.on('end', () => res.end());
    });
    await new Promise<void>((r) => floor!.listen(0, '127.0.0.1', r));
    dash = await startDashboardServer({ port: 0, inProcess: false, limits: { maxBytes: 128 * 1024 * 1024 } });
    const bodies = batches(64);
    let next = 0;
    const postFloor = poster((floor.address() as AddressInfo).port);
    const postDash = poster(dash.port);
    const round = (post: (b: Uint8Array) => Promise<void>) => () => {
      const list: Promise<void>[] = [];
      for (let i = 0; i < IN_FLIGHT; i++) list.push(post(bodies[next++ % bodies.length]!));
      return Promise.all(list);
    };

    // In process: the same spans with and without the dashboard's sink (drained into its store each batch).
    const store = new DashboardStore({ maxBytes: 64 * 1024 * 1024 });
    const sink = new DashboardSink(store);
    const plain = new TracerProvider().getTracer('bench');
    const withSink = new TracerProvider({ spanProcessors: [sink] }).getTracer('bench');
    const spanBatch = (tracer: typeof plain, drain: boolean) => () => {
      for (let i = 0; i < BATCH; i++) {
        const s = tracer.startSpan('GET /users/:id', { attributes: attrs(i) });
        s.end();
      }
      if (drain) sink.drain();
    };

    return [
      {
        task: 'OTLP/HTTP protobuf ingest per span (floor: discard server)',
        official: round(postFloor),
        zerotel: round(postDash),
        ops: BATCH * IN_FLIGHT,
        target: 0.5,
        note: 'official column = a node:http server that only reads the body; spans/s = 1e9 / ns; target ≥ 150,000 spans/s and ratio ≥ 0.5',
      },
      {
        task: 'span start+end, 5 attrs: dashboard sink attached vs not',
        official: spanBatch(plain, false),
        zerotel: spanBatch(withSink, true),
        ops: BATCH,
        note: 'official column = zerotel WITHOUT the dashboard; zerotel column = with the in-process sink, drained into the store every 512 spans',
      },
    ];
  },
  async teardown() {
    for (const a of agents) a.destroy();
    await dash?.close();
    await new Promise<void>((r) => (floor ? floor.close(() => r()) : r()));
  },
};
