/**
 * The dashboard's bounded store: traces, metric series, logs and raw request
 * bodies, with the byte budget split between them (limits.ts), counters of
 * what was evicted or dropped, recent activity for the health indicators, and
 * the changes since the last SSE delta. Both roads in — OTLP requests decoded
 * by the receiver and model objects converted by the in-process sink — arrive
 * as the same OTLP/JSON shapes through `addSpans` / `addMetrics` / `addLogs`.
 */
import type { OtlpLogRecord, OtlpLogsRequest } from '../otlp/logs-reader.js';
import type { OtlpMetric, OtlpMetricsRequest } from '../otlp/metrics-reader.js';
import type { OtlpResource, OtlpScope, OtlpSpan, OtlpTracesRequest } from '../otlp/types.js';
import { Activity } from './activity.js';
import type { DashboardLimits } from './limits.js';
import { BYTE_SHARES, resolveLimits } from './limits.js';
import { LogStore } from './log-store.js';
import type { StoredLog } from './log-store.js';
import { MetricStore } from './metric-store.js';
import { serviceOf } from './otlp-values.js';
import { RawStore } from './raw-store.js';
import { SpanBlock } from './span-block.js';
import { indexTracesRequest } from './span-index.js';
import { TraceStore } from './trace-store.js';
import type { Trace } from './trace-store.js';
import { decodeTracesRequest } from '../otlp/trace-reader.js';

export interface IngestCount {
  accepted: number;
  rejected: number;
}

/** What changed since the last `takeChanges()`. */
export interface Changes {
  readonly traces: Set<string>;
  readonly logs: StoredLog[];
  readonly metrics: Set<string>;
}

/** New logs kept for the next delta at most (more are still stored, just not pushed one by one). */
const MAX_PENDING_LOGS = 2000;
const MAX_PENDING_TRACES = 5000;

export class DashboardStore {
  readonly limits: DashboardLimits;
  readonly traces: TraceStore;
  readonly metrics: MetricStore;
  readonly logs: LogStore;
  readonly raw: RawStore;
  readonly activity = new Activity();
  /** Items or requests refused (not evicted): by what. */
  readonly dropped = { spans: 0, logs: 0, points: 0, requests: 0, sseClients: 0, replayLines: 0, deltaItems: 0 };
  /** Called after anything was added (the server schedules a delta). */
  onChange: (() => void) | undefined;
  /** Called with each request that added something (persistence appends it). */
  onBatch: ((signal: 'traces' | 'metrics' | 'logs', request: object) => void) | undefined;
  #changes: Changes = { traces: new Set(), logs: [], metrics: new Set() };

  constructor(limits?: Partial<DashboardLimits>) {
    this.limits = resolveLimits(limits);
    const b = this.limits.maxBytes;
    this.traces = new TraceStore(this.limits.maxTraces, this.limits.maxSpans, b * BYTE_SHARES.traces, this.limits.traceTtlMs);
    this.metrics = new MetricStore(this.limits.maxSeries, this.limits.maxPointsPerSeries, b * BYTE_SHARES.metrics, this.limits.metricWindowMs);
    this.logs = new LogStore(this.limits.maxLogs, b * BYTE_SHARES.logs);
    this.raw = new RawStore(this.limits.rawMaxCount, b * BYTE_SHARES.raw);
  }

  get bytes(): number {
    return this.traces.bytes + this.metrics.bytes + this.logs.bytes + this.raw.bytes;
  }

  addSpans(resource: OtlpResource, scope: OtlpScope, spans: readonly OtlpSpan[], service = serviceOf(resource)): IngestCount {
    return this.addBlock(SpanBlock.fromOtlp(spans, resource, scope, service));
  }

  /** An ExportTraceServiceRequest as protobuf bytes, indexed without a full decode (span-index.ts). */
  ingestTracesProto(body: Uint8Array): IngestCount {
    const blocks = indexTracesRequest(body);
    const total: IngestCount = { accepted: 0, rejected: 0 };
    for (const b of blocks) add(total, this.addBlock(b));
    // Persistence wants the OTLP/JSON line: decoded whole only then.
    if (total.accepted > 0 && this.onBatch !== undefined) this.onBatch('traces', decodeTracesRequest(body));
    return total;
  }

