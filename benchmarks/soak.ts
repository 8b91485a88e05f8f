/**
 * `npm run soak -- --minutes N` (or `--seconds N`): an instrumented HTTP
 * service (SERVER spans from the HTTP instrumentation, one child span per
 * request) under loopback keep-alive load, exporting OTLP/protobuf through
 * the default batch span processor to a local collector that fails now and
 * then: a 503 spell, a pause (answers held back 2 s), connections reset.
 *
 * Prints throughput, RSS and heap over time and the span accounting, and
 * exits non-zero when
 *  - any span was neither delivered nor counted (ended ≠ delivered +
 *    dropped + failed, or the exporter's own count disagrees with the
 *    collector's), or
 *  - memory grew without bound (heap + external memory after GC in the last
 *    quarter of the run above 1.5 × the second quarter's peak + 16 MB).
 * Everything runs in this one process (service, load, collector), on
 * 127.0.0.1 only.
 */
import { createServer, Agent, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BatchSpanProcessor } from '../lib/pipeline/batch-span-processor.js';
import { OtlpHttpTraceExporter } from '../lib/exporters/otlp-trace-exporter.js';
import { TracerProvider } from '../lib/trace/tracer-provider.js';
import { setTracerProvider, startSpan } from '../lib/trace/api.js';
import type { SpanProcessor } from '../lib/trace/span-processor.js';
import type { Span } from '../lib/trace/span.js';
import { TraceFlags } from '../lib/trace/span-context.js';
import { enableHttpInstrumentation, disableHttpInstrumentation } from '../lib/instrumentation/http-instrumentation.js';
import { markUntracedServer } from '../lib/common/untraced-servers.js';
import { pipelineStats } from '../lib/common/pipeline-stats.js';
import { droppedCounts } from '../lib/common/diag.js';
import { decodeTracesRequest } from '../lib/otlp/trace-reader.js';

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = Number(process.argv[i + 1]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}
const durationMs = (arg('seconds') ?? (arg('minutes') ?? 1) * 60) * 1000;
const CONCURRENCY = 16;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// ---- the collector: counts spans it acknowledged with 200; fails on a schedule ----
const t0 = Date.now();
let acknowledged = 0;
let requestsSeen = 0;
const faults = { status503: 0, paused: 0, reset: 0 };
/** A 12 s cycle: 1 s of 503s, 2 s later a 2 s pause, and every 25th request reset. */
function phase(): 'ok' | '503' | 'pause' {
  const t = (Date.now() - t0) % 12_000;
  if (t >= 3000 && t < 4000) return '503';
  if (t >= 7000 && t < 9000) return 'pause';
  return 'ok';
}
const collector = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    requestsSeen++;
    if (requestsSeen % 25 === 0) {
      faults.reset++;
      req.socket.destroy();
      return;
    }
    const p = phase();
    if (p === '503') {
      faults.status503++;
      res.writeHead(503, { 'retry-after': '1' }).end();
      return;
    }
    const answer = (): void => {
      let n = 0;
      try {
        for (const rs of decodeTracesRequest(Buffer.concat(chunks)).resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
      } catch {
        res.writeHead(400).end();
        return;
      }
      acknowledged += n;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    };
    if (p === 'pause') {
      faults.paused++;
      setTimeout(answer, 2000);
    } else answer();
  });
});
markUntracedServer(collector);
await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
const collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;

// ---- the service: tracing with the default batch processor, HTTP auto-instrumentation ----
let ended = 0;
const counter: SpanProcessor = {
  onStart: () => {},
  onEnd: (span: Span) => {
    if ((span.traceFlags & TraceFlags.SAMPLED) !== 0) ended++;
  },
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
const bsp = new BatchSpanProcessor(new OtlpHttpTraceExporter({ url: collectorUrl }));
const provider = new TracerProvider({ spanProcessors: [counter, bsp] });
setTracerProvider(provider);
enableHttpInstrumentation({ client: false, fetch: false });

const service = createServer((req, res) => {
  const child = startSpan('work');
  child.setAttribute('route', req.url ?? '/');
  child.end();
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
});
await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
const servicePort = (service.address() as AddressInfo).port;

// ---- the load: CONCURRENCY keep-alive loops until the time is up ----
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
let served = 0;
let loadErrors = 0;
let running = true;
function once(): Promise<void> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: servicePort, path: `/items/${served % 100}`, agent }, (res) => {
      res.resume();
      res.on('end', () => {
        served++;
        resolve();
      });
    });
    req.on('error', () => {
      loadErrors++;
      resolve();
    });
    req.end();
  });
}
async function loop(): Promise<void> {
  while (running) await once();
}

