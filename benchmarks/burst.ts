/**
 * `node dist/benchmarks/burst.js [spans]`: a synchronous burst (default
 * 1,000,000 spans, 2 attributes each) through the default batch span
 * processor and OTLP/protobuf exporter to a loopback collector. Shows the
 * memory bound (2,048 live spans + 32 MiB of encoded batches) and that every
 * span is delivered or counted as dropped. Exits non-zero when a span is
 * neither, or when memory after the burst exceeds the bound by more than 64 MB.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BatchSpanProcessor } from '../lib/pipeline/batch-span-processor.js';
import { DEFAULT_MAX_ENCODED_BYTES } from '../lib/common/batch-options.js';
import { OtlpHttpTraceExporter } from '../lib/exporters/otlp-trace-exporter.js';
import { TracerProvider } from '../lib/trace/tracer-provider.js';
import { decodeTracesRequest } from '../lib/otlp/trace-reader.js';
import { setDiagLogger } from '../lib/common/diag.js';

const N = Number(process.argv[2] ?? 1_000_000);
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;
const mem = (): { rss: number; heap: number } => {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external };
};

let delivered = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    for (const rs of decodeTracesRequest(Buffer.concat(chunks)).resourceSpans) for (const ss of rs.scopeSpans) delivered += ss.spans.length;
    res.end();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;

const lines: string[] = [];
setDiagLogger({ error: (m) => lines.push(m), warn: (m) => lines.push(m), info: () => {}, debug: () => {} });
const bsp = new BatchSpanProcessor(new OtlpHttpTraceExporter({ url }));
const provider = new TracerProvider({ spanProcessors: [bsp] });
const tracer = provider.getTracer('burst');
const before = mem();
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const s = tracer.startSpan('burst');
  s.setAttribute('i', i);
  s.setAttribute('http.route', '/items/:id');
  s.end();
}
const burstMs = performance.now() - t0;
const peak = mem();
const queued = bsp.queued;
const encoded = bsp.dropped;
await provider.shutdown();
const after = mem();
server.closeAllConnections();
server.close();
setDiagLogger(undefined);

console.log(`burst of ${N} spans in ${burstMs.toFixed(0)} ms (${((burstMs * 1e6) / N).toFixed(0)} ns/span), node ${process.version}`);
console.log(`right after the burst: ${queued} queued (live + encoded), ${encoded} dropped; heap+external +${((peak.heap - before.heap) / MB).toFixed(1)} MB, RSS +${((peak.rss - before.rss) / MB).toFixed(1)} MB (bound: 2,048 live spans + ${DEFAULT_MAX_ENCODED_BYTES / MB} MiB encoded)`);
console.log(`after shutdown: delivered ${delivered}, dropped ${bsp.dropped}, failed ${bsp.failed}; neither: ${N - delivered - bsp.dropped - bsp.failed}; heap+external +${((after.heap - before.heap) / MB).toFixed(1)} MB`);
console.log(`diagnostics: ${lines.length} line(s): ${lines.join(' | ')}`);
let bad = false;
if (delivered + bsp.dropped + bsp.failed !== N) bad = true;
if (peak.heap - before.heap > DEFAULT_MAX_ENCODED_BYTES + 64 * MB) bad = true;
if (bad) {
  console.log('BURST FAILED');
  process.exitCode = 1;
}
