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
import { getLoggerProvider, onLoggerProviderChange } from '../logs/api.js';
import { getMeterProvider, onMeterProviderChange } from '../metrics/api.js';
import { getTracerProvider, onTracerProviderChange } from '../trace/api.js';
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

/**
 * Feeds every store in its set (the running dashboards); inert while the set
 * is empty. A processor cannot be taken out of a provider, so the process
 * keeps one sink (see the hub below) that dashboards join and leave.
 */
export class DashboardSink implements SpanProcessor, LogRecordProcessor {
  readonly #stores: Set<DashboardStore>;
  #spans: Span[] = [];
  #logs: LogRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(stores: DashboardStore | Set<DashboardStore>) {
    this.#stores = stores instanceof Set ? stores : new Set([stores]);
  }

  onStart(_span: Span, _parent: Context): void {}

  onEnd(span: Span): void {
    if (this.#closed || this.#stores.size === 0) return;
    if (this.#spans.length >= MAX_QUEUE) {
      for (const store of this.#stores) store.dropped.spans++;
      return;
    }
    this.#spans.push(span);
    this.#schedule();
  }

  onEmit(record: LogRecord, _context: Context): void {
    if (this.#closed || this.#stores.size === 0) return;
    if (this.#logs.length >= MAX_QUEUE) {
      for (const store of this.#stores) store.dropped.logs++;
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

  /** Moves everything queued into the stores now. */
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
      const traces = spans.length > 0 ? encodeTracesProto(spans) : undefined;
      let logsReq: OtlpLogsRequest | undefined;
      if (logs.length > 0) {
        logsReq = { resourceLogs: [] };
        for (const [resource, scopes] of group(logs)) {
          logsReq.resourceLogs.push({
            resource: resourceOf(resource),
            scopeLogs: [...scopes].map(([scope, list]) => ({ scope: scopeOf(scope), logRecords: list.map(logRecordOf) })),
          });
        }
      }
      for (const store of this.#stores) {
        if (traces !== undefined) store.ingestTracesProto(traces);
        if (logsReq !== undefined) store.ingestLogs(logsReq);
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

/** A reader that hands each collection (cumulative) to the stores in its set; `pull` on demand or every METRIC_COLLECT_MS once started. */
export class DashboardMetricReader extends MetricReader {
  readonly #stores: Set<DashboardStore>;
  #timer: NodeJS.Timeout | undefined;
  #busy = false;
  readonly #auto: boolean;

  /** `auto`: collect on its own timer from attachment on (a reader used alone); the hub drives its readers instead. */
  constructor(stores: DashboardStore | Set<DashboardStore>, auto = true) {
    super({ temporality: 'cumulative' });
    this.#stores = stores instanceof Set ? stores : new Set([stores]);
    this.#auto = auto;
  }

  protected override onAttach(): void {
    if (!this.#auto) return;
    this.#timer = setInterval(() => void this.pull(), METRIC_COLLECT_MS);
    this.#timer.unref();
  }

  /** One collection into the stores; never rejects. */
  async pull(): Promise<void> {
    if (this.#busy || this.#stores.size === 0) return;
    this.#busy = true;
    try {
      const rm = await this.collect({ timeoutMillis: 1000 });
      if (rm === undefined) return;
      const scopeMetrics = rm.scopeMetrics.map((sm) => ({ scope: scopeOf(sm.scope), metrics: sm.metrics.map(metricOf) }));
      if (scopeMetrics.length > 0) {
        const req = { resourceMetrics: [{ resource: resourceOf(rm.resource), scopeMetrics }] };
        for (const store of this.#stores) store.ingestMetrics(req);
      }
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
  /** Drains queued items and metric values into the store now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The process's one in-process road, shared by every running dashboard: one
 * sink installed once in each tracer and logger provider it meets, one
 * metric reader per meter provider (a reader slot is never given back, so
 * one per provider for the life of the process, not one per start), and
 * both following `set*Provider` calls made after the dashboard started.
 * Metrics are pulled from the current global meter provider's reader.
 */
const stores = new Set<DashboardStore>();
const sink = new DashboardSink(stores);
const withSink = new WeakSet<TracerProvider | LoggerProvider>();
/** null: the provider refused a reader (shut down); asked once, not on every tick. */
const readers = new WeakMap<MeterProvider, DashboardMetricReader | null>();
let following = false;
let metricTimer: NodeJS.Timeout | undefined;

function install(): void {
  if (stores.size === 0) return;
  try {
    const tracer = getTracerProvider();
    if (!withSink.has(tracer)) {
      withSink.add(tracer);
      tracer.addSpanProcessor(sink);
    }
    const logger = getLoggerProvider();
    if (!withSink.has(logger)) {
      withSink.add(logger);
      logger.addLogRecordProcessor(sink);
    }
    currentReader();
  } catch (err) {
    diag.error(`dashboard could not join the application's providers: ${describeError(err)}`);
  }
}

/** The reader of the current global meter provider, joined to it on first use. */
function currentReader(): DashboardMetricReader | undefined {
  const meter = getMeterProvider();
  let reader = readers.get(meter);
  if (reader === undefined) {
    reader = new DashboardMetricReader(stores, false);
    if (!meter.addMetricReader(reader)) reader = null;
    readers.set(meter, reader);
  }
  return reader ?? undefined;
}

/** Feeds `store` with the application's own spans, logs and metrics until `close()`. */
export function attachSink(store: DashboardStore): AttachedSink {
  stores.add(store);
  if (!following) {
    following = true;
    onTracerProviderChange(install);
    onLoggerProviderChange(install);
    onMeterProviderChange(install);
  }
  install();
  if (metricTimer === undefined) {
    metricTimer = setInterval(() => void currentReader()?.pull(), METRIC_COLLECT_MS);
    metricTimer.unref();
  }
  let closed = false;
  return {
    async flush() {
      sink.drain();
      await currentReader()?.pull();
    },
    async close() {
      if (closed) return;
      closed = true;
      sink.drain();
      stores.delete(store);
      if (stores.size === 0) {
        clearInterval(metricTimer);
        metricTimer = undefined;
      }
    },
  };
}