// ---- sampling: every 5 s, throughput and memory (heap after GC) ----
interface Sample {
  t: number;
  rss: number;
  heap: number;
}
const samples: Sample[] = [];
const MB = 1024 * 1024;
let lastServed = 0;
let lastEnded = 0;
console.log(`zerotel soak — node ${process.version}, ${durationMs / 1000} s, ${CONCURRENCY} connections, collector failing on a 12 s cycle`);
console.log('    t   req/s  spans/s   rss MB  heap+ext  queued  delivered   dropped  failed');
const sampler = setInterval(() => {
  gc();
  const m = process.memoryUsage();
  const t = (Date.now() - t0) / 1000;
  // Encoded batches live outside the JS heap (ArrayBuffers): count them too.
  samples.push({ t, rss: m.rss, heap: m.heapUsed + m.external });
  const s = pipelineStats().signals.spans;
  console.log(
    `${t.toFixed(0).padStart(5)} ${((served - lastServed) / 5).toFixed(0).padStart(7)} ${((ended - lastEnded) / 5).toFixed(0).padStart(8)} ${(m.rss / MB).toFixed(1).padStart(8)} ${((m.heapUsed + m.external) / MB).toFixed(1).padStart(8)} ${String(s.queued).padStart(7)} ${String(acknowledged).padStart(10)} ${String(s.dropped).padStart(9)} ${String(s.failed).padStart(7)}`,
  );
  lastServed = served;
  lastEnded = ended;
}, 5000);

await Promise.all([
  ...Array.from({ length: CONCURRENCY }, () => loop()),
  new Promise<void>((resolve) =>
    setTimeout(() => {
      running = false;
      resolve();
    }, durationMs),
  ),
]);
clearInterval(sampler);
disableHttpInstrumentation();
agent.destroy();
await provider.shutdown();
await new Promise<void>((resolve) => {
  service.closeAllConnections();
  service.close(() => resolve());
});
collector.closeAllConnections();
collector.close();

// ---- verdict ----
const problems: string[] = [];
const dropped = bsp.dropped;
const failed = bsp.failed;
const elapsed = (Date.now() - t0) / 1000;
console.log('');
console.log(`requests served ${served} (${(served / elapsed).toFixed(0)}/s), load errors ${loadErrors}`);
console.log(`spans ended ${ended} (${(ended / elapsed).toFixed(0)}/s): delivered ${acknowledged}, dropped ${dropped}, failed ${failed}, exported per the processor ${bsp.exported}`);
console.log(`collector faults: ${faults.status503} × 503, ${faults.paused} paused, ${faults.reset} reset; drop counters ${JSON.stringify(droppedCounts())}`);
const lost = ended - acknowledged - dropped - failed;
console.log(`neither delivered nor counted: ${lost}`);
if (lost !== 0) problems.push(`${lost} spans neither delivered nor counted`);
if (bsp.exported !== acknowledged) problems.push(`the processor counted ${bsp.exported} exported, the collector acknowledged ${acknowledged}`);
if (samples.length >= 8) {
  const q = Math.floor(samples.length / 4);
  const peak = (xs: Sample[]): number => Math.max(...xs.map((s) => s.heap));
  const second = peak(samples.slice(q, 2 * q));
  const last = peak(samples.slice(3 * q));
  const rss = samples.map((s) => s.rss);
  console.log(`heap + external after GC: 2nd-quarter peak ${(second / MB).toFixed(1)} MB, last-quarter peak ${(last / MB).toFixed(1)} MB; RSS min ${(Math.min(...rss) / MB).toFixed(1)} MB, max ${(Math.max(...rss) / MB).toFixed(1)} MB`);
  if (last > second * 1.5 + 16 * MB) problems.push(`heap grew from ${(second / MB).toFixed(1)} MB to ${(last / MB).toFixed(1)} MB`);
} else {
  console.log('(run too short for the growth check: at least 40 s are needed)');
}
if (problems.length > 0) {
  console.log(`SOAK FAILED: ${problems.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log('soak passed');
}