  /** Adds every span of a column block (span-block.ts). */
  addBlock(block: SpanBlock): IngestCount {
    const now = Date.now();
    let accepted = 0;
    const changed = this.#changes.traces;
    let previous: Trace | undefined;
    for (let i = 0; i < block.n; i++) {
      const trace = this.traces.add(block, i, now);
      if (trace === undefined) continue;
      accepted++;
      this.activity.span(block.service, block.times[2 * i + 1]! - block.times[2 * i]!, block.status[i] === 2, now);
      // Spans of a trace come together: its id goes into the change set once per run, not once per span.
      if (trace === previous) continue;
      previous = trace;
      if (changed.size < MAX_PENDING_TRACES || changed.has(trace.traceId)) changed.add(trace.traceId);
      else this.dropped.deltaItems++;
    }
    const rejected = block.n - accepted;
    this.dropped.spans += rejected;
    if (accepted > 0) this.onChange?.();
    return { accepted, rejected };
  }

  addMetrics(resource: OtlpResource, metrics: readonly OtlpMetric[], service = serviceOf(resource)): IngestCount {
    let accepted = 0;
    let rejected = 0;
    for (const m of metrics) {
      const points = (m.sum ?? m.gauge ?? m.histogram ?? m.exponentialHistogram)?.dataPoints.length ?? 0;
      if (this.metrics.add(m, service)) {
        accepted += points;
        this.#changes.metrics.add(m.name);
      } else rejected += Math.max(points, 1);
    }
    this.dropped.points += rejected;
    if (accepted > 0) this.onChange?.();
    return { accepted, rejected };
  }

  addLogs(resource: OtlpResource, scope: OtlpScope, records: readonly OtlpLogRecord[], service = serviceOf(resource)): IngestCount {
    const now = Date.now();
    let accepted = 0;
    for (const record of records) {
      const stored = this.logs.add(record, service, scope);
      this.activity.log(record.severityNumber ?? 0, now);
      if (stored === undefined) continue;
      accepted++;
      if (this.#changes.logs.length < MAX_PENDING_LOGS) this.#changes.logs.push(stored);
      else this.dropped.deltaItems++;
    }
    if (accepted > 0) this.onChange?.();
    return { accepted, rejected: 0 };
  }

  ingestTraces(req: OtlpTracesRequest): IngestCount {
    const total: IngestCount = { accepted: 0, rejected: 0 };
    for (const rs of req.resourceSpans) {
      const resource = rs.resource ?? { attributes: [] };
      const service = serviceOf(resource);
      for (const ss of rs.scopeSpans) add(total, this.addSpans(resource, ss.scope ?? { name: '' }, ss.spans, service));
    }
    if (total.accepted > 0) this.onBatch?.('traces', req);
    return total;
  }

  ingestMetrics(req: OtlpMetricsRequest): IngestCount {
    const total: IngestCount = { accepted: 0, rejected: 0 };
    for (const rm of req.resourceMetrics) {
      const resource = rm.resource ?? { attributes: [] };
      const service = serviceOf(resource);
      for (const sm of rm.scopeMetrics) add(total, this.addMetrics(resource, sm.metrics, service));
    }
    if (total.accepted > 0) this.onBatch?.('metrics', req);
    return total;
  }

  ingestLogs(req: OtlpLogsRequest): IngestCount {
    const total: IngestCount = { accepted: 0, rejected: 0 };
    for (const rl of req.resourceLogs) {
      const resource = rl.resource ?? { attributes: [] };
      const service = serviceOf(resource);
      for (const sl of rl.scopeLogs) add(total, this.addLogs(resource, sl.scope ?? { name: '' }, sl.logRecords, service));
    }
    if (total.accepted > 0) this.onBatch?.('logs', req);
    return total;
  }

  /** Ages out old traces and metric points (the server calls it on its clock). */
  expire(nowMs = Date.now()): void {
    const before = this.traces.traces.size;
    this.traces.expire(nowMs);
    this.metrics.expire(nowMs);
    if (this.traces.traces.size !== before) this.onChange?.();
  }

  takeChanges(): Changes | undefined {
    const c = this.#changes;
    if (c.traces.size === 0 && c.logs.length === 0 && c.metrics.size === 0) return undefined;
    this.#changes = { traces: new Set(), logs: [], metrics: new Set() };
    return c;
  }

  evicted(): { traces: number; spans: number; logs: number; points: number } {
    const t = this.traces.counters;
    return { traces: t.evictedTraces, spans: t.evictedSpans, logs: this.logs.evicted, points: this.metrics.counters.evictedPoints };
  }
}

function add(total: IngestCount, n: IngestCount): void {
  total.accepted += n.accepted;
  total.rejected += n.rejected;
}
