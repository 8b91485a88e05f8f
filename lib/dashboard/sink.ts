/**
 * The in-process road: a span processor and a log record processor added to
 * the application's providers, and a metric reader that joins its meter
 * provider. Ended spans and emitted records are only queued on the
 * application's path (one array push); a short timer moves them into the
 * store: spans encoded once as protobuf (the store's compact form, read by
 * the same indexer as received requests), logs and metrics as OTLP shapes
 * (model-otlp.ts) — no network. The
 * application's own processors and exporters are untouched: the sink is one
 * more processor beside them. Queues are bounded; overflow is counted.
 */
import { describeError, diag } from '../common/diag.js';
import type { InstrumentationScope, Resource } from '../common/resource.js';
import type { Context } from '../context/context.js';
import type { LogRecord } from '../logs/log-record.js';
import type { LogRecordProcessor } from '../logs/log-record-processor.js';
import type { LoggerProvider } from '../logs/logger-provider.js';
import type { MeterProvider } from '../metrics/meter-provider.js';
import { MetricReader } from '../metrics/metric-reader.js';
import type { OtlpLogsRequest } from '../otlp/logs-reader.js';
import { encodeTracesProto } from '../otlp/trace-proto.js';
import type { Span } from '../trace/span.js';
import type { SpanProcessor } from '../trace/span-processor.js';
import type { TracerProvider } from '../trace/tracer-provider.js';
import { logRecordOf, metricOf, resourceOf, scopeOf } from './model-otlp.js';
import type { DashboardStore } from './store.js';

const DRAIN_MS = 50;
const MAX_QUEUE = 65_536;
export const METRIC_COLLECT_MS = 400;

interface Owned {
  readonly owner?: { readonly resource: Resource; readonly scope: InstrumentationScope } | undefined;
}

/** Groups items by their owner's resource and scope (both shared objects). */
function group<T extends Owned>(items: readonly T[]): Map<Resource, Map<InstrumentationScope, T[]>> {
  const out = new Map<Resource, Map<InstrumentationScope, T[]>>();
  for (const item of items) {
    const owner = item.owner;
    if (owner === undefined) continue;
    let scopes = out.get(owner.resource);
    if (scopes === undefined) out.set(owner.resource, (scopes = new Map()));
    let list = scopes.get(owner.scope);
    if (list === undefined) scopes.set(owner.scope, (list = []));
    list.push(item);
  }
  return out;
}

export class DashboardSink implements SpanProcessor, LogRecordProcessor {
  readonly #store: DashboardStore;
  #spans: Span[] = [];
  #logs: LogRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(store: DashboardStore) {
    this.#store = store;
  }

  onStart(_span: Span, _parent: Context): void {}

  onEnd(span: Span): void {
    if (this.#closed) return;
    if (this.#spans.length >= MAX_QUEUE) {
      this.#store.dropped.spans++;
      return;
    }
    this.#spans.push(span);
    this.#schedule();
  }

  onEmit(record: LogRecord, _context: Context): void {
    if (this.#closed) return;
    if (this.#logs.length >= MAX_QUEUE) {
      this.#store.dropped.logs++;
      return;
    }
    this.#logs.push(record);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => this.drain(), DRAIN_MS);
    this.#timer.unref();
  }

  /** Moves everything queued into the store now. */
  drain(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const spans = this.#spans;
    const logs = this.#logs;
    this.#spans = [];
    this.#logs = [];
    try {
      // Encoded once into protobuf, the store's compact form (span-block.ts):
      // the application's span objects are not kept alive by the dashboard.
      if (spans.length > 0) this.#store.ingestTracesProto(encodeTracesProto(spans));
      if (logs.length > 0) {
        const req: OtlpLogsRequest = { resourceLogs: [] };
        for (const [resource, scopes] of group(logs)) {
          req.resourceLogs.push({
            resource: resourceOf(resource),
            scopeLogs: [...scopes].map(([scope, list]) => ({ scope: scopeOf(scope), logRecords: list.map(logRecordOf) })),
          });
        }
        this.#store.ingestLogs(req);
      }
    } catch (err) {
      diag.error(`dashboard sink failed: ${describeError(err)}`);
    }
  }

  forceFlush(): Promise<void> {
    this.drain();
    return Promise.resolve();
  }

  /** The application's provider shutting down does not close the dashboard; `close()` does. */
  shutdown(): Promise<void> {
    this.drain();
    return Promise.resolve();
  }

  close(): void {
    this.drain();
    this.#closed = true;
  }
}

/** A reader that collects every METRIC_COLLECT_MS and hands the collection to the store (cumulative). */
export class DashboardMetricReader extends MetricReader {
  readonly #store: DashboardStore;
  #timer: NodeJS.Timeout | undefined;
  #busy = false;

  constructor(store: DashboardStore) {
    super({ temporality: 'cumulative' });
    this.#store = store;
  }

  protected override onAttach(): void {
    this.#timer = setInterval(() => void this.pull(), METRIC_COLLECT_MS);
    this.#timer.unref();
  }

  /** One collection into the store; never rejects. */
  async pull(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      const rm = await this.collect({ timeoutMillis: 1000 });
      if (rm === undefined) return;
      const scopeMetrics = rm.scopeMetrics.map((sm) => ({ scope: scopeOf(sm.scope), metrics: sm.metrics.map(metricOf) }));
      if (scopeMetrics.length > 0) this.#store.ingestMetrics({ resourceMetrics: [{ resource: resourceOf(rm.resource), scopeMetrics }] });
    } catch (err) {
      diag.error(`dashboard metric reader failed: ${describeError(err)}`);
    } finally {
      this.#busy = false;
    }
  }

  protected override onShutdown(): Promise<void> {
    clearInterval(this.#timer);
    return Promise.resolve();
  }
}

export interface AttachedSink {
  readonly sink: DashboardSink;
  readonly reader: DashboardMetricReader;
  /** Drains queued items and metric values into the store now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Adds the sink to the given providers (the application's) and joins the reader to its meter provider. */
export function attachSink(store: DashboardStore, providers: { tracer: TracerProvider; logger: LoggerProvider; meter: MeterProvider }): AttachedSink {
  const sink = new DashboardSink(store);
  const reader = new DashboardMetricReader(store);
  providers.tracer.addSpanProcessor(sink);
  providers.logger.addLogRecordProcessor(sink);
  providers.meter.addMetricReader(reader);
  return {
    sink,
    reader,
    async flush() {
      sink.drain();
      await reader.pull();
    },
    async close() {
      sink.close();
      await reader.shutdown();
    },
  };
}
