/**
 * The demo's HTTP service ("orders", with an agent endpoint) and the client
 * that calls it over real loopback: the HTTP instrumentation makes the
 * CLIENT and SERVER spans, the handlers add a traced database call, logs
 * and metrics.
 */
import { createServer, get as httpGet } from 'node:http';
import type { Server } from 'node:http';
import { createAgent } from './agent.js';
import type { DemoMetrics } from './demo-metrics.js';
import { api } from './zerotel.js';

const { getCurrentSpan, logger, setHttpRoute, traced } = api;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const GOALS = ['plan a trip to Lisbon', 'compare three laptops', 'summarize the quarterly report', 'refund order 42', 'write release notes'];

/** Starts the service on 127.0.0.1:port (0 = any free port). */
export function startOrdersService(port: number, metrics: DemoMetrics): Promise<{ server: Server; base: string }> {
  const { orders, lookupTime } = metrics;
  const loadOrder = traced('db.orders.select', { 'db.system': 'sqlite' })(async (id: number) => {
    const started = performance.now();
    await sleep(2 + (id % 7) * 3);
    if (id % 13 === 0) throw new Error(`order ${id} is locked`);
    lookupTime.record(performance.now() - started, { 'db.system': 'sqlite' });
    return { id, total: (id * 7.31) % 100 };
  });
  let agent: ReturnType<typeof createAgent> | undefined;
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    const order = /^\/api\/orders\/(\d+)$/.exec(url);
    if (order) {
      setHttpRoute('/api/orders/:id');
      const id = Number(order[1]);
      loadOrder(id).then(
        (o) => {
          orders.add(1, { outcome: 'found' });
          logger.info('order served', { 'order.id': id });
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(o));
        },
        (err: unknown) => {
          orders.add(1, { outcome: 'error' });
          logger.error('order lookup failed', err as Error);
          getCurrentSpan()?.setAttribute('order.id', id);
          res.writeHead(500).end();
        },
      );
      return;
    }
    if (url.startsWith('/api/agent') && agent) {
      setHttpRoute('/api/agent');
      const goal = new URL(url, 'http://x').searchParams.get('goal') ?? 'do something useful';
      agent.run(goal).then(
        () => res.writeHead(200, { 'content-type': 'text/plain' }).end('done\n'),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(url === '/healthz' ? 200 : 404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}`;
      agent = createAgent(base, metrics);
      resolve({ server, base });
    });
  });
}

/**
 * Calls the service: an order every 150 ms (fetch and node:http in turn), an
 * agent run every 2 s. The returned stop function stops calling and resolves
 * when the requests in flight have finished (at most `graceMs` later), so
 * their spans end before the SDK shuts down.
 */
export function startClient(base: string, { inFlight }: DemoMetrics): (graceMs: number) => Promise<void> {
  let n = 0;
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    inFlight.add(1);
    const done = p.finally(() => {
      inFlight.add(-1);
      pending.delete(done);
    });
    pending.add(done);
  };
  // Each call is a small traced unit of client work, so the trace list shows what the client was doing
  // ("look up order", "ask agent") above the HTTP CLIENT span the instrumentation makes.
  const lookUp = traced('look up order')(async (id: number, viaFetch: boolean) => {
    getCurrentSpan()?.setAttributes({ 'order.id': id, 'demo.client': viaFetch ? 'fetch' : 'node:http' });
    if (viaFetch) {
      await fetch(`${base}/api/orders/${id}`).then((r) => r.arrayBuffer(), () => undefined);
      return;
    }
    await new Promise<void>((resolve) => {
      httpGet(`${base}/api/orders/${id}`, (r) => r.resume().on('end', resolve)).on('error', () => resolve());
    });
  });
  const askAgent = traced('ask agent')(async (goal: string) => {
    getCurrentSpan()?.setAttribute('agent.goal', goal);
    const res = await fetch(`${base}/api/agent?goal=${encodeURIComponent(goal)}`);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`the agent answered ${res.status}`);
  });
  const orderTimer = setInterval(() => {
    n++;
    // Alternate fetch and node:http so both client instrumentations show up.
    track(lookUp(n, n % 2 === 0));
  }, 150).unref();
  let g = 0;
  const runAgent = () => track(askAgent(GOALS[g++ % GOALS.length]!).catch(() => undefined));
  runAgent();
  const agentTimer = setInterval(runAgent, 2000).unref();
  return async (graceMs) => {
    clearInterval(orderTimer);
    clearInterval(agentTimer);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((r) => (timer = setTimeout(r, graceMs).unref()));
    await Promise.race([Promise.allSettled([...pending]), grace]);
    clearTimeout(timer);
  };
}
